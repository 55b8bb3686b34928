/* Host unit tests for lib/printf.c: vsnprintf()/snprintf() output and return
 * values for every conversion, flag, width, precision and length modifier,
 * truncation, and the vcbprintf() callback interface. The suite is built
 * with keel_* renames (tests/unit/suites/lib.mk), so these are Keel's
 * functions, not glibc's. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <cmocka.h>

#include <keel/printf.h>
#include <keel/string.h>

/* Format into a large buffer; the text and the returned length must both
 * match expect. */
static void check_fmt(const char *file, int line, const char *expect,
		      const char *fmt, va_list ap)
{
	char buf[256];
	va_list copy;
	int n;

	memset(buf, 'X', sizeof(buf));
	va_copy(copy, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, copy);
	va_end(copy);
	_assert_string_equal(buf, expect, file, line);
	_assert_int_equal((uintmax_t)n, strlen(expect), file, line);
}

static void __printf(4, 5) check_at(const char *file, int line,
				    const char *expect, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_fmt(file, line, expect, fmt, ap);
	va_end(ap);
}

/* Same without compile-time format checking, for combinations that C leaves
 * undefined or gcc warns about but the formatter still defines. */
static void check_unchecked_at(const char *file, int line, const char *expect,
			       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_fmt(file, line, expect, fmt, ap);
	va_end(ap);
}

#define CHECK(expect, ...)	check_at(__FILE__, __LINE__, expect, __VA_ARGS__)
#define CHECK_NF(expect, ...) \
	check_unchecked_at(__FILE__, __LINE__, expect, __VA_ARGS__)

static void test_plain_text(void **state)
{
	CHECK("", "%s", "");
	CHECK("hello", "hello");
	CHECK("%", "%%");
	CHECK("a%b%%c", "a%%b%%%%c");
	CHECK("tab\tnl\n", "tab\tnl\n");
}

static void test_signed_decimal(void **state)
{
	CHECK("0", "%d", 0);
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("2147483647", "%d", INT_MAX);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("-9223372036854775808", "%ld", LONG_MIN);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("9223372036854775807", "%lli", (long long)INT64_MAX);
	CHECK("-9223372036854775808", "%jd", INTMAX_MIN);
	CHECK("-1", "%zd", (ptrdiff_t)-1);
	CHECK("-12345", "%td", (ptrdiff_t)-12345);
}

static void test_unsigned_decimal(void **state)
{
	CHECK("0", "%u", 0u);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("18446744073709551615", "%ju", UINTMAX_MAX);
	CHECK("123456789", "%zu", (size_t)123456789);
	CHECK("4294967296", "%zu", (size_t)1 << 32);
	CHECK("7", "%tu", (ptrdiff_t)7);
}

/* hh and h narrow the promoted int back to char/short. */
static void test_narrow_lengths(void **state)
{
	CHECK_NF("-1", "%hhd", 255);
	CHECK_NF("-128", "%hhd", 128);
	CHECK_NF("0", "%hhu", 256);
	CHECK("255", "%hhu", (unsigned char)255);
	CHECK_NF("ff", "%hhx", 0x1ff);
	CHECK_NF("-1", "%hd", 65535);
	CHECK_NF("-32768", "%hd", 32768);
	CHECK_NF("5", "%hu", 65536 + 5);
	CHECK_NF("ffff", "%hx", 0xfffff);
	CHECK("177777", "%ho", (unsigned short)0xffff);
}

static void test_hex_octal(void **state)
{
	CHECK("ff", "%x", 255u);
	CHECK("FF", "%X", 255u);
	CHECK("deadbeef", "%x", 0xdeadbeefu);
	CHECK("DEADBEEF", "%X", 0xdeadbeefu);
	CHECK("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	CHECK("123456789abcdef0", "%lx", 0x123456789abcdef0ul);
	CHECK("0", "%x", 0u);
	CHECK("10", "%o", 8u);
	CHECK("1777777777777777777777", "%lo", ULONG_MAX);
	CHECK("ffffffff", "%x", -1);
}

static void test_alternate_form(void **state)
{
	CHECK("0xff", "%#x", 255u);
	CHECK("0XFF", "%#X", 255u);
	CHECK("0", "%#x", 0u);		/* no prefix on zero */
	CHECK("010", "%#o", 8u);
	CHECK("0", "%#o", 0u);
	CHECK("0x0000ff", "%#08x", 255u);
	CHECK("    0xff", "%#8x", 255u);
	CHECK("0xff    |", "%-#8x|", 255u);
	CHECK("0x00ff", "%#.4x", 255u);
	CHECK("010", "%#.3o", 8u);	/* precision already gives the 0 */
	CHECK("00010", "%#.5o", 8u);
}

static void test_width_and_flags(void **state)
{
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK_NF("42   |", "%-05d|", 42);	/* '-' overrides '0' */
	CHECK("  -42", "%5d", -42);
	CHECK("-0042", "%05d", -42);
	CHECK("+42", "%+d", 42);
	CHECK("-42", "%+d", -42);
	CHECK("+0", "%+d", 0);
	CHECK(" 42", "% d", 42);
	CHECK("-42", "% d", -42);
	CHECK_NF("+42", "%+ d", 42);	/* '+' overrides ' ' */
	CHECK("+0042", "%+05d", 42);
	CHECK(" 0042", "% 05d", 42);
	CHECK("  +42|", "%+5d|", 42);
	CHECK("+42  |", "%-+5d|", 42);
	CHECK_NF("42", "%+u", 42u);	/* sign flags only for signed */
	CHECK_NF("2a", "% x", 42u);
	CHECK("42", "%1d", 42);		/* width smaller than the number */
	CHECK("0000000000ABC", "%013X", 0xabcu);
	CHECK("-9223372036854775808", "%5lld", (long long)INT64_MIN);
	CHECK("-00009223372036854775808", "%024lld", (long long)INT64_MIN);
}

static void test_precision(void **state)
{
	CHECK("00042", "%.5d", 42);
	CHECK("-00042", "%.5d", -42);
	CHECK("   00042", "%8.5d", 42);
	CHECK_NF("   00042", "%08.5d", 42);	/* '0' ignored with precision */
	CHECK("00042   |", "%-8.5d|", 42);
	CHECK("42", "%.1d", 42);
	CHECK("00a", "%.3x", 0xau);
	CHECK("+007", "%+.3d", 7);
	CHECK("123", "%.0d", 123);
}

/* C: zero converted with precision 0 produces no digits. */
static void test_zero_with_zero_precision(void **state)
{
	CHECK("", "%.0d", 0);
	CHECK("", "%.d", 0);		/* a lone '.' means 0 */
	CHECK("", "%.0u", 0u);
	CHECK("", "%.0x", 0u);
	CHECK("", "%#.0x", 0u);
	CHECK("0", "%#.0o", 0u);	/* except %#o, which keeps its 0 */
	CHECK("     ", "%5.0d", 0);
	CHECK("+", "%+.0d", 0);
	CHECK(" ", "% .0d", 0);
	CHECK("[]", "[%.0d]", 0);
}

static void test_star_width_precision(void **state)
{
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42);	/* negative width means '-' */
	CHECK("007", "%.*d", 3, 7);
	CHECK("7", "%.*d", -1, 7);		/* negative precision: absent */
	CHECK("    he", "%*.*s", 6, 2, "hello");
	CHECK("he    |", "%-*.*s|", 6, 2, "hello");
	CHECK("  0x0000ab", "%#*.*x", 10, 6, 0xabu);
	CHECK("x=   42 y=7", "x=%*d y=%d", 5, 42, 7);
}

static void test_strings(void **state)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };

	CHECK("abc", "%s", "abc");
	CHECK("  abc", "%5s", "abc");
	CHECK("abc  |", "%-5s|", "abc");
	CHECK("ab", "%.2s", "abc");
	CHECK("", "%.0s", "abc");
	CHECK("abc", "%.10s", "abc");
	CHECK("abc", "%2s", "abc");
	CHECK("   ab", "%5.2s", "abc");
	/* the precision bounds the read: ASan checks no byte past [2] is read */
	CHECK("abc", "%.3s", unterminated);
}

static void test_null_string(void **state)
{
	const char *null = NULL;

	CHECK_NF("(null)", "%s", null);
	CHECK_NF("    (null)", "%10s", null);
	CHECK_NF("(null)    |", "%-10s|", null);
	CHECK_NF("(nu", "%.3s", null);
}

static void test_chars(void **state)
{
	char buf[8];
	int n;

	CHECK("x", "%c", 'x');
	CHECK("  x", "%3c", 'x');
	CHECK("x  |", "%-3c|", 'x');
	CHECK("a1b", "%c%d%c", 'a', 1, 'b');
	CHECK("\xff", "%c", 0xff);
	/* %c of NUL counts as a character and is stored */
	memset(buf, 'X', sizeof(buf));
	n = snprintf(buf, sizeof(buf), "a%cb", 0);
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "a\0b\0", 4);
}

static void test_pointer(void **state)
{
	CHECK("0x1234", "%p", (void *)0x1234);
	CHECK("0x0", "%p", NULL);
	CHECK("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	CHECK("  0xabc", "%7p", (void *)0xabc);
	CHECK("0xabc   |", "%-8p|", (void *)0xabc);
	CHECK_NF("0x00000abc", "%010p", (void *)0xabc);
}

static void test_unknown_conversion(void **state)
{
	CHECK_NF("%q", "%q");
	CHECK_NF("%-5q|", "%-5q|");
	CHECK_NF("a%lq1", "a%lq%d", 1);
	CHECK_NF("abc%", "abc%");
	CHECK_NF("abc%5", "abc%5");
}

static void test_many_arguments(void **state)
{
	CHECK("1 2 3 4 5 6 7 8 9 10 11 12",
	      "%d %ld %lld %u %lu %llu %x %zu %c %s %hd %jd",
	      1, 2L, 3LL, 4u, 5UL, 6ULL, 7u, (size_t)8, '9', "10", (short)11,
	      (intmax_t)12);
	CHECK("name=vm0 id=3 base=0x80000000 [ok  ]|",
	      "name=%s id=%d base=%#lx [%-4s]|", "vm0", 3, 0x80000000ul, "ok");
}

static void test_truncation(void **state)
{
	char buf[16];

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 5, "hello world"), 11);
	assert_memory_equal(buf, "hell\0XXXXXX", 11);	/* bytes past size kept */

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 12, "hello world"), 11);	/* exact fit */
	assert_string_equal(buf, "hello world");
	assert_int_equal(buf[12], 'X');

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 11, "hello world"), 11);
	assert_string_equal(buf, "hello worl");

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 0, "%s", "abc"), 3);
	assert_int_equal(buf[0], 'X');			/* size 0 writes nothing */
	assert_int_equal(snprintf(NULL, 0, "%08x", 1u), 8);

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 4, "%5d", 42), 5);
	assert_string_equal(buf, "   ");
}

/* vcbprintf sink collecting into a string. */
struct collect {
	char text[64];
	int calls;
};

static void collect_out(char c, void *ctx)
{
	struct collect *col = ctx;

	col->text[col->calls++] = c;
}

static int __printf(2, 3) cb_format(struct collect *col, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vcbprintf(collect_out, col, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vcbprintf_callback(void **state)
{
	struct collect col = { { 0 }, 0 };

	assert_int_equal(cb_format(&col, "%s-%03d", "cpu", 7), 7);
	assert_int_equal(col.calls, 7);
	assert_string_equal(col.text, "cpu-007");

	col.calls = 0;
	assert_int_equal(cb_format(&col, "%s", ""), 0);
	assert_int_equal(col.calls, 0);
}

/* The formatter works on a copy, so the caller's va_list can be reused:
 * printk relies on this to measure and then print. */
static int __printf(3, 4) format_twice(char *a, char *b, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	va_start(ap, fmt);
	n = vsnprintf(a, 32, fmt, ap);
	m = vsnprintf(b, 32, fmt, ap);
	va_end(ap);
	return n == m ? n : -1;
}

static void test_va_list_reuse(void **state)
{
	char a[32], b[32];

	assert_int_equal(format_twice(a, b, "%d:%s:%lx", -5, "z", 0xabcul), 8);
	assert_string_equal(a, "-5:z:abc");
	assert_string_equal(b, "-5:z:abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_signed_decimal),
		cmocka_unit_test(test_unsigned_decimal),
		cmocka_unit_test(test_narrow_lengths),
		cmocka_unit_test(test_hex_octal),
		cmocka_unit_test(test_alternate_form),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_zero_with_zero_precision),
		cmocka_unit_test(test_star_width_precision),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_many_arguments),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_vcbprintf_callback),
		cmocka_unit_test(test_va_list_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
