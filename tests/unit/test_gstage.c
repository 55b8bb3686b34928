/* Unit tests of the G-stage page tables (arch/riscv/kernel/gstage.c) over
 * the real buddy allocator, backed by 64 MiB of host memory aligned to
 * 64 MiB (as in test_heap.c): the tables are real host memory, the "host
 * physical" addresses mapped are plain numbers never dereferenced.
 *
 * The tests read the tables themselves to count leaves and check the PTE
 * format (priv spec §4.4.1 PTE bits, §9.5.1 x4 root and U on leaves); every
 * test destroys its G-stage and the teardown checks that the page allocator
 * is back to its starting state. */
#include "stubs/host_zone.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <asm/gstage.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/page_alloc.h>

extern bool unit_irqs_off;

#define ZONE_PAGES	((size_t)1 << 14)
#define ZONE_BYTES	(ZONE_PAGES * PAGE_SIZE)

#define SZ_4K		0x1000ULL
#define SZ_2M		0x200000ULL
#define SZ_1G		0x40000000ULL

/* PTE bits, from the spec rather than from gstage.c. */
#define V	0x01ULL
#define R	0x02ULL
#define W	0x04ULL
#define X	0x08ULL
#define U	0x10ULL
#define G	0x20ULL
#define A	0x40ULL
#define D	0x80ULL

static u8 *zone_mem;
static struct page_stats zone_start;
static struct gstage gs;

static struct page_stats pstats(void)
{
	return host_zone_stats();
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

static int setup39(void **state)
{
	return gstage_init(&gs, 3);
}

static int setup48(void **state)
{
	return gstage_init(&gs, 4);
}

/* Every table page goes back to the allocator. */
static int teardown(void **state)
{
	struct page_stats now;

	gstage_destroy(&gs);
	assert_null(gs.root);
	assert_int_equal(gs.table_pages, 0);
	now = pstats();
	assert_memory_equal(&now, &zone_start, sizeof(now));
	assert_false(unit_irqs_off);
	return 0;
}

/* ------------------------------------------------------------ table walk */

struct walk {
	size_t leaves[4];	/* per level: 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB */
	size_t tables;		/* non-root tables */
};

static uint64_t *child(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> 10) << 12);
}

/* Count leaves and tables below `table`, checking each PTE's format:
 * leaves V|U|A, D exactly when W, never G or W without R; pointers V only. */
static void walk_table(const uint64_t *table, unsigned int level,
		       unsigned int entries, struct walk *w)
{
	for (unsigned int i = 0; i < entries; i++) {
		uint64_t pte = table[i];

		if (!(pte & V)) {
			assert_int_equal(pte, 0);
			continue;
		}
		if (pte & (R | W | X)) {
			assert_int_equal(pte & (V | U | A | G), V | U | A);
			assert_int_equal(!!(pte & D), !!(pte & W));
			assert_false((pte & W) && !(pte & R));
			assert_int_equal((pte >> 10) & ((1ULL << (9 * level)) - 1), 0);
			w->leaves[level]++;
			continue;
		}
		assert_int_equal(pte & 0x3ff, V);
		assert_true(level > 0);
		w->tables++;
		walk_table(child(pte), level - 1, 512, w);
	}
}

static struct walk walk(void)
{
	struct walk w = { { 0 }, 0 };

	walk_table(gs.root, gs.levels - 1, 2048, &w);
	/* table_pages: the 16 KiB root counts 4, and it agrees with the owner stats */
	assert_int_equal(gs.table_pages, 4 + w.tables);
	assert_int_equal(pstats().by_owner[PAGE_OWNER_PGTABLE],
			 zone_start.by_owner[PAGE_OWNER_PGTABLE] + gs.table_pages);
	return w;
}

static void expect_leaves(size_t n4k, size_t n2m, size_t n1g)
{
	struct walk w = walk();

	assert_int_equal(w.leaves[0], n4k);
	assert_int_equal(w.leaves[1], n2m);
	assert_int_equal(w.leaves[2], n1g);
	assert_int_equal(w.leaves[3], 0);
}

/* gpa maps to hpa with prot. */
static void expect_map(uint64_t gpa, phys_addr_t hpa, unsigned int prot)
{
	phys_addr_t got = 0;
	unsigned int p = 0;

	assert_int_equal(gstage_translate(&gs, gpa, &got, &p), 0);
	assert_int_equal(got, hpa);
	assert_int_equal(p, prot);
}

static void expect_unmapped(uint64_t gpa)
{
	phys_addr_t got = 0x1234;

	assert_int_equal(gstage_translate(&gs, gpa, &got, NULL), -ENOENT);
	assert_int_equal(got, 0x1234);
}

/* Every page of [gpa, gpa + size): first and last byte map to hpa + off. */
static void expect_range(uint64_t gpa, phys_addr_t hpa, uint64_t size,
			 unsigned int prot)
{
	for (uint64_t off = 0; off < size; off += SZ_4K) {
		expect_map(gpa + off, hpa + off, prot);
		expect_map(gpa + off + SZ_4K - 1, hpa + off + SZ_4K - 1, prot);
	}
}

/* ------------------------------------------------------------ tests */

static void test_init(void **state)
{
	struct gstage other;

	assert_int_equal(gstage_init(&other, 2), -EINVAL);
	assert_int_equal(gstage_init(&other, 5), -EINVAL);
	/* the root: 16 KiB, 16 KiB aligned, zeroed, charged to PGTABLE */
	assert_int_equal((uintptr_t)gs.root % (16 * 1024), 0);
	assert_int_equal(page_alloc_size(gs.root), 16 * 1024);
	for (int i = 0; i < 2048; i++)
		assert_int_equal(gs.root[i], 0);
	assert_int_equal(gs.levels, 3);
	expect_leaves(0, 0, 0);
	assert_int_equal(gstage_gpa_limit(&gs), 1ULL << 41);
	expect_unmapped(0);
	expect_unmapped(0x80000000);
}

/* RAM-like range: 4 MiB + 12 KiB at a 2 MiB aligned gpa, hpa aligned too:
 * two 2 MiB leaves then three 4 KiB ones; check every page's edges and
 * the bytes just outside. */
static void test_map_ram_boundaries(void **state)
{
	uint64_t gpa = 0x80000000, size = 2 * SZ_2M + 3 * SZ_4K;
	phys_addr_t hpa = 0x840200000ULL;

	assert_int_equal(gstage_map(&gs, gpa, hpa, size, GSTAGE_RWX), 0);
	expect_leaves(3, 2, 0);
	expect_range(gpa, hpa, size, GSTAGE_RWX);
	expect_unmapped(gpa - 1);
	expect_unmapped(gpa + size);
	expect_map(gpa + SZ_2M - 1, hpa + SZ_2M - 1, GSTAGE_RWX);
	expect_map(gpa + SZ_2M, hpa + SZ_2M, GSTAGE_RWX);
	expect_map(gpa + 0x12345, hpa + 0x12345, GSTAGE_RWX);

	/* a second bank with only 4 KiB alignment in common, read-only */
	assert_int_equal(gstage_map(&gs, 0x100000000ULL, 0x900003000ULL, SZ_2M + SZ_4K,
				    GSTAGE_R), 0);
	expect_leaves(3 + 513, 2, 0);
	expect_range(0x100000000ULL, 0x900003000ULL, SZ_2M + SZ_4K, GSTAGE_R);
	expect_unmapped(0x100000000ULL + SZ_2M + SZ_4K);
}

/* Leaf size follows the common alignment of gpa and hpa and the size left. */
static void test_leaf_selection(void **state)
{
	/* 1 GiB + 2 MiB + 4 KiB, both 1 GiB aligned: 1 + 1 + 1 */
	assert_int_equal(gstage_map(&gs, SZ_1G, 5 * SZ_1G, SZ_1G + SZ_2M + SZ_4K,
				    GSTAGE_RW), 0);
	expect_leaves(1, 1, 1);
	expect_map(SZ_1G + SZ_1G - 1, 6 * SZ_1G - 1, GSTAGE_RW);
	expect_map(2 * SZ_1G + SZ_2M, 6 * SZ_1G + SZ_2M, GSTAGE_RW);

	/* gpa 1 GiB aligned, hpa only 2 MiB aligned: 2 MiB leaves */
	assert_int_equal(gstage_map(&gs, 4 * SZ_1G, 7 * SZ_1G + SZ_2M, SZ_1G, GSTAGE_RW), 0);
	expect_leaves(1, 1 + 512, 1);

	/* gpa 2 MiB aligned, hpa only 4 KiB aligned: 4 KiB leaves */
	assert_int_equal(gstage_map(&gs, 8 * SZ_1G, 9 * SZ_1G + SZ_4K, 2 * SZ_2M,
				    GSTAGE_RW), 0);
	expect_leaves(1 + 1024, 1 + 512, 1);

	/* starting 4 KiB below a 2 MiB boundary, 4 MiB + 8 KiB: 1 + 2 + 1 */
	assert_int_equal(gstage_map(&gs, 10 * SZ_1G + SZ_2M - SZ_4K,
				    11 * SZ_1G + SZ_2M - SZ_4K, 2 * SZ_2M + 2 * SZ_4K,
				    GSTAGE_RW), 0);
	expect_leaves(1 + 1024 + 2, 1 + 512 + 2, 1);
	expect_range(10 * SZ_1G + SZ_2M - SZ_4K, 11 * SZ_1G + SZ_2M - SZ_4K,
		     2 * SZ_2M + 2 * SZ_4K, GSTAGE_RW);
}

/* Unmapping one page inside a 2 MiB leaf splits it: 511 pages stay mapped. */
static void test_unmap_splits_2m(void **state)
{
	uint64_t gpa = 0x80200000;
	phys_addr_t hpa = 0x180000000ULL;
	size_t tables;

	assert_int_equal(gstage_map(&gs, gpa, hpa, 2 * SZ_2M, GSTAGE_RWX), 0);
	expect_leaves(0, 2, 0);
	tables = gs.table_pages;
	assert_int_equal(gstage_unmap(&gs, gpa + 5 * SZ_4K, SZ_4K), 0);
	expect_leaves(511, 1, 0);
	assert_int_equal(gs.table_pages, tables + 1);
	expect_unmapped(gpa + 5 * SZ_4K);
	expect_unmapped(gpa + 6 * SZ_4K - 1);
	expect_range(gpa, hpa, 5 * SZ_4K, GSTAGE_RWX);
	expect_range(gpa + 6 * SZ_4K, hpa + 6 * SZ_4K, SZ_2M - 6 * SZ_4K, GSTAGE_RWX);

	/* a whole aligned 2 MiB leaf goes without splitting */
	assert_int_equal(gstage_unmap(&gs, gpa + SZ_2M, SZ_2M), 0);
	expect_leaves(511, 0, 0);
	assert_int_equal(gs.table_pages, tables + 1);
	expect_unmapped(gpa + SZ_2M);

	/* a range straddling split and unmapped parts, and unmapping holes */
	assert_int_equal(gstage_unmap(&gs, gpa + SZ_2M - 2 * SZ_4K, 8 * SZ_4K), 0);
	expect_leaves(509, 0, 0);
	assert_int_equal(gstage_unmap(&gs, 0, 4 * SZ_1G), 0);
	expect_leaves(0, 0, 0);
	expect_unmapped(gpa);
}

/* Unmapping inside a 1 GiB leaf splits twice: 1 GiB -> 2 MiB -> 4 KiB. */
static void test_unmap_splits_1g(void **state)
{
	assert_int_equal(gstage_map(&gs, 2 * SZ_1G, 3 * SZ_1G, SZ_1G, GSTAGE_RW), 0);
	expect_leaves(0, 0, 1);
	assert_int_equal(gstage_unmap(&gs, 2 * SZ_1G + 3 * SZ_2M + SZ_4K, SZ_4K), 0);
	expect_leaves(511, 511, 0);
	expect_unmapped(2 * SZ_1G + 3 * SZ_2M + SZ_4K);
	expect_map(2 * SZ_1G + 3 * SZ_2M, 3 * SZ_1G + 3 * SZ_2M, GSTAGE_RW);
	expect_map(2 * SZ_1G + 3 * SZ_2M + 2 * SZ_4K, 3 * SZ_1G + 3 * SZ_2M + 2 * SZ_4K,
		   GSTAGE_RW);
	expect_map(3 * SZ_1G - 1, 4 * SZ_1G - 1, GSTAGE_RW);
	expect_map(2 * SZ_1G, 3 * SZ_1G, GSTAGE_RW);
}

/* Remapping replaces: other permissions, other host pages, inside larger
 * leaves (split) and over finer tables (their leaves are rewritten). */
static void test_remap(void **state)
{
	uint64_t gpa = 0x80000000;
	phys_addr_t hpa = 0x200000000ULL;

	assert_int_equal(gstage_map(&gs, gpa, hpa, SZ_2M, GSTAGE_RW), 0);
	assert_int_equal(gstage_map(&gs, gpa, hpa, SZ_2M, GSTAGE_R | GSTAGE_X), 0);
	expect_leaves(0, 1, 0);
	expect_range(gpa, hpa, SZ_2M, GSTAGE_R | GSTAGE_X);

	/* one page inside the 2 MiB leaf: read-only, another host page */
	assert_int_equal(gstage_map(&gs, gpa + 7 * SZ_4K, 0x300000000ULL, SZ_4K, GSTAGE_R), 0);
	expect_leaves(512, 0, 0);
	expect_map(gpa + 7 * SZ_4K + 8, 0x300000008ULL, GSTAGE_R);
	expect_map(gpa + 6 * SZ_4K, hpa + 6 * SZ_4K, GSTAGE_R | GSTAGE_X);
	expect_map(gpa + 8 * SZ_4K, hpa + 8 * SZ_4K, GSTAGE_R | GSTAGE_X);

	/* the whole 2 MiB again: the level-0 table stays, 512 leaves rewritten */
	assert_int_equal(gstage_map(&gs, gpa, 0x400000000ULL, SZ_2M, GSTAGE_RWX), 0);
	expect_leaves(512, 0, 0);
	expect_range(gpa, 0x400000000ULL, SZ_2M, GSTAGE_RWX);

	/* a 1 GiB mapping over the same gigabyte: 2 MiB leaves where no
	 * table is, 4 KiB leaves in the existing table */
	assert_int_equal(gstage_map(&gs, 2 * SZ_1G, 8 * SZ_1G, SZ_1G, GSTAGE_R), 0);
	expect_leaves(512, 511, 0);
	expect_map(gpa + 5, 8 * SZ_1G + 5, GSTAGE_R);
	expect_map(gpa + SZ_2M, 8 * SZ_1G + SZ_2M, GSTAGE_R);
	expect_map(3 * SZ_1G - 1, 9 * SZ_1G - 1, GSTAGE_R);
	/* execute-only is a valid leaf */
	assert_int_equal(gstage_map(&gs, 0, 0, SZ_4K, GSTAGE_X), 0);
	expect_map(0, 0, GSTAGE_X);
}

static void test_bounds_and_arguments(void **state)
{
	uint64_t top = 1ULL << 41;

	/* the last page of Sv39x4 uses root entry 2047 */
	assert_int_equal(gstage_map(&gs, top - SZ_4K, 0x1000, SZ_4K, GSTAGE_RW), 0);
	assert_true(gs.root[2047] & V);
	expect_map(top - 1, 0x1fff, GSTAGE_RW);
	expect_unmapped(top);
	expect_unmapped(~0ULL);
	assert_int_equal(gstage_map(&gs, top, 0, SZ_4K, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_map(&gs, top - SZ_4K, 0, 2 * SZ_4K, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_map(&gs, SZ_4K, 0, ~0ULL - 0xfff, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_unmap(&gs, top, SZ_4K), -EINVAL);
	assert_int_equal(gstage_unmap(&gs, top - SZ_4K, 2 * SZ_4K), -EINVAL);

	/* alignment, size 0 */
	assert_int_equal(gstage_map(&gs, 0x800, 0, SZ_4K, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, 0x800, SZ_4K, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, 0, 0x800, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, 0, 0, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_unmap(&gs, 0x800, SZ_4K), -EINVAL);
	assert_int_equal(gstage_unmap(&gs, 0, 0), -EINVAL);

	/* permissions: none, W without R, unknown bits */
	assert_int_equal(gstage_map(&gs, 0, 0, SZ_4K, 0), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, 0, SZ_4K, GSTAGE_W), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, 0, SZ_4K, GSTAGE_W | GSTAGE_X), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, 0, SZ_4K, GSTAGE_R | 8), -EINVAL);

	/* host physical addresses have 56 bits */
	assert_int_equal(gstage_map(&gs, 0, 1ULL << 56, SZ_4K, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, 1ULL << 60, SZ_4K, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, (1ULL << 56) - SZ_4K, 2 * SZ_4K, GSTAGE_RW),
			 -EINVAL);
	assert_int_equal(gstage_map(&gs, 0, (1ULL << 56) - SZ_4K, SZ_4K, GSTAGE_RW), 0);
	expect_map(0xabc, (1ULL << 56) - SZ_4K + 0xabc, GSTAGE_RW);

	/* nothing else was mapped by the failures */
	expect_leaves(2, 0, 0);
}

/* Sv48x4: 4 levels, 50-bit guest physical addresses, 2048-entry root. */
static void test_sv48x4(void **state)
{
	uint64_t top = 1ULL << 50;

	assert_int_equal(gs.levels, 4);
	assert_int_equal(gstage_gpa_limit(&gs), top);
	assert_int_equal(gstage_map(&gs, top - SZ_1G, 0x40000000, SZ_1G, GSTAGE_RW), 0);
	assert_true(gs.root[2047] & V);
	assert_int_equal(gstage_map(&gs, 1ULL << 45, 0x800000000ULL,
				    SZ_2M + 2 * SZ_4K, GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&gs, 0x80000000, 0x180001000ULL, 4 * SZ_4K, GSTAGE_R), 0);
	expect_leaves(2 + 4, 1, 1);
	expect_map(top - 1, 0x7fffffff, GSTAGE_RW);
	expect_map(top - SZ_1G, 0x40000000, GSTAGE_RW);
	expect_range(1ULL << 45, 0x800000000ULL, SZ_2M + 2 * SZ_4K, GSTAGE_RWX);
	expect_range(0x80000000, 0x180001000ULL, 4 * SZ_4K, GSTAGE_R);
	expect_unmapped(top);
	expect_unmapped(1ULL << 41);
	assert_int_equal(gstage_map(&gs, top, 0, SZ_4K, GSTAGE_RW), -EINVAL);

	/* split the top 1 GiB leaf down to a page */
	assert_int_equal(gstage_unmap(&gs, top - SZ_4K, SZ_4K), 0);
	expect_leaves(2 + 4 + 511, 1 + 511, 0);
	expect_unmapped(top - 1);
	expect_map(top - SZ_4K - 1, 0x7fffefff, GSTAGE_RW);
	assert_int_equal(gstage_hgatp(&gs, 1) >> 60, 9);
}

/* hgatp (priv spec §9.2.10): MODE[63:60] | VMID[57:44] | PPN[43:0]. */
static void test_hgatp(void **state)
{
	unsigned long ppn = (unsigned long)(uintptr_t)gs.root >> 12;

	assert_int_equal(gstage_hgatp(&gs, 0), (8UL << 60) | ppn);
	assert_int_equal(gstage_hgatp(&gs, 5), (8UL << 60) | (5UL << 44) | ppn);
	assert_int_equal(gstage_hgatp(&gs, 0x3fff), (8UL << 60) | (0x3fffUL << 44) | ppn);
	assert_int_equal(gstage_hgatp(&gs, 0x4005), (8UL << 60) | (5UL << 44) | ppn);
}

/* Many scattered mappings, then destroy: the teardown checks the pages. */
static void test_destroy_returns_pages(void **state)
{
	for (uint64_t i = 0; i < 64; i++)
		assert_int_equal(gstage_map(&gs, (i * 0x100203000ULL) & ~0xfffULL,
					    i * SZ_2M, SZ_4K * (i + 1), GSTAGE_RW), 0);
	assert_int_equal(gstage_map(&gs, 3 * SZ_1G, 3 * SZ_1G, SZ_1G, GSTAGE_RWX), 0);
	assert_true(gs.table_pages > 64);
	assert_true(pstats().free_pages < zone_start.free_pages);

	gstage_destroy(&gs);
	assert_null(gs.root);
	gstage_destroy(&gs);	/* twice is harmless */
	assert_int_equal(gstage_map(&gs, 0, 0, SZ_4K, GSTAGE_RW), -EINVAL);
	assert_int_equal(gstage_unmap(&gs, 0, SZ_4K), -EINVAL);
	assert_int_equal(gstage_translate(&gs, 0, NULL, NULL), -ENOENT);
}

/* ------------------------------------------------------------ no memory */

static void *hoard[ZONE_PAGES];
static size_t nhoard;

static void hoard_all(void)
{
	void *p;

	while ((p = page_alloc(0, PAGE_OWNER_KERNEL)))
		hoard[nhoard++] = p;
}

static void release(size_t n)
{
	while (n-- && nhoard)
		page_free(hoard[--nhoard]);
}

/* A failed table allocation leaves a partial but correct mapping; a failed
 * split leaves the leaf as it was. */
static void test_out_of_memory(void **state)
{
	uint64_t gpa = 5 * SZ_1G;

	assert_int_equal(gstage_map(&gs, SZ_1G, 0x700000000ULL, SZ_2M, GSTAGE_RW), 0);
	hoard_all();
	assert_int_equal(gstage_map(&gs, gpa, 0x1000, SZ_4K, GSTAGE_RW), -ENOMEM);
	assert_int_equal(gstage_unmap(&gs, SZ_1G + SZ_4K, SZ_4K), -ENOMEM);
	expect_leaves(0, 1, 0);
	expect_range(SZ_1G, 0x700000000ULL, SZ_2M, GSTAGE_RW);

	/* two pages: the level-1 table and one level-0 table -> 2 MiB of 4 KiB
	 * leaves get mapped, the second 2 MiB fails */
	release(2);
	assert_int_equal(gstage_map(&gs, gpa, 0x1000, 2 * SZ_2M, GSTAGE_RW), -ENOMEM);
	expect_range(gpa, 0x1000, SZ_2M, GSTAGE_RW);
	expect_unmapped(gpa + SZ_2M);
	expect_leaves(512, 1, 0);

	release(nhoard);
	assert_int_equal(gstage_unmap(&gs, SZ_1G + SZ_4K, SZ_4K), 0);
	expect_unmapped(SZ_1G + SZ_4K);
	assert_int_equal(gstage_map(&gs, gpa, 0x1000, 2 * SZ_2M, GSTAGE_RW), 0);
	expect_range(gpa, 0x1000, 2 * SZ_2M, GSTAGE_RW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_map_ram_boundaries, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_leaf_selection, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_splits_2m, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_splits_1g, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_remap, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_bounds_and_arguments, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_sv48x4, setup48, teardown),
		cmocka_unit_test_setup_teardown(test_hgatp, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_returns_pages, setup39, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup39, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
