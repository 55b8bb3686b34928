"""The basic guest firmware (tests/guests/basic) booted bare on QEMU + OpenSBI.

No Keel here: this checks the test guest itself, so that its results under
Keel can be compared with a known-good run. Build it first with
`make build/guests/basic/firmware-bare.bin` (the guest-basic target).

Environment knobs (besides conftest's): BASIC_BARE_BIN, the image to boot.
"""
import os
import re

import pytest

from conftest import BUILD, LOG_DIR, Keel, _safe_name, boot_timeout

BARE_BIN = os.environ.get("BASIC_BARE_BIN",
                          os.path.join(BUILD, "guests", "basic", "firmware-bare.bin"))
PROMPT = "basic# "
# Image base (0x80200000) + 0x00FF0000: where the bare build looks for autoexec.
AUTOEXEC_ADDR = 0x811F0000
TALLY = re.compile(r"^(\w+): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$", re.M)
BENCH_ITEMS = ["sbi_null", "sbi_probe", "mmio_read", "mmio_write", "plic_read",
               "timer_rtt", "ipi_self_rtt", "vcpu_switch"]


class BasicGuest(Keel):
    """Keel's console driver, pointed at the firmware's `basic# ` prompt."""

    def wait_boot(self):
        self.expect_exact(PROMPT, timeout=boot_timeout(self.smp, self.mem))
        self.boot_output = (self.child.before + PROMPT).replace("\r", "")
        return self.boot_output

    def wait_prompt(self, timeout=-1):
        self.expect_exact(PROMPT, timeout=timeout)
        return self.child.before.replace("\r", "")


@pytest.fixture
def boot_basic(request):
    """boot_basic(smp=2, mem="256M", extra=(), wait=True) -> a started
    BasicGuest at its prompt; killed when the test ends."""
    if not os.path.isfile(BARE_BIN):
        pytest.fail(f"{BARE_BIN} not found: build it with "
                    f"`make build/guests/basic/firmware-bare.bin`", pytrace=False)
    os.makedirs(LOG_DIR, exist_ok=True)
    started = []
    request.node._keel_logs = []

    def _boot(smp=2, mem="256M", extra=(), wait=True):
        name = _safe_name(request.node.name)
        if started:
            name += f"-{len(started) + 1}"
        log_path = os.path.join(LOG_DIR, name + ".log")
        request.node._keel_logs.append(log_path)
        guest = BasicGuest(BARE_BIN, log_path, smp=smp, mem=mem, extra=extra)
        started.append(guest)
        return guest.start(wait=wait)

    yield _boot
    for guest in started:
        guest.kill()


@pytest.fixture
def guest(boot_basic):
    return boot_basic()


def tally(out, name):
    """(passed, failed, skipped) of a test command; no FAIL line allowed."""
    fails = [l for l in out.splitlines() if l.startswith("FAIL")]
    m = TALLY.search(out)
    assert m and m.group(1) == name, out
    assert not fails and m.group(3) == "0", "\n".join(fails) or out
    return int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)


def test_banner(guest):
    out = guest.boot_output
    assert "Keel basic guest firmware: bare image at 0x80200000" in out, out
    assert re.search(r"^SBI v\d+\.\d+, implementation OpenSBI", out, re.M), out
    assert "timebase 10000000 Hz (DT)" in out, out


def test_help_and_greetings(guest):
    out = guest.run("help")
    for cmd in ["help", "hi", "hello", "sbi", "timer", "wfi", "ipi", "hsm",
                "plic", "mmio", "bench", "autoexec", "shutdown", "reboot"]:
        assert re.search(rf"^  {cmd}\b", out, re.M), f"{cmd} missing:\n{out}"
    m = re.search(r"boot hart (\d+)", guest.boot_output)
    assert m, guest.boot_output
    assert guest.run("hi") == f"hello from vCPU{m.group(1)}\n"
    assert guest.run("hello") == f"Hello World! (hart {m.group(1)})\n"


def test_line_editing(guest):
    echo, out = guest.keys("hx\x7fi\r")
    assert echo == "hx\b \bi", repr(echo)
    assert out.startswith("hello from vCPU"), out
    assert "unknown command 'nosuch'" in guest.run("nosuch")
    guest.send("junk\x03")
    guest.expect_exact("junk^C")
    guest.wait_prompt()


def test_sbi(guest):
    out = guest.run("sbi")
    passed, _, skipped = tally(out, "sbi")
    assert passed >= 35, out
    # OpenSBI 1.1 has no DBCN: its checks are skipped, nothing else is.
    assert all("dbcn" in l.lower() for l in out.splitlines() if l.startswith("SKIP")), out
    assert "PASS  ipi send_ipi(mask 1, base 0x10000): ERR_INVALID_PARAM" in out


def test_timer_and_wfi(guest):
    assert tally(guest.run("timer"), "timer")[0] >= 1
    out = guest.run("wfi 100")
    m = re.match(r"wfi: slept (\d+)\.\d+ ms \((\d+) ticks", out)
    assert m and int(m.group(1)) >= 100 and int(m.group(2)) >= 1_000_000, out
    assert guest.run("wfi x").startswith("usage: wfi")


@pytest.mark.parametrize("smp", [2, 4])
def test_ipi(boot_basic, smp):
    guest = boot_basic(smp=smp)
    out = guest.run("ipi")
    assert f"ipi: {smp - 1} secondary hart(s) online" in out, out
    assert tally(out, "ipi")[0] == smp      # one per secondary + broadcast


def test_hsm(guest):
    out = guest.run("hsm")
    assert tally(out, "hsm")[0] == 9, out
    assert tally(guest.run("ipi"), "ipi")[0] == 2     # the hart is usable again


def test_single_hart(boot_basic):
    guest = boot_basic(smp=1)
    assert tally(guest.run("ipi"), "ipi") == (0, 0, 1)
    assert tally(guest.run("hsm"), "hsm") == (0, 0, 1)


def test_plic(guest):
    assert tally(guest.run("plic"), "plic")[0] == 9


def test_mmio(guest):
    out = guest.run("mmio")
    assert tally(out, "mmio")[0] == 10, out
    assert "lb -1 (0xffffffffffffffff)" in out


@pytest.mark.parametrize("smp", [1, 2])
def test_bench(boot_basic, smp):
    guest = boot_basic(smp=smp)
    out = guest.run("bench", timeout=120)
    bench = {m.group(1): (int(m.group(2)), int(m.group(3)))
             for m in re.finditer(r"^BENCH (\w+) (\d+) (\d+)$", out, re.M)}
    assert set(BENCH_ITEMS) <= set(bench), out
    assert out.rstrip().endswith("BENCH done"), out
    for name in BENCH_ITEMS[:-1]:
        iters, ticks = bench[name]
        assert iters in (1000, 10000) and ticks > 0, (name, out)
    assert bench["vcpu_switch"] == ((0, 0) if smp == 1 else (2000, bench["vcpu_switch"][1]))


def test_autoexec_none(guest):
    assert guest.run("autoexec") == "autoexec: none (no \"#autoexec\" line at 0x811f0000)\n"


def test_autoexec_at_boot(boot_basic, tmp_path):
    script = tmp_path / "autoexec.txt"
    script.write_bytes(b"#autoexec\nhi\n# a comment\n\nautoexec\nwfi 5\n\0")
    guest = boot_basic(extra=["-device", f"loader,file={script},"
                              f"addr={AUTOEXEC_ADDR:#x},force-raw=on"], wait=False)
    guest.expect_exact("autoexec: 3 command(s) done", timeout=60)
    text = guest.child.before.replace("\r", "")
    assert "basic# hi\nhello from vCPU" in text, text
    assert "autoexec: already running (nested call ignored)" in text, text
    assert re.search(r"basic# wfi 5\nwfi: slept \d", text), text
    guest.wait_prompt()
    assert guest.run("hello").startswith("Hello World!")


def test_shutdown(guest):
    out = guest.shutdown()
    assert "shutdown: SBI system_reset" in out


def test_reboot(guest):
    guest.sendline("reboot")
    guest.expect_exact("Keel basic guest firmware", timeout=60)
    guest.wait_prompt(timeout=60)
    assert guest.run("hi").startswith("hello from vCPU")
