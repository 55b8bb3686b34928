/* Unit tests of the buddy page allocator (core/mm/page_alloc.c).
 *
 * The zone is 64 MiB of host memory aligned to 64 MiB; with the identity
 * assumption its "physical" base is the host pointer, so the largest block
 * the host can offer is order 14 (64 MiB). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/page_alloc.h>
#include <keel/string.h>

extern bool unit_irqs_off;
unsigned int unit_log_errors(void);

#define ZONE_ORDER	14
#define ZONE_PAGES	((size_t)1 << ZONE_ORDER)
#define ZONE_BYTES	(ZONE_PAGES * PAGE_SIZE)

static u8 *zone_mem;
static void *zone_meta;

static phys_addr_t pa(size_t page)
{
	return (phys_addr_t)(uintptr_t)zone_mem + page * PAGE_SIZE;
}

static void *page_ptr(size_t page)
{
	return zone_mem + page * PAGE_SIZE;
}

static size_t page_index(const void *p)
{
	return (size_t)((const u8 *)p - zone_mem) / PAGE_SIZE;
}

static int group_setup(void **state)
{
	zone_mem = aligned_alloc(ZONE_BYTES, ZONE_BYTES);
	zone_meta = malloc(page_alloc_meta_bytes(ZONE_PAGES));
	return zone_mem && zone_meta ? 0 : -1;
}

static int group_teardown(void **state)
{
	free(zone_mem);
	free(zone_meta);
	return 0;
}

/* Every test starts from a fresh, fully reserved zone. */
static int setup(void **state)
{
	page_alloc_init(pa(0), ZONE_PAGES, zone_meta);
	return 0;
}

static int teardown(void **state)
{
	assert_false(unit_irqs_off);
	return 0;
}

static void assert_stats_eq(const struct page_stats *a, const struct page_stats *b)
{
	assert_memory_equal(a, b, sizeof(*a));
}

static struct page_stats stats(void)
{
	struct page_stats st;

	page_alloc_get_stats(&st);
	return st;
}

/* free + reserved + allocated pages always add up to the zone. */
static void assert_accounting(void)
{
	struct page_stats st = stats();
	size_t sum = st.free_pages + st.reserved_pages, blocks = 0;
	unsigned int i;

	for (i = 0; i < PAGE_OWNER_NR; i++)
		sum += st.by_owner[i];
	for (i = 0; i <= PAGE_MAX_ORDER; i++)
		blocks += st.free_blocks[i] << i;
	assert_int_equal(sum, st.total_pages);
	assert_int_equal(blocks, st.free_pages);
}

/* ------------------------------------------------------------ tests */

static void test_uninitialized(void **state)
{
	struct page_stats st;

	assert_null(page_alloc(0, PAGE_OWNER_KERNEL));
	page_alloc_add_free(0, 1 << 20);
	page_alloc_get_stats(&st);
	assert_int_equal(st.total_pages, 0);
	assert_int_equal(st.free_pages, 0);
	assert_int_equal(page_alloc_size(zone_mem), 0);
	assert_int_equal(page_alloc_meta_bytes(10), 40);
}

static void test_init_all_reserved(void **state)
{
	struct page_stats st = stats();
	unsigned int i;

	assert_int_equal(st.total_pages, ZONE_PAGES);
	assert_int_equal(st.reserved_pages, ZONE_PAGES);
	assert_int_equal(st.free_pages, 0);
	for (i = 0; i < PAGE_OWNER_NR; i++)
		assert_int_equal(st.by_owner[i], 0);
	assert_null(page_alloc(0, PAGE_OWNER_KERNEL));
	assert_int_equal(page_alloc_size(page_ptr(0)), 0);
}

static void test_add_free_whole_zone(void **state)
{
	struct page_stats st;
	unsigned int i;

	page_alloc_add_free(pa(0), pa(ZONE_PAGES));
	st = stats();
	assert_int_equal(st.free_pages, ZONE_PAGES);
	assert_int_equal(st.reserved_pages, 0);
	for (i = 0; i <= PAGE_MAX_ORDER; i++)
		assert_int_equal(st.free_blocks[i], i == ZONE_ORDER ? 1 : 0);
}

static void test_add_free_unaligned(void **state)
{
	struct page_stats st;

	/* [base+100, base+5p+7) shrinks to pages 1..4: blocks 1, 2-3, 4. */
	page_alloc_add_free(pa(0) + 100, pa(5) + 7);
	st = stats();
	assert_int_equal(st.free_pages, 4);
	assert_int_equal(st.reserved_pages, ZONE_PAGES - 4);
	assert_int_equal(st.free_blocks[0], 2);
	assert_int_equal(st.free_blocks[1], 1);

	/* Page 0 merges with 1, then with 2-3. */
	page_alloc_add_free(pa(0), pa(1));
	st = stats();
	assert_int_equal(st.free_blocks[0], 1);
	assert_int_equal(st.free_blocks[1], 0);
	assert_int_equal(st.free_blocks[2], 1);

	/* Pages 5..7 merge everything into one order-3 block. */
	page_alloc_add_free(pa(5), pa(8));
	st = stats();
	assert_int_equal(st.free_pages, 8);
	assert_int_equal(st.free_blocks[0], 0);
	assert_int_equal(st.free_blocks[2], 0);
	assert_int_equal(st.free_blocks[3], 1);
	assert_accounting();
}

static void test_add_free_degenerate(void **state)
{
	struct page_stats before, after;
	unsigned int errs;

	page_alloc_add_free(pa(16), pa(32));
	before = stats();
	page_alloc_add_free(pa(3) + 10, pa(3) + 20);	/* inside one page */
	page_alloc_add_free(pa(40), pa(39));		/* end before start */
	page_alloc_add_free(0, PAGE_SIZE * 4);		/* outside the zone */
	after = stats();
	assert_stats_eq(&before, &after);

	/* Handing a free range over again is reported and changes nothing. */
	errs = unit_log_errors();
	page_alloc_add_free(pa(16), pa(32));
	assert_int_equal(unit_log_errors(), errs + 1);
	after = stats();
	assert_stats_eq(&before, &after);

	/* A range overlapping it adds only the reserved pages. */
	page_alloc_add_free(pa(8), pa(40));
	after = stats();
	assert_int_equal(after.free_pages, 32);
	assert_int_equal(after.free_blocks[3], 2);	/* 8-15, 32-39 */
	assert_int_equal(after.free_blocks[4], 1);	/* 16-31 */
	assert_accounting();

	/* Ranges running past the zone are clipped to it. */
	page_alloc_add_free(pa(ZONE_PAGES - 2), pa(ZONE_PAGES + 100));
	assert_int_equal(stats().free_pages, 34);
}

static void test_alignment_every_order(void **state)
{
	struct page_stats before, after;
	void *blocks[ZONE_ORDER + 1];
	unsigned int o;

	page_alloc_add_free(pa(0), pa(ZONE_PAGES));
	before = stats();
	for (o = 0; o <= ZONE_ORDER; o++) {
		blocks[o] = page_alloc(o, PAGE_OWNER_KERNEL);
		if (o == ZONE_ORDER) {	/* the rest is taken by then */
			assert_null(blocks[o]);
			continue;
		}
		assert_non_null(blocks[o]);
		assert_true(IS_ALIGNED((uintptr_t)blocks[o], PAGE_SIZE << o));
		assert_true((u8 *)blocks[o] >= zone_mem);
		assert_true((u8 *)blocks[o] + (PAGE_SIZE << o) <= zone_mem + ZONE_BYTES);
		assert_int_equal(page_alloc_size(blocks[o]), PAGE_SIZE << o);
		memset(blocks[o], 0x5a, PAGE_SIZE << o);
	}
	for (o = 0; o < ZONE_ORDER; o++)
		page_free(blocks[o]);
	after = stats();
	assert_stats_eq(&before, &after);

	/* Each order alone, up to the whole zone; beyond it, NULL. */
	for (o = 0; o <= PAGE_MAX_ORDER; o++) {
		void *p = page_alloc(o, PAGE_OWNER_GUEST);

		if (o > ZONE_ORDER) {
			assert_null(p);
			continue;
		}
		assert_ptr_equal(p, zone_mem);
		page_free(p);
	}
	assert_null(page_alloc(PAGE_MAX_ORDER + 1, PAGE_OWNER_KERNEL));
	assert_null(page_alloc(0, PAGE_OWNER_NR));
	after = stats();
	assert_stats_eq(&before, &after);
}

static void test_exhaustion_and_coalesce(void **state)
{
	static void *pages[ZONE_PAGES + 1];
	struct page_stats before, after;
	size_t n = 0, i;

	page_alloc_add_free(pa(0), pa(ZONE_PAGES));
	before = stats();
	while ((pages[n] = page_alloc(0, PAGE_OWNER_IO)) != NULL)
		n++;
	assert_int_equal(n, ZONE_PAGES);
	assert_int_equal(stats().free_pages, 0);
	assert_int_equal(stats().by_owner[PAGE_OWNER_IO], ZONE_PAGES);
	assert_null(page_alloc(0, PAGE_OWNER_IO));

	/* Free in a scattered order (stride coprime to the count). */
	for (i = 0; i < n; i++)
		page_free(pages[(i * 7919) % n]);
	after = stats();
	assert_stats_eq(&before, &after);
}

static void test_coalesce_restores_layout(void **state)
{
	struct page_stats before, after;
	void *p[64];
	unsigned int i;

	/* A ragged layout: free ranges with reserved holes in between. */
	page_alloc_add_free(pa(3), pa(1000));
	page_alloc_add_free(pa(1029), pa(5000) + 123);
	page_alloc_add_free(pa(8191), pa(ZONE_PAGES - 5));
	before = stats();
	for (i = 0; i < 64; i++) {
		p[i] = page_alloc(i % 7, i % 2 ? PAGE_OWNER_GUEST : PAGE_OWNER_STACK);
		assert_non_null(p[i]);
	}
	assert_accounting();
	for (i = 0; i < 64; i++)
		page_free(p[(i * 37) % 64]);
	after = stats();
	assert_stats_eq(&before, &after);
}

static void test_stats_by_owner(void **state)
{
	void *k, *g, *t, *s;
	struct page_stats st;

	page_alloc_add_free(pa(0), pa(ZONE_PAGES));
	k = page_alloc(0, PAGE_OWNER_KERNEL);
	g = page_alloc(9, PAGE_OWNER_GUEST);
	t = page_alloc(2, PAGE_OWNER_PGTABLE);
	s = page_alloc(2, PAGE_OWNER_STACK);
	st = stats();
	assert_int_equal(st.by_owner[PAGE_OWNER_KERNEL], 1);
	assert_int_equal(st.by_owner[PAGE_OWNER_GUEST], 512);
	assert_int_equal(st.by_owner[PAGE_OWNER_PGTABLE], 4);
	assert_int_equal(st.by_owner[PAGE_OWNER_STACK], 4);
	assert_int_equal(st.by_owner[PAGE_OWNER_HEAP], 0);
	assert_int_equal(st.free_pages, ZONE_PAGES - 521);
	assert_accounting();
	page_free(g);
	assert_int_equal(stats().by_owner[PAGE_OWNER_GUEST], 0);
	page_free(k);
	page_free(t);
	page_free(s);
	assert_int_equal(stats().free_pages, ZONE_PAGES);

	assert_string_equal(page_owner_name(PAGE_OWNER_KERNEL), "kernel");
	assert_string_equal(page_owner_name(PAGE_OWNER_HEAP), "heap");
	assert_string_equal(page_owner_name(PAGE_OWNER_STACK), "stack");
	assert_string_equal(page_owner_name(PAGE_OWNER_PGTABLE), "pgtable");
	assert_string_equal(page_owner_name(PAGE_OWNER_GUEST), "guest");
	assert_string_equal(page_owner_name(PAGE_OWNER_IO), "io");
	assert_string_equal(page_owner_name(PAGE_OWNER_NR), "?");
	assert_string_equal(page_owner_name((enum page_owner)-1), "?");
}

/* Every bad free is reported and leaves the allocator exactly as it was. */
static void expect_bad_free(void *p)
{
	struct page_stats before = stats(), after;
	unsigned int errs = unit_log_errors();

	page_free(p);
	after = stats();
	assert_int_equal(unit_log_errors(), errs + 1);
	assert_stats_eq(&before, &after);
	assert_accounting();
}

static void test_bad_frees_detected(void **state)
{
	struct page_stats start;
	void *a, *b, *c;
	int local;

	page_alloc_add_free(pa(16), pa(ZONE_PAGES));
	start = stats();
	a = page_alloc(2, PAGE_OWNER_KERNEL);
	b = page_alloc(2, PAGE_OWNER_KERNEL);	/* a's buddy */
	c = page_alloc(3, PAGE_OWNER_KERNEL);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);

	page_free(a);
	expect_bad_free(a);			/* plain double free */
	expect_bad_free((u8 *)c + PAGE_SIZE);	/* page inside a block */
	expect_bad_free((u8 *)c + 8);		/* not page aligned */
	expect_bad_free(page_ptr(3));		/* reserved */
	expect_bad_free(&local);		/* not page aligned, outside */
	expect_bad_free(zone_mem - PAGE_SIZE);	/* below the zone */
	expect_bad_free(zone_mem + ZONE_BYTES);	/* above the zone */
	page_free(b);				/* merges with a */
	expect_bad_free(b);			/* double free of an absorbed head */
	expect_bad_free(a);
	page_free(NULL);

	assert_int_equal(page_alloc_size(c), PAGE_SIZE << 3);
	page_free(c);
	expect_bad_free(c);
	{
		struct page_stats end = stats();

		assert_stats_eq(&start, &end);
	}
	/* The allocator still works. */
	a = page_alloc(5, PAGE_OWNER_KERNEL);
	assert_non_null(a);
	page_free(a);
}

static void test_page_alloc_aligned(void **state)
{
	void *p;

	page_alloc_add_free(pa(1), pa(ZONE_PAGES));
	p = page_alloc_aligned(3 * PAGE_SIZE, 0, PAGE_OWNER_KERNEL);
	assert_non_null(p);
	assert_int_equal(page_alloc_size(p), 4 * PAGE_SIZE);
	page_free(p);

	p = page_alloc_aligned(100, 1 << 20, PAGE_OWNER_KERNEL);
	assert_non_null(p);
	assert_true(IS_ALIGNED((uintptr_t)p, 1 << 20));
	assert_int_equal(page_alloc_size(p), 1 << 20);
	page_free(p);

	p = page_alloc_aligned(1, 64, PAGE_OWNER_KERNEL);
	assert_non_null(p);
	assert_int_equal(page_alloc_size(p), PAGE_SIZE);
	page_free(p);

	assert_null(page_alloc_aligned(0, 0, PAGE_OWNER_KERNEL));
	assert_null(page_alloc_aligned(PAGE_SIZE, 3 * PAGE_SIZE, PAGE_OWNER_KERNEL));
	assert_null(page_alloc_aligned(ZONE_BYTES, 0, PAGE_OWNER_KERNEL));	/* page 0 reserved */
	assert_null(page_alloc_aligned((size_t)2 << 30, 0, PAGE_OWNER_KERNEL));
	assert_null(page_alloc_aligned(SIZE_MAX, 0, PAGE_OWNER_KERNEL));
	assert_int_equal(stats().free_pages, ZONE_PAGES - 1);

	assert_int_equal(page_order_for_size(0), 0);
	assert_int_equal(page_order_for_size(PAGE_SIZE), 0);
	assert_int_equal(page_order_for_size(PAGE_SIZE + 1), 1);
	assert_int_equal(page_order_for_size((size_t)1 << 30), PAGE_MAX_ORDER);
	assert_int_equal(page_order_for_size(((size_t)1 << 30) + 1), PAGE_MAX_ORDER + 1);
}

static void test_block_lookup_and_tag(void **state)
{
	struct page_block blk;
	u8 *p, *q;

	page_alloc_add_free(pa(8), pa(ZONE_PAGES));
	p = page_alloc(3, PAGE_OWNER_PGTABLE);
	q = page_alloc(0, PAGE_OWNER_IO);
	assert_non_null(p);
	assert_non_null(q);

	assert_true(page_block_lookup(p + 5 * PAGE_SIZE + 17, &blk));
	assert_ptr_equal(blk.head, p);
	assert_int_equal(blk.order, 3);
	assert_int_equal(blk.owner, PAGE_OWNER_PGTABLE);
	assert_int_equal(blk.tag, 0);

	assert_int_equal(page_set_tag(p, 42), 0);
	assert_true(page_block_lookup(p + (PAGE_SIZE << 3) - 1, &blk));
	assert_int_equal(blk.tag, 42);
	assert_int_equal(page_set_tag(p + PAGE_SIZE, 1), -EINVAL);
	assert_int_equal(page_set_tag(page_ptr(0), 1), -EINVAL);	/* reserved */
	assert_int_equal(page_set_tag(NULL, 1), -EINVAL);

	assert_true(page_block_lookup(q + 4095, &blk));
	assert_ptr_equal(blk.head, q);
	assert_false(page_block_lookup(page_ptr(2), &blk));		/* reserved */
	assert_false(page_block_lookup(zone_mem - 1, &blk));		/* outside */
	assert_false(page_block_lookup(p + (PAGE_SIZE << 3) + (PAGE_SIZE << 4), &blk));

	/* A freed block loses its tag and is no longer found. */
	page_free(p);
	assert_false(page_block_lookup(p + PAGE_SIZE, &blk));
	p = page_alloc(3, PAGE_OWNER_KERNEL);
	assert_true(page_block_lookup(p, &blk));
	assert_int_equal(blk.tag, 0);
	page_free(p);
	page_free(q);
}

/* ------------------------------------------------------------ stress */

#define STRESS_ITERS	40000
#define STRESS_MAX	512

struct live_block {
	u8 *p;
	unsigned int order;
	enum page_owner owner;
	u64 stamp;
};

static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* shadow[i]: 0 free, 1 reserved, 2 allocated. */
static u8 shadow[ZONE_PAGES];

static void shadow_mark(const struct live_block *b, u8 from, u8 to)
{
	size_t first = page_index(b->p), i;

	for (i = first; i < first + ((size_t)1 << b->order); i++) {
		assert_int_equal(shadow[i], from);
		shadow[i] = to;
	}
}

static void stress_check_stats(const struct live_block *live, size_t n)
{
	size_t owned[PAGE_OWNER_NR] = { 0 };
	struct page_stats st = stats();
	size_t i;

	for (i = 0; i < n; i++)
		owned[live[i].owner] += (size_t)1 << live[i].order;
	for (i = 0; i < PAGE_OWNER_NR; i++)
		assert_int_equal(st.by_owner[i], owned[i]);
	assert_accounting();
}

static bool stress_alloc(struct live_block *b)
{
	unsigned int o, order = (unsigned int)(rng() % 100 < 80 ? rng() % 3 : rng() % 10);
	struct page_stats st;

	b->owner = (enum page_owner)(rng() % PAGE_OWNER_NR);
	b->order = order;
	b->p = page_alloc(order, b->owner);
	if (!b->p) {
		/* Failure is only allowed when no block is large enough. */
		st = stats();
		for (o = order; o <= PAGE_MAX_ORDER; o++)
			assert_int_equal(st.free_blocks[o], 0);
		return false;
	}
	assert_true(IS_ALIGNED((uintptr_t)b->p, PAGE_SIZE << order));
	shadow_mark(b, 0, 2);
	b->stamp = rng();
	memcpy(b->p, &b->stamp, sizeof(b->stamp));
	memcpy(b->p + (PAGE_SIZE << order) - 8, &b->stamp, sizeof(b->stamp));
	return true;
}

static void stress_free(struct live_block *b)
{
	u64 head, tail;

	memcpy(&head, b->p, 8);
	memcpy(&tail, b->p + (PAGE_SIZE << b->order) - 8, 8);
	assert_int_equal(head, b->stamp);
	assert_int_equal(tail, b->stamp);
	assert_int_equal(page_alloc_size(b->p), PAGE_SIZE << b->order);
	shadow_mark(b, 2, 0);
	page_free(b->p);
}

static void test_random_stress(void **state)
{
	static struct live_block live[STRESS_MAX];
	struct page_stats before, after;
	size_t n = 0, i, it, allocs = 0, fails = 0;

	/* Holes of reserved pages the allocator must never hand out. */
	memset(shadow, 1, sizeof(shadow));
	page_alloc_add_free(pa(1), pa(3000));
	page_alloc_add_free(pa(3100), pa(ZONE_PAGES - 1));
	memset(shadow + 1, 0, 2999);
	memset(shadow + 3100, 0, ZONE_PAGES - 1 - 3100);
	before = stats();

	for (it = 0; it < STRESS_ITERS; it++) {
		bool do_alloc = n == 0 || (n < STRESS_MAX && rng() % 100 < 55);

		if (do_alloc) {
			allocs++;
			if (stress_alloc(&live[n]))
				n++;
			else
				fails++;
		} else {
			i = rng() % n;
			stress_free(&live[i]);
			live[i] = live[--n];
		}
		if (it % 1000 == 0)
			stress_check_stats(live, n);
	}
	stress_check_stats(live, n);
	print_message("stress: %zu allocations, %zu refused, %zu live at the end\n",
		      allocs, fails, n);
	assert_true(fails > 0);		/* the exhaustion path was exercised */
	while (n)
		stress_free(&live[--n]);
	after = stats();
	assert_stats_eq(&before, &after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uninitialized),
		cmocka_unit_test_setup_teardown(test_init_all_reserved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_free_whole_zone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_free_unaligned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_free_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alignment_every_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion_and_coalesce, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coalesce_restores_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_by_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_alloc_aligned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_lookup_and_tag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_stress, setup, teardown),
	};

	return cmocka_run_group_tests_name("page_alloc", tests, group_setup, group_teardown);
}
