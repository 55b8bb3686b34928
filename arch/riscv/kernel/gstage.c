/* G-stage page tables (priv spec §9.5, see <asm/gstage.h>): build, change,
 * walk and free the Sv39x4/Sv48x4 tables of one guest. Only PTEs are
 * written here; TLB fences are the caller's. Built for the host too
 * (tests/unit/test_gstage.c), with host memory handed to the buddy zone. */
#include <asm/csr.h>
#include <asm/gstage.h>
#include <arch/barrier.h>	/* after a <keel/types.h> user: needs bool */
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/page_alloc.h>
#include <keel/string.h>

/* PTE layout of Sv39/Sv48 (priv spec §4.4.1, §4.5.1), shared by the
 * G-stage (§9.5.1). G is left clear: it is not used for G-stage PTEs. */
#define PTE_V		BIT(0)
#define PTE_R		BIT(1)
#define PTE_W		BIT(2)
#define PTE_X		BIT(3)
#define PTE_U		BIT(4)
#define PTE_A		BIT(6)
#define PTE_D		BIT(7)
#define PTE_RWX		(PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT	10
#define PTE_PPN_MASK	(((1ULL << 44) - 1) << PTE_PPN_SHIFT)

#define PT_ENTRIES	512		/* non-root tables: 4 KiB, 9 index bits */
#define ROOT_ENTRIES	2048		/* x4 root: 16 KiB, 11 index bits (§9.5.1) */
#define ROOT_ORDER	2		/* 2^2 pages = 16 KiB, naturally aligned */
#define MAX_LEAF_LEVEL	2		/* largest leaf used: 1 GiB */
#define HPA_LIMIT	(1ULL << 56)	/* 44-bit PPN */

static inline uint64_t level_size(unsigned int level)
{
	return 1ULL << (PAGE_SHIFT + 9 * level);
}

/* Index of gpa's entry in its level-`level` table; the root (top level)
 * takes two more bits of the guest physical address. */
static inline unsigned int pt_index(const struct gstage *gs, uint64_t gpa,
				    unsigned int level)
{
	unsigned int entries = level == gs->levels - 1 ? ROOT_ENTRIES : PT_ENTRIES;

	return (unsigned int)(gpa >> (PAGE_SHIFT + 9 * level)) & (entries - 1);
}

static inline bool pte_is_leaf(uint64_t pte)
{
	return (pte & PTE_V) && (pte & PTE_RWX);
}

static inline bool pte_is_table(uint64_t pte)
{
	return (pte & PTE_V) && !(pte & PTE_RWX);
}

static inline phys_addr_t pte_addr(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static inline uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)pte_addr(pte);
}

static inline uint64_t make_pte(phys_addr_t pa, uint64_t flags)
{
	return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags | PTE_V;
}

/* Leaf flags: U because G-stage accesses are all checked as user accesses
 * (§9.5.1); A and D preset so no A/D update or fault is needed. */
static uint64_t leaf_flags(unsigned int prot)
{
	uint64_t f = PTE_V | PTE_U | PTE_A;

	if (prot & GSTAGE_R)
		f |= PTE_R;
	if (prot & GSTAGE_W)
		f |= PTE_W | PTE_D;
	if (prot & GSTAGE_X)
		f |= PTE_X;
	return f;
}

static unsigned int pte_prot(uint64_t pte)
{
	return (pte & PTE_R ? GSTAGE_R : 0) | (pte & PTE_W ? GSTAGE_W : 0) |
	       (pte & PTE_X ? GSTAGE_X : 0);
}

static uint64_t *alloc_table(struct gstage *gs)
{
	uint64_t *t = page_alloc(0, PAGE_OWNER_PGTABLE);

	if (t) {
		memset(t, 0, PAGE_SIZE);
		gs->table_pages++;
	}
	return t;
}

/* Point *ptep at a table filled before it becomes visible: the barrier
 * orders the fill before the pointer for lock-free walkers. */
static void set_table(uint64_t *ptep, uint64_t *table)
{
	wmb();
	WRITE_ONCE(*ptep, make_pte((phys_addr_t)(uintptr_t)table, 0));
}

/* Replace the level-`level` leaf at *ptep by a table of 512 next-level
 * leaves with the same flags, so the translation does not change. */
static int split_leaf(struct gstage *gs, uint64_t *ptep, unsigned int level)
{
	uint64_t pte = *ptep, flags = pte & ~PTE_PPN_MASK;
	phys_addr_t pa = pte_addr(pte);
	uint64_t *t = alloc_table(gs);

	if (!t)
		return -ENOMEM;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = make_pte(pa + i * level_size(level - 1), flags);
	set_table(ptep, t);
	return 0;
}

/* Make *ptep (at level `level` > 0) a table: allocate one for an invalid
 * entry, split a leaf. */
static int ensure_table(struct gstage *gs, uint64_t *ptep, unsigned int level)
{
	uint64_t *t;

	if (pte_is_table(*ptep))
		return 0;
	if (*ptep & PTE_V)
		return split_leaf(gs, ptep, level);
	t = alloc_table(gs);
	if (!t)
		return -ENOMEM;
	set_table(ptep, t);
	return 0;
}

/* Install one leaf mapping gpa -> hpa at `level`, or lower where a table
 * already sits there (gpa and hpa are aligned for any lower level too).
 * Returns the level used, or -ENOMEM. */
static int map_leaf(struct gstage *gs, uint64_t gpa, phys_addr_t hpa,
		    unsigned int level, uint64_t flags)
{
	uint64_t *table = gs->root;

	for (unsigned int l = gs->levels - 1;; l--) {
		uint64_t *ptep = &table[pt_index(gs, gpa, l)];
		int ret;

		if (l <= level && (l == 0 || !pte_is_table(*ptep))) {
			WRITE_ONCE(*ptep, make_pte(hpa, flags));
			return (int)l;
		}
		ret = ensure_table(gs, ptep, l);
		if (ret)
			return ret;
		table = pte_table(*ptep);
	}
}

/* Largest leaf level whose block gpa and hpa are aligned to and size covers. */
static unsigned int pick_level(uint64_t gpa, phys_addr_t hpa, uint64_t size)
{
	for (unsigned int level = MAX_LEAF_LEVEL; level > 0; level--) {
		uint64_t sz = level_size(level);

		if (IS_ALIGNED(gpa | hpa, sz) && size >= sz)
			return level;
	}
	return 0;
}

static int map_range(struct gstage *gs, uint64_t gpa, phys_addr_t hpa,
		     uint64_t size, uint64_t flags)
{
	while (size) {
		int level = map_leaf(gs, gpa, hpa, pick_level(gpa, hpa, size), flags);

		if (level < 0)
			return level;
		gpa += level_size(level);
		hpa += level_size(level);
		size -= level_size(level);
	}
	return 0;
}

/* gs is usable and [gpa, gpa + size) is a non-empty, page-aligned range
 * inside the guest-physical address space. */
static int check_range(const struct gstage *gs, uint64_t gpa, uint64_t size)
{
	uint64_t limit;

	if (!gs->root || !size || !IS_ALIGNED(gpa | size, PAGE_SIZE))
		return -EINVAL;
	limit = gstage_gpa_limit(gs);
	if (gpa >= limit || size > limit - gpa)
		return -EINVAL;
	return 0;
}

/* R or X must be set, and W needs R: W-only encodings are reserved
 * (priv spec §4.3.1, Table 4.5). */
static bool prot_valid(unsigned int prot)
{
	if (prot & ~GSTAGE_RWX)
		return false;
	if (!(prot & (GSTAGE_R | GSTAGE_X)))
		return false;
	return !(prot & GSTAGE_W) || (prot & GSTAGE_R);
}

int gstage_init(struct gstage *gs, unsigned int levels)
{
	if (levels != GSTAGE_LEVELS_SV39X4 && levels != GSTAGE_LEVELS_SV48X4)
		return -EINVAL;
	gs->root = page_alloc(ROOT_ORDER, PAGE_OWNER_PGTABLE);
	if (!gs->root)
		return -ENOMEM;
	memset(gs->root, 0, ROOT_ENTRIES * sizeof(uint64_t));
	gs->levels = levels;
	gs->table_pages = 1U << ROOT_ORDER;
	spin_lock_init(&gs->lock);
	return 0;
}

int gstage_map(struct gstage *gs, uint64_t gpa, phys_addr_t hpa, uint64_t size,
	       unsigned int prot)
{
	unsigned long flags;
	int ret = check_range(gs, gpa, size);

	if (ret)
		return ret;
	if (!IS_ALIGNED(hpa, PAGE_SIZE) || hpa >= HPA_LIMIT ||
	    size > HPA_LIMIT - hpa || !prot_valid(prot))
		return -EINVAL;
	flags = spin_lock_irqsave(&gs->lock);
	ret = map_range(gs, gpa, hpa, size, leaf_flags(prot));
	spin_unlock_irqrestore(&gs->lock, flags);
	return ret;
}

/* Clear the mappings of [gpa, end) below the level-`level` table `table`;
 * the range lies inside the table's span. Leaves wholly inside are
 * cleared, leaves partly inside split first. Recursion depth <= levels. */
static int unmap_level(struct gstage *gs, uint64_t *table, unsigned int level,
		       uint64_t gpa, uint64_t end)
{
	uint64_t sz = level_size(level);

	while (gpa < end) {
		uint64_t *ptep = &table[pt_index(gs, gpa, level)];
		uint64_t next = ALIGN_DOWN(gpa, sz) + sz, stop = MIN(next, end);
		int ret = 0;

		if (pte_is_leaf(*ptep) && IS_ALIGNED(gpa, sz) && stop == next) {
			WRITE_ONCE(*ptep, 0);
		} else if ((*ptep & PTE_V) && level > 0) {
			if (pte_is_leaf(*ptep))
				ret = split_leaf(gs, ptep, level);
			if (!ret)
				ret = unmap_level(gs, pte_table(*ptep), level - 1,
						  gpa, stop);
			if (ret)
				return ret;
		}
		gpa = stop;
	}
	return 0;
}

int gstage_unmap(struct gstage *gs, uint64_t gpa, uint64_t size)
{
	unsigned long flags;
	int ret = check_range(gs, gpa, size);

	if (ret)
		return ret;
	flags = spin_lock_irqsave(&gs->lock);
	ret = unmap_level(gs, gs->root, gs->levels - 1, gpa, gpa + size);
	spin_unlock_irqrestore(&gs->lock, flags);
	return ret;
}

int gstage_translate(const struct gstage *gs, uint64_t gpa, phys_addr_t *hpa,
		     unsigned int *prot)
{
	const uint64_t *table = gs->root;

	if (!table || gpa >= gstage_gpa_limit(gs))
		return -ENOENT;
	for (unsigned int l = gs->levels; l-- > 0;) {
		uint64_t pte = READ_ONCE(table[pt_index(gs, gpa, l)]);

		if (!(pte & PTE_V))
			return -ENOENT;
		if (pte_is_leaf(pte)) {
			if (hpa)
				*hpa = pte_addr(pte) + (gpa & (level_size(l) - 1));
			if (prot)
				*prot = pte_prot(pte);
			return 0;
		}
		table = pte_table(pte);
	}
	return -ENOENT;		/* a pointer at level 0: never written here */
}

/* Free the level-`level` table `table` of `entries` entries and every
 * table below it. */
static void free_tables(struct gstage *gs, uint64_t *table, unsigned int level,
			unsigned int entries)
{
	for (unsigned int i = 0; level > 0 && i < entries; i++)
		if (pte_is_table(table[i]))
			free_tables(gs, pte_table(table[i]), level - 1, PT_ENTRIES);
	page_free(table);
	gs->table_pages -= level == gs->levels - 1 ? 1U << ROOT_ORDER : 1;
}

void gstage_destroy(struct gstage *gs)
{
	if (!gs->root)
		return;
	free_tables(gs, gs->root, gs->levels - 1, ROOT_ENTRIES);
	gs->root = NULL;
}

unsigned long gstage_hgatp(const struct gstage *gs, unsigned int vmid)
{
	unsigned long mode = gs->levels == GSTAGE_LEVELS_SV48X4 ?
			     HGATP_MODE_SV48X4 : HGATP_MODE_SV39X4;

	return mode | (((unsigned long)vmid << HGATP_VMID_SHIFT) & HGATP_VMID_MASK) |
	       (((unsigned long)(uintptr_t)gs->root >> PAGE_SHIFT) & HGATP_PPN_MASK);
}
