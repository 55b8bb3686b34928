/* Unit tests of core/shell/cmdline.c: word splitting with quotes and
 * escapes, ';' command splitting, and bootargs key=value lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/string.h>

#define MAX_ARGS 8

static char line[512];
static char *argv[MAX_ARGS + 1];

/* Split s (copied) and return argc. */
static int split(const char *s)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	return cmdline_split(line, argv, MAX_ARGS);
}

/* ------------------------------------------------------------ words */

static void test_split_plain(void **state)
{
	assert_int_equal(split("  host   cpu\tinfo  "), 3);
	assert_string_equal(argv[0], "host");
	assert_string_equal(argv[1], "cpu");
	assert_string_equal(argv[2], "info");
	assert_null(argv[3]);
}

static void test_split_empty(void **state)
{
	assert_int_equal(split(""), 0);
	assert_null(argv[0]);
	assert_int_equal(split(" \t \r\n"), 0);
}

static void test_split_double_quotes(void **state)
{
	assert_int_equal(split("guest create \"my vm\" x"), 4);
	assert_string_equal(argv[2], "my vm");
	assert_string_equal(argv[3], "x");
	/* quotes glue to neighbours; ';' and ' ' are plain inside */
	assert_int_equal(split("a\"b c\"d \"x;y\""), 2);
	assert_string_equal(argv[0], "ab cd");
	assert_string_equal(argv[1], "x;y");
}

static void test_split_single_quotes(void **state)
{
	assert_int_equal(split("echo 'it \"is\" \\n' 'x'"), 3);
	assert_string_equal(argv[1], "it \"is\" \\n");	/* all literal */
	assert_string_equal(argv[2], "x");
	assert_int_equal(split("\"it's\" 'say \"hi\"'"), 2);
	assert_string_equal(argv[0], "it's");
	assert_string_equal(argv[1], "say \"hi\"");
}

static void test_split_empty_quoted_word(void **state)
{
	assert_int_equal(split("a \"\" '' b"), 4);
	assert_string_equal(argv[1], "");
	assert_string_equal(argv[2], "");
	assert_string_equal(argv[3], "b");
}

static void test_split_escapes(void **state)
{
	assert_int_equal(split("a\\ b c\\\"d \\\\ \\'"), 4);
	assert_string_equal(argv[0], "a b");
	assert_string_equal(argv[1], "c\"d");
	assert_string_equal(argv[2], "\\");
	assert_string_equal(argv[3], "'");
	assert_int_equal(split("\"q\\\"uote\\\\\""), 1);
	assert_string_equal(argv[0], "q\"uote\\");
	assert_int_equal(split("end\\"), 1);	/* trailing backslash kept */
	assert_string_equal(argv[0], "end\\");
}

static void test_split_unterminated(void **state)
{
	assert_int_equal(split("echo \"abc"), -EINVAL);
	assert_int_equal(split("echo 'abc"), -EINVAL);
	assert_int_equal(split("echo \"a\\\""), -EINVAL);
	assert_int_equal(split("echo \"'\""), 2);
}

static void test_split_too_many(void **state)
{
	assert_int_equal(split("1 2 3 4 5 6 7 8"), 8);
	assert_string_equal(argv[7], "8");
	assert_int_equal(split("1 2 3 4 5 6 7 8 9"), -E2BIG);
	assert_int_equal(split("1 2 3 4 5 6 7 8   "), 8);
}

static void test_split_exact_array(void **state)
{
	char buf[] = "a b";
	char *two[2];

	/* argv full: no NULL slot is written past max_args */
	assert_int_equal(cmdline_split(buf, two, 2), 2);
	assert_string_equal(two[0], "a");
	assert_string_equal(two[1], "b");
}

/* ------------------------------------------------------------ commands */

static void test_next_simple(void **state)
{
	char buf[] = "a;b c; d";
	char *p = buf;

	assert_string_equal(cmdline_next(&p), "a");
	assert_string_equal(cmdline_next(&p), "b c");
	assert_string_equal(cmdline_next(&p), " d");
	assert_null(cmdline_next(&p));
	assert_null(cmdline_next(&p));
}

static void test_next_quotes(void **state)
{
	char buf[] = "echo \"x;y\" 'a;b' c\\;d;vfs run /boot.xscript";
	char *p = buf;

	assert_string_equal(cmdline_next(&p), "echo \"x;y\" 'a;b' c\\;d");
	assert_string_equal(cmdline_next(&p), "vfs run /boot.xscript");
	assert_null(cmdline_next(&p));
}

static void test_next_empty_parts(void **state)
{
	char buf[] = ";;a;";
	char empty[] = "";
	char *p = buf;

	assert_string_equal(cmdline_next(&p), "");
	assert_string_equal(cmdline_next(&p), "");
	assert_string_equal(cmdline_next(&p), "a");
	assert_string_equal(cmdline_next(&p), "");
	assert_null(cmdline_next(&p));
	p = empty;
	assert_string_equal(cmdline_next(&p), "");
	assert_null(cmdline_next(&p));
}

static void test_next_unterminated_quote(void **state)
{
	char buf[] = "echo \"a;b";
	char *p = buf;

	/* the quote runs to the end; cmdline_split() reports it */
	assert_string_equal(cmdline_next(&p), "echo \"a;b");
	assert_null(cmdline_next(&p));
}

/* ------------------------------------------------------------ bootargs */

static const char *const args =
	"console=ttyS0 earlycon vmm.bootcmd=\"vfs mount initrd /;vfs run /boot.xscript\""
	" xvmm.debug=1 vmm.debugx=2 vmm.debug=3 empty= root=/dev/vda";

static void test_bootargs_quoted(void **state)
{
	char out[128];
	int n = bootargs_get(args, "vmm.bootcmd", out, sizeof(out));

	assert_string_equal(out, "vfs mount initrd /;vfs run /boot.xscript");
	assert_int_equal(n, (int)strlen(out));
}

static void test_bootargs_plain(void **state)
{
	char out[16];

	assert_int_equal(bootargs_get(args, "console", out, sizeof(out)), 5);
	assert_string_equal(out, "ttyS0");
	assert_int_equal(bootargs_get(args, "root", out, sizeof(out)), 8);
	assert_string_equal(out, "/dev/vda");
}

static void test_bootargs_suffix_prefix(void **state)
{
	char out[16];

	/* "xvmm.debug" and "vmm.debugx" must not match "vmm.debug" */
	assert_int_equal(bootargs_get(args, "vmm.debug", out, sizeof(out)), 1);
	assert_string_equal(out, "3");
	assert_int_equal(bootargs_get(args, "debug", out, sizeof(out)), -ENOENT);
	assert_int_equal(bootargs_get(args, "vmm", out, sizeof(out)), -ENOENT);
}

static void test_bootargs_missing(void **state)
{
	char out[16] = "keep";

	assert_int_equal(bootargs_get(args, "vmm.nope", out, sizeof(out)), -ENOENT);
	assert_string_equal(out, "keep");
	assert_int_equal(bootargs_get("", "a", out, sizeof(out)), -ENOENT);
	assert_int_equal(bootargs_get("   ", "a", out, sizeof(out)), -ENOENT);
	assert_int_equal(bootargs_get(NULL, "a", out, sizeof(out)), -ENOENT);
	assert_int_equal(bootargs_get("a=1", "", out, sizeof(out)), -ENOENT);
}

static void test_bootargs_bare_and_empty(void **state)
{
	char out[16] = "x";

	assert_int_equal(bootargs_get(args, "earlycon", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	out[0] = 'x';
	assert_int_equal(bootargs_get(args, "empty", out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void test_bootargs_too_small(void **state)
{
	char out[6];

	assert_int_equal(bootargs_get(args, "console", out, 6), 5);
	assert_int_equal(bootargs_get(args, "console", out, 5), -E2BIG);
	assert_int_equal(bootargs_get(args, "console", out, 0), -E2BIG);
	assert_int_equal(bootargs_get(args, "earlycon", out, 0), -E2BIG);
}

static void test_bootargs_quoted_key_later(void **state)
{
	char out[64];

	/* a quoted value with a fake "key=" inside is skipped as a whole */
	assert_int_equal(bootargs_get("a=\"b=1 c=2\" c=3", "c", out, sizeof(out)), 1);
	assert_string_equal(out, "3");
	assert_int_equal(bootargs_get("a=\"b=1 c=2\" c=3", "a", out, sizeof(out)), 7);
	assert_string_equal(out, "b=1 c=2");
	/* first match wins; tabs and newlines separate */
	assert_int_equal(bootargs_get("k=1\tk=2\nj=\"x y\"z", "j", out, sizeof(out)), 4);
	assert_string_equal(out, "x yz");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_plain),
		cmocka_unit_test(test_split_empty),
		cmocka_unit_test(test_split_double_quotes),
		cmocka_unit_test(test_split_single_quotes),
		cmocka_unit_test(test_split_empty_quoted_word),
		cmocka_unit_test(test_split_escapes),
		cmocka_unit_test(test_split_unterminated),
		cmocka_unit_test(test_split_too_many),
		cmocka_unit_test(test_split_exact_array),
		cmocka_unit_test(test_next_simple),
		cmocka_unit_test(test_next_quotes),
		cmocka_unit_test(test_next_empty_parts),
		cmocka_unit_test(test_next_unterminated_quote),
		cmocka_unit_test(test_bootargs_quoted),
		cmocka_unit_test(test_bootargs_plain),
		cmocka_unit_test(test_bootargs_suffix_prefix),
		cmocka_unit_test(test_bootargs_missing),
		cmocka_unit_test(test_bootargs_bare_and_empty),
		cmocka_unit_test(test_bootargs_too_small),
		cmocka_unit_test(test_bootargs_quoted_key_later),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
