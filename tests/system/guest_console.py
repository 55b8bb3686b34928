"""Helpers for system tests that boot the boot disk and drive guests.

Imported by test_disk.py and test_guest.py (not a test module itself):

  SEED_BOOTCMD        the boot command of `make run` (mounts the disk, runs
                      /boot.xscript which creates guest0, prints the banner)
  guest_cmds()        the shell commands that configure, create, load and
                      kick one virt64 guest with a chosen vCPU count
  disk_img, boot_disk fixtures: the boot disk (build/disk.img, or KEEL_DISK)
                      and boot() with it passed as -initrd
  GuestConsole        `vserial bind` to a guest's UART, talk to the basic
                      firmware at its `basic# ` prompt, Ctrl-] back to keel#
  tally(), rows parsers for `vcpu list`, `host cpu info`, `host ram info`

Environment knobs (besides conftest's): KEEL_DISK, the boot disk image.
"""
import os
import re
import time

import pexpect
import pytest

from conftest import BUILD, CMD_TIMEOUT, PROMPT, Keel

DISK_IMG = os.environ.get("KEEL_DISK", os.path.join(BUILD, "disk.img"))
SEED_BOOTCMD = "vfs mount initrd /;vfs run /boot.xscript;vfs cat /system/banner.txt"
GUEST_DTB = "/images/riscv/virt64-guest.dtb"
NOR_LIST = "/images/riscv/virt64/nor_flash.list"
FIRMWARE = "/images/riscv/virt64/firmware.bin"
MEM0_SIZE = 0x08000000              # guest RAM the seed script gives guest0
FLASH_SIZE = 0x01000000             # nor_flash0 of the virt64 config
GUEST_KIB = (MEM0_SIZE + FLASH_SIZE) >> 10
BASIC_PROMPT = "basic# "
FW_BANNER = "Keel basic guest firmware"
ESCAPE = "\x1d"                     # Ctrl-]
TEST_TIMEOUT = 60 * float(os.environ.get("KEEL_TIMEOUT_SCALE", "1"))

TALLY = re.compile(r"^(\w+): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$", re.M)
VCPU_ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\w+)\s+(\d+)\s+(\d+)\s+(\w+)\s+(\d+)\s+(\d+)\s*$",
                      re.M)
CPU_ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)"
                     r"\s+(\d+)%", re.M)


def guest_cmds(name="guest0", vcpus=2, kick=True, load=True, create=True):
    """The shell commands that make a virt64 guest from the boot disk."""
    cmds = [f"vfs guest_fdt_load {name} {GUEST_DTB} {vcpus} "
            f"mem0,physical_size,physsize,{MEM0_SIZE:#010x}"]
    if create:
        cmds.append(f"guest create {name}")
    if create and load:
        cmds.append(f"vfs guest_load_list {name} {NOR_LIST}")
    if create and load and kick:
        cmds.append(f"guest kick {name}")
    return cmds


def guests_bootcmd(*guests, kick=True):
    """Boot command: mount the disk, then make each (name, vcpus) guest."""
    cmds = ["vfs mount initrd /"]
    for name, vcpus in guests:
        cmds += guest_cmds(name, vcpus, kick=kick)
    return ";".join(cmds)


# ---------------------------------------------------------------- fixtures

@pytest.fixture
def disk_img():
    if not os.path.isfile(DISK_IMG):
        pytest.fail(f"{DISK_IMG} not found: build it with "
                    f"`make all disk guest-basic`", pytrace=False)
    return DISK_IMG


@pytest.fixture
def boot_disk(boot, disk_img):
    """boot_disk(bootcmd=SEED_BOOTCMD, smp=2, **boot kwargs) -> Keel booted
    with the boot disk as its initrd (the seed command line by default)."""
    def _boot(bootcmd=SEED_BOOTCMD, extra=(), **kwargs):
        return boot(bootcmd=bootcmd, extra=["-initrd", disk_img, *extra], **kwargs)
    return _boot


# ---------------------------------------------------------------- parsing

def tally(out, name):
    """(passed, failed, skipped) of one firmware test command."""
    m = TALLY.search(out)
    assert m and m.group(1) == name, f"no '{name}: N passed, M failed' line:\n{out}"
    return int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)


def assert_all_pass(out, name):
    """The firmware's `name` test printed no FAIL and ended in `0 failed`."""
    passed, failed, skipped = tally(out, name)
    fails = [l for l in out.splitlines() if l.startswith("FAIL")]
    assert failed == 0 and not fails, f"{name}: {failed} failed:\n" + "\n".join(fails)
    return passed, failed, skipped




def assert_ipi_pass(out, passes):
    """The firmware's `ipi` passed `passes` checks. A lost IPI shows as
    `FAIL  ipi hart A -> hart B: 7/8 SSIs received` and fails the test."""
    passed, _, _ = assert_all_pass(out, "ipi")
    assert passed == passes, out
    return passed


def vcpu_rows(out):
    """{name: dict(id, state, prio, cpu, hart)} of `vcpu list`."""
    lines = out.splitlines()
    assert lines and lines[0].split()[:3] == ["ID", "NAME", "STATE"], out
    rows = {}
    for m in VCPU_ROW.finditer(out):
        rows[m.group(2)] = dict(id=int(m.group(1)), state=m.group(3),
                                prio=int(m.group(4)), cpu=int(m.group(5)),
                                hart=m.group(6))
    assert len(rows) == len(lines) - 1, f"unparsed rows in vcpu list:\n{out}"
    return rows


def guest_vcpus(out, guest):
    """The rows of `vcpu list` that belong to guest, by vCPU name."""
    return {k: v for k, v in vcpu_rows(out).items() if k.startswith(guest + "/")}


def cpu_idle(out):
    """{cpu id: IDLE%} of `host cpu info`."""
    rows = {int(m.group(1)): int(m.group(9)) for m in CPU_ROW.finditer(out)}
    assert rows, out
    return rows


def ram_info(out):
    """(free KiB, {owner: KiB}) of `host ram info`."""
    m = re.search(r"^Free:\s+(\d+) KiB", out, re.M)
    assert m, out
    head, sep, owners = out.partition("Allocated by owner:")
    assert sep, out
    by_owner = {m2.group(1): int(m2.group(2))
                for m2 in re.finditer(r"^\s+(\w+)\s+(\d+) KiB$", owners, re.M)}
    assert "guest" in by_owner, out
    return int(m.group(1)), by_owner


def guest_states(out):
    """{name: state} of `guest list`."""
    return {m.group(1): m.group(2)
            for m in re.finditer(r"^\s*\d+\s+(\S+)\s+(\w+)\s+\d+\s+\w+\s*$", out, re.M)}


# ---------------------------------------------------------------- console

class GuestConsole:
    """The console bound to one guest UART (`vserial bind <port>`), talking
    to the basic test firmware at its `basic# ` prompt.

        with GuestConsole(keel, "guest0/uart0") as g:   # binds, syncs
            out = g.run("ipi")
        # back at keel#

    Leaving the block normally presses Ctrl-] and waits for keel#; after an
    exception the console is left as it is (the test's QEMU is killed)."""

    _seq = 0

    def __init__(self, keel: Keel, port: str, sync=True):
        self.keel = keel
        self.port = port
        self.sync_on_bind = sync
        self.replay = ""            # what the bind showed of earlier output
        self.sent = 0               # bytes typed into the guest while bound

    # -------------------------------------------------------- binding
    def bind(self, sync=True):
        """Bind; with sync, return once the firmware answered at its prompt
        (the replay of earlier output, up to there, is in self.replay)."""
        self.keel.sendline(f"vserial bind {self.port}")
        self.keel.expect_exact(f"[bound to {self.port}: Ctrl-] returns to keel#]")
        self.replay = ""
        if sync:
            self.replay = self.sync()
        return self.replay

    def unbind(self):
        """Ctrl-]: back to keel#; returns the guest output seen before it."""
        self.keel.send(ESCAPE)
        self.keel.expect_exact("[back to keel]")
        before = self.keel.child.before.replace("\r", "")
        self.keel.expect_exact(PROMPT)
        return before

    def __enter__(self):
        self.bind(sync=self.sync_on_bind)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.unbind()
        return False

    # -------------------------------------------------------- typing
    def send(self, keys):
        self.sent += len(keys.encode())
        self.keel.send(keys)

    def sync(self, timeout=CMD_TIMEOUT):
        """Type a marker and cancel it with Ctrl-C at the firmware's prompt;
        return the guest output that came before it (without \\r)."""
        GuestConsole._seq += 1
        marker = f"zsync{os.getpid()}x{GuestConsole._seq}"
        self.send(marker + "\x03")
        self.keel.expect_exact(marker + "^C", timeout=timeout)
        before = self.keel.child.before.replace("\r", "")
        self.keel.expect_exact(BASIC_PROMPT, timeout=timeout)
        return before

    def run(self, cmd, timeout=TEST_TIMEOUT):
        """Run one firmware command; return its output (echo and prompt
        removed, without \\r)."""
        self.send(cmd + "\r")
        self.keel.expect_exact(BASIC_PROMPT, timeout=timeout)
        text = self.keel.child.before.replace("\r", "")
        echo, nl, out = text.partition("\n")
        assert nl and echo.endswith(cmd), \
            f"firmware did not echo {cmd!r} as typed: {text!r}"
        return out

    def quiet(self, seconds):
        """Assert the guest prints nothing for `seconds`; return ''."""
        try:
            self.keel.child.expect(r"\S", timeout=seconds)
        except pexpect.TIMEOUT:
            return ""
        got = self.keel.child.before + self.keel.child.after
        pytest.fail(f"{self.port}: expected silence, got output: {got!r}")

    def drain(self, idle=0.3, limit=5.0):
        """Read until nothing arrived for `idle` seconds (at most `limit`);
        return what was read. For a guest that cannot answer a sync."""
        child, out = self.keel.child, ""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if child.expect([r"(?s).+", pexpect.TIMEOUT], timeout=idle) == 1:
                out += child.before
                break
            out += child.before + child.after
        return out.replace("\r", "")
