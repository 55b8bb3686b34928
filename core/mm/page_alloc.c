/* Buddy page allocator over one zone of identity-mapped RAM.
 *
 * Blocks are aligned to their size in absolute physical terms (a 1 GiB block
 * starts on a 1 GiB boundary), so a block's buddy is pfn ^ (1 << order).
 * Each page has a 4-byte struct page_meta in caller-provided memory. The
 * invariant that keeps allocation and freeing O(PAGE_MAX_ORDER):
 *
 *   - the first page of every block (free or allocated) is a "head" and its
 *     meta says FREE or ALLOC with the block's order;
 *   - a page outside the allocator's hands says RESERVED;
 *   - every other page (inside a block) has flags 0.
 *
 * Splitting writes the new upper half's head, merging clears the absorbed
 * head, so no operation touches more than O(orders) metadata. A free
 * block's list node lives in its own first bytes. One spinlock (irqsave)
 * guards the zone. */
#include <keel/page_alloc.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/list.h>
#include <keel/printk.h>
#include <keel/spinlock.h>

#define PM_RESERVED	0x1	/* not handed over by page_alloc_add_free() */
#define PM_FREE		0x2	/* head of a free block */
#define PM_ALLOC	0x4	/* head of an allocated block */
#define PM_HEAD		(PM_FREE | PM_ALLOC)

struct page_meta {
	u8 flags;	/* PM_*, 0 for a page inside a block */
	u8 order;	/* heads: order of the block */
	u8 owner;	/* allocated heads: enum page_owner */
	u8 tag;		/* allocated heads: the owner's private byte */
};

struct page_zone {
	spinlock_t lock;
	u64 base_pfn;
	size_t npages;
	struct page_meta *meta;		/* NULL until page_alloc_init() */
	struct list_head free[PAGE_MAX_ORDER + 1];
	size_t nfree[PAGE_MAX_ORDER + 1];
	size_t free_pages;
	size_t reserved_pages;
	size_t by_owner[PAGE_OWNER_NR];
};

static struct page_zone zone = { .lock = SPINLOCK_INIT };

static const char *const owner_names[PAGE_OWNER_NR] = {
	[PAGE_OWNER_KERNEL]	= "kernel",
	[PAGE_OWNER_HEAP]	= "heap",
	[PAGE_OWNER_STACK]	= "stack",
	[PAGE_OWNER_PGTABLE]	= "pgtable",
	[PAGE_OWNER_GUEST]	= "guest",
	[PAGE_OWNER_IO]		= "io",
};

BUILD_BUG_ON(sizeof(struct page_meta) != 4);
BUILD_BUG_ON(PAGE_MAX_ORDER > 255);

/* ------------------------------------------------------------ pfn helpers */

static bool pfn_in_zone(u64 pfn)
{
	return pfn >= zone.base_pfn && pfn - zone.base_pfn < zone.npages;
}

static struct page_meta *meta_at(u64 pfn)
{
	return &zone.meta[pfn - zone.base_pfn];
}

static void *pfn_to_ptr(u64 pfn)
{
	return (void *)(uintptr_t)(pfn << PAGE_SHIFT);
}

static u64 ptr_to_pfn(const void *p)
{
	return (u64)(uintptr_t)p >> PAGE_SHIFT;
}

static struct list_head *pfn_node(u64 pfn)
{
	return pfn_to_ptr(pfn);
}

/* ------------------------------------------------------------ free lists */

/* Make pfn the head of a free block of this order. Zone lock held. */
static void free_list_add(u64 pfn, unsigned int order)
{
	struct page_meta *m = meta_at(pfn);

	*m = (struct page_meta){ .flags = PM_FREE, .order = (u8)order };
	list_add(pfn_node(pfn), &zone.free[order]);
	zone.nfree[order]++;
	zone.free_pages += (size_t)1 << order;
}

/* Take the free block headed by pfn off its list; its head becomes an
 * ordinary page (flags 0) until the caller says otherwise. Zone lock held. */
static void free_list_del(u64 pfn, unsigned int order)
{
	list_del(pfn_node(pfn));
	meta_at(pfn)->flags = 0;
	zone.nfree[order]--;
	zone.free_pages -= (size_t)1 << order;
}

/* Put the block [pfn, pfn + 2^order) on the free lists, merging it with its
 * free buddies as far as they go. pfn's meta must already be flags 0 or
 * is overwritten here. Zone lock held. */
static void free_block_merge(u64 pfn, unsigned int order)
{
	*meta_at(pfn) = (struct page_meta){ 0 };
	while (order < PAGE_MAX_ORDER) {
		u64 buddy = pfn ^ ((u64)1 << order);
		struct page_meta *bm;

		if (!pfn_in_zone(buddy))
			break;
		bm = meta_at(buddy);
		if (bm->flags != PM_FREE || bm->order != order)
			break;
		free_list_del(buddy, order);
		pfn = MIN(pfn, buddy);
		order++;
	}
	free_list_add(pfn, order);
}

/* ------------------------------------------------------------ set up */

size_t page_alloc_meta_bytes(size_t npages)
{
	return npages * sizeof(struct page_meta);
}

void page_alloc_init(phys_addr_t base, size_t npages, void *meta)
{
	unsigned int o;
	size_t i;

	if (!IS_ALIGNED(base, PAGE_SIZE) || !meta) {
		pr_err("page_alloc: bad zone base %#lx or metadata %p\n",
		       (unsigned long)base, meta);
		return;
	}
	spin_lock_init(&zone.lock);
	zone.base_pfn = base >> PAGE_SHIFT;
	zone.npages = npages;
	zone.meta = meta;
	for (i = 0; i < npages; i++)
		zone.meta[i] = (struct page_meta){ .flags = PM_RESERVED };
	for (o = 0; o <= PAGE_MAX_ORDER; o++) {
		list_init(&zone.free[o]);
		zone.nfree[o] = 0;
	}
	for (o = 0; o < PAGE_OWNER_NR; o++)
		zone.by_owner[o] = 0;
	zone.free_pages = 0;
	zone.reserved_pages = npages;
}

/* Are all 2^order pages from pfn reserved? Zone lock held. */
static bool block_reserved(u64 pfn, unsigned int order)
{
	u64 i;

	for (i = 0; i < ((u64)1 << order); i++) {
		if (!(meta_at(pfn + i)->flags & PM_RESERVED))
			return false;
	}
	return true;
}

/* Largest order of a reserved, aligned block at pfn that ends by end_pfn.
 * Returns -1 when pfn itself is not reserved. Zone lock held. */
static int add_free_order(u64 pfn, u64 end_pfn)
{
	int order = 0;

	while (order < PAGE_MAX_ORDER && !(pfn & ((u64)1 << order)))
		order++;
	while (order > 0 && (pfn + ((u64)1 << order) > end_pfn ||
			     !block_reserved(pfn, (unsigned int)order)))
		order--;
	if (order == 0 && !block_reserved(pfn, 0))
		return -1;
	return order;
}

/* Report the run of pages from pfn that are not reserved (already free or
 * allocated) and return the first pfn after it. Zone lock held. */
static u64 skip_not_reserved(u64 pfn, u64 end_pfn)
{
	u64 first = pfn;

	while (pfn < end_pfn && !(meta_at(pfn)->flags & PM_RESERVED))
		pfn++;
	pr_err("page_alloc: add_free: [%p, %p) is not reserved, skipped\n",
	       pfn_to_ptr(first), pfn_to_ptr(pfn));
	return pfn;
}

void page_alloc_add_free(phys_addr_t start, phys_addr_t end)
{
	u64 pfn = ALIGN_UP(start, PAGE_SIZE) >> PAGE_SHIFT;
	u64 end_pfn = ALIGN_DOWN(end, PAGE_SIZE) >> PAGE_SHIFT;
	unsigned long flags;

	if (!zone.meta)
		return;
	pfn = MAX(pfn, zone.base_pfn);
	end_pfn = MIN(end_pfn, zone.base_pfn + zone.npages);
	flags = spin_lock_irqsave(&zone.lock);
	while (pfn < end_pfn) {
		int order = add_free_order(pfn, end_pfn);
		u64 i;

		if (order < 0) {
			pfn = skip_not_reserved(pfn, end_pfn);
			continue;
		}
		for (i = 0; i < ((u64)1 << order); i++)
			meta_at(pfn + i)->flags = 0;
		zone.reserved_pages -= (size_t)1 << order;
		free_block_merge(pfn, (unsigned int)order);
		pfn += (u64)1 << order;
	}
	spin_unlock_irqrestore(&zone.lock, flags);
}

/* ------------------------------------------------------------ alloc / free */

/* Pop a block of exactly this order off its list, checking that the node
 * (which lives in free memory) still names a free head. Zone lock held. */
static bool take_free_block(unsigned int order, u64 *pfn_out)
{
	struct list_head *node = zone.free[order].next;
	u64 pfn = ptr_to_pfn(node);

	if (!IS_ALIGNED((uintptr_t)node, PAGE_SIZE << order) || !pfn_in_zone(pfn) ||
	    meta_at(pfn)->flags != PM_FREE || meta_at(pfn)->order != order) {
		pr_err("page_alloc: free list of order %u corrupted at %p\n",
		       order, node);
		return false;
	}
	free_list_del(pfn, order);
	*pfn_out = pfn;
	return true;
}

void *page_alloc(unsigned int order, enum page_owner owner)
{
	unsigned long flags;
	unsigned int o;
	u64 pfn;

	if (order > PAGE_MAX_ORDER || (unsigned int)owner >= PAGE_OWNER_NR || !zone.meta)
		return NULL;
	flags = spin_lock_irqsave(&zone.lock);
	for (o = order; o <= PAGE_MAX_ORDER && list_empty(&zone.free[o]); o++)
		;
	if (o > PAGE_MAX_ORDER || !take_free_block(o, &pfn)) {
		spin_unlock_irqrestore(&zone.lock, flags);
		return NULL;
	}
	while (o > order) {
		o--;
		free_list_add(pfn + ((u64)1 << o), o);
	}
	*meta_at(pfn) = (struct page_meta){
		.flags = PM_ALLOC, .order = (u8)order, .owner = (u8)owner,
	};
	zone.by_owner[owner] += (size_t)1 << order;
	spin_unlock_irqrestore(&zone.lock, flags);
	return pfn_to_ptr(pfn);
}

void *page_alloc_aligned(size_t bytes, size_t align, enum page_owner owner)
{
	unsigned int order;

	if (bytes == 0 || (align & (align - 1)))
		return NULL;
	order = page_order_for_size(MAX(bytes, align));
	if (order > PAGE_MAX_ORDER)
		return NULL;
	return page_alloc(order, owner);
}

/* Why p cannot be freed, or NULL when it heads an allocated block.
 * Zone lock held. */
static const char *free_check(const void *p)
{
	u64 pfn = ptr_to_pfn(p);
	u8 f;

	if (!IS_ALIGNED((uintptr_t)p, PAGE_SIZE))
		return "not page aligned";
	if (!zone.meta || !pfn_in_zone(pfn))
		return "outside the zone";
	f = meta_at(pfn)->flags;
	if (f & PM_ALLOC)
		return NULL;
	if (f & PM_FREE)
		return "double free";
	if (f & PM_RESERVED)
		return "reserved page";
	return "not the head of an allocated block (double free?)";
}

void page_free(void *p)
{
	unsigned long flags;
	struct page_meta *m;
	const char *why;

	if (!p)
		return;
	flags = spin_lock_irqsave(&zone.lock);
	why = free_check(p);
	if (why) {
		spin_unlock_irqrestore(&zone.lock, flags);
		pr_err("page_free: %p: %s, ignored\n", p, why);
		return;
	}
	m = meta_at(ptr_to_pfn(p));
	zone.by_owner[m->owner] -= (size_t)1 << m->order;
	free_block_merge(ptr_to_pfn(p), m->order);
	spin_unlock_irqrestore(&zone.lock, flags);
}

/* ------------------------------------------------------------ queries */

size_t page_alloc_size(const void *p)
{
	unsigned long flags;
	size_t size = 0;

	if (!p)
		return 0;
	flags = spin_lock_irqsave(&zone.lock);
	if (!free_check(p))
		size = PAGE_SIZE << meta_at(ptr_to_pfn(p))->order;
	spin_unlock_irqrestore(&zone.lock, flags);
	return size;
}

/* Head pfn of the block (free or allocated) containing pfn, or 0 with
 * *found false. The first head met walking down the alignments either
 * contains pfn or proves no block does. Zone lock held. */
static u64 find_head(u64 pfn, bool *found)
{
	unsigned int o;

	*found = false;
	for (o = 0; o <= PAGE_MAX_ORDER; o++) {
		u64 cand = pfn & ~(((u64)1 << o) - 1);
		struct page_meta *m;

		if (!pfn_in_zone(cand))
			break;
		m = meta_at(cand);
		if (!m->flags)
			continue;
		if ((m->flags & PM_HEAD) && pfn - cand < ((u64)1 << m->order))
			*found = true;
		return cand;
	}
	return 0;
}

bool page_block_lookup(const void *p, struct page_block *blk)
{
	u64 pfn = ptr_to_pfn(p);
	unsigned long flags;
	struct page_meta *m;
	bool found = false;
	u64 head;

	if (!zone.meta)
		return false;
	flags = spin_lock_irqsave(&zone.lock);
	if (pfn_in_zone(pfn)) {
		head = find_head(pfn, &found);
		m = found ? meta_at(head) : NULL;
		found = m && (m->flags & PM_ALLOC);
		if (found)
			*blk = (struct page_block){
				.head = pfn_to_ptr(head), .order = m->order,
				.owner = (enum page_owner)m->owner, .tag = m->tag,
			};
	}
	spin_unlock_irqrestore(&zone.lock, flags);
	return found;
}

int page_set_tag(void *head, u8 tag)
{
	unsigned long flags;
	int ret = -EINVAL;

	if (!head)
		return ret;
	flags = spin_lock_irqsave(&zone.lock);
	if (!free_check(head)) {
		meta_at(ptr_to_pfn(head))->tag = tag;
		ret = 0;
	}
	spin_unlock_irqrestore(&zone.lock, flags);
	return ret;
}

const char *page_owner_name(enum page_owner owner)
{
	if ((unsigned int)owner >= PAGE_OWNER_NR)
		return "?";
	return owner_names[owner];
}

void page_alloc_get_stats(struct page_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&zone.lock);
	unsigned int i;

	st->total_pages = zone.npages;
	st->free_pages = zone.free_pages;
	st->reserved_pages = zone.reserved_pages;
	for (i = 0; i < PAGE_OWNER_NR; i++)
		st->by_owner[i] = zone.by_owner[i];
	for (i = 0; i <= PAGE_MAX_ORDER; i++)
		st->free_blocks[i] = zone.nfree[i];
	spin_unlock_irqrestore(&zone.lock, flags);
}
