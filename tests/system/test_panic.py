"""Panic reports: crash Keel on purpose with `debug` and read what it prints.

`debug` is built only with CONFIG_DEBUG_CHECKS; without it these tests skip.
After "Keel halted." QEMU keeps running with every hart stopped: the harness
kills it.
"""
import re

import pytest

HEX = r"[0-9a-f]{16}"
SYM = r"[A-Za-z_][\w.]*\+0x[0-9a-f]+/0x[0-9a-f]+"
FRAME = re.compile(rf"^  \[<({HEX})>\] ([A-Za-z_][\w.]*)\+0x[0-9a-f]+/0x[0-9a-f]+$")
REPEAT = re.compile(r"^  \.\.\. the same frame (\d+) more times?$")
REGS = ["pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
        "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4",
        "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"]


def crash(keel, cmd):
    """Run a `debug` command; return the report up to "Keel halted."."""
    if not re.search(r"^debug \S", keel.run("help"), re.M):
        pytest.skip("this build has no `debug` command (CONFIG_DEBUG_CHECKS)")
    keel.sendline(cmd)
    keel.expect_exact("Keel halted.")
    text = keel.child.before.replace("\r", "")
    start = text.find("*** KEEL PANIC")
    assert start >= 0, text
    return text[start:] + "Keel halted."


def registers(report):
    """{name: value} of the register dump."""
    regs = {n: int(v, 16) for n, v in
            re.findall(rf"\b(\w+)\s*: ({HEX})\b", report)}
    missing = [r for r in REGS + ["sstatus", "scause", "stval"] if r not in regs]
    assert not missing, f"registers missing {missing}:\n{report}"
    return regs


def backtrace(report):
    """[(address, function)] of the Backtrace: lines, checked for form;
    "... the same frame N more times" expands to N copies."""
    lines = report.splitlines()
    assert "Backtrace:" in lines, report
    frames = []
    for line in lines[lines.index("Backtrace:") + 1:]:
        if line == "Keel halted.":
            break
        m = REPEAT.match(line)
        if m and frames:
            frames += [frames[-1]] * int(m.group(1))
            continue
        m = FRAME.match(line)
        assert m, f"bad backtrace line {line!r}"
        frames.append((int(m.group(1), 16), m.group(2)))
    assert frames, report
    return frames


def exception_report(report, cause, scause):
    """Check the parts every exception report has; return (sepc symbol,
    registers, frames)."""
    head = report.splitlines()[0]
    assert re.fullmatch(rf"\*\*\* KEEL PANIC on hart \d+ \(console\): "
                        rf"unhandled exception: {cause}", head), head
    m = re.search(rf"^ sepc: ({HEX}) ({SYM})$", report, re.M)
    assert m, report
    sepc, sepc_sym = int(m.group(1), 16), m.group(2)
    regs = registers(report)
    assert regs["pc"] == sepc
    assert regs["scause"] == scause
    frames = backtrace(report)
    assert frames[0][0] == sepc
    assert report.endswith("\nKeel halted.")
    return sepc_sym, regs, frames


def test_debug_fault(keel):
    report = crash(keel, "debug fault")
    sym, regs, frames = exception_report(report, "load page fault", 13)
    assert sym.startswith("cmd_debug_fault+"), sym
    assert regs["stval"] == 0x8          # the address it reads
    names = [f for _, f in frames]
    assert names[0] == "cmd_debug_fault"
    assert any(n.startswith("shell_exec") for n in names), names
    assert "shell_main" in names, names


def test_debug_stack_overflow(keel):
    report = crash(keel, "debug stack-overflow")
    cause = re.search(r"unhandled exception: (.*)$", report.splitlines()[0])
    assert cause, report
    scause = {"store/AMO page fault": 15, "load page fault": 13}
    assert cause.group(1) in scause, report
    sym, regs, frames = exception_report(report, cause.group(1),
                                         scause[cause.group(1)])
    assert sym.startswith("recurse+"), sym
    m = re.search(rf"^ kernel stack overflow: sp ({HEX}) is below the stack "
                  rf"of 'console' \(({HEX})\)$", report, re.M)
    assert m, report
    sp, base = int(m.group(1), 16), int(m.group(2), 16)
    assert sp == regs["sp"]
    assert base - 4096 <= sp < base          # in the guard page
    assert base - 4096 <= regs["stval"] < base
    names = [f for _, f in frames]
    assert names.count("recurse") >= 2, names
    assert "cmd_debug_stack_overflow" in names, names
    assert report.count("\n") < 100, "backtrace not bounded"


def test_debug_panic(keel):
    report = crash(keel, "debug panic")
    head = report.splitlines()[0]
    assert re.fullmatch(r"\*\*\* KEEL PANIC on hart \d+ \(console\): "
                        r"requested from the shell", head), head
    names = [f for _, f in backtrace(report)]
    assert "panic" in names, names
    assert any(n.startswith("shell_exec") for n in names), names


def test_debug_panic_names_caller(keel):
    report = crash(keel, "debug panic")
    names = [f for _, f in backtrace(report)]
    assert names[names.index("panic") + 1] == "cmd_debug_panic", names
