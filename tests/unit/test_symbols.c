/*
 * Unit tests for the kernel symbol lookup (core/symbols.c) against a fake
 * table standing in for the generated build/symtab.S. Built twice: with the
 * table below, and with -DSYMTAB_EMPTY as in the first link pass.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/errno.h>
#include <keel/symbols.h>

#ifndef SYMTAB_EMPTY

const uint64_t keel_symtab_count = 7;
const uint64_t keel_symtab_text_end = 0x80201400;
const uint64_t keel_symtab_addrs[] = {
	0x80200000, 0x80200040, 0x80201214, 0x80201240,
	0x80201250, 0x80201251, 0x80201300,
};
const uint32_t keel_symtab_names_off[] = { 0, 7, 19, 26, 34, 38, 42 };
const char keel_symtab_names[] =
	"_start\0" "kernel_main\0" "printk\0" "vprintk\0" "foo\0" "bar\0"
	"panic";

static void test_lookup_bounds(void **state)
{
	const char *name = NULL;
	uintptr_t off = 1, size = 1;

	assert_int_equal(symbol_lookup(0x801fffff, &name, &off, &size), -ENOENT);
	assert_int_equal(symbol_lookup(0, &name, &off, &size), -ENOENT);
	assert_int_equal(symbol_lookup(0x80201400, &name, &off, &size), -ENOENT);
	assert_int_equal(symbol_lookup(UINTPTR_MAX, &name, &off, &size), -ENOENT);
	assert_null(name);

	assert_int_equal(symbol_lookup(0x80200000, &name, &off, &size), 0);
	assert_string_equal(name, "_start");
	assert_int_equal(off, 0);
	assert_int_equal(size, 0x40);

	/* The last symbol ends at the end of text. */
	assert_int_equal(symbol_lookup(0x802013ff, &name, &off, &size), 0);
	assert_string_equal(name, "panic");
	assert_int_equal(off, 0xff);
	assert_int_equal(size, 0x100);
}

static void test_lookup_inside(void **state)
{
	const char *name;
	uintptr_t off, size;

	assert_int_equal(symbol_lookup(0x80201234, &name, &off, &size), 0);
	assert_string_equal(name, "printk");
	assert_int_equal(off, 0x20);
	assert_int_equal(size, 0x2c);

	assert_int_equal(symbol_lookup(0x80201213, &name, &off, &size), 0);
	assert_string_equal(name, "kernel_main");
	assert_int_equal(off, 0x11d3);

	/* A one-byte symbol. */
	assert_int_equal(symbol_lookup(0x80201250, &name, &off, &size), 0);
	assert_string_equal(name, "foo");
	assert_int_equal(size, 1);
}

/* Every first and last byte of every symbol maps back to that symbol. */
static void test_lookup_all(void **state)
{
	static const char *const names[] = {
		"_start", "kernel_main", "printk", "vprintk", "foo", "bar", "panic",
	};
	const char *name;
	uintptr_t off, size;
	size_t i;

	for (i = 0; i < keel_symtab_count; i++) {
		uint64_t start = keel_symtab_addrs[i];
		uint64_t end = i + 1 < keel_symtab_count ?
			keel_symtab_addrs[i + 1] : keel_symtab_text_end;

		assert_int_equal(symbol_lookup(start, &name, &off, &size), 0);
		assert_string_equal(name, names[i]);
		assert_int_equal(off, 0);
		assert_int_equal(size, end - start);
		assert_int_equal(symbol_lookup(end - 1, &name, &off, &size), 0);
		assert_string_equal(name, names[i]);
		assert_int_equal(off, end - 1 - start);
	}
}

static void test_lookup_null_outputs(void **state)
{
	const char *name;

	assert_int_equal(symbol_lookup(0x80201300, NULL, NULL, NULL), 0);
	assert_int_equal(symbol_lookup(0x80201300, &name, NULL, NULL), 0);
	assert_string_equal(name, "panic");
}

static void test_format_known(void **state)
{
	char buf[64];

	assert_int_equal(symbol_format(buf, sizeof(buf), 0x80201234), 16);
	assert_string_equal(buf, "printk+0x20/0x2c");
	symbol_format(buf, sizeof(buf), 0x80200000);
	assert_string_equal(buf, "_start+0x0/0x40");
	symbol_format(buf, sizeof(buf), 0x80201213);
	assert_string_equal(buf, "kernel_main+0x11d3/0x11d4");
}

/* <string.h> is not used: its strerror() clashes with <keel/errno.h>. */
static void fill(char *buf, size_t n)
{
	while (n--)
		buf[n] = 'x';
}

static void test_format_truncated(void **state)
{
	char buf[8];

	fill(buf, sizeof(buf));
	assert_int_equal(symbol_format(buf, sizeof(buf), 0x80201234), 16);
	assert_string_equal(buf, "printk+");

	fill(buf, sizeof(buf));
	assert_int_equal(symbol_format(buf, 1, 0x80201234), 16);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');

	fill(buf, sizeof(buf));
	assert_int_equal(symbol_format(buf, 0, 0x80201234), 16);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(symbol_format(NULL, 0, 0x80201234), 16);
}

#else /* SYMTAB_EMPTY: what the first link pass embeds */

const uint64_t keel_symtab_count = 0;
const uint64_t keel_symtab_text_end = 0;
const uint64_t keel_symtab_addrs[1];
const uint32_t keel_symtab_names_off[1];
const char keel_symtab_names[1];

static void test_lookup_empty(void **state)
{
	const char *name = NULL;

	assert_int_equal(symbol_lookup(0x80200000, &name, NULL, NULL), -ENOENT);
	assert_int_equal(symbol_lookup(0, &name, NULL, NULL), -ENOENT);
	assert_null(name);
}

#endif

static void test_format_unknown(void **state)
{
	char buf[32];

	assert_int_equal(symbol_format(buf, sizeof(buf), 0x80000000), 10);
	assert_string_equal(buf, "0x80000000");
	assert_int_equal(symbol_format(buf, sizeof(buf), 0), 3);
	assert_string_equal(buf, "0x0");
	assert_int_equal(symbol_format(buf, sizeof(buf), UINT64_MAX), 18);
	assert_string_equal(buf, "0xffffffffffffffff");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifndef SYMTAB_EMPTY
		cmocka_unit_test(test_lookup_bounds),
		cmocka_unit_test(test_lookup_inside),
		cmocka_unit_test(test_lookup_all),
		cmocka_unit_test(test_lookup_null_outputs),
		cmocka_unit_test(test_format_known),
		cmocka_unit_test(test_format_truncated),
#else
		cmocka_unit_test(test_lookup_empty),
#endif
		cmocka_unit_test(test_format_unknown),
	};

	return cmocka_run_group_tests_name("symbols", tests, NULL, NULL);
}
