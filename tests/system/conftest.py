"""System-test harness: boot Keel under QEMU and talk to its console.

Every test boots its own QEMU (tests run in parallel with pytest-xdist), so no
test depends on another. The console of each boot is logged to
build/test-logs/<test-name>.log; a failing test's report shows the log's tail.

Environment knobs:
  KEEL_BIN            image to boot (default build/vmm.bin)
  OPENSBI             firmware for -bios (default Debian's fw_jump.bin)
  KEEL_TIMEOUT_SCALE  multiply every timeout (slow machines)
  KEEL_ICOUNT         run every QEMU with -icount shift=<value>
"""
import os
import re
import shutil
import signal
import time

import pexpect
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "build")
LOG_DIR = os.path.join(BUILD, "test-logs")
DEFAULT_BIN = os.path.join(BUILD, "vmm.bin")
DEFAULT_FW = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
QEMU = "qemu-system-riscv64"

PROMPT = "keel# "
SCALE = float(os.environ.get("KEEL_TIMEOUT_SCALE", "1"))
CMD_TIMEOUT = 30 * SCALE        # one shell command
EXIT_TIMEOUT = 30 * SCALE       # shutdown until QEMU has exited
TEST_DEADLINE = 180 * SCALE     # hard cap on one test, hangs included

_MEM_UNITS = {"": 1 << 20, "M": 1 << 20, "G": 1 << 30, "K": 1 << 10}


def mem_bytes(mem):
    """QEMU's -m syntax ("512M", "2G", "128") as bytes."""
    m = re.fullmatch(r"(\d+)([KMG]?)", str(mem).upper())
    assert m, f"bad memory size {mem!r}"
    return int(m.group(1)) * _MEM_UNITS[m.group(2)]


def boot_timeout(smp, mem):
    """Generous: TCG boots 8 harts / 2 GiB in a few seconds."""
    return (60 + 5 * smp + 10 * mem_bytes(mem) // (1 << 30)) * SCALE


def _safe_name(name):
    return re.sub(r"[^A-Za-z0-9_.\-\[\]=]", "_", name)


class Keel:
    """One QEMU running Keel, driven through its serial console."""

    _sync_seq = 0

    def __init__(self, binary, log_path, smp=2, mem="512M", bootcmd=None,
                 append=None, bios=None, extra=(), icount=None):
        self.binary = binary
        self.log_path = log_path
        self.smp = smp
        self.mem = mem
        self.bootcmd = bootcmd
        self.append = append
        self.bios = bios or os.environ.get("OPENSBI") or DEFAULT_FW
        self.extra = list(extra)
        if icount is None and os.environ.get("KEEL_ICOUNT"):
            icount = os.environ["KEEL_ICOUNT"]
        self.icount = icount
        self.child = None
        self.log = None
        self.boot_output = ""   # console text up to and including the first prompt

    # ------------------------------------------------------------ setup
    def argv(self):
        """The QEMU command line, as a list."""
        argv = [QEMU, "-M", "virt", "-m", str(self.mem), "-smp", str(self.smp),
                "-nographic", "-bios", self.bios, "-kernel", self.binary]
        parts = []
        if self.append:
            parts.append(self.append)
        if self.bootcmd is not None:
            parts.append(f'vmm.bootcmd="{self.bootcmd}"')
        if parts:
            argv += ["-append", " ".join(parts)]
        if self.icount is not None:
            argv += ["-icount", f"shift={self.icount}"]
        return argv + self.extra

    def start(self, wait=True):
        """Spawn QEMU; with wait, return once the shell prompts."""
        argv = self.argv()
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.log.write("# " + " ".join(_quote(a) for a in argv) + "\n")
        self.log.flush()
        self.child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                                   codec_errors="replace", echo=False,
                                   timeout=CMD_TIMEOUT, cwd=ROOT,
                                   dimensions=(50, 200))
        self.child.logfile_read = self.log
        if wait:
            self.wait_boot()
        return self

    def wait_boot(self):
        """Wait for the first real prompt; keep the boot console text.

        A boot command echoes each command after a prompt, so with one the
        first "keel# " is not yet the interactive prompt: sync() tells them
        apart, because typed input is read only once the boot command is done.
        """
        self.expect_exact(PROMPT, timeout=boot_timeout(self.smp, self.mem))
        text = self.child.before + PROMPT
        if self.bootcmd is not None or self.append:
            text += self.sync()
        self.boot_output = text.replace("\r", "")
        return self.boot_output

    def sync(self):
        """Type a marker line and cancel it with Ctrl-C (nothing runs, nothing
        enters the history); return the console text that came before it."""
        Keel._sync_seq += 1
        marker = f"#sync{os.getpid()}x{Keel._sync_seq}"
        self.child.send(marker + "\x03")
        self.expect_exact(marker + "^C", timeout=CMD_TIMEOUT)
        before = self.child.before
        self.expect_exact(PROMPT)
        return before

    # ------------------------------------------------------------ console
    def expect(self, pattern, timeout=-1):
        return self.child.expect(pattern, timeout=timeout)

    def expect_exact(self, text, timeout=-1):
        return self.child.expect_exact(text, timeout=timeout)

    def send(self, keys):
        """Raw key bytes, exactly as typed (no newline added)."""
        return self.child.send(keys)

    def sendline(self, line):
        return self.child.send(line + "\r")

    def wait_prompt(self, timeout=-1):
        """Wait for the next prompt; return the text before it, without \\r."""
        self.expect_exact(PROMPT, timeout=timeout)
        return self.child.before.replace("\r", "")

    def run(self, cmd, timeout=-1):
        """Run one command line; return its output: the text between the
        echoed line and the next prompt, without \\r."""
        self.sendline(cmd)
        text = self.wait_prompt(timeout)
        echo, nl, out = text.partition("\n")
        assert nl and cmd in echo, \
            f"command {cmd!r} was not echoed as typed: {text!r}"
        return out

    def keys(self, keys, timeout=-1):
        """Type raw keys that end with Enter; return (echo, output) where
        echo is the edited line as drawn (escape sequences included)."""
        self.send(keys)
        text = self.wait_prompt(timeout)
        echo, _, out = text.partition("\n")
        return echo, out

    # ------------------------------------------------------------ ending
    def wait_exit(self, timeout=EXIT_TIMEOUT):
        """Wait for QEMU to exit; return its exit status (None if killed by a
        signal)."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        deadline = time.monotonic() + timeout
        while self.child.isalive():
            if time.monotonic() > deadline:
                pytest.fail(f"QEMU closed its console but did not exit "
                            f"within {timeout:.0f}s")
            time.sleep(0.02)
        self.child.close()
        return self.child.exitstatus

    def shutdown(self):
        """`shutdown`, then assert QEMU exits with status 0."""
        self.sendline("shutdown")
        status = self.wait_exit()
        assert self.child.signalstatus is None, \
            f"QEMU killed by signal {self.child.signalstatus}"
        assert status == 0, f"QEMU exit status {status}, expected 0"
        return self.child.before.replace("\r", "")

    def kill(self):
        """Always safe; ends QEMU if it still runs."""
        if self.child is not None and self.child.isalive():
            self.child.terminate(force=True)
        if self.child is not None:
            try:
                self.child.close(force=True)
            except Exception:
                pass
        if self.log is not None and not self.log.closed:
            self.log.close()


def _quote(arg):
    return arg if re.fullmatch(r"[\w@%+=:,./-]+", arg) else "'" + \
        arg.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def keel_bin():
    path = os.environ.get("KEEL_BIN", DEFAULT_BIN)
    if not os.path.isfile(path):
        pytest.fail(f"{path} not found: build it first with `make` "
                    f"(`make system-test` does)", pytrace=False)
    if shutil.which(QEMU) is None:
        pytest.fail(f"{QEMU} not found: run `make deps`", pytrace=False)
    return os.path.abspath(path)


@pytest.fixture
def boot(request, keel_bin):
    """boot(smp=2, mem="512M", bootcmd=None, append=None, bios=None,
    extra=(), icount=None, wait=True) -> a started Keel at its prompt.
    Every QEMU a test starts is killed when the test ends."""
    os.makedirs(LOG_DIR, exist_ok=True)
    started = []
    request.node._keel_logs = []

    def _boot(wait=True, **kwargs):
        name = _safe_name(request.node.name)
        if started:
            name += f"-{len(started) + 1}"
        log_path = os.path.join(LOG_DIR, name + ".log")
        request.node._keel_logs.append(log_path)
        keel = Keel(keel_bin, log_path, **kwargs)
        started.append(keel)
        return keel.start(wait=wait)

    yield _boot
    for keel in started:
        keel.kill()


@pytest.fixture
def keel(boot):
    """Keel with the default machine (2 harts, 512 MiB) at its prompt."""
    return boot()


@pytest.fixture(autouse=True)
def _deadline():
    """No test may hang: a hard cap on top of the per-expect timeouts."""
    def expired(signum, frame):
        raise TimeoutError(f"test exceeded {TEST_DEADLINE:.0f}s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(int(TEST_DEADLINE))
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the tail of each console log to a failed test's report."""
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    for path in getattr(item, "_keel_logs", []):
        try:
            with open(path, encoding="utf-8", errors="replace", newline="") as f:
                tail = f.read().replace("\r", "").splitlines()[-40:]
        except OSError:
            continue
        rep.sections.append((f"console {os.path.relpath(path, ROOT)} (last 40 lines)",
                             "\n".join(tail)))
