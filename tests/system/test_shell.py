"""The shell as a user types it: line editing, history, errors, boot command.

Keys are sent raw, as a terminal sends them; Enter is CR. Under -nographic
QEMU takes Ctrl-A as its own escape key: Ctrl-A Ctrl-A passes one Ctrl-A on.
"""
import re

LEFT, RIGHT, UP, DOWN = "\x1b[D", "\x1b[C", "\x1b[A", "\x1b[B"
HOME, END = "\x1b[H", "\x1b[F"
BACKSPACE, ENTER = "\x7f", "\r"
CTRL_A = "\x01\x01"     # QEMU's escape key, doubled
CTRL_E, CTRL_U, CTRL_C = "\x05", "\x15", "\x03"

VERSION = re.compile(r"^Keel \d+\.\d+\.\d+", re.M)


def assert_version(out):
    assert VERSION.match(out) and "error" not in out, out


def test_edit_left_backspace_end(keel):
    # "verxion": back over "ion", rub out the x, type s, jump to the end.
    _, out = keel.keys("verxion" + LEFT * 3 + BACKSPACE + "s" + END + ENTER)
    assert_version(out)


def test_edit_right_arrow(keel):
    _, out = keel.keys("vrsion" + LEFT * 5 + "e" + RIGHT * 5 + ENTER)
    assert_version(out)


def test_edit_home_insert(keel):
    _, out = keel.keys("ersion" + HOME + "v" + ENTER)
    assert_version(out)


def test_edit_ctrl_a_ctrl_e(keel):
    _, out = keel.keys("ersio" + CTRL_A + "v" + CTRL_E + "n" + ENTER)
    assert_version(out)


def test_history_up(keel):
    assert_version(keel.run("version"))
    assert keel.run("host time").startswith("Uptime:")
    # Up twice reaches "version"; it runs again.
    _, out = keel.keys(UP + UP + ENTER)
    assert_version(out)
    # The recalled line entered the history too: Up once recalls it.
    _, out = keel.keys(UP + ENTER)
    assert_version(out)


def test_history_down(keel):
    keel.run("version")
    keel.run("host time")
    _, out = keel.keys(UP + UP + DOWN + ENTER)
    assert out.startswith("Uptime:"), out


def test_history_runs_again(keel):
    first = keel.run("version")
    assert_version(first)
    echo, again = keel.keys(UP + ENTER)
    assert "version" in echo
    assert again == first        # the same output, a second time


def test_ctrl_u_clears_line(keel):
    _, out = keel.keys("nosuchcmd arg" + CTRL_U + "version" + ENTER)
    assert_version(out)


def test_ctrl_c_abandons_line(keel):
    keel.send("nosuchcmd" + CTRL_C)
    keel.expect_exact("nosuchcmd^C")
    text = keel.wait_prompt()
    assert "error" not in text
    assert_version(keel.run("version"))


def test_unknown_command(keel):
    out = keel.run("xyz")
    assert out.strip() == "error: unknown command 'xyz' (try 'help')"
    assert_version(keel.run("version"))


def test_missing_subcommand(keel):
    out = keel.run("host")
    assert out.startswith("error: host: missing sub-command\n"), out
    assert "host cpu info" in out


def test_unknown_subcommand(keel):
    out = keel.run("host bogus")
    assert out.startswith("error: host: unknown sub-command 'bogus'\n"), out


def test_help_host(keel):
    out = keel.run("help host")
    for sub in ["host info", "host cpu info", "host irq stats",
                "host ram info", "host heap info", "host time"]:
        assert re.search(rf"^\s+{sub}\s+\S", out, re.M), f"{sub}:\n{out}"
    assert "version" not in out


def test_help_unknown(keel):
    out = keel.run("help nosuch")
    assert out.strip() == "error: help: unknown command 'nosuch' (try 'help')"


def test_empty_line_reprompts(keel):
    echo, out = keel.keys(ENTER)
    assert echo == "" and out == ""
    echo, out = keel.keys("   " + ENTER)
    assert echo.strip() == "" and out == ""
    assert_version(keel.run("version"))


def test_semicolon_runs_each(keel):
    out = keel.run("version;nosuchcmd ; host time")
    lines = out.splitlines()
    assert VERSION.match(lines[0]), out
    assert lines[1] == "error: unknown command 'nosuchcmd' (try 'help')"
    assert lines[2].startswith("Uptime:"), out


def test_quotes_group_words(keel):
    out = keel.run("help 'host' \"cpu\" info")
    assert out.startswith("usage: host cpu info"), out
    out = keel.run("help 'a;b'")     # no split inside quotes
    assert out.strip() == "error: help: unknown command 'a;b' (try 'help')"
    out = keel.run("help 'unterminated")
    assert out.strip() == "error: unterminated quote"


# ---------------------------------------------------------------- boot command

def bootcmd_part(boot_output):
    """The console from the first echoed boot command to the prompt."""
    start = boot_output.find("keel# ")
    assert start >= 0, boot_output
    return boot_output[start:]


def test_bootcmd_runs_each_command(boot):
    keel = boot(bootcmd="version;nosuchcmd;host time")
    part = bootcmd_part(keel.boot_output)
    m = re.fullmatch(
        r"keel# version\n"
        r"Keel \d+\.\d+\.\d+[^\n]*\n"
        r"keel# nosuchcmd\n"
        r"error: unknown command 'nosuchcmd' \(try 'help'\)\n"
        r"keel# host time\n"
        r"Uptime:[^\n]*\n(?:[^\n]*\n)*?"
        r"keel# ", part)
    assert m, part
    assert_version(keel.run("version"))     # the shell is interactive


def test_bootcmd_empty_commands_skipped(boot):
    keel = boot(bootcmd=" ; version ;; ;")
    part = bootcmd_part(keel.boot_output)
    echoes = [e.rstrip() for e in re.findall(r"^keel# .*$", part, re.M)]
    assert echoes == ["keel# version", "keel#"], part


def test_bootcmd_quotes(boot):
    # Kernel-parameter rules group the value in double quotes; inside it the
    # shell's single quotes keep a ';' in one word.
    keel = boot(bootcmd="help 'a;b';help 'version'",
                append="console=ttyS0 earlycon")
    part = bootcmd_part(keel.boot_output)
    assert "keel# help 'a;b'\n" in part
    assert "error: help: unknown command 'a;b' (try 'help')\n" in part
    assert "keel# help 'version'\nusage: version\n" in part


def test_bootcmd_among_other_params(boot):
    keel = boot(append='quiet vmm.bootcmd="host time" loglevel=7')
    part = bootcmd_part(keel.boot_output)
    assert part.startswith("keel# host time\nUptime:"), part


def test_bootcmd_unterminated_quote(boot):
    keel = boot(bootcmd="help 'oops;version")
    part = bootcmd_part(keel.boot_output)
    assert "error: unterminated quote" in part, part
    assert_version(keel.run("version"))


def test_bootcmd_too_long(boot):
    keel = boot(bootcmd=";".join(["version"] * 150))   # 1199 bytes
    assert "vmm.bootcmd is longer than 1023 bytes, ignored" in keel.boot_output
    assert "keel# version" not in keel.boot_output
    assert_version(keel.run("version"))
