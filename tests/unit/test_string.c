/* Host unit tests for lib/string.c, lib/strerror.c and <keel/ctype.h>.
 * Built with keel_* renames (tests/unit/suites/lib.mk): every memcpy,
 * strtoul... called here is Keel's, checked against known values or a
 * byte-by-byte reference, never against glibc. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <cmocka.h>

#include <keel/ctype.h>
#include <keel/errno.h>
#include <keel/string.h>

#define BUF 96

/* Deterministic, position-dependent fill so misplaced bytes show up. */
static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

/* Every length 0..64 and every src/dst misalignment 0..7, so the byte head,
 * word body and byte tail paths all run, co-aligned or not. */
static void test_memcpy(void **state)
{
	unsigned char src[BUF], dst[BUF], ref[BUF];

	for (size_t so = 0; so < 8; so++)
		for (size_t d = 0; d < 8; d++)
			for (size_t n = 0; n <= 64; n++) {
				fill_pattern(src, BUF, 1);
				fill_pattern(dst, BUF, 2);
				fill_pattern(ref, BUF, 2);
				for (size_t i = 0; i < n; i++)
					ref[d + i] = src[so + i];
				assert_ptr_equal(memcpy(dst + d, src + so, n),
						 dst + d);
				assert_memory_equal(dst, ref, BUF);
			}
}

/* Overlapping moves in both directions against a reference that goes
 * through a separate temporary buffer. */
static void test_memmove_overlap(void **state)
{
	unsigned char buf[BUF], ref[BUF], tmp[BUF];

	for (size_t s = 0; s < 24; s++)
		for (size_t d = 0; d < 24; d++)
			for (size_t n = 0; n <= 64; n++) {
				fill_pattern(buf, BUF, 3);
				fill_pattern(ref, BUF, 3);
				for (size_t i = 0; i < n; i++)
					tmp[i] = ref[s + i];
				for (size_t i = 0; i < n; i++)
					ref[d + i] = tmp[i];
				assert_ptr_equal(memmove(buf + d, buf + s, n),
						 buf + d);
				assert_memory_equal(buf, ref, BUF);
			}
}

static void test_memset(void **state)
{
	unsigned char buf[BUF], ref[BUF];

	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 64; n++) {
			fill_pattern(buf, BUF, 4);
			fill_pattern(ref, BUF, 4);
			for (size_t i = 0; i < n; i++)
				ref[off + i] = 0xa5;
			/* only the low byte of c is used */
			assert_ptr_equal(memset(buf + off, 0x1a5, n), buf + off);
			assert_memory_equal(buf, ref, BUF);
		}
}

static void test_memcmp(void **state)
{
	assert_int_equal(memcmp("abc", "abc", 3), 0);
	assert_int_equal(memcmp("abc", "abd", 0), 0);
	assert_true(memcmp("abc", "abd", 3) < 0);
	assert_true(memcmp("abd", "abc", 3) > 0);
	assert_int_equal(memcmp("abX", "abY", 2), 0);
	/* bytes compare as unsigned char */
	assert_true(memcmp("\x80", "\x01", 1) > 0);
	assert_true(memcmp("a\0b", "a\0c", 3) < 0);	/* NUL is not special */
}

static void test_memchr(void **state)
{
	static const char s[] = "hello\0world";
	static const char high[] = "a\x80";

	assert_ptr_equal(memchr(s, 'l', sizeof(s)), s + 2);
	assert_ptr_equal(memchr(s, 'w', sizeof(s)), s + 6);	/* past NUL */
	assert_ptr_equal(memchr(s, '\0', sizeof(s)), s + 5);
	assert_null(memchr(s, 'w', 6));				/* beyond n */
	assert_null(memchr(s, 'z', sizeof(s)));
	assert_null(memchr(s, 'h', 0));
	assert_ptr_equal(memchr(high, 0x180, 2), high + 1);	/* (unsigned char)c */
}

static void test_strlen_strnlen(void **state)
{
	static const char fixed[4] = { 'a', 'b', 'c', 'd' };	/* no NUL */

	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("hello"), 5);
	assert_int_equal(strnlen("hello", 3), 3);
	assert_int_equal(strnlen("hello", 5), 5);
	assert_int_equal(strnlen("hello", 100), 5);
	assert_int_equal(strnlen("hello", 0), 0);
	assert_int_equal(strnlen(fixed, sizeof(fixed)), 4);	/* ASan: no over-read */
}

static void test_strcmp_family(void **state)
{
	assert_int_equal(strcmp("", ""), 0);
	assert_int_equal(strcmp("abc", "abc"), 0);
	assert_true(strcmp("abc", "abd") < 0);
	assert_true(strcmp("abc", "ab") > 0);
	assert_true(strcmp("ab", "abc") < 0);
	assert_true(strcmp("\x80", "a") > 0);		/* unsigned char order */

	assert_int_equal(strncmp("abcX", "abcY", 3), 0);
	assert_true(strncmp("abcX", "abcY", 4) < 0);
	assert_int_equal(strncmp("abc", "abd", 0), 0);
	assert_int_equal(strncmp("ab", "ab", 10), 0);	/* stops at NUL */
	assert_true(strncmp("ab", "abc", 10) < 0);

	assert_int_equal(strcasecmp("Hello", "hELLO"), 0);
	assert_true(strcasecmp("apple", "BANANA") < 0);
	assert_true(strcasecmp("Zeta", "alpha") > 0);
	assert_true(strcasecmp("abc", "ABCD") < 0);
	assert_int_equal(strcasecmp("", ""), 0);
}

static void test_strchr_strrchr(void **state)
{
	static const char s[] = "a/b/c";

	assert_ptr_equal(strchr(s, '/'), s + 1);
	assert_ptr_equal(strrchr(s, '/'), s + 3);
	assert_ptr_equal(strchr(s, 'a'), s);
	assert_ptr_equal(strrchr(s, 'a'), s);
	assert_null(strchr(s, 'x'));
	assert_null(strrchr(s, 'x'));
	assert_ptr_equal(strchr(s, '\0'), s + 5);	/* finds the terminator */
	assert_ptr_equal(strrchr(s, '\0'), s + 5);
	assert_ptr_equal(strchr(s, 0x100 + 'b'), s + 2);	/* (char)c */
	assert_null(strchr("", 'a'));
}

static void test_strstr(void **state)
{
	static const char h[] = "aaab needle in haystack";
	static const char empty[] = "";

	assert_ptr_equal(strstr(h, ""), h);
	assert_ptr_equal(strstr(h, "aaab"), h);
	assert_ptr_equal(strstr(h, "aab"), h + 1);	/* after a partial match */
	assert_ptr_equal(strstr(h, "needle"), h + 5);
	assert_ptr_equal(strstr(h, "stack"), h + 18);
	assert_null(strstr(h, "stacks"));
	assert_null(strstr(h, "xyz"));
	assert_null(strstr("", "a"));
	assert_ptr_equal(strstr(empty, ""), empty);
}

static void test_strlcpy(void **state)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(strlcpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(strlcpy(buf, "abcdefghij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");		/* truncated, terminated */

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(strlcpy(buf, "abcdefg", sizeof(buf)), 7);	/* exact */
	assert_string_equal(buf, "abcdefg");

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(strlcpy(buf, "abc", 1), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(strlcpy(buf, "abc", 0), 3);
	assert_int_equal(buf[0], 'X');			/* size 0: untouched */
}

static void test_strlcat(void **state)
{
	char buf[8];

	strlcpy(buf, "ab", sizeof(buf));
	assert_int_equal(strlcat(buf, "cd", sizeof(buf)), 4);
	assert_string_equal(buf, "abcd");
	assert_int_equal(strlcat(buf, "efghij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");		/* truncated */
	assert_int_equal(strlcat(buf, "x", sizeof(buf)), 8);
	assert_string_equal(buf, "abcdefg");

	/* no NUL within size: nothing appended, result size + strlen(src) */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(strlcat(buf, "abc", 4), 7);
	assert_int_equal(buf[3], 'X');
	assert_int_equal(strlcat(buf, "abc", 0), 3);

	strlcpy(buf, "", sizeof(buf));
	assert_int_equal(strlcat(buf, "xyz", sizeof(buf)), 3);
	assert_string_equal(buf, "xyz");
}

static void test_strtoul_bases(void **state)
{
	char *end;

	assert_int_equal(strtoul("12345", &end, 10), 12345);
	assert_int_equal(*end, '\0');
	assert_int_equal(strtoul("ff", NULL, 16), 255);
	assert_int_equal(strtoul("0xFF", NULL, 16), 255);	/* optional prefix */
	assert_int_equal(strtoul("0X1f", NULL, 16), 31);
	assert_int_equal(strtoul("777", NULL, 8), 511);
	assert_int_equal(strtoul("101101", NULL, 2), 45);
	assert_int_equal(strtoul("zz", NULL, 36), 35 * 36 + 35);
	assert_int_equal(strtoul("Zz", NULL, 36), 35 * 36 + 35);
	assert_int_equal(strtoul("129", &end, 8), 10);	/* '9' is no octal digit */
	assert_string_equal(end, "9");
	assert_int_equal(strtoul("0x10", &end, 10), 0);	/* no prefix in base 10 */
	assert_string_equal(end, "x10");
}

static void test_strtoul_auto_base(void **state)
{
	char *end;

	assert_int_equal(strtoul("0x1A", &end, 0), 26);
	assert_int_equal(*end, '\0');
	assert_int_equal(strtoul("017", NULL, 0), 15);
	assert_int_equal(strtoul("0", &end, 0), 0);
	assert_int_equal(*end, '\0');
	assert_int_equal(strtoul("99", NULL, 0), 99);
	/* "0x" without hex digits: the 0 is the number, the x is left over */
	assert_int_equal(strtoul("0x", &end, 0), 0);
	assert_string_equal(end, "x");
	assert_int_equal(strtoul("0xg", &end, 16), 0);
	assert_string_equal(end, "xg");
	assert_int_equal(strtoul("09", &end, 0), 0);	/* octal stops at 9 */
	assert_string_equal(end, "9");
}

static void test_strtoul_sign_space_end(void **state)
{
	const char *s;
	char *end;

	assert_int_equal(strtoul("  \t\n42xyz", &end, 10), 42);
	assert_string_equal(end, "xyz");
	assert_int_equal(strtoul("+7", NULL, 10), 7);
	assert_int_equal(strtoul("-1", NULL, 10), ULONG_MAX);	/* C negation */
	assert_int_equal(strtoul("-0x10", NULL, 0), 0UL - 16);

	/* no digits at all: 0, *end = s (not past the space or sign) */
	s = "  +";
	assert_int_equal(strtoul(s, &end, 10), 0);
	assert_ptr_equal(end, s);
	s = "xyz";
	assert_int_equal(strtoul(s, &end, 0), 0);
	assert_ptr_equal(end, s);
	s = "";
	assert_int_equal(strtoul(s, &end, 0), 0);
	assert_ptr_equal(end, s);

	/* invalid bases */
	s = "123";
	assert_int_equal(strtoul(s, &end, 1), 0);
	assert_ptr_equal(end, s);
	assert_int_equal(strtoul(s, &end, 37), 0);
	assert_ptr_equal(end, s);
	assert_int_equal(strtoul(s, &end, -2), 0);
	assert_ptr_equal(end, s);
}

static void test_strtoul_overflow(void **state)
{
	char *end;

	assert_int_equal(strtoull("18446744073709551615", &end, 10), ULLONG_MAX);
	assert_int_equal(*end, '\0');
	/* saturate, but still consume every digit */
	assert_int_equal(strtoull("18446744073709551616!", &end, 10), ULLONG_MAX);
	assert_string_equal(end, "!");
	assert_int_equal(strtoul("99999999999999999999999", &end, 10), ULONG_MAX);
	assert_int_equal(*end, '\0');
	assert_int_equal(strtoull("0xffffffffffffffff", NULL, 0), ULLONG_MAX);
	assert_int_equal(strtoull("0x10000000000000000", NULL, 0), ULLONG_MAX);
	assert_int_equal(strtoull("-99999999999999999999", NULL, 10),
			 ULLONG_MAX);
}

static void test_strtol_signed(void **state)
{
	char *end;

	assert_int_equal(strtol("-42", &end, 10), -42);
	assert_int_equal(*end, '\0');
	assert_int_equal(strtol("  +42", NULL, 10), 42);
	assert_int_equal(strtol("-0", NULL, 10), 0);
	assert_int_equal(strtol("-0x80", NULL, 0), -128);
	assert_int_equal(strtoll("9223372036854775807", NULL, 10), LLONG_MAX);
	assert_int_equal(strtoll("-9223372036854775808", NULL, 10), LLONG_MIN);
	assert_int_equal(strtoll("9223372036854775808", NULL, 10), LLONG_MAX);
	assert_int_equal(strtoll("-9223372036854775809", &end, 10), LLONG_MIN);
	assert_int_equal(*end, '\0');
	assert_int_equal(strtol("-99999999999999999999999", NULL, 10), LONG_MIN);
	assert_int_equal(strtol("99999999999999999999999", NULL, 10), LONG_MAX);
	assert_int_equal(strtol("-8000000000000000", NULL, 16), LONG_MIN);
	assert_int_equal(strtol("7fffffffffffffff", NULL, 16), LONG_MAX);
}

static void check_parse_ok(const char *s, uint64_t expect)
{
	uint64_t v = 12345;

	assert_int_equal(parse_u64(s, &v), 0);
	assert_int_equal(v, expect);
}

static void check_parse_err(const char *s, int err)
{
	uint64_t v = 12345;

	assert_int_equal(parse_u64(s, &v), err);
	assert_int_equal(v, 12345);		/* untouched on error */
}

static void test_parse_u64_accepts(void **state)
{
	check_parse_ok("0", 0);
	check_parse_ok("123", 123);
	check_parse_ok("007", 7);			/* decimal, not octal */
	check_parse_ok("0x1f", 0x1f);
	check_parse_ok("0X1F", 0x1f);
	check_parse_ok("0xDeadBeef", 0xdeadbeef);
	check_parse_ok("4K", 4096);
	check_parse_ok("4k", 4096);
	check_parse_ok("1M", 1 << 20);
	check_parse_ok("3m", 3 << 20);
	check_parse_ok("2G", 2ULL << 30);
	check_parse_ok("0x10K", 16 << 10);
	check_parse_ok("0K", 0);
	check_parse_ok("18446744073709551615", UINT64_MAX);
	check_parse_ok("0xffffffffffffffff", UINT64_MAX);
	check_parse_ok("17179869183G", 17179869183ULL << 30);	/* largest G */
}

static void test_parse_u64_rejects(void **state)
{
	check_parse_err(NULL, -EINVAL);
	check_parse_err("", -EINVAL);
	check_parse_err("x", -EINVAL);
	check_parse_err("0x", -EINVAL);
	check_parse_err("K", -EINVAL);
	check_parse_err("12a", -EINVAL);
	check_parse_err("1KB", -EINVAL);
	check_parse_err("1KK", -EINVAL);
	check_parse_err("1T", -EINVAL);
	check_parse_err(" 1", -EINVAL);
	check_parse_err("1 ", -EINVAL);
	check_parse_err("-1", -EINVAL);
	check_parse_err("+1", -EINVAL);
	check_parse_err("0x-1", -EINVAL);
	check_parse_err("1.5", -EINVAL);
	check_parse_err("99999999999999999999x", -EINVAL);	/* garbage wins */
	check_parse_err("18446744073709551616", -ERANGE);
	check_parse_err("0x10000000000000000", -ERANGE);
	check_parse_err("17179869184G", -ERANGE);		/* 2^64 */
	check_parse_err("18014398509481984K", -ERANGE);		/* 2^64 */
}

static void test_strerror(void **state)
{
	static const int codes[] = {
		EPERM, ENOENT, EIO, E2BIG, EAGAIN, ENOMEM, EFAULT, EBUSY,
		EEXIST, ENODEV, ENOTDIR, EISDIR, EINVAL, ENOSPC, ERANGE,
		ENAMETOOLONG, ENOSYS, ELOOP, ENODATA, EOVERFLOW, EILSEQ,
		ENOTSUP, ETIMEDOUT, EALREADY,
	};

	assert_string_equal(strerror(-EINVAL), "invalid argument");
	assert_string_equal(strerror(EINVAL), "invalid argument");
	assert_string_equal(strerror(-ENOMEM), "out of memory");
	assert_string_equal(strerror(0), "success");
	assert_string_equal(strerror(3), "unknown error");
	assert_string_equal(strerror(-1000), "unknown error");
	assert_string_equal(strerror(INT_MIN), "unknown error");
	assert_string_equal(strerror(INT_MAX), "unknown error");
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *t = strerror(codes[i]);

		assert_string_not_equal(t, "unknown error");
		assert_ptr_equal(strerror(-codes[i]), t);
		for (size_t j = 0; j < i; j++)	/* every code has its own text */
			assert_string_not_equal(strerror(codes[j]), t);
	}
}

/* Every byte value (and EOF) against the classes' definitions. */
static void test_ctype(void **state)
{
	for (int c = -1; c < 256; c++) {
		bool digit = c >= '0' && c <= '9';
		bool upper = c >= 'A' && c <= 'Z';
		bool lower = c >= 'a' && c <= 'z';

		assert_int_equal(!!isdigit(c), digit);
		assert_int_equal(!!isupper(c), upper);
		assert_int_equal(!!islower(c), lower);
		assert_int_equal(!!isalpha(c), upper || lower);
		assert_int_equal(!!isalnum(c), upper || lower || digit);
		assert_int_equal(!!isxdigit(c), digit ||
				 (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
		assert_int_equal(!!isprint(c), c >= 0x20 && c < 0x7f);
		assert_int_equal(!!isspace(c), c == ' ' || c == '\t' ||
				 c == '\n' || c == '\v' || c == '\f' || c == '\r');
		assert_int_equal(toupper(c), lower ? c - 32 : c);
		assert_int_equal(tolower(c), upper ? c + 32 : c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_memchr),
		cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strcmp_family),
		cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strstr),
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_strlcat),
		cmocka_unit_test(test_strtoul_bases),
		cmocka_unit_test(test_strtoul_auto_base),
		cmocka_unit_test(test_strtoul_sign_space_end),
		cmocka_unit_test(test_strtoul_overflow),
		cmocka_unit_test(test_strtol_signed),
		cmocka_unit_test(test_parse_u64_accepts),
		cmocka_unit_test(test_parse_u64_rejects),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_ctype),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
