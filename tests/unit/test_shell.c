/* Unit tests of the shell dispatcher, help and completion
 * (core/shell/shell.c, core/shell/help_cmd.c).
 *
 * The commands below are registered with SHELL_COMMAND, exactly as kernel
 * code does, and join `help` from help_cmd.c in the "shell_cmds" section of
 * the host executable. printk() and the line editor's echo both land in the
 * console stub's buffer (this suite is built with UNIT_PRINTK_TO_CONSOLE). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/shell.h>
#include <keel/line_edit.h>
#include <keel/history.h>
#include <keel/console.h>
#include <keel/errno.h>
#include <keel/string.h>

void unit_console_reset(void);
const char *unit_console_output(void);
void unit_console_set_input(const char *s, size_t n);

/* ------------------------------------------------------------ fake commands */

static char calls[1024];	/* "argv0 argv1|argv0|..." of every exec */

static int record(int argc, char **argv)
{
	size_t len = strlen(calls);

	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		assert_true(len + n + 2 < sizeof(calls));
		if (i)
			calls[len++] = ' ';
		memcpy(calls + len, argv[i], n);
		len += n;
	}
	calls[len++] = '|';
	calls[len] = '\0';
	return 0;
}

static int cmd_fail(int argc, char **argv)
{
	record(argc, argv);
	return -EIO;
}

static int cmd_badarg(int argc, char **argv)
{
	return -EINVAL;
}

static int cmd_quiet(int argc, char **argv)
{
	return shell_error(-ENOENT, "no guest named '%s'", argc > 1 ? argv[1] : "");
}

static void complete_guest(struct shell_completion *c, int argc, char **argv)
{
	assert_string_equal(argv[0], "destroy");
	shell_complete_add(c, "alpha");
	shell_complete_add(c, "beta");
	shell_complete_add(c, "bravo");
	shell_complete_add(c, "dir/");
}

static const struct shell_cmd host_cpu_sub[] = {
	{ .name = "info", .summary = "Show every hart and its state", .exec = record },
	{ .name = "list", .args = "[hart]", .summary = "List harts", .exec = record },
	{ 0 }
};

static const struct shell_cmd host_ram_sub[] = {
	{ .name = "info", .summary = "Show RAM banks", .exec = record },
	{ 0 }
};

static const struct shell_cmd host_sub[] = {
	{ .name = "cpu", .summary = "Harts", .sub = host_cpu_sub },
	{ .name = "ram", .summary = "Memory", .sub = host_ram_sub },
	{ .name = "reboot", .summary = "Restart the machine", .exec = record,
	  .help = "Example:\n  host reboot\n" },
	{ 0 }
};

static const struct shell_cmd guest_sub[] = {
	{ .name = "create", .args = "<name> <config>", .summary = "Create a guest",
	  .exec = record },
	{ .name = "destroy", .args = "<name>", .summary = "Destroy a guest",
	  .exec = record, .complete = complete_guest },
	{ 0 }
};

SHELL_COMMAND(host) = {
	.name = "host", .summary = "Host hardware", .sub = host_sub,
	.help = "Examples:\n  host cpu info",
};
SHELL_COMMAND(guest) = { .name = "guest", .summary = "Guests", .sub = guest_sub };
SHELL_COMMAND(echo) = {
	.name = "echo", .args = "[word...]", .summary = "Print words", .exec = record,
};
SHELL_COMMAND(env) = { .name = "env", .summary = "Environment", .exec = record };
SHELL_COMMAND(fail) = { .name = "fail", .summary = "Always fails", .exec = cmd_fail };
SHELL_COMMAND(badarg) = {
	.name = "badarg", .args = "<n>", .summary = "Rejects its arguments",
	.exec = cmd_badarg,
};
SHELL_COMMAND(quiet) = {
	.name = "quiet", .args = "<guest>", .summary = "Reports its own error",
	.exec = cmd_quiet,
};

#define NR_TOP		8	/* the seven above + help */

static int setup(void **state)
{
	shell_set_table(NULL, NULL);
	unit_console_reset();
	calls[0] = '\0';
	return 0;
}

/* Run a line (copied: it is split in place). */
static int run(const char *s)
{
	static char line[SHELL_LINE_MAX * 2];
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	return shell_exec_line(line);
}

static const char *out(void)
{
	return unit_console_output();
}

/* ------------------------------------------------------------ dispatch */

static void test_dispatch_nested(void **state)
{
	assert_int_equal(run("host cpu info"), 0);
	assert_int_equal(run("  host   cpu list 3 'a b'"), 0);
	assert_int_equal(run("host reboot now"), 0);
	assert_int_equal(run("echo"), 0);
	assert_string_equal(calls, "info|list 3 a b|reboot now|echo|");
	assert_string_equal(out(), "");
}

static void test_blank_lines(void **state)
{
	assert_int_equal(run(""), 0);
	assert_int_equal(run("   ;  ; "), 0);
	assert_string_equal(out(), "");
	assert_int_equal(shell_exec_argv(0, NULL), 0);
}

static void test_unknown_command(void **state)
{
	assert_int_equal(run("xyz 1 2"), -ENOENT);
	assert_string_equal(out(), "error: unknown command 'xyz' (try 'help')\n");
}

static void test_missing_subcommand(void **state)
{
	assert_int_equal(run("host"), -EINVAL);
	assert_non_null(strstr(out(), "error: host: missing sub-command\nusage:\n"));
	assert_non_null(strstr(out(), "  host cpu info "));
	assert_non_null(strstr(out(), "  host cpu list [hart] "));
	assert_non_null(strstr(out(), "  host ram info "));
	assert_non_null(strstr(out(), "  host reboot "));
	assert_string_equal(calls, "");
}

static void test_unknown_subcommand(void **state)
{
	assert_int_equal(run("host cpu frob"), -EINVAL);
	assert_non_null(strstr(out(),
		"error: host cpu: unknown sub-command 'frob'\nusage:\n"));
	assert_non_null(strstr(out(), "  host cpu info "));
	assert_null(strstr(out(), "host ram"));	/* only that node's subtree */
}

static void test_failing_command(void **state)
{
	assert_int_equal(run("fail x"), -EIO);
	assert_string_equal(out(), "error: fail: I/O error\n");
	unit_console_reset();
	assert_int_equal(run("badarg 1"), -EINVAL);
	assert_string_equal(out(),
		"error: badarg: invalid argument\nusage: badarg <n>\n");
}

static void test_command_reports_own_error(void **state)
{
	assert_int_equal(run("quiet vm1"), -ENOENT);
	assert_string_equal(out(), "error: no guest named 'vm1'\n");
	unit_console_reset();
	assert_int_equal(run("fail"), -EIO);	/* flag does not leak */
	assert_string_equal(out(), "error: fail: I/O error\n");
}

static void test_semicolons_run_all(void **state)
{
	assert_int_equal(run("echo a;bad;echo c"), -ENOENT);
	assert_string_equal(calls, "echo a|echo c|");
	assert_string_equal(out(), "error: unknown command 'bad' (try 'help')\n");
	calls[0] = '\0';
	/* the first error is returned */
	assert_int_equal(run("fail;bad;echo \"x;y\""), -EIO);
	assert_string_equal(calls, "fail|echo x;y|");
}

static void test_parse_errors(void **state)
{
	char many[SHELL_ARGS_MAX * 2 + 16] = "echo";

	assert_int_equal(run("echo \"abc; echo d"), -EINVAL);
	assert_string_equal(out(), "error: unterminated quote\n");
	assert_string_equal(calls, "");
	for (int i = 0; i < SHELL_ARGS_MAX; i++)
		memcpy(many + 4 + 2 * i, " x", 3);
	unit_console_reset();
	assert_int_equal(run(many), -E2BIG);
	assert_non_null(strstr(out(), "error: too many words"));
	assert_string_equal(calls, "");
}

static void test_bootcmd_echoes(void **state)
{
	assert_int_equal(shell_run_bootcmd(" echo one;; bad ;echo 'two;three'"),
			 -ENOENT);
	assert_string_equal(out(),
		SHELL_PROMPT "echo one\n"
		SHELL_PROMPT "bad \n"
		"error: unknown command 'bad' (try 'help')\n"
		SHELL_PROMPT "echo 'two;three'\n");
	assert_string_equal(calls, "echo one|echo two;three|");
}

static void test_bootcmd_too_long(void **state)
{
	static char big[2048];

	memset(big, 'e', sizeof(big) - 1);
	assert_int_equal(shell_run_bootcmd(big), -E2BIG);
	assert_non_null(strstr(out(), "error: boot command too long"));
}

static void test_table_swap(void **state)
{
	static const struct shell_cmd only[] = {
		{ .name = "solo", .summary = "The only one", .exec = record },
	};

	shell_set_table(only, only + 1);
	assert_int_equal(run("solo;echo"), -ENOENT);
	assert_string_equal(calls, "solo|");
	assert_ptr_equal(shell_cmd_next(NULL), &only[0]);
	assert_null(shell_cmd_next(&only[0]));
	shell_set_table(NULL, NULL);
	assert_int_equal(run("echo"), 0);
}

static void test_sorted_walk(void **state)
{
	const char *prev = "";
	int n = 0;

	for (const struct shell_cmd *c = shell_cmd_next(NULL); c;
	     c = shell_cmd_next(c)) {
		assert_true(strcmp(prev, c->name) < 0);
		prev = c->name;
		n++;
	}
	assert_int_equal(n, NR_TOP);
}

/* ------------------------------------------------------------ help */

/* Column where summary starts on the output line containing usage. */
static int summary_column(const char *usage, const char *summary)
{
	const char *line = strstr(out(), usage), *s;

	assert_non_null(line);
	assert_true(line == out() || line[-1] == '\n');
	s = strstr(line, summary);
	assert_non_null(s);
	assert_null(memchr(line, '\n', (size_t)(s - line)));
	return (int)(s - line);
}

static void test_help_lists_every_leaf(void **state)
{
	int col;

	assert_int_equal(run("help"), 0);
	col = summary_column("host cpu info ", "Show every hart and its state");
	assert_int_equal(summary_column("host cpu list [hart] ", "List harts"), col);
	assert_int_equal(summary_column("host ram info ", "Show RAM banks"), col);
	assert_int_equal(summary_column("host reboot ", "Restart the machine"), col);
	assert_int_equal(summary_column("guest create <name> <config> ",
					"Create a guest"), col);
	assert_int_equal(summary_column("guest destroy <name> ", "Destroy a guest"), col);
	assert_int_equal(summary_column("echo [word...] ", "Print words"), col);
	assert_int_equal(summary_column("env ", "Environment"), col);
	assert_int_equal(summary_column("fail ", "Always fails"), col);
	assert_int_equal(summary_column("help [command...] ", "List the commands"), col);
	/* branches are not lines of their own; sorted by name */
	assert_null(strstr(out(), "Host hardware"));
	assert_true(strstr(out(), "badarg") < strstr(out(), "echo"));
	assert_true(strstr(out(), "guest") < strstr(out(), "host"));
}

static void test_help_node(void **state)
{
	assert_int_equal(run("help host"), 0);
	assert_non_null(strstr(out(), "host - Host hardware\nusage:\n"));
	assert_non_null(strstr(out(), "  host cpu info "));
	assert_non_null(strstr(out(), "  host reboot "));
	assert_non_null(strstr(out(), "\nExamples:\n  host cpu info\n"));
	assert_null(strstr(out(), "echo"));
}

static void test_help_leaf(void **state)
{
	assert_int_equal(run("help host reboot"), 0);
	assert_string_equal(out(),
		"usage: host reboot\n"
		"  Restart the machine\n"
		"\nExample:\n  host reboot\n");
	unit_console_reset();
	assert_int_equal(run("help guest create"), 0);
	assert_string_equal(out(),
		"usage: guest create <name> <config>\n  Create a guest\n");
}

static void test_help_unknown(void **state)
{
	assert_int_equal(run("help host nope"), -ENOENT);
	assert_string_equal(out(),
		"error: help: unknown command 'host nope' (try 'help')\n");
	unit_console_reset();
	assert_int_equal(run("help echo x"), -ENOENT);	/* below a leaf */
}

/* ------------------------------------------------------------ completion */

static struct shell_completion comp;

static unsigned int complete(const char *line)
{
	return shell_complete(line, strlen(line), &comp);
}

/* The candidate names, space-separated. */
static const char *cands(void)
{
	static char text[SHELL_COMPLETE_LIST];
	size_t i;

	for (i = 0; i < comp.list_len; i++)
		text[i] = comp.list[i] ? comp.list[i] : ' ';
	text[i ? i - 1 : 0] = '\0';
	return text;
}

static void test_complete_unique(void **state)
{
	assert_int_equal(complete("ho"), 1);
	assert_string_equal(comp.word, "ho");
	assert_string_equal(comp.common, "host");
	assert_int_equal(complete("host c"), 1);
	assert_string_equal(comp.common, "cpu");
	assert_int_equal(complete("host cpu l"), 1);
	assert_string_equal(comp.common, "list");
	assert_int_equal(complete("echo a; gu"), 1);
	assert_string_equal(comp.common, "guest");
}

static void test_complete_ambiguous(void **state)
{
	assert_int_equal(complete("e"), 2);
	assert_string_equal(cands(), "echo env");
	assert_string_equal(comp.common, "e");
	assert_int_equal(complete("host "), 3);
	assert_string_equal(cands(), "cpu ram reboot");
	assert_int_equal(complete(""), NR_TOP);
	assert_string_equal(cands(), "badarg echo env fail guest help host quiet");
}

static void test_complete_none(void **state)
{
	assert_int_equal(complete("zz"), 0);
	assert_int_equal(complete("host cpu info "), 0);	/* leaf, no hook */
	assert_int_equal(complete("nope x"), 0);
	assert_int_equal(complete("echo \"unterminated"), 0);
}

static void test_complete_arg_hook(void **state)
{
	assert_int_equal(complete("guest destroy b"), 2);
	assert_string_equal(cands(), "beta bravo");
	assert_string_equal(comp.common, "b");
	assert_int_equal(complete("guest destroy "), 4);
	assert_int_equal(complete("guest destroy al"), 1);
	assert_string_equal(comp.common, "alpha");
}

static void test_complete_help_args(void **state)
{
	assert_int_equal(complete("help h"), 2);
	assert_string_equal(cands(), "help host");
	assert_int_equal(complete("help host c"), 1);
	assert_string_equal(comp.common, "cpu");
	assert_int_equal(complete("help guest destroy "), 0);	/* no arg hook */
	assert_int_equal(complete("help nope "), 0);
}

static void test_complete_cursor_mid_line(void **state)
{
	assert_int_equal(shell_complete("host cpu info", 6, &comp), 1);
	assert_string_equal(comp.word, "c");
	assert_string_equal(comp.common, "cpu");
}

/* ------------------------------------------------------------ TAB in the editor */

static struct line_editor le;
static struct history hist;

static void le_out(void *ctx, const char *s, size_t n)
{
	console_write(s, n);
}

static void type(const char *s)
{
	while (*s)
		assert_int_equal(le_feed(&le, *s++), LE_CONTINUE);
}

static int setup_le(void **state)
{
	setup(state);
	history_init(&hist);
	le_init(&le, &hist, SHELL_PROMPT);
	le.out = le_out;
	le.complete = shell_le_complete;
	return 0;
}

static void test_tab_unique_adds_space(void **state)
{
	type("ho\t");
	assert_string_equal(le.buf, "host ");
	assert_string_equal(out(), "host ");
	type("c\ti\t");
	assert_string_equal(le.buf, "host cpu info ");
	assert_int_equal(le_feed(&le, '\r'), LE_LINE);
	assert_int_equal(shell_exec_line(le.buf), 0);
	assert_string_equal(calls, "info|");
}

static void test_tab_ambiguous_lists(void **state)
{
	type("e");
	unit_console_reset();
	type("\t");
	assert_string_equal(le.buf, "e");
	assert_string_equal(out(), "\r\necho  env\r\n\r" SHELL_PROMPT "e\x1b[K");
}

static void test_tab_extends_common_prefix(void **state)
{
	type("guest destroy b");
	unit_console_reset();
	type("\t");	/* beta/bravo: nothing to extend, list */
	assert_non_null(strstr(out(), "\r\nbeta  bravo\r\n"));
	type("r\t");
	assert_string_equal(le.buf, "guest destroy bravo ");
	type("\x15" "guest destroy d\t");
	assert_string_equal(le.buf, "guest destroy dir/");	/* no space after / */
}

static void test_tab_no_match_bell(void **state)
{
	type("zz");
	unit_console_reset();
	type("\t");
	assert_string_equal(out(), "\a");
	assert_string_equal(le.buf, "zz");
}

static void test_tab_mid_line(void **state)
{
	type("host c info\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\t");
	assert_string_equal(le.buf, "host cpu info");
	assert_int_equal(le.cursor, 8);	/* space already there */
}

static void test_shell_main_loop(void **state)
{
	static const char input[] = "echo hi\r\nbogus\rhelp ho\t\r";

	unit_console_set_input(input, sizeof(input) - 1);
	shell_main("echo boot");
	assert_string_equal(calls, "echo boot|echo hi|");
	assert_non_null(strstr(out(), SHELL_PROMPT "echo boot\n" SHELL_PROMPT "echo hi\r\n"));
	assert_non_null(strstr(out(), SHELL_PROMPT "bogus\r\nerror: unknown command 'bogus'"));
	assert_non_null(strstr(out(), SHELL_PROMPT "help host \r\nhost - Host hardware\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dispatch_nested, setup),
		cmocka_unit_test_setup(test_blank_lines, setup),
		cmocka_unit_test_setup(test_unknown_command, setup),
		cmocka_unit_test_setup(test_missing_subcommand, setup),
		cmocka_unit_test_setup(test_unknown_subcommand, setup),
		cmocka_unit_test_setup(test_failing_command, setup),
		cmocka_unit_test_setup(test_command_reports_own_error, setup),
		cmocka_unit_test_setup(test_semicolons_run_all, setup),
		cmocka_unit_test_setup(test_parse_errors, setup),
		cmocka_unit_test_setup(test_bootcmd_echoes, setup),
		cmocka_unit_test_setup(test_bootcmd_too_long, setup),
		cmocka_unit_test_setup(test_table_swap, setup),
		cmocka_unit_test_setup(test_sorted_walk, setup),
		cmocka_unit_test_setup(test_help_lists_every_leaf, setup),
		cmocka_unit_test_setup(test_help_node, setup),
		cmocka_unit_test_setup(test_help_leaf, setup),
		cmocka_unit_test_setup(test_help_unknown, setup),
		cmocka_unit_test_setup(test_complete_unique, setup),
		cmocka_unit_test_setup(test_complete_ambiguous, setup),
		cmocka_unit_test_setup(test_complete_none, setup),
		cmocka_unit_test_setup(test_complete_arg_hook, setup),
		cmocka_unit_test_setup(test_complete_help_args, setup),
		cmocka_unit_test_setup(test_complete_cursor_mid_line, setup),
		cmocka_unit_test_setup(test_tab_unique_adds_space, setup_le),
		cmocka_unit_test_setup(test_tab_ambiguous_lists, setup_le),
		cmocka_unit_test_setup(test_tab_extends_common_prefix, setup_le),
		cmocka_unit_test_setup(test_tab_no_match_bell, setup_le),
		cmocka_unit_test_setup(test_tab_mid_line, setup_le),
		cmocka_unit_test_setup(test_shell_main_loop, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
