/* Unit tests of xscript (core/vfs/xscript.c): the parser on its own, and
 * the runner through the real shell dispatcher with fake commands
 * registered here (SHELL_COMMAND, as kernel code does) and fake script
 * files behind vfs_read_file(). printk() lands in the console stub's
 * buffer (UNIT_PRINTK_TO_CONSOLE), so the error lines can be checked.
 * kmalloc() is the C library's (heap_stub.c): AddressSanitizer checks
 * buffer bounds and reports leaks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <keel/vfs.h>
#include <keel/xscript.h>

void unit_console_reset(void);
const char *unit_console_output(void);

/* append()/append_n() stand-ins (glibc's <string.h> clashes with Keel's
 * strerror()): append at most n bytes of s to the string in dst. */
static void append_n(char *dst, const char *s, size_t n)
{
	size_t len = strlen(dst), k = strnlen(s, n);

	memcpy(dst + len, s, k);
	dst[len + k] = '\0';
}

static void append(char *dst, const char *s)
{
	append_n(dst, s, strlen(s));
}

/* ------------------------------------------------------------ fake commands */

static char calls[4096];	/* "argv0 argv1|..." of every command run */

static int record(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		assert_true(strlen(calls) + strlen(argv[i]) + 2 < sizeof(calls));
		if (i)
			append(calls, " ");
		append(calls, argv[i]);
	}
	append(calls, "|");
	return 0;
}

static int cmd_fail(int argc, char **argv)
{
	record(argc, argv);
	return -EIO;
}

static int cmd_quiet(int argc, char **argv)
{
	record(argc, argv);
	return shell_error(-ENODEV, "no gadget named '%s'", argc > 1 ? argv[1] : "");
}

static int cmd_run(int argc, char **argv)
{
	record(argc, argv);
	return argc == 2 ? xscript_run_file(argv[1]) : -EINVAL;
}

SHELL_COMMAND(ok) = { .name = "ok", .summary = "Succeeds", .exec = record };
SHELL_COMMAND(fail) = { .name = "fail", .summary = "Fails with EIO", .exec = cmd_fail };
SHELL_COMMAND(quiet) = {
	.name = "quiet", .summary = "Fails with its own message", .exec = cmd_quiet,
};
SHELL_COMMAND(run) = { .name = "run", .args = "<script>", .exec = cmd_run };

/* ------------------------------------------------------------ fake files */

static const struct {
	const char *name, *text;
} files[] = {
	{ "top", "ok top\nrun child\nok after\n" },
	{ "child", "ok child1\nfail x\nok child3\n" },
	{ "loop", "ok loop\nrun loop\n" },
	{ "missing", "ok m\nrun nope\nok after\n" },
	{ "lenient_child", "onerror continue\nfail a\nok b\n" },
	{ "strict_parent", "run lenient_child\nok after\n" },
	{ "fine", "ok f1; ok f2 # done\n" },
	{ "calls_fine", "run fine\nok after\n" },
};

int vfs_read_file(const char *path, void **data, size_t *len, size_t max)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t n = strlen(files[i].text);

		if (strcmp(files[i].name, path))
			continue;
		if (n > max)
			return -E2BIG;
		*data = kmalloc(n + 1);
		assert_non_null(*data);
		memcpy(*data, files[i].text, n + 1);
		*len = n;
		return 0;
	}
	return -ENOENT;
}

/* ------------------------------------------------------------ fixtures */

static int setup(void **state)
{
	unit_console_reset();
	calls[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	return 0;
}

static const char *out(void)
{
	return unit_console_output();
}

/* Occurrences of s in the console output. */
static unsigned int count_out(const char *s)
{
	unsigned int n = 0;

	for (const char *p = out(); (p = strstr(p, s)); p++)
		n++;
	return n;
}

static int run_text(const char *name, const char *text)
{
	return xscript_run(name, text, strlen(text));
}

/* ------------------------------------------------------------ parser */

/* Iterate over text; "cmd@line|..." for commands, "!err@line|" for errors. */
static const char *parse(const char *text, size_t len)
{
	static char res[2048];
	struct xscript_iter it;
	char *cmd;
	int ret;

	res[0] = '\0';
	xscript_iter_init(&it, text, len);
	while ((ret = xscript_next(&it, &cmd)) != 0) {
		size_t n = strlen(res);

		if (ret > 0)
			snprintf(res + n, sizeof(res) - n, "%s@%u|", cmd, it.line);
		else
			snprintf(res + n, sizeof(res) - n, "!%d@%u|", -ret, it.line);
	}
	assert_int_equal(xscript_next(&it, &cmd), 0);	/* stays at the end */
	return res;
}

#define PARSE(s)	parse(s, sizeof(s) - 1)

static void test_parse_comments_and_blanks(void **state)
{
	assert_string_equal(PARSE("# header\n\n   \nok a # trailing\n\t# indented\nok b\n"),
			    "ok a@4|ok b@6|");
	assert_string_equal(PARSE("#only\n#comments"), "");
	assert_string_equal(PARSE(""), "");
	assert_string_equal(PARSE("\n\n\n"), "");
	assert_string_equal(PARSE("ok#tight"), "ok@1|");
	assert_string_equal(parse(NULL, 10), "");
}

static void test_parse_semicolons(void **state)
{
	assert_string_equal(PARSE("ok a; ok b;;ok c ;\n ; \nok d"),
			    "ok a@1|ok b@1|ok c@1|ok d@3|");
	assert_string_equal(PARSE("ok a; # ok b; ok c\nok d"), "ok a@1|ok d@2|");
}

static void test_parse_quotes(void **state)
{
	char *argv[8];
	char line[64];

	assert_string_equal(PARSE("ok \"a # b; c\" 'd;#e' f\\#g\\;h # real\n"),
			    "ok \"a # b; c\" 'd;#e' f\\#g\\;h@1|");
	line[0] = '\0';
	append(line, "ok \"a # b; c\" 'd;#e' f\\#g\\;h");
	assert_int_equal(cmdline_split(line, argv, 8), 4);
	assert_string_equal(argv[1], "a # b; c");
	assert_string_equal(argv[2], "d;#e");
	assert_string_equal(argv[3], "f#g;h");
	assert_string_equal(PARSE("ok \"it's\" # x\nok 'say \"hi\"'"),
			    "ok \"it's\"@1|ok 'say \"hi\"'@2|");
	assert_string_equal(PARSE("ok \"a\\\"#b\" # c"), "ok \"a\\\"#b\"@1|");
	assert_string_equal(PARSE("ok \"open # x\nok next\nok 'also\n"),
			    "!22@1|ok next@2|!22@3|");
}

static void test_parse_crlf(void **state)
{
	assert_string_equal(PARSE("ok a\r\nok b\r\n\r\n# c\r\nok c"),
			    "ok a@1|ok b@2|ok c@5|");
	assert_string_equal(PARSE("ok a # x\r\n"), "ok a@1|");
	assert_string_equal(PARSE("\r\n\r"), "");
	assert_string_equal(PARSE("\xef\xbb\xbfok bom\r\n"), "ok bom@1|");
}

static void test_parse_long_lines(void **state)
{
	char text[3 * SHELL_LINE_MAX];
	char want[2 * SHELL_LINE_MAX];
	char *p = text;

	p += sprintf(p, "ok a\n");
	memset(p, 'x', SHELL_LINE_MAX + 1);	/* one too long */
	p += SHELL_LINE_MAX + 1;
	p += sprintf(p, "\r\nok b\n");
	memcpy(p, "ok ", 3);			/* exactly SHELL_LINE_MAX */
	memset(p + 3, 'y', SHELL_LINE_MAX - 3);
	p += SHELL_LINE_MAX;
	p += sprintf(p, "\r\n");
	snprintf(want, sizeof(want), "ok a@1|!%d@2|ok b@3|ok %.*s@4|", E2BIG,
		 SHELL_LINE_MAX - 3, text + 5 + SHELL_LINE_MAX + 1 + 7 + 3);
	assert_string_equal(parse(text, (size_t)(p - text)), want);
}

static void test_parse_nul_byte(void **state)
{
	static const char text[] = "ok a\nok\0b\nok c";

	assert_string_equal(parse(text, sizeof(text) - 1), "ok a@1|!84@2|ok c@3|");
	assert_string_equal(xscript_strerror(-EILSEQ), "NUL byte in line (not a text file?)");
	assert_string_equal(xscript_strerror(-E2BIG), "line too long (at most 256 characters)");
}

/* ------------------------------------------------------------ runner */

static void test_run_all_lines(void **state)
{
	assert_int_equal(run_text("s", "ok 1\n# c\nok 2; ok \"3 #\"\n"), 0);
	assert_string_equal(calls, "ok 1|ok 2|ok 3 #|");
	assert_string_equal(out(), "");
}

static void test_run_stops_at_failure(void **state)
{
	assert_int_equal(run_text("boot.xs", "ok 1\nok 2\nfail x; ok same-line\nok 4\n"), -EIO);
	assert_string_equal(calls, "ok 1|ok 2|fail x|");
	assert_string_equal(out(), "error: fail: I/O error\n"	/* the shell's */
			    "error: boot.xs:3: I/O error\n");
}

static void test_run_command_message(void **state)
{
	assert_int_equal(run_text("s", "\nquiet gizmo\nok no\n"), -ENODEV);
	assert_string_equal(out(), "error: no gadget named 'gizmo'\n"
			    "error: s:2: no such device\n");
	unit_console_reset();
	assert_int_equal(run_text("s", "nosuch thing\nok no\n"), -ENOENT);
	assert_non_null(strstr(out(), "unknown command 'nosuch'"));
	assert_non_null(strstr(out(), "error: s:1: unknown command 'nosuch'\n"));
	assert_string_equal(calls, "quiet gizmo|");
}

static void test_run_parse_errors(void **state)
{
	char text[SHELL_LINE_MAX + 32];

	memset(text, 'x', sizeof(text));
	memcpy(text, "ok 1\n", 5);
	memcpy(text + sizeof(text) - 6, "\nok 3", 5);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(run_text("long", text), -E2BIG);
	assert_string_equal(out(), "error: long:2: line too long (at most 256 characters)\n");
	unit_console_reset();
	assert_int_equal(run_text("q", "ok 'open\n"), -EINVAL);
	assert_string_equal(out(), "error: q:1: unterminated quote\n");
	unit_console_reset();
	assert_int_equal(run_text("w", "ok 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 "
				  "21 22 23 24 25 26 27 28 29 30 31 32\n"), -E2BIG);
	assert_string_equal(out(), "error: w:1: too many words in a command\n");
	assert_string_equal(calls, "ok 1|");
}

static void test_run_keep_going(void **state)
{
	assert_int_equal(run_text("k", "onerror continue\nfail a\nok b\nfail c; ok d\n"
				  "ok 'open\nonerror stop\nfail e\nok f\n"), -EIO);
	assert_string_equal(calls, "fail a|ok b|fail c|ok d|fail e|");
	assert_string_equal(out(), "error: fail: I/O error\n"
			    "error: k:2: I/O error\n"
			    "error: fail: I/O error\n"
			    "error: k:4: I/O error\n"
			    "error: k:5: unterminated quote\n"
			    "error: fail: I/O error\n"
			    "error: k:7: I/O error\n");
}

static void test_run_keep_going_returns_first_error(void **state)
{
	assert_int_equal(run_text("k", "onerror continue\nquiet\nfail\nok end"), -ENODEV);
	assert_string_equal(calls, "quiet|fail|ok end|");
	assert_non_null(strstr(out(), "error: k:3: I/O error\n"
			       "error: k: 2 command(s) failed, the first on line 2\n"));
}

static void test_run_bad_directive(void **state)
{
	assert_int_equal(run_text("d", "onerror sometimes\nok no\n"), -EINVAL);
	assert_string_equal(out(), "error: d:1: usage: onerror continue|stop\n");
	assert_string_equal(calls, "");
}

static void test_run_file(void **state)
{
	assert_int_equal(xscript_run_file("fine"), 0);
	assert_string_equal(calls, "ok f1|ok f2|");
	assert_int_equal(xscript_run_file("calls_fine"), 0);
	assert_string_equal(calls, "ok f1|ok f2|run fine|ok f1|ok f2|ok after|");
	assert_string_equal(out(), "");
	assert_int_equal(xscript_run_file("nope"), -ENOENT);
	assert_string_equal(out(), "error: nope: no such file or directory\n");
}

static void test_nested_failure(void **state)
{
	assert_int_equal(xscript_run_file("top"), -EIO);
	assert_string_equal(calls, "ok top|run child|ok child1|fail x|");
	assert_string_equal(out(), "error: fail: I/O error\n"
			    "error: child:2: I/O error\n"
			    "error: top:2: nested script failed\n");
}

static void test_nested_missing_file(void **state)
{
	assert_int_equal(xscript_run_file("missing"), -ENOENT);
	assert_string_equal(calls, "ok m|run nope|");
	assert_string_equal(out(), "error: nope: no such file or directory\n"
			    "error: missing:2: no such file or directory\n");
}

static void test_directive_is_per_script(void **state)
{
	assert_int_equal(xscript_run_file("strict_parent"), -EIO);
	assert_string_equal(calls, "run lenient_child|fail a|ok b|");
	assert_string_equal(out(), "error: fail: I/O error\n"
			    "error: lenient_child:2: I/O error\n"
			    "error: lenient_child: 1 command(s) failed, the first on line 2\n"
			    "error: strict_parent:1: nested script failed\n");
}

static void test_nesting_limit(void **state)
{
	char want[512] = "";

	assert_int_equal(xscript_run_file("loop"), -ELOOP);
	for (int i = 0; i < XSCRIPT_DEPTH_MAX; i++)
		append(want, "ok loop|run loop|");
	assert_string_equal(calls, want);
	assert_int_equal(count_out("error: loop:2: scripts nested too deeply\n"), 1);
	assert_int_equal(count_out("error: loop:2: nested script failed\n"),
			 XSCRIPT_DEPTH_MAX - 1);
	assert_ptr_equal(strstr(out(), "error: loop:"), out());
	assert_string_equal(out(),
			    "error: loop: not run: scripts nested more than 8 deep\n"
			    "error: loop:2: scripts nested too deeply\n"
			    "error: loop:2: nested script failed\n"
			    "error: loop:2: nested script failed\n"
			    "error: loop:2: nested script failed\n"
			    "error: loop:2: nested script failed\n"
			    "error: loop:2: nested script failed\n"
			    "error: loop:2: nested script failed\n"
			    "error: loop:2: nested script failed\n");
	assert_int_equal(XSCRIPT_DEPTH_MAX, 8);
	/* the depth is back to 0: a script runs again */
	unit_console_reset();
	calls[0] = '\0';
	assert_int_equal(xscript_run_file("fine"), 0);
	assert_string_equal(out(), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_comments_and_blanks),
		cmocka_unit_test(test_parse_semicolons),
		cmocka_unit_test(test_parse_quotes),
		cmocka_unit_test(test_parse_crlf),
		cmocka_unit_test(test_parse_long_lines),
		cmocka_unit_test(test_parse_nul_byte),
		cmocka_unit_test_setup_teardown(test_run_all_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_stops_at_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_command_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_parse_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_keep_going, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_keep_going_returns_first_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_bad_directive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directive_is_per_script, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nesting_limit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
