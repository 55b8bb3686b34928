"""The boot disk (build/disk.img as the initrd), the VFS and xscript on it,
booting without a disk, and editing the live device tree.

Build first: `make all disk guest-basic`. Helpers: guest_console.py.
"""
import os
import re
import shutil
import subprocess

import pytest

from conftest import PROMPT
from guest_console import FIRMWARE, SEED_BOOTCMD, boot_disk, disk_img

__all__ = ["boot_disk", "disk_img"]     # fixtures, imported for pytest

BANNER_LAST = "type-1 hypervisor for RISC-V"


def ls_entries(out):
    """{name: (kind, size)} of `vfs ls`: kind is '-' or 'd'."""
    return {m.group(3): (m.group(1), int(m.group(2)))
            for m in re.finditer(r"^([-dl])\s+(\d+)\s+(\S+)$", out, re.M)}


def info_fields(out):
    return dict(re.findall(r"^(\w+):\s+(.*)$", out, re.M))


def boot_banner(boot_output):
    """The banner Keel prints at start (core/version.c keel_banner[]), the
    same text that mkdisk puts in /system/banner.txt."""
    m = re.search(r"^( _  __.*?" + re.escape(BANNER_LAST) + r"\n)Keel \d",
                  boot_output, re.M | re.S)
    assert m, boot_output
    return m.group(1)


# ---------------------------------------------------------------- the seed disk

def test_seed_boot(boot_disk):
    """`make run`'s command line: mount, /boot.xscript makes guest0, the
    banner, then the interactive keel# prompt."""
    keel = boot_disk()
    out = keel.boot_output
    assert "initrd: 0x" in out and "is block device 'initrd'" in out, out
    steps = [PROMPT + "vfs mount initrd /\n", "Mounted initrd on /\n",
             PROMPT + "vfs run /boot.xscript\n",
             "/guests/guest0: loaded /images/riscv/virt64-guest.dtb, 2 vCPUs, 1 override\n",
             "guest0: created\n", f"guest0: loaded {FIRMWARE} (",
             PROMPT + "vfs cat /system/banner.txt\n"]
    pos = 0
    for step in steps:
        found = out.find(step, pos)
        assert found >= 0, f"{step!r} missing or out of order in:\n{out}"
        pos = found + len(step)
    assert "error" not in out[out.index("Mounted initrd"):], out
    # After the cat: exactly the banner, then the prompt (and nothing else).
    banner = boot_banner(out)
    assert out[pos:] == banner + PROMPT, out[pos:]
    assert keel.run("vfs cat /system/banner.txt") == banner
    assert keel.run("version").startswith("Keel ")

    # The boot command as Keel saw it, quotes escaped in dts syntax.
    assert keel.run("devtree attr get /chosen bootargs") == \
        f'bootargs = "vmm.bootcmd=\\"{SEED_BOOTCMD}\\"";\n'

    # The config came from the disk with the script's override and vCPUs.
    assert keel.run("devtree attr get /guests/guest0/aspace/mem0 physical_size") == \
        "physical_size = <0x0 0x8000000>;\n"
    assert keel.run("devtree attr get /guests/guest0/vcpus/vcpu1 poweroff") == "poweroff;\n"
    assert "has no attribute 'poweroff'" in \
        keel.run("devtree attr get /guests/guest0/vcpus/vcpu0 poweroff")


def test_vfs_and_blockdev(boot_disk, disk_img):
    """Browse the disk: ls, cat, info, mplist; the initrd block device is
    the disk image byte for byte; umount and mount again."""
    keel = boot_disk()
    loaded = re.search(rf"guest0: loaded {re.escape(FIRMWARE)} \((\d+) bytes\)",
                       keel.boot_output)
    assert loaded, keel.boot_output

    root = ls_entries(keel.run("vfs ls /"))
    assert root["boot.xscript"][0] == "-" and root["images"][0] == "d", root
    assert root["system"][0] == "d", root
    riscv = ls_entries(keel.run("vfs ls /images/riscv"))
    assert riscv["virt64-guest.dtb"][0] == "-" and riscv["virt64-guest.dtb"][1] > 0, riscv
    assert riscv["virt64"][0] == "d", riscv
    virt64 = ls_entries(keel.run("vfs ls /images/riscv/virt64"))
    assert virt64["firmware.bin"] == ("-", int(loaded.group(1))), virt64
    assert "nor_flash.list" in virt64, virt64
    assert keel.run("vfs cat /images/riscv/virt64/nor_flash.list") == \
        f"0x00000000 {FIRMWARE}\n"

    banner = keel.run("vfs cat /system/banner.txt")
    info = info_fields(keel.run("vfs info /system/banner.txt"))
    assert info["Path"] == "/system/banner.txt" and info["Type"] == "file", info
    assert info["Size"] == f"{len(banner.encode())} bytes", (info, banner)
    assert info["Mode"].startswith("0100644"), info
    info = info_fields(keel.run("vfs info /images/riscv"))
    assert info["Type"] == "dir" and info["Mode"].startswith("040755"), info
    info = info_fields(keel.run(f"vfs info {FIRMWARE}"))
    assert info["Size"] == f"{loaded.group(1)} bytes", info

    assert re.search(r"^/\s+initrd\s+ext2$", keel.run("vfs mplist"), re.M)
    assert keel.run("vfs cat /images") == "error: /images is a directory (try 'vfs ls /images')\n"
    assert keel.run("vfs cat /nosuch") == "error: /nosuch: no such file or directory\n"
    assert keel.run("vfs info /nosuch") == "error: /nosuch: no such file or directory\n"

    # The block device is the image QEMU was given.
    size = os.path.getsize(disk_img)
    m = re.search(r"^initrd\s+512\s+(\d+)\s+\S+ \S+\s+\w+\s+-$",
                  keel.run("blockdev list"), re.M)
    assert m and int(m.group(1)) * 512 == size, (m and m.group(0), size)
    info = info_fields(keel.run("blockdev info initrd"))
    assert info["Name"] == "initrd" and f"({size} bytes)" in info["Size"], info
    with open(disk_img, "rb") as f:
        f.seek(1024)
        superblock = f.read(32)
    dump = keel.run("blockdev dump initrd 1024 32")
    got = bytes(int(b, 16) for line in dump.splitlines()
                for b in line.split(":", 1)[1].split("  ")[0].split())
    assert got == superblock, dump
    assert keel.run("blockdev dump initrd 0x438 2").startswith("0000000438: 53 ef")

    # umount, then the files are gone; mount again, they are back.
    assert keel.run("vfs umount /") == "Unmounted /\n"
    assert "nothing mounted" in keel.run("vfs mplist")
    assert keel.run("vfs ls /") == "error: /: no such file or directory\n"
    assert keel.run("vfs mount initrd /") == "Mounted initrd on /\n"
    assert keel.run("vfs mount initrd /") == "error: / is already a mount point\n"
    assert keel.run("vfs cat /system/banner.txt") == banner


# ---------------------------------------------------------------- xscript errors

SCRIPTS = {
    "bad.xscript": "# bad.xscript: line 3 fails\n"
                   "vfs cat /hello.txt\n"
                   "nosuchcommand arg\n"
                   "vfs cat /after.txt\n"
                   "devtree node add / bad-line5-ran\n",
    "cont.xscript": "onerror continue\n"
                    "nosuch1\n"
                    "vfs cat /hello.txt   # line 3 runs\n"
                    "vfs cat /missing.txt\n",
    "nest.xscript": "vfs cat /hello.txt\n"
                    "vfs run /bad.xscript\n"
                    "vfs cat /after.txt\n",
    "quote.xscript": "vfs cat /hello.txt\r\n"
                     "vfs cat \"/hello.txt\r\n"
                     "vfs cat /after.txt\r\n",
    "hello.txt": "first line ran\n",
    "after.txt": "MUST-NOT-RUN\n",
}


@pytest.fixture
def script_disk(tmp_path):
    """A small ext2 image (genext2fs) holding SCRIPTS."""
    tool = shutil.which("genext2fs")
    if tool is None:
        pytest.fail("genext2fs not found: run `make deps`", pytrace=False)
    root = tmp_path / "root"
    root.mkdir()
    for name, text in SCRIPTS.items():
        (root / name).write_text(text)
    img = tmp_path / "scripts.img"
    subprocess.run([tool, "-B", "1024", "-b", "512", "-U", "-d", str(root), str(img)],
                   check=True, capture_output=True)
    return str(img)


def test_script_error_line(boot, script_disk):
    """A failing line stops the script with <file>:<line>; the lines after
    it do not run; the boot command still reaches the prompt."""
    keel = boot(bootcmd="vfs mount initrd /;vfs run /bad.xscript",
                extra=["-initrd", script_disk])
    out = keel.boot_output
    run = out[out.index(PROMPT + "vfs run /bad.xscript\n"):]
    assert "first line ran\n" in run, run
    assert "error: /bad.xscript:3: unknown command 'nosuchcommand'\n" in run, run
    assert "MUST-NOT-RUN" not in run, run
    assert run.endswith("\n" + PROMPT), run
    assert "no node '/bad-line5-ran'" in keel.run("devtree print /bad-line5-ran")

    # onerror continue: every line runs, failures counted, the first named.
    out = keel.run("vfs run /cont.xscript")
    assert re.search(r"^error: /cont\.xscript:2: ", out, re.M), out
    assert "first line ran\n" in out, out
    assert re.search(r"^error: /cont\.xscript:4: ", out, re.M), out
    assert out.endswith("error: /cont.xscript: 2 command(s) failed, the first on line 2\n"), out

    # A failing nested script names its own line, the caller its line.
    out = keel.run("vfs run /nest.xscript")
    assert re.search(r"^error: /bad\.xscript:3: ", out, re.M), out
    assert out.endswith("error: /nest.xscript:2: nested script failed\n"), out
    assert "MUST-NOT-RUN" not in out, out

    # A line that does not parse (CR LF endings) is an error of its line.
    out = keel.run("vfs run /quote.xscript")
    assert out == "first line ran\nerror: /quote.xscript:2: unterminated quote\n", out

    assert keel.run("vfs run /nosuch.xscript").startswith("error: ")
    assert keel.run("version").startswith("Keel ")


def test_no_initrd(boot):
    """The seed boot command without -initrd: clear errors, then keel#."""
    keel = boot(bootcmd=SEED_BOOTCMD)
    out = keel.boot_output
    assert "initrd: none given" in out, out
    run = out[out.index(PROMPT + "vfs mount initrd /\n"):]
    assert "error: no block device named 'initrd'" in run, run
    assert "error: /boot.xscript: no such file or directory" in run, run
    assert "error: /system/banner.txt: no such file or directory" in run, run
    assert run.endswith(PROMPT), run
    assert keel.run("blockdev list") == "No block devices.\n"
    assert "nothing mounted" in keel.run("vfs mplist")
    assert "guest0" not in keel.run("guest list")
    assert keel.run("version").startswith("Keel ")


# ---------------------------------------------------------------- devtree

def test_devtree_attr_set_get(keel):
    """Every attribute type round-trips through set and get on the live
    tree; set replaces, del deletes, bad input leaves the value alone."""
    assert keel.run("devtree node add / keeltest") == ""
    cases = [("str", "string hello world", '"hello", "world"'),
             ("one", "string ns16550a", '"ns16550a"'),
             ("cells", "uint32 0x10 7", "<0x10 0x7>"),
             ("wide", "uint64 0x123456789", "<0x1 0x23456789>"),
             ("size", "physsize 128M", "<0x0 0x8000000>"),
             ("addr", "physaddr 0x80000000", "<0x0 0x80000000>"),
             ("raw", "bytes de ad 0xbe", "[de ad be]")]
    for name, value, shown in cases:
        assert keel.run(f"devtree attr set /keeltest {name} {value}") == "", name
        assert keel.run(f"devtree attr get /keeltest {name}") == f"{name} = {shown};\n"
    assert keel.run("devtree attr set /keeltest flag empty") == ""
    assert keel.run("devtree attr get /keeltest flag") == "flag;\n"

    printed = keel.run("devtree print /keeltest")
    assert printed.startswith("keeltest {\n") and printed.endswith("};\n"), printed
    for name, _, shown in cases:
        assert f"\t{name} = {shown};\n" in printed, printed
    assert "\tflag;\n" in printed, printed

    assert keel.run("devtree attr set /keeltest cells uint32 1") == ""
    assert keel.run("devtree attr get /keeltest cells") == "cells = <0x1>;\n"
    assert "not a valid uint32" in keel.run("devtree attr set /keeltest cells uint32 x")
    assert "unknown type 'u32'" in keel.run("devtree attr set /keeltest cells u32 2")
    assert keel.run("devtree attr get /keeltest cells") == "cells = <0x1>;\n"
    assert keel.run("devtree attr del /keeltest cells") == ""
    assert keel.run("devtree attr get /keeltest cells") == \
        "error: node '/keeltest' has no attribute 'cells'\n"
    assert "has no attribute" in keel.run("devtree attr del /keeltest cells")
    assert keel.run("devtree attr get /nosuch x") == \
        "error: no node '/nosuch' in the device tree\n"
    assert "no node '/nosuch'" in keel.run("devtree attr set /nosuch x empty")

    # A host node of the live tree takes edits too.
    assert keel.run("devtree attr set /chosen keel-test string edited") == ""
    assert keel.run("devtree attr get /chosen keel-test") == 'keel-test = "edited";\n'
    assert "stdout-path" in keel.run("devtree print /chosen")
    assert keel.run("version").startswith("Keel ")


def test_devtree_node_add_del(keel):
    assert keel.run("devtree node add / keeltest") == ""
    assert keel.run("devtree node add /keeltest child") == ""
    assert keel.run("devtree node add /keeltest/child grandchild") == ""
    assert keel.run("devtree attr set /keeltest/child/grandchild deep uint32 42") == ""
    printed = keel.run("devtree print /keeltest")
    assert printed == ("keeltest {\n\tchild {\n\t\tgrandchild {\n\t\t\tdeep = <0x2a>;\n"
                       "\t\t};\n\t};\n};\n"), printed
    assert re.search(r"^\tkeeltest \{$", keel.run("devtree print /"), re.M)

    assert keel.run("devtree node add /keeltest child") == \
        "error: node '/keeltest' already has a child 'child'\n"
    assert "no node '/nosuch'" in keel.run("devtree node add /nosuch x")
    assert "no node '/nosuch'" in keel.run("devtree node del /nosuch")
    assert keel.run("devtree node del /") == "error: refusing to delete the root node\n"

    assert keel.run("devtree node del /keeltest/child") == ""
    assert keel.run("devtree print /keeltest") == "keeltest {\n};\n"
    assert keel.run("devtree node del /keeltest") == ""
    assert keel.run("devtree print /keeltest") == \
        "error: no node '/keeltest' in the device tree\n"
    assert not re.search(r"^\tkeeltest \{$", keel.run("devtree print /"), re.M)
    # The name is free again.
    assert keel.run("devtree node add / keeltest") == ""
    assert keel.run("devtree print /keeltest") == "keeltest {\n};\n"
    assert "cpu@0" in keel.run("devtree print /cpus")


def test_devtree_attr_set_help_complete(keel):
    """Long help texts print whole (printk once cut output at 512 bytes)."""
    out = keel.run("help devtree attr set")
    assert len(out) > 512, out
    assert out.endswith("devtree attr set /guests/guest0/vcpus/vcpu1 poweroff empty\n"), out
