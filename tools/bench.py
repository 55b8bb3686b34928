#!/usr/bin/python3
"""make bench: the basic guest firmware's microbenchmarks under Keel and bare.

Boots QEMU twice with -icount shift=0 (one instruction = 1 ns of virtual
time) and -smp 1:
  1. Keel with the boot disk; guest0 (2 vCPUs on the one hart) runs the basic
     firmware; `bench` at its prompt, then `vcpu dumpstat`. The same run
     records Keel's boot figures (image size, boot time, memory used).
  2. The same firmware bare on QEMU + OpenSBI, `bench` at its prompt.
Each BENCH line "BENCH <name> <iterations> <ticks>" becomes instructions per
operation = ticks * (1e9 / timebase) / iterations (100 per tick at 10 MHz).

Writes <build>/bench/keel.json, bare.json, summary.json and the two console
logs, and prints a table against the targets. Exits 1 with a message when a
run fails (timeout, QEMU gone, panic, missing BENCH lines). See
docs/benchmarks.md.
"""
import argparse
import atexit
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time

import pexpect

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
QEMU = "qemu-system-riscv64"
DEFAULT_BIOS = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
KEEL_BOOTCMD = "vfs mount initrd /;vfs run /boot.xscript"
ICOUNT_SHIFT = 0            # 2**shift ns per instruction
SMP = 1                     # QEMU 7.2 with -icount hangs with more harts
MEM = "512M"
TIMEBASE_DEFAULT = 10_000_000

KEEL_PROMPT = "keel# "
GUEST_PROMPT = "basic# "
CTRL_RBRACKET = "\x1d"      # vserial bind's escape back to keel#

# Console text that means the run is broken, whatever we wait for.
FATAL = [r"\*\*\* KEEL PANIC[^\n]*", r"EXCEPTION on hart[^\n]*",
         r"halting the guest[^\n]*"]

ITEMS = ["sbi_null", "sbi_probe", "mmio_read", "mmio_write", "plic_read",
         "timer_rtt", "timer_rtt_sstc", "ipi_self_rtt", "vcpu_switch"]
OPTIONAL_ITEMS = {"timer_rtt_sstc"}         # printed only when Sstc exists
MMIO_ITEMS = {"mmio_read", "mmio_write", "plic_read"}

# item, operation, target (max instructions), xvisor reference (display)
ROWS = [
    ("sbi_null", "null SBI call (BASE get_spec_version)", 300, "739"),
    ("sbi_probe", "SBI probe_extension(TIME)", None, None),
    ("mmio_read", "emulated MMIO read (UART SCR, lb)", 450, "~1120"),
    ("mmio_write", "emulated MMIO write (UART SCR, sb)", 450, "~1120"),
    ("plic_read", "emulated PLIC read (priority, lw)", None, None),
    ("timer_rtt", "timer round trip (SBI set_timer)", 700, "1577"),
    ("timer_rtt_sstc", "timer round trip (Sstc stimecmp)", 700, None),
    ("ipi_self_rtt", "self-IPI round trip (SBI send_ipi)", 1200, "2592"),
    ("vcpu_switch", "vCPU switch, one way (2 vCPUs, 1 hart)", None, None),
]

BENCH_LINE = re.compile(r"^BENCH (\w+) (\d+) (\d+)\s*$", re.M)
TIMEBASE_LINE = re.compile(r"\(timebase (\d+) Hz\)")

_children = []


class BenchError(Exception):
    """A run failed; the message says which and why."""


# ------------------------------------------------------------------ console
class Console:
    """One QEMU, driven through its serial console, logged to a file."""

    def __init__(self, name, argv, log_path, scale):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.scale = scale
        self.child = None
        self.log = None

    def start(self):
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.log.write("# " + " ".join(_quote(a) for a in self.argv) + "\n")
        self.log.flush()
        try:
            self.child = pexpect.spawn(self.argv[0], self.argv[1:], cwd=ROOT,
                                       encoding="utf-8", codec_errors="replace",
                                       echo=False, dimensions=(50, 200))
        except pexpect.ExceptionPexpect as e:
            raise BenchError(f"{self.name}: cannot start {self.argv[0]}: {e}")
        _children.append(self)
        self.child.logfile_read = self.log
        return self

    def expect(self, text, timeout, what):
        """Wait for text (exact); return the console text before it.
        Timeouts, QEMU exiting and panics raise BenchError."""
        patterns = [re.escape(text)] + FATAL
        try:
            idx = self.child.expect(patterns, timeout=timeout * self.scale)
        except pexpect.TIMEOUT:
            raise BenchError(f"{self.name}: timed out after "
                             f"{timeout * self.scale:g}s waiting for {what}"
                             f"{self._tail()}")
        except pexpect.EOF:
            raise BenchError(f"{self.name}: QEMU exited while waiting for "
                             f"{what}{self._tail()}")
        if idx:
            self._drain()
            raise BenchError(f"{self.name}: {self.child.after.strip()} "
                             f"(while waiting for {what}){self._tail()}")
        return self.child.before.replace("\r", "")

    def send(self, keys):
        self.child.send(keys)

    def command(self, cmd, prompt, timeout, what=None):
        """Type a command line; return its output (echo line removed)."""
        self.send(cmd + "\r")
        text = self.expect(prompt, timeout, what or f"`{cmd}` to finish")
        echo, _, out = text.partition("\n")
        return out if cmd in echo else text

    def sync(self, prompt, timeout):
        """Wait until the console reads input: type a marker, cancel it
        with Ctrl-C. Boot commands print prompts before input is read."""
        marker = f"#bench-sync-{os.getpid()}"
        self.send(marker + "\x03")
        self.expect(marker + "^C", timeout, "the console to read input")
        self.expect(prompt, timeout, "the prompt after Ctrl-C")

    def stop(self, cmd, timeout=10):
        """Power off with cmd at a prompt; kill QEMU if it does not exit."""
        if self.child is not None and self.child.isalive():
            try:
                self.child.send(cmd + "\r")
                self.child.expect(pexpect.EOF, timeout=timeout * self.scale)
            except (pexpect.TIMEOUT, pexpect.EOF, OSError):
                pass
        self.kill()

    def kill(self):
        if self.child is not None:
            try:
                if self.child.isalive():
                    self.child.terminate(force=True)
                self.child.close(force=True)
            except Exception:
                pass
        if self.log is not None and not self.log.closed:
            self.log.close()

    def _drain(self):
        """Let a panic report finish printing into the log."""
        try:
            self.child.expect(pexpect.TIMEOUT, timeout=2)
        except pexpect.EOF:
            pass

    def _tail(self, lines=15):
        if self.log is not None and not self.log.closed:
            self.log.flush()
        try:
            with open(self.log_path, encoding="utf-8", errors="replace",
                      newline="") as f:
                tail = f.read().replace("\r", "").splitlines()[-lines:]
        except OSError:
            return ""
        rel = os.path.relpath(self.log_path, ROOT)
        return (f"\n--- last {len(tail)} console lines ({rel}) ---\n"
                + "\n".join(tail))


def _quote(arg):
    if re.fullmatch(r"[\w@%+=:,./-]+", arg):
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"


def _kill_children():
    for c in _children:
        c.kill()


def _on_signal(signum, frame):
    raise SystemExit(f"bench: stopped by signal {signum}")


def _on_alarm(signum, frame):
    raise BenchError("bench: the whole run exceeded its deadline")


# ------------------------------------------------------------------ parsing
def instructions_per_tick(timebase):
    """With -icount shift=s one instruction takes 2**s ns."""
    return 1e9 / timebase / (1 << ICOUNT_SHIFT)


def parse_bench(name, out):
    """BENCH lines of one `bench` output -> (items, timebase)."""
    m = TIMEBASE_LINE.search(out)
    timebase = int(m.group(1)) if m else TIMEBASE_DEFAULT
    ipt = instructions_per_tick(timebase)
    items = {}
    for m in BENCH_LINE.finditer(out):
        iters, ticks = int(m.group(2)), int(m.group(3))
        items[m.group(1)] = {
            "iterations": iters,
            "ticks": ticks,
            "instructions_per_op":
                round(ticks * ipt / iters, 2) if iters else None,
        }
    missing = [i for i in ITEMS if i not in items and i not in OPTIONAL_ITEMS]
    if missing:
        raise BenchError(f"{name}: no BENCH line for {', '.join(missing)}:\n"
                         + out)
    return items, timebase


def check_vcpu_switch(name, items, out):
    """Under Keel guest0 has 2 vCPUs: the ping-pong must complete."""
    vs = items["vcpu_switch"]
    if vs["iterations"] != 2000:
        notes = [l.strip() for l in out.splitlines() if "vcpu_switch" in l
                 and l.lstrip().startswith("(")]
        raise BenchError(f"{name}: vcpu_switch did {vs['iterations']} of 2000 "
                         f"one-way trips {' '.join(notes)}")


def match_int(pattern, text, what, warnings):
    m = re.search(pattern, text)
    if not m:
        warnings.append(f"could not read {what} from: {text.strip()!r}")
        return None
    return int(m.group(1))


# ------------------------------------------------------------------ runs
def qemu_base(bios):
    bios_args = ["-bios", bios]
    return [QEMU, "-M", "virt", "-m", MEM, "-smp", str(SMP),
            "-icount", f"shift={ICOUNT_SHIFT}", "-nographic"] + bios_args


def run_bench(con, timeout):
    """At the guest prompt: run `bench`, return its output up to BENCH done."""
    con.send("bench\r")
    out = con.expect("BENCH done", timeout, "`bench` to print BENCH done")
    con.expect(GUEST_PROMPT, 30, "the guest prompt after `bench`")
    return out


def run_keel(args, out_dir):
    vmm = os.path.join(args.build, "vmm.bin")
    disk = os.path.join(args.build, "disk.img")
    for path in (vmm, disk):
        if not os.path.isfile(path):
            raise BenchError(f"keel: {path} not found (make all disk)")
    argv = qemu_base(args.bios) + [
        "-kernel", vmm, "-initrd", disk,
        "-append", f'vmm.bootcmd="{KEEL_BOOTCMD}"']
    con = Console("keel", argv, os.path.join(out_dir, "keel.log"),
                  args.timeout_scale).start()
    t0 = time.monotonic()
    warnings = []
    try:
        con.expect(KEEL_PROMPT, 120, "the first keel# prompt")
        con.sync(KEEL_PROMPT, 120)
        host_time = con.command("host time", KEEL_PROMPT, 30)
        ram_info = con.command("host ram info", KEEL_PROMPT, 30)
        kick = con.command("guest kick guest0", KEEL_PROMPT, 30)
        if "kicked" not in kick:
            raise BenchError(f"keel: `guest kick guest0` failed: {kick.strip()}")
        con.send("vserial bind guest0/uart0\r")
        con.expect(GUEST_PROMPT, 120, "guest0's basic# prompt")
        con.sync(GUEST_PROMPT, 60)
        out = run_bench(con, args.bench_timeout)
        con.send(CTRL_RBRACKET)
        con.expect(KEEL_PROMPT, 30, "keel# after Ctrl-] (vserial unbind)")
        stats = {}
        for v in ("guest0/vcpu0", "guest0/vcpu1"):
            stats[v] = con.command(f"vcpu dumpstat {v}", KEEL_PROMPT, 30)
        con.stop("shutdown")
    finally:
        con.kill()
    items, timebase = parse_bench("keel", out)
    check_vcpu_switch("keel", items, out)
    booted_us = match_int(r"Booted in:\s*(\d+)\s*us", host_time,
                          "`host time` Booted in", warnings)
    boot = {
        "vmm_bin_bytes": os.path.getsize(vmm),
        "booted_in_us": booted_us,
        "booted_in_instructions":
            booted_us * 1000 // (1 << ICOUNT_SHIFT) if booted_us else None,
        "keel_uses_kib": match_int(r"Keel uses:\s*(\d+)\s*KiB", ram_info,
                                   "`host ram info` Keel uses", warnings),
    }
    return {
        "run": "keel", "qemu_argv": argv, "timebase_hz": timebase,
        "instructions_per_tick": instructions_per_tick(timebase),
        "items": items, "boot": boot,
        "host_time": host_time.strip().splitlines(),
        "host_ram_info": ram_info.strip().splitlines(),
        "vcpu_dumpstat": {k: v.strip().splitlines() for k, v in stats.items()},
        "bench_output": out.strip().splitlines(),
        "wall_seconds": round(time.monotonic() - t0, 1),
        "warnings": warnings,
    }


def run_bare(args, out_dir):
    fw = os.path.join(args.build, "guests", "basic", "firmware-bare.bin")
    if not os.path.isfile(fw):
        raise BenchError(f"bare: {fw} not found (make guest-basic)")
    argv = qemu_base(args.bios) + ["-kernel", fw]
    con = Console("bare", argv, os.path.join(out_dir, "bare.log"),
                  args.timeout_scale).start()
    t0 = time.monotonic()
    try:
        con.expect(GUEST_PROMPT, 120, "the firmware's basic# prompt")
        con.sync(GUEST_PROMPT, 60)
        out = run_bench(con, args.bench_timeout)
        con.stop("shutdown")
    finally:
        con.kill()
    items, timebase = parse_bench("bare", out)
    return {
        "run": "bare", "qemu_argv": argv, "timebase_hz": timebase,
        "instructions_per_tick": instructions_per_tick(timebase),
        "items": items, "bench_output": out.strip().splitlines(),
        "wall_seconds": round(time.monotonic() - t0, 1), "warnings": [],
    }


# ------------------------------------------------------------------ report
def make_table(keel, bare):
    rows = []
    for item, op, target, xvisor in ROWS:
        k = keel["items"].get(item, {}).get("instructions_per_op")
        b = bare["items"].get(item, {}).get("instructions_per_op")
        bare_note = None
        if item in MMIO_ITEMS:
            b, bare_note = None, "n/a (no trap)"
        elif item == "vcpu_switch" or b is None:
            b, bare_note = None, "n/a"
        if target is None:
            status = None
        elif k is None:
            status = "no result"
        else:
            status = "met" if k <= target else "missed"
        rows.append({"item": item, "operation": op, "keel": k, "bare": b,
                     "bare_note": bare_note, "target_max": target,
                     "xvisor": xvisor, "status": status})
    return rows


def fmt_num(v):
    return "n/a" if v is None else f"{v:.1f}"


def format_table(rows):
    head = ["operation", "item", "Keel", "bare QEMU+OpenSBI", "target",
            "xvisor", "status"]
    body = []
    for r in rows:
        body.append([
            r["operation"], r["item"], fmt_num(r["keel"]),
            r["bare_note"] or fmt_num(r["bare"]),
            f"≤ {r['target_max']}" if r["target_max"] else "—",
            r["xvisor"] or "—", r["status"] or "—"])
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    align = ["<", "<", ">", ">", ">", ">", "<"]

    def line(cells):
        return "| " + " | ".join(f"{c:{a}{w}}" for c, a, w in
                                 zip(cells, align, widths)) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if a == ">" else "-" * (w + 2)
                         for a, w in zip(align, widths)) + "|"
    return "\n".join([line(head), sep] + [line(b) for b in body])


def git_info():
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")   # read-only: no index refresh
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10,
                                env=env)
        if commit.returncode:
            return None, None
        status = subprocess.run(["git", "status", "--porcelain",
                                 "--untracked-files=no"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10,
                                env=env)
        dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
        return commit.stdout.strip(), dirty
    except (OSError, subprocess.SubprocessError):
        return None, None


def qemu_version():
    try:
        r = subprocess.run([QEMU, "--version"], capture_output=True, text=True,
                           timeout=10)
        return r.stdout.splitlines()[0] if r.stdout else None
    except (OSError, subprocess.SubprocessError):
        return None


def write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)


def summarize(keel, bare):
    commit, dirty = git_info()
    rows = make_table(keel, bare)
    return {
        "date": datetime.datetime.now(datetime.timezone.utc)
                .isoformat(timespec="seconds"),
        "commit": commit,
        "dirty": dirty,
        "qemu": qemu_version(),
        "method": {
            "icount_shift": ICOUNT_SHIFT, "smp": SMP, "mem": MEM,
            "timebase_hz": keel["timebase_hz"],
            "instructions_per_tick": keel["instructions_per_tick"],
            "unit": "guest-visible instructions per operation "
                    "(ticks * instructions_per_tick / iterations)",
        },
        "boot": keel["boot"],
        "table": rows,
        "warnings": keel["warnings"] + bare["warnings"],
    }


def print_summary(summary):
    b = summary["boot"]
    print()
    print(format_table(summary["table"]))
    print()
    fmt = lambda v, unit="": "n/a" if v is None else f"{v}{unit}"
    print(f"Keel boot: vmm.bin {fmt(b['vmm_bin_bytes'], ' bytes')}, "
          f"booted in {fmt(b['booted_in_us'], ' us')} "
          f"({fmt(b['booted_in_instructions'])} instructions), "
          f"uses {fmt(b['keel_uses_kib'], ' KiB')}")
    rev = summary["commit"] or "unknown commit"
    if summary["dirty"]:
        rev += " (with uncommitted changes)"
    print(f"{rev}, {summary['date']}; {summary['qemu'] or QEMU}")
    for w in summary["warnings"]:
        print(f"warning: {w}", file=sys.stderr)


# ------------------------------------------------------------------ main
def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"),
                   help="build folder (vmm.bin, disk.img, guests/basic/)")
    p.add_argument("--bios", default=os.environ.get("OPENSBI") or DEFAULT_BIOS,
                   help="firmware for QEMU -bios (default: Debian's fw_jump.bin)")
    p.add_argument("--bench-timeout", type=float, default=600,
                   help="seconds allowed for `bench` itself (default 600)")
    p.add_argument("--timeout-scale", type=float,
                   default=float(os.environ.get("KEEL_TIMEOUT_SCALE", "1")),
                   help="multiply every timeout (default $KEEL_TIMEOUT_SCALE or 1)")
    args = p.parse_args()
    args.build = os.path.abspath(os.path.join(ROOT, args.build))
    return args


def main():
    args = parse_args()
    out_dir = os.path.join(args.build, "bench")
    os.makedirs(out_dir, exist_ok=True)
    atexit.register(_kill_children)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    signal.signal(signal.SIGALRM, _on_alarm)
    # Hard cap on everything, on top of each wait's own timeout.
    signal.alarm(int((2 * args.bench_timeout + 900) * args.timeout_scale))
    try:
        print("bench: Keel run (QEMU -icount shift=0 -smp 1) ...", flush=True)
        keel = run_keel(args, out_dir)
        write_json(os.path.join(out_dir, "keel.json"), keel)
        print("bench: bare run (firmware-bare.bin on QEMU + OpenSBI) ...",
              flush=True)
        bare = run_bare(args, out_dir)
        write_json(os.path.join(out_dir, "bare.json"), bare)
        summary = summarize(keel, bare)
        write_json(os.path.join(out_dir, "summary.json"), summary)
    except BenchError as e:
        print(f"bench: FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        _kill_children()
    print_summary(summary)
    rel = os.path.relpath(out_dir, os.getcwd())
    print(f"\nbench: wrote {out_dir if rel.startswith('..') else rel}/"
          f"{{keel,bare,summary}}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
