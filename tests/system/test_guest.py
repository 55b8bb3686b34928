"""Guests under Keel: the seed workflow, the guest console, vCPU counts on
several host sizes, two guests at once, pause/resume/reset/halt/destroy,
the guest's SBI SRST, an idle guest's hart, and bad input.

Every guest is the virt64 config of the boot disk running the basic test
firmware (tests/guests/basic). Build everything first:
`make all disk guest-basic`. Helpers: guest_console.py.
"""
import re
import time

import pytest

from guest_console import (BASIC_PROMPT, FW_BANNER, GUEST_DTB, GUEST_KIB, NOR_LIST,
                           SEED_BOOTCMD, TEST_TIMEOUT, GuestConsole, assert_all_pass,
                           assert_ipi_pass,
                           boot_disk, cpu_idle, disk_img, guest_cmds, guest_states,
                           guest_vcpus, guests_bootcmd, ram_info, tally)

__all__ = ["boot_disk", "disk_img"]     # fixtures, imported for pytest

KICKED_SEED = SEED_BOOTCMD + ";guest kick guest0"
HELLO0 = "hello from vCPU0\n"
# Passes of each firmware test with guest0's 2 vCPUs; the same counts as
# the firmware booted bare on a 2-hart QEMU (test_guest_basic_bare.py).
SEED_PASSES = {"timer": None, "ipi": 2, "hsm": 9, "plic": 9, "mmio": 10}


def vserial_ports(out):
    """{port: (out bytes, in bytes)} of `vserial list`."""
    return {m.group(1): (int(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^\s+(\S+/\S+)\s+(\d+)\s+(\d+)\s*$", out, re.M)}


def wait_dump(keel, port, banners, timeout=TEST_TIMEOUT):
    """Poll `vserial dump` until it holds `banners` firmware banners and
    ends at the firmware's prompt; return the dump."""
    deadline = time.monotonic() + timeout
    while True:
        dump = keel.run(f"vserial dump {port}")
        if dump.count(FW_BANNER) >= banners and dump.rstrip("\n").endswith(BASIC_PROMPT):
            return dump
        if time.monotonic() > deadline:
            pytest.fail(f"{port}: {banners} firmware banner(s) and a prompt expected "
                        f"within {timeout:.0f}s; dump:\n{dump}")
        time.sleep(0.1)


# ---------------------------------------------------------------- seed workflow

def test_seed_workflow(boot_disk):
    """`make run`'s command line, then kick, bind, every firmware test,
    Ctrl-] back to a working keel# prompt."""
    keel = boot_disk()
    assert "guest0: created" in keel.boot_output, keel.boot_output
    assert keel.run("guest kick guest0") == "guest0: kicked\n"

    g = GuestConsole(keel, "guest0/uart0")
    keel.sendline("vserial bind guest0/uart0")
    keel.expect_exact("[bound to guest0/uart0: Ctrl-] returns to keel#]")
    keel.expect_exact(FW_BANNER, timeout=TEST_TIMEOUT)
    keel.expect_exact(BASIC_PROMPT, timeout=TEST_TIMEOUT)
    g.sync()

    out = g.run("sbi")
    assert assert_all_pass(out, "sbi")[0] >= 35, out
    # The guest's SBI console (legacy putchar, DBCN) reaches the console too.
    assert "legacy console_putchar: [ok]" in out, out
    assert "dbcn write: hello through DBCN" in out, out
    for name, passes in SEED_PASSES.items():
        out = g.run(name)
        if name == "ipi":
            assert_ipi_pass(out, passes)
        passed, _, skipped = assert_all_pass(out, name)
        assert skipped == 0, out
        if passes is not None:
            assert passed == passes, out
        else:
            assert passed >= 1, out
        if name == "ipi":
            assert "ipi: 1 secondary hart(s) online" in out, out

    g.unbind()
    assert keel.run("version").startswith("Keel ")
    assert guest_states(keel.run("guest list")) == {"guest0": "running"}


# ---------------------------------------------------------------- console

def test_console_both_ways(boot_disk):
    """Keys typed at the console reach the guest's UART (raw: backspace,
    Ctrl-C), its output reaches the console; output written while unbound
    is shown at bind, once; the counters of `vserial list` add up."""
    keel = boot_disk(KICKED_SEED)
    with GuestConsole(keel, "guest0/uart0") as g:
        assert FW_BANNER in g.replay, g.replay
        assert g.replay.rstrip(" ").endswith(BASIC_PROMPT.rstrip()), g.replay
        assert g.run("hi") == HELLO0
        assert g.run("hello") == "Hello World! (hart 0)\n"
        assert "unknown command 'nosuch'" in g.run("nosuch")
        g.send("hx\x7fi\r")                    # the firmware edits its line
        keel.expect_exact("hx\b \bi")
        keel.expect_exact(HELLO0.rstrip())
        keel.expect_exact(BASIC_PROMPT)
        typed = g.sent

    out_bytes, in_bytes = vserial_ports(keel.run("vserial list"))["guest0/uart0"]
    assert in_bytes == typed, f"typed {typed} bytes, the UART got {in_bytes}"
    dump = keel.run("vserial dump guest0/uart0")
    assert "Hello World! (hart 0)" in dump and HELLO0 in dump, dump
    assert out_bytes >= len(dump.rstrip("\n")), (out_bytes, dump)

    # Bind again: output already shown is not shown twice; typing works.
    with GuestConsole(keel, "guest0/uart0") as g:
        assert "Hello World!" not in g.replay and FW_BANNER not in g.replay, g.replay
        assert g.run("hi") == HELLO0
    assert keel.run("version").startswith("Keel ")


# ---------------------------------------------------------------- vCPU counts

@pytest.mark.parametrize("smp,vcpus", [(1, 1), (1, 4), (2, 2), (2, 4), (4, 4)],
                         ids=lambda v: str(v))
def test_vcpu_count(boot_disk, smp, vcpus):
    """guest0 with N vCPUs on an M-hart host: N vCPUs listed, the boot one
    started, and the firmware's ipi/hsm tests pass across all of them."""
    keel = boot_disk(guests_bootcmd(("guest0", vcpus)), smp=smp)
    plural = "" if vcpus == 1 else "s"
    assert f"/guests/guest0: loaded {GUEST_DTB}, {vcpus} vCPU{plural}" in keel.boot_output
    assert "guest0: kicked" in keel.boot_output, keel.boot_output
    assert re.search(rf"^vCPUs:\s+{vcpus}$", keel.run("guest info guest0"), re.M)
    assert len(cpu_idle(keel.run("host cpu info"))) == smp

    rows = guest_vcpus(keel.run("vcpu list"), "guest0")
    assert sorted(rows) == [f"guest0/vcpu{i}" for i in range(vcpus)], rows
    assert all(r["cpu"] < smp for r in rows.values()), rows
    assert rows["guest0/vcpu0"]["hart"] == "started", rows
    assert all(rows[f"guest0/vcpu{i}"]["hart"] == "stopped" for i in range(1, vcpus)), rows

    with GuestConsole(keel, "guest0/uart0") as g:
        assert g.run("hi") == HELLO0
        ipi = g.run("ipi")
        hsm = g.run("hsm")
        if vcpus == 1:
            assert tally(ipi, "ipi") == (0, 0, 1), ipi
            assert tally(hsm, "hsm") == (0, 0, 1), hsm
        else:
            assert f"ipi: {vcpus - 1} secondary hart(s) online" in ipi, ipi
            assert_ipi_pass(ipi, vcpus)
            assert assert_all_pass(hsm, "hsm")[0] == 9, hsm
            # after hsm stopped and restarted a hart, IPIs still reach all
            assert_ipi_pass(g.run("ipi"), vcpus)
    if vcpus > 1:
        rows = guest_vcpus(keel.run("vcpu list"), "guest0")
        assert all(r["hart"] == "started" for r in rows.values()), rows


# ---------------------------------------------------------------- two guests

def test_two_guests(boot_disk):
    """guest0 and guest1 from the same config, each with its own memory and
    firmware copy, both running; each console talks to its own guest only."""
    keel = boot_disk(guests_bootcmd(("guest0", 2), ("guest1", 2)))
    for name in ("guest0", "guest1"):
        assert f"{name}: loaded /images/riscv/virt64/firmware.bin" in keel.boot_output
        assert f"{name}: kicked" in keel.boot_output
    assert guest_states(keel.run("guest list")) == {"guest0": "running",
                                                    "guest1": "running"}
    _, owners = ram_info(keel.run("host ram info"))
    assert owners["guest"] == 2 * GUEST_KIB, owners
    ports = vserial_ports(keel.run("vserial list"))
    assert set(ports) == {"guest0/uart0", "guest1/uart0"}, ports

    marks = {"guest0": "only-typed-to-guest0", "guest1": "only-typed-to-guest1"}
    typed = {}
    for name, other in (("guest0", "guest1"), ("guest1", "guest0"), ("guest0", "guest1")):
        with GuestConsole(keel, f"{name}/uart0") as g:
            assert marks[other] not in g.replay, g.replay
            assert g.run("hi") == HELLO0
            assert f"unknown command '{marks[name]}'" in g.run(marks[name])
            if name == "guest1":
                assert_ipi_pass(g.run("ipi"), 2)
            typed[name] = typed.get(name, 0) + g.sent

    for name, other in (("guest0", "guest1"), ("guest1", "guest0")):
        dump = keel.run(f"vserial dump {name}/uart0")
        assert marks[name] in dump and marks[other] not in dump, dump
    ports = vserial_ports(keel.run("vserial list"))
    assert {p: v[1] for p, v in ports.items()} == \
        {f"{n}/uart0": typed[n] for n in typed}, (ports, typed)


# ---------------------------------------------------------------- lifecycle

def test_pause_resume(boot_disk):
    """A paused guest does not run: typed bytes get no answer until resume."""
    keel = boot_disk(KICKED_SEED)
    with GuestConsole(keel, "guest0/uart0"):
        pass                                    # the firmware answers
    assert keel.run("guest pause guest0") == "guest0: paused\n"
    assert guest_states(keel.run("guest list")) == {"guest0": "paused"}
    rows = guest_vcpus(keel.run("vcpu list"), "guest0")
    assert rows and all(r["state"] not in ("running", "ready") for r in rows.values()), rows
    assert "guest is paused" in keel.run("guest pause guest0")

    g = GuestConsole(keel, "guest0/uart0")
    g.bind(sync=False)
    g.drain()                                   # the replay
    g.send("hi\r")
    g.quiet(1.0)                                # no echo, no answer
    g.unbind()

    assert keel.run("guest resume guest0") == "guest0: resumed\n"
    assert guest_states(keel.run("guest list")) == {"guest0": "running"}
    assert "guest is running" in keel.run("guest resume guest0")
    with GuestConsole(keel, "guest0/uart0", sync=False) as g:
        keel.expect_exact(HELLO0.rstrip(), timeout=TEST_TIMEOUT)   # the held "hi"
        keel.expect_exact(BASIC_PROMPT)
        g.sync()
        assert g.run("hi") == HELLO0


def test_reset_halt_kick(boot_disk):
    """reset and halt stop the guest; kick starts the firmware afresh."""
    keel = boot_disk(KICKED_SEED)
    with GuestConsole(keel, "guest0/uart0") as g:
        assert g.run("hi") == HELLO0

    assert keel.run("guest reset guest0") == "guest0: reset\n"
    assert guest_states(keel.run("guest list")) == {"guest0": "reset"}
    rows = guest_vcpus(keel.run("vcpu list"), "guest0")
    assert all(r["hart"] == "stopped" for r in rows.values()), rows
    assert "guest is reset" in keel.run("guest resume guest0")
    assert keel.run("guest kick guest0") == "guest0: kicked\n"
    with GuestConsole(keel, "guest0/uart0") as g:
        # the new boot's output, written while unbound, is shown at bind
        assert g.replay.count(FW_BANNER) == 1, g.replay
        assert HELLO0 not in g.replay, g.replay         # a fresh start
        assert g.run("hi") == HELLO0
    assert wait_dump(keel, "guest0/uart0", 2).count(FW_BANNER) == 2

    assert keel.run("guest halt guest0") == "guest0: halted\n"
    assert guest_states(keel.run("guest list")) == {"guest0": "halted"}
    rows = guest_vcpus(keel.run("vcpu list"), "guest0")
    assert all(r["state"] not in ("running", "ready") for r in rows.values()), rows
    assert keel.run("guest kick guest0") == "guest0: kicked\n"
    with GuestConsole(keel, "guest0/uart0") as g:
        assert g.replay.count(FW_BANNER) == 1 and HELLO0 not in g.replay, g.replay
        assert g.run("hi") == HELLO0
    assert wait_dump(keel, "guest0/uart0", 3).count(FW_BANNER) == 3
    assert guest_states(keel.run("guest list")) == {"guest0": "running"}


def test_destroy_returns_memory_and_recreate(boot_disk):
    """destroy gives back every page (free memory as before create) and
    removes the guest's vCPUs and port; the config stays, so create, load
    and kick work again. The second round destroys a paused guest."""
    keel = boot_disk("vfs mount initrd /;" + guest_cmds("guest0", 2, create=False)[0])
    free0, owners0 = ram_info(keel.run("host ram info"))
    assert owners0["guest"] == 0, owners0

    for round_ in range(2):
        assert keel.run("guest create guest0") == "guest0: created\n"
        assert keel.run(f"vfs guest_load_list guest0 {NOR_LIST}").startswith(
            "guest0: loaded /images/riscv/virt64/firmware.bin")
        assert keel.run("guest kick guest0") == "guest0: kicked\n"
        free1, owners1 = ram_info(keel.run("host ram info"))
        assert owners1["guest"] == GUEST_KIB, owners1
        assert free0 - free1 >= GUEST_KIB, (free0, free1)
        with GuestConsole(keel, "guest0/uart0") as g:
            assert g.run("hi") == HELLO0
        if round_ == 1:
            assert keel.run("guest pause guest0") == "guest0: paused\n"

        assert keel.run("guest destroy guest0") == "guest0: destroyed\n"
        free2, owners2 = ram_info(keel.run("host ram info"))
        assert owners2["guest"] == 0, owners2
        assert free2 == free0, f"round {round_}: {free0 - free2} KiB not given back"
        assert guest_states(keel.run("guest list")) == {}
        assert guest_vcpus(keel.run("vcpu list"), "guest0") == {}
        assert vserial_ports(keel.run("vserial list")) == {}
        assert "no guest 'guest0'" in keel.run("guest kick guest0")


# ---------------------------------------------------------------- SRST

def test_guest_srst(boot_disk):
    """The firmware's SBI SRST shutdown stops only its guest; Keel and the
    other guest keep running; kick restarts it. SRST reboot restarts the
    guest by itself."""
    keel = boot_disk(guests_bootcmd(("guest0", 2), ("guest1", 1)))
    with GuestConsole(keel, "guest1/uart0") as g:
        g.send("shutdown\r")
        keel.expect_exact("shutdown: SBI system_reset")
        keel.expect_exact("[guest1] shutdown requested by the guest")
        g.drain()
        g.send("hi\r")
        g.quiet(0.5)
    assert keel.run("version").startswith("Keel ")
    assert guest_states(keel.run("guest list")) == {"guest0": "running",
                                                    "guest1": "halted"}
    rows = guest_vcpus(keel.run("vcpu list"), "guest1")
    assert all(r["state"] not in ("running", "ready") for r in rows.values()), rows

    with GuestConsole(keel, "guest0/uart0") as g:
        assert g.run("hi") == HELLO0
        assert_ipi_pass(g.run("ipi"), 2)
        g.send("reboot\r")
        keel.expect_exact("reboot: SBI system_reset")
        keel.expect_exact("[guest0] reset requested by the guest")
        keel.expect_exact(FW_BANNER, timeout=TEST_TIMEOUT)
        keel.expect_exact(BASIC_PROMPT, timeout=TEST_TIMEOUT)
        g.sync()
        assert g.run("hi") == HELLO0
    assert guest_states(keel.run("guest list")) == {"guest0": "running",
                                                    "guest1": "halted"}

    assert keel.run("guest kick guest1") == "guest1: kicked\n"
    wait_dump(keel, "guest1/uart0", 2)
    with GuestConsole(keel, "guest1/uart0") as g:
        assert g.run("hi") == HELLO0


# ---------------------------------------------------------------- idle

def _idle_sample(keel):
    out = keel.run("host time;host cpu info")
    m = re.search(r"^Uptime:\s+(\d+\.\d+) s$", out, re.M)
    assert m, out
    return float(m.group(1)), cpu_idle(out)


def test_idle_guest_leaves_hart_idle(boot_disk):
    """The firmware waiting at its prompt sits in WFI: its vCPU blocks and
    the hart that runs it is mostly idle."""
    keel = boot_disk(KICKED_SEED)
    with GuestConsole(keel, "guest0/uart0"):
        pass                                    # at its prompt, in WFI
    t1, idle1 = _idle_sample(keel)
    time.sleep(1.5)                             # the measuring window
    rows = guest_vcpus(keel.run("vcpu list"), "guest0")
    t2, idle2 = _idle_sample(keel)

    vcpu0 = rows["guest0/vcpu0"]
    assert vcpu0["state"] == "blocked", rows
    cpu = vcpu0["cpu"]
    assert idle2[cpu] > 50, f"cpu{cpu} IDLE% {idle2[cpu]} (all: {idle2})"
    window = (idle2[cpu] * t2 - idle1[cpu] * t1) / 100 / (t2 - t1)
    assert window > 0.5, f"cpu{cpu} idle {window:.0%} of the last {t2 - t1:.1f}s"

    out = keel.run("vcpu dumpstat guest0/vcpu0")
    m = re.search(r"^WFI: (\d+), blocked (\d+) times$", out, re.M)
    assert m and int(m.group(1)) > 0 and int(m.group(2)) > 0, out


# ---------------------------------------------------------------- bad input

def test_bad_guest_input(boot_disk):
    """Unknown guests, bad configs and a config with an unknown compatible
    get clear errors; nothing is left half made and guest0 keeps running."""
    keel = boot_disk(KICKED_SEED)

    out = keel.run("guest create nosuch")
    assert out.startswith("error:") and "nosuch" in out and "/guests/nosuch" in out, out
    for cmd in ("kick", "pause", "resume", "halt", "reset", "destroy", "info"):
        out = keel.run(f"guest {cmd} nosuch")
        assert out == "error: no guest 'nosuch' (see 'guest list')\n", (cmd, out)
    assert keel.run("vserial bind nosuch/uart0").startswith("error: no port 'nosuch/uart0'")
    assert "exists" in keel.run("guest create guest0")
    assert "already exists" in keel.run(f"vfs guest_fdt_load guest0 {GUEST_DTB} 1")
    assert "not a vCPU count" in keel.run(f"vfs guest_fdt_load gx {GUEST_DTB} 0")
    assert "not a valid device tree" in keel.run("vfs guest_fdt_load gx /system/banner.txt 1")
    assert "/nosuch.dtb" in keel.run("vfs guest_fdt_load gx /nosuch.dtb 1")
    assert "error: no node '/guests/gx'" in keel.run("devtree print /guests/gx")

    keel.run(f"vfs guest_fdt_load guest9 {GUEST_DTB} 1")
    assert keel.run("devtree attr set /guests/guest9/aspace/uart0 compatible "
                    "string foo,bar") == ""
    free0, _ = ram_info(keel.run("host ram info"))
    for _ in range(2):                          # nothing half made the first time
        out = keel.run("guest create guest9")
        assert out.startswith("error:") and "guest9" in out, out
        assert "uart0" in out and "compatible" in out and "foo,bar" in out, out
        assert set(guest_states(keel.run("guest list"))) == {"guest0"}
        assert ram_info(keel.run("host ram info"))[0] == free0
    assert "guest9" not in keel.run("vserial list")

    # Fixed, the same config makes a working guest.
    keel.run("devtree attr set /guests/guest9/aspace/uart0 compatible string ns16550a")
    assert keel.run("guest create guest9") == "guest9: created\n"
    assert keel.run("guest destroy guest9") == "guest9: destroyed\n"
    assert ram_info(keel.run("host ram info"))[0] == free0

    with GuestConsole(keel, "guest0/uart0") as g:
        assert g.run("hi") == HELLO0
    assert keel.run("version").startswith("Keel ")
