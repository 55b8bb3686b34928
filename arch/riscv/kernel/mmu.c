/* Host Sv39 page tables (priv spec §4.4): RAM identity mapped with the
 * largest leaves that fit, the image W^X per section, device registers and
 * thread stacks mapped on request. One table shared by every hart. */
#include <asm/csr.h>
#include <asm/sbi.h>
#include <arch/mmu.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/page_alloc.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/ram.h>
#include <keel/spinlock.h>
#include <keel/string.h>

#define PTE_V		BIT(0)
#define PTE_R		BIT(1)
#define PTE_W		BIT(2)
#define PTE_X		BIT(3)
#define PTE_G		BIT(5)
#define PTE_A		BIT(6)
#define PTE_D		BIT(7)
#define PTE_LEAF	(PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT	10
#define PT_ENTRIES	512
#define LEVELS		3

extern char _start_image[], _etext[], _srodata[], _erodata[], _sdata[], _end[];
extern char boot_stack_guard[];

static uint64_t *root;
static bool mmu_on;
static DEFINE_SPINLOCK(mmu_lock);
static struct mmu_stats stats;

static inline unsigned long level_size(int level)
{
	return 1UL << (PAGE_SHIFT + 9 * level);
}

static inline unsigned int pt_index(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1);
}

static inline uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)((pte >> PTE_PPN_SHIFT) << PAGE_SHIFT);
}

static inline uint64_t make_pte(phys_addr_t pa, uint64_t flags)
{
	return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags | PTE_V;
}

static uint64_t prot_flags(unsigned int prot)
{
	uint64_t f = PTE_A | PTE_G;

	if (prot & PROT_READ)
		f |= PTE_R;
	if (prot & PROT_WRITE)
		f |= PTE_W | PTE_D | PTE_R;
	if (prot & PROT_EXEC)
		f |= PTE_X;
	return f;
}

static uint64_t *alloc_table(void)
{
	uint64_t *t = page_alloc(0, PAGE_OWNER_PGTABLE);

	if (t) {
		memset(t, 0, PAGE_SIZE);
		stats.table_pages++;
	}
	return t;
}

static void count_leaf(int level, long delta)
{
	if (level == 0)
		stats.mapped_4k += delta;
	else if (level == 1)
		stats.mapped_2m += delta;
	else
		stats.mapped_1g += delta;
}

/* Replace the leaf at table[idx] (a level-`level` block) by a table of
 * next-level leaves with the same permissions. */
static int split_leaf(uint64_t *table, unsigned int idx, int level)
{
	uint64_t pte = table[idx];
	uint64_t flags = pte & ((1UL << PTE_PPN_SHIFT) - 1);
	phys_addr_t pa = (pte >> PTE_PPN_SHIFT) << PAGE_SHIFT;
	uint64_t *next = alloc_table();

	if (!next)
		return -ENOMEM;
	for (int i = 0; i < PT_ENTRIES; i++)
		next[i] = make_pte(pa + i * level_size(level - 1), flags);
	count_leaf(level, -1);
	count_leaf(level - 1, PT_ENTRIES);
	table[idx] = make_pte((phys_addr_t)next, 0);
	return 0;
}

/* Walk to the table holding level-`level` entries for va, creating or
 * splitting on the way. */
static uint64_t *walk_create(unsigned long va, int level)
{
	uint64_t *table = root;

	for (int l = LEVELS - 1; l > level; l--) {
		unsigned int idx = pt_index(va, l);

		if (!(table[idx] & PTE_V)) {
			uint64_t *next = alloc_table();

			if (!next)
				return NULL;
			table[idx] = make_pte((phys_addr_t)next, 0);
		} else if (table[idx] & PTE_LEAF) {
			if (split_leaf(table, idx, l))
				return NULL;
		}
		table = pte_table(table[idx]);
	}
	return table;
}

static int map_one(unsigned long va, phys_addr_t pa, int level, uint64_t flags)
{
	uint64_t *table = walk_create(va, level);
	unsigned int idx;

	if (!table)
		return -ENOMEM;
	idx = pt_index(va, level);
	if ((table[idx] & PTE_V) && !(table[idx] & PTE_LEAF))
		return -EEXIST;		/* a finer table is there: use smaller leaves */
	if (table[idx] & PTE_V)
		count_leaf(level, -1);
	table[idx] = make_pte(pa, flags);
	count_leaf(level, 1);
	return 0;
}

static int pick_level(unsigned long va, phys_addr_t pa, size_t left)
{
	for (int level = LEVELS - 1; level > 0; level--) {
		unsigned long sz = level_size(level);

		if (IS_ALIGNED(va, sz) && IS_ALIGNED(pa, sz) && left >= sz)
			return level;
	}
	return 0;
}

static void flush_all_harts(unsigned long va, size_t size)
{
	struct cpu *c;
	unsigned long mask = 0;

	__asm__ volatile("sfence.vma" ::: "memory");
	if (!mmu_on)
		return;
	for_each_online_cpu(c) {
		if (c != this_cpu() && c->hartid < 64)
			mask |= 1UL << c->hartid;
	}
	if (mask)
		sbi_remote_sfence_vma(mask, 0, va, size);
}

static int map_range_locked(unsigned long va, phys_addr_t pa, size_t size,
			    uint64_t flags)
{
	while (size) {
		int level = pick_level(va, pa, size);
		int ret;

		while ((ret = map_one(va, pa, level, flags)) == -EEXIST && level > 0)
			level--;
		if (ret)
			return ret;
		va += level_size(level);
		pa += level_size(level);
		size -= level_size(level);
	}
	return 0;
}

int arch_mmu_map(unsigned long va, phys_addr_t pa, size_t size, unsigned int prot)
{
	unsigned long flags;
	int ret;

	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || !size)
		return -EINVAL;
	flags = spin_lock_irqsave(&mmu_lock);
	ret = map_range_locked(va, pa, size, prot_flags(prot));
	spin_unlock_irqrestore(&mmu_lock, flags);
	flush_all_harts(va, size);
	return ret;
}

static int unmap_page_locked(unsigned long va)
{
	uint64_t *table = root;

	for (int l = LEVELS - 1; l > 0; l--) {
		unsigned int idx = pt_index(va, l);

		if (!(table[idx] & PTE_V))
			return 0;
		if (table[idx] & PTE_LEAF) {
			int ret = split_leaf(table, idx, l);

			if (ret)
				return ret;
		}
		table = pte_table(table[idx]);
	}
	if (table[pt_index(va, 0)] & PTE_V)
		count_leaf(0, -1);
	table[pt_index(va, 0)] = 0;
	return 0;
}

int arch_mmu_unmap(unsigned long va, size_t size)
{
	unsigned long flags;
	int ret = 0;

	if (!IS_ALIGNED(va | size, PAGE_SIZE))
		return -EINVAL;
	flags = spin_lock_irqsave(&mmu_lock);
	for (size_t off = 0; off < size && !ret; off += PAGE_SIZE)
		ret = unmap_page_locked(va + off);
	spin_unlock_irqrestore(&mmu_lock, flags);
	flush_all_harts(va, size);
	return ret;
}

phys_addr_t arch_mmu_translate(unsigned long va)
{
	uint64_t *table = root;

	if (!mmu_on)
		return va;
	for (int l = LEVELS - 1; l >= 0; l--) {
		uint64_t pte = table[pt_index(va, l)];

		if (!(pte & PTE_V))
			return 0;
		if (pte & PTE_LEAF) {
			phys_addr_t base = (pte >> PTE_PPN_SHIFT) << PAGE_SHIFT;

			return base + (va & (level_size(l) - 1));
		}
		table = pte_table(pte);
	}
	return 0;
}

void *ioremap(phys_addr_t pa, size_t size)
{
	phys_addr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	phys_addr_t end = ALIGN_UP(pa + size, PAGE_SIZE);

	if (arch_mmu_map(start, start, end - start, PROT_READ | PROT_WRITE))
		return NULL;
	return (void *)pa;
}

/* Map a RAM bank read-write, leaving out no-map reservations. */
static int map_bank(const struct ram_bank *b)
{
	phys_addr_t cur = b->base, end = b->base + b->size;
	uint64_t rw = prot_flags(PROT_READ | PROT_WRITE);

	for (unsigned int i = 0; i < ram.nr_reserved && cur < end; i++) {
		const struct ram_reserved *r = &ram.reserved[i];

		if (!r->no_map || r->base + r->size <= cur || r->base >= end)
			continue;
		if (r->base > cur && map_range_locked(cur, cur, r->base - cur, rw))
			return -ENOMEM;
		cur = MAX(cur, ALIGN_UP(r->base + r->size, PAGE_SIZE));
	}
	if (cur < end)
		return map_range_locked(cur, cur, end - cur, rw);
	return 0;
}

static int map_image(void)
{
	static const struct {
		char *start, *end;
		unsigned int prot;
	} sections[] = {
		{ _start_image, _etext, PROT_READ | PROT_EXEC },
		{ _srodata, _erodata, PROT_READ },
		{ _sdata, _end, PROT_READ | PROT_WRITE },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(sections); i++) {
		unsigned long s = ALIGN_DOWN((unsigned long)sections[i].start, PAGE_SIZE);
		unsigned long e = ALIGN_UP((unsigned long)sections[i].end, PAGE_SIZE);

		if (map_range_locked(s, s, e - s, prot_flags(sections[i].prot)))
			return -ENOMEM;
	}
	return unmap_page_locked((unsigned long)boot_stack_guard);
}

int arch_mmu_init(void)
{
	root = alloc_table();
	if (!root)
		return -ENOMEM;
	for (unsigned int i = 0; i < ram.nr_banks; i++)
		if (map_bank(&ram.banks[i]))
			return -ENOMEM;
	if (map_image())
		return -ENOMEM;
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_write(satp, arch_mmu_satp());
	__asm__ volatile("sfence.vma" ::: "memory");
	mmu_on = true;
	return 0;
}

unsigned long arch_mmu_satp(void)
{
	return SATP_MODE_SV39 | ((unsigned long)root >> PAGE_SHIFT);
}

void arch_mmu_get_stats(struct mmu_stats *st)
{
	*st = stats;
}
