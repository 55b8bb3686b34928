"""Boot Keel on several machine shapes and check the host commands."""
import re

import pytest

from conftest import mem_bytes

CPU_ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\S+)\s")


def cpu_rows(out):
    """(cpu, hart, state) of each row of `host cpu info`."""
    lines = out.splitlines()
    assert lines and lines[0].split()[:3] == ["CPU", "HART", "STATE"], out
    rows = []
    for line in lines[1:]:
        m = CPU_ROW.match(line)
        assert m, f"unexpected line in host cpu info: {line!r}"
        rows.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return rows


@pytest.mark.parametrize("smp", [1, 2, 4, 8])
def test_smp_all_harts_online(boot, smp):
    keel = boot(smp=smp, mem="512M")
    rows = cpu_rows(keel.run("host cpu info"))
    assert len(rows) == smp
    assert sorted(r[0] for r in rows) == list(range(smp))
    assert sorted(r[1] for r in rows) == list(range(smp))
    assert all(r[2] == "online" for r in rows), rows
    assert re.search(rf"^Harts:\s+{smp} online of {smp}$",
                     keel.run("host info"), re.M)


@pytest.mark.parametrize("mem", ["128M", "512M", "2G"])
def test_ram_size(boot, mem):
    keel = boot(smp=2, mem=mem)
    out = keel.run("host ram info")
    first = out.splitlines()[0]
    m = re.match(r"Total:\s+(\d+) bytes \((\d+) MiB\) in 1 bank\(s\)$", first)
    assert m, first
    total = int(m.group(1))
    assert total == mem_bytes(mem)
    assert int(m.group(2)) == total >> 20
    m = re.search(r"^Free:\s+(\d+) KiB \((\d+) pages\)$", out, re.M)
    assert m, out
    free_kib, pages = int(m.group(1)), int(m.group(2))
    assert 0 < free_kib * 1024 < total
    assert pages * 4 == free_kib


def test_version(keel):
    out = keel.run("version")
    assert re.match(r"Keel \d+\.\d+\.\d+", out), out


HELP_COMMANDS = ["version", "reset", "shutdown", "host info", "host cpu info",
                 "host irq stats", "host ram info", "host heap info",
                 "host time", "devtree print", "help"]


def test_help_lists_commands(keel):
    lines = keel.run("help").splitlines()
    for cmd in HELP_COMMANDS:
        # "<path> [args]   <summary>": the path, blanks, then more.
        assert any(re.match(re.escape(cmd) + r"\s+\S", l) for l in lines), \
            f"{cmd!r} missing from help:\n" + "\n".join(lines)
    assert lines[-1].startswith("Type 'help <command>'")


@pytest.mark.parametrize("cmd", HELP_COMMANDS)
def test_help_command_usage(keel, cmd):
    out = keel.run(f"help {cmd}")
    assert re.match(rf"usage: {re.escape(cmd)}( |$)", out.splitlines()[0]), out
    assert "error" not in out


def test_host_info(keel):
    out = keel.run("host info")
    assert re.search(r"^Keel:\s+\d+\.\d+\.\d+$", out, re.M), out
    assert re.search(r"^Firmware:\s+OpenSBI", out, re.M), out
    assert re.search(r"^Harts:\s+2 online of 2$", out, re.M), out
    assert re.search(r"^RAM:\s+512 MiB$", out, re.M), out
    assert re.search(r"^Timer:\s+\d+ Hz", out, re.M), out
    assert re.search(r"^\s+uart8250\s+/soc/serial@", out, re.M), out
    assert re.search(r"SRST yes", out), out


def test_host_heap_info(keel):
    out = keel.run("host heap info")
    lines = out.splitlines()
    assert lines[0].split() == ["CLASS", "IN-USE", "FREE", "SLABS"], out
    classes = [int(l.split()[0]) for l in lines[1:] if re.match(r"\s*\d+\s", l)]
    assert classes and classes == sorted(classes), out
    m = re.search(r"^Bytes in use:\s+(\d+)$", out, re.M)
    assert m and int(m.group(1)) > 0, out


def uptime(out):
    m = re.search(r"^Uptime:\s+(\d+\.\d+) s$", out, re.M)
    assert m, out
    return float(m.group(1))


def test_host_time(keel):
    out = keel.run("host time")
    first = uptime(out)
    assert first > 0
    m = re.search(r"^Timebase:\s+(\d+) Hz, now (\d+) ticks$", out, re.M)
    assert m, out
    hz, ticks = int(m.group(1)), int(m.group(2))
    assert hz == 10_000_000          # QEMU virt's timebase-frequency
    assert abs(ticks / hz - first) < 0.01
    assert re.search(r"^Booted in:\s+\d+ us", out, re.M), out
    assert re.search(r"^Hart timer:\s+\S", out, re.M), out
    assert uptime(keel.run("host time")) > first


def test_host_irq_stats(keel):
    # Typing raises console interrupts: the UART line must have counted some.
    out = keel.run("host irq stats")
    assert re.search(r"^Controller:\s+plic$", out, re.M), out
    m = re.search(r"^\s*10\s+\d+\s+(\d+)\s+uart8250$", out, re.M)
    assert m and int(m.group(1)) > 0, out
    harts = re.findall(r"^\s+cpu(\d+)\s+\d+\s+\d+\s+\d+$", out, re.M)
    assert harts == ["0", "1"], out


def test_devtree_print_cpus(keel):
    out = keel.run("devtree print /cpus")
    assert out.startswith("cpus {"), out
    assert "timebase-frequency = <0x989680>;" in out
    assert re.search(r"^\tcpu@0 \{$", out, re.M), out
    assert re.search(r"^\tcpu@1 \{$", out, re.M), out
    assert 'riscv,isa = "rv64' in out
    assert out.rstrip().endswith("};")
    assert out.count("{") == out.count("}")


def test_devtree_print_missing_node(keel):
    out = keel.run("devtree print /no-such-node")
    assert "error" in out and "/no-such-node" in out, out


def test_shutdown_exits_zero(keel):
    out = keel.shutdown()
    assert "Shutting down" in out


def test_reset_reboots(keel):
    keel.sendline("reset")
    keel.expect_exact("OpenSBI v")
    keel.wait_boot()
    assert "Keel" in keel.boot_output
    assert keel.run("version").startswith("Keel ")


def test_bios_default(boot):
    """QEMU's own OpenSBI (fw_dynamic) also boots Keel."""
    keel = boot(bios="default")
    assert "OpenSBI" in keel.boot_output
    assert keel.run("version").startswith("Keel ")
    keel.shutdown()
