/* Unit tests of the size-class heap (core/mm/heap.c) over the real page
 * allocator, backed by 64 MiB of host memory aligned to 64 MiB.
 *
 * Every test must leave the heap empty: the teardown trims the cached slabs
 * and checks that the page allocator is back to its starting state. */
#include "stubs/host_zone.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <keel/compiler.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/string.h>

extern bool unit_irqs_off;
unsigned int unit_log_errors(void);

#define ZONE_PAGES	((size_t)1 << 14)
#define ZONE_BYTES	(ZONE_PAGES * PAGE_SIZE)

static u8 *zone_mem;
static struct page_stats zone_start;

static struct page_stats pstats(void)
{
	return host_zone_stats();
}

static struct heap_stats hstats(void)
{
	struct heap_stats st;

	heap_get_stats(&st);
	return st;
}

static int group_setup(void **state)
{
	if (host_zone_init(ZONE_BYTES))
		return -1;
	zone_mem = host_zone_base();
	zone_start = pstats();
	return 0;
}

static int group_teardown(void **state)
{
	host_zone_free();
	return 0;
}

static void assert_heap_empty(void)
{
	struct heap_stats hs = hstats();
	struct page_stats ps = pstats();
	unsigned int i;

	for (i = 0; i < HEAP_NR_CLASSES; i++) {
		assert_int_equal(hs.cls[i].objs_in_use, 0);
		assert_int_equal(hs.cls[i].objs_free, 0);
		assert_int_equal(hs.cls[i].slabs, 0);
	}
	assert_int_equal(hs.large_allocs, 0);
	assert_int_equal(hs.large_bytes, 0);
	assert_int_equal(hs.bytes_in_use, 0);
	assert_memory_equal(&ps, &zone_start, sizeof(ps));
}

static int teardown(void **state)
{
	heap_trim();
	assert_heap_empty();
	assert_false(unit_irqs_off);
	return 0;
}

/* ------------------------------------------------------------ tests */

static void test_class_geometry(void **state)
{
	struct heap_stats hs = hstats();
	unsigned int i;

	assert_int_equal(HEAP_NR_CLASSES, 8);
	for (i = 0; i < HEAP_NR_CLASSES; i++)
		assert_int_equal(hs.cls[i].size, (size_t)16 << i);
}

static void test_class_boundaries(void **state)
{
	static const struct {
		size_t req, usable;
	} cases[] = {
		{ 0, 16 }, { 1, 16 }, { 15, 16 }, { 16, 16 }, { 17, 32 },
		{ 100, 128 }, { 1024, 1024 }, { 1025, 2048 }, { 2048, 2048 },
		{ 2049, 4096 }, { 4096, 4096 }, { 4097, 8192 },
		{ 1 << 20, 1 << 20 }, { (1 << 20) + 1, 2 << 20 },
	};
	void *p[ARRAY_SIZE(cases)];
	struct heap_stats hs;
	size_t i, in_use = 0;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		p[i] = kmalloc(cases[i].req);
		assert_non_null(p[i]);
		assert_int_equal(ksize(p[i]), cases[i].usable);
		assert_true(IS_ALIGNED((uintptr_t)p[i], HEAP_MIN_ALIGN));
		if (cases[i].usable > CONFIG_HEAP_MAX_CLASS)
			assert_true(IS_ALIGNED((uintptr_t)p[i], PAGE_SIZE));
		memset(p[i], (int)i, cases[i].req);
		in_use += cases[i].usable;
	}
	hs = hstats();
	assert_int_equal(hs.bytes_in_use, in_use);
	assert_int_equal(hs.large_allocs, 5);
	assert_int_equal(hs.large_bytes, 4096 + 4096 + 8192 + (1 << 20) + (2 << 20));
	assert_int_equal(hs.cls[0].objs_in_use, 4);
	assert_int_equal(hs.cls[7].objs_in_use, 2);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		kfree(p[i]);
	kfree(NULL);
	hs = hstats();
	assert_int_equal(hs.bytes_in_use, 0);
}

static void test_alignment_and_isolation(void **state)
{
	enum { PER_CLASS = 100 };
	static u8 *objs[HEAP_NR_CLASSES][PER_CLASS];
	unsigned int c, i;
	size_t j;

	for (c = 0; c < HEAP_NR_CLASSES; c++) {
		for (i = 0; i < PER_CLASS; i++) {
			objs[c][i] = kmalloc((size_t)16 << c);
			assert_non_null(objs[c][i]);
			assert_true(IS_ALIGNED((uintptr_t)objs[c][i], 16));
			memset(objs[c][i], (int)(c * PER_CLASS + i), (size_t)16 << c);
		}
	}
	for (c = 0; c < HEAP_NR_CLASSES; c++) {
		for (i = 0; i < PER_CLASS; i++) {
			for (j = 0; j < ((size_t)16 << c); j++)
				assert_int_equal(objs[c][i][j], (u8)(c * PER_CLASS + i));
			kfree(objs[c][i]);
		}
	}
}

static void test_kzalloc_zeroes(void **state)
{
	u8 *p = kmalloc(256), *q;
	size_t i;

	memset(p, 0xaa, 256);
	kfree(p);
	q = kzalloc(256);
	assert_ptr_equal(p, q);	/* the object just freed comes back first */
	for (i = 0; i < 256; i++)
		assert_int_equal(q[i], 0);
	kfree(q);

	p = kmalloc(3 * PAGE_SIZE);
	memset(p, 0xbb, 3 * PAGE_SIZE);
	kfree(p);
	q = kzalloc(3 * PAGE_SIZE);
	assert_non_null(q);
	for (i = 0; i < 3 * PAGE_SIZE; i++)
		assert_int_equal(q[i], 0);
	kfree(q);
}

static void test_kcalloc(void **state)
{
	u8 *p;
	size_t i;

	assert_null(kcalloc(SIZE_MAX / 2, 3));
	assert_null(kcalloc(SIZE_MAX, SIZE_MAX));
	assert_null(kcalloc((size_t)1 << 33, (size_t)1 << 33));
	p = kcalloc(10, 10);
	assert_non_null(p);
	assert_int_equal(ksize(p), 128);
	for (i = 0; i < 100; i++)
		assert_int_equal(p[i], 0);
	kfree(p);
	p = kcalloc(0, 8);
	assert_non_null(p);
	kfree(p);
}

static void test_slab_pages_returned(void **state)
{
	enum { N = 1000 };
	static void *objs[N];
	struct heap_stats hs;
	unsigned int c, i;

	for (c = 0; c < HEAP_NR_CLASSES; c++) {
		size_t size = (size_t)16 << c;

		for (i = 0; i < N; i++) {
			objs[i] = kmalloc(size);
			assert_non_null(objs[i]);
		}
		hs = hstats();
		assert_true(hs.cls[c].slabs > 1);
		assert_int_equal(hs.cls[c].objs_in_use, N);
		assert_true(pstats().by_owner[PAGE_OWNER_HEAP] > 0);
		for (i = 0; i < N; i++)
			kfree(objs[(i * 7) % N]);	/* gcd(7, 1000) = 1 */
		hs = hstats();
		assert_int_equal(hs.cls[c].objs_in_use, 0);
		assert_int_equal(hs.cls[c].slabs, 1);	/* one cached empty slab */
		assert_true(hs.cls[c].objs_free > 0);
	}
	/* Only the cached slabs still hold pages; trimming returns them all. */
	assert_true(heap_trim() > 0);
	assert_int_equal(pstats().by_owner[PAGE_OWNER_HEAP], 0);
	assert_heap_empty();
	assert_int_equal(heap_trim(), 0);
}

static void test_ksize(void **state)
{
	struct page_block blk;
	u8 *p = kmalloc(40), *big = kmalloc(10000);
	void *kpage = page_alloc(0, PAGE_OWNER_KERNEL);
	int local;

	assert_int_equal(ksize(p), 64);
	assert_int_equal(ksize(p + 16), 0);	/* interior */
	assert_int_equal(ksize(big), 16384);
	assert_int_equal(ksize(big + PAGE_SIZE), 0);
	assert_int_equal(ksize(kpage), 0);	/* not the heap's */
	assert_int_equal(ksize(&local), 0);
	assert_int_equal(ksize(NULL), 0);
	assert_true(page_block_lookup(p, &blk));
	assert_int_equal(blk.owner, PAGE_OWNER_HEAP);
	kfree(p);
	kfree(big);
	assert_int_equal(ksize(p), 0);		/* freed */
	assert_int_equal(ksize(big), 0);
	page_free(kpage);
}

/* A bad kfree is reported and leaves every counter as it was. */
static void expect_bad_kfree(void *p)
{
	struct heap_stats hb = hstats(), ha;
	struct page_stats pb = pstats(), pa;
	unsigned int errs = unit_log_errors();

	kfree(p);
	ha = hstats();
	pa = pstats();
	assert_int_equal(unit_log_errors(), errs + 1);
	assert_memory_equal(&hb, &ha, sizeof(ha));
	assert_memory_equal(&pb, &pa, sizeof(pa));
}

static void test_bad_kfree_detected(void **state)
{
	u8 *a = kmalloc(64), *b = kmalloc(64), *big = kmalloc(5 * PAGE_SIZE);
	void *kpage = page_alloc(1, PAGE_OWNER_KERNEL);
	void *rogue = page_alloc(0, PAGE_OWNER_HEAP);	/* heap-owned, untagged */
	int local;

	kfree(a);
	expect_bad_kfree(a);			/* double free */
	expect_bad_kfree(b + 8);		/* interior pointer */
	expect_bad_kfree((u8 *)((uintptr_t)b & ~(PAGE_SIZE - 1)));	/* slab header */
	expect_bad_kfree(big + PAGE_SIZE);	/* inside a large block */
	expect_bad_kfree(kpage);		/* another owner's pages */
	expect_bad_kfree(rogue);
	expect_bad_kfree(&local);		/* outside the zone */
	kfree(big);
	expect_bad_kfree(big);			/* large double free */
	assert_int_equal(ksize(b), 64);
	kfree(b);
	expect_bad_kfree(b);
	page_free(kpage);
	page_free(rogue);
}

static void test_write_after_free_detected(void **state)
{
	u8 *x, *y, *z, *w, *v;
	unsigned int errs;

#ifdef CONFIG_DEBUG_CHECKS
	/* A changed byte in a free object is reported when it is reused. */
	x = kmalloc(64);
	kfree(x);
	x[20] = 1;
	errs = unit_log_errors();
	y = kmalloc(64);
	assert_ptr_equal(x, y);
	assert_int_equal(unit_log_errors(), errs + 1);
	kfree(y);
#endif

	/* A smashed free-list link is caught and the list rebuilt: no object
	 * is handed out twice. */
	x = kmalloc(32);
	y = kmalloc(32);
	z = kmalloc(32);
	kfree(x);
	*(uintptr_t *)x = 0xdeadbeef0;
	w = kmalloc(32);
	assert_ptr_equal(w, x);
	errs = unit_log_errors();
	v = kmalloc(32);
	assert_int_equal(unit_log_errors(), errs + 1);
	assert_non_null(v);
	assert_true(v != x && v != y && v != z);
	kfree(v);
	kfree(w);
	kfree(y);
	kfree(z);
}

static void test_large_limits(void **state)
{
	void *p;

	assert_null(kmalloc(ZONE_BYTES * 2));
	assert_null(kmalloc(SIZE_MAX));
	assert_null(kmalloc(((size_t)1 << 30) + 1));
	p = kmalloc(ZONE_BYTES / 2);
	assert_non_null(p);
	assert_true(IS_ALIGNED((uintptr_t)p, ZONE_BYTES / 2));
	assert_int_equal(pstats().by_owner[PAGE_OWNER_HEAP], ZONE_PAGES / 2);
	kfree(p);
}

static void test_out_of_memory(void **state)
{
	void *all = page_alloc(14, PAGE_OWNER_GUEST);	/* the whole zone */

	assert_non_null(all);
	assert_null(kmalloc(16));
	assert_null(kmalloc(5000));
	assert_null(kzalloc(1));
	page_free(all);
	all = kmalloc(16);
	assert_non_null(all);
	kfree(all);
}

/* ------------------------------------------------------------ stress */

#define STRESS_ITERS	50000
#define STRESS_MAX	2000

struct live_obj {
	u8 *p;
	size_t size;
	u8 fill;
};

static u64 rng_state = 0x2545f4914f6cdd1dull;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static size_t stress_size(void)
{
	u64 r = rng() % 100;

	if (r < 70)
		return rng() % 257;
	if (r < 95)
		return rng() % 2100;
	return rng() % 70000;
}

static void stress_check_free(struct live_obj *o)
{
	size_t i;

	for (i = 0; i < o->size; i++)
		assert_int_equal(o->p[i], o->fill);
	kfree(o->p);
}

static void stress_check_stats(const struct live_obj *live, size_t n)
{
	struct heap_stats hs = hstats();
	size_t bytes = 0, i;

	for (i = 0; i < n; i++)
		bytes += ksize(live[i].p);
	assert_int_equal(hs.bytes_in_use, bytes);
	for (i = 0; i < HEAP_NR_CLASSES; i++)
		assert_true(hs.cls[i].objs_in_use + hs.cls[i].objs_free > 0 ||
			    hs.cls[i].slabs == 0);
}

static void test_random_stress(void **state)
{
	static struct live_obj live[STRESS_MAX];
	size_t n = 0, i, it;

	for (it = 0; it < STRESS_ITERS; it++) {
		if (n == 0 || (n < STRESS_MAX && rng() % 100 < 55)) {
			struct live_obj *o = &live[n];

			o->size = stress_size();
			o->p = kmalloc(o->size);
			assert_non_null(o->p);
			assert_true(ksize(o->p) >= o->size);
			assert_true(IS_ALIGNED((uintptr_t)o->p, 16));
			o->fill = (u8)rng();
			memset(o->p, o->fill, o->size);
			n++;
		} else {
			i = rng() % n;
			stress_check_free(&live[i]);
			live[i] = live[--n];
		}
		if (it % 5000 == 0)
			stress_check_stats(live, n);
	}
	stress_check_stats(live, n);
	while (n)
		stress_check_free(&live[--n]);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(test_class_geometry),
		T(test_class_boundaries),
		T(test_alignment_and_isolation),
		T(test_kzalloc_zeroes),
		T(test_kcalloc),
		T(test_slab_pages_returned),
		T(test_ksize),
		T(test_bad_kfree_detected),
		T(test_write_after_free_detected),
		T(test_large_limits),
		T(test_out_of_memory),
		T(test_random_stress),
	};
#undef T

	return cmocka_run_group_tests_name("heap", tests, group_setup, group_teardown);
}
