/* Buddy page allocator: one zone of RAM handed out in naturally aligned blocks
 * of 2^order pages (order 0 = 4 KiB .. PAGE_MAX_ORDER = 1 GiB).
 *
 * RAM is identity mapped, so a block's pointer is also its physical address.
 * Every page of the zone starts reserved; boot code hands the usable ranges
 * over with page_alloc_add_free(). Each allocated block records its owner,
 * so the memory of every subsystem is accounted (page_alloc_get_stats()).
 *
 * All functions take the zone lock with interrupts saved, so they may be
 * called from any context, including with interrupts off; none sleeps. */
#ifndef KEEL_PAGE_ALLOC_H
#define KEEL_PAGE_ALLOC_H

#include <keel/types.h>

#ifndef PAGE_SHIFT
#define PAGE_SHIFT	12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#endif

/* Largest block: 2^18 pages = 1 GiB, so guest RAM can get 1 GiB leaves. */
#define PAGE_MAX_ORDER	18

/* Who holds an allocated block. PAGE_OWNER_HEAP is reserved for heap.c. */
enum page_owner {
	PAGE_OWNER_KERNEL,
	PAGE_OWNER_HEAP,
	PAGE_OWNER_STACK,
	PAGE_OWNER_PGTABLE,
	PAGE_OWNER_GUEST,
	PAGE_OWNER_IO,
	PAGE_OWNER_NR
};

struct page_stats {
	size_t total_pages;		/* pages in the zone */
	size_t free_pages;		/* pages on the free lists */
	size_t reserved_pages;		/* never handed over by page_alloc_add_free() */
	size_t by_owner[PAGE_OWNER_NR];	/* allocated pages per owner */
	size_t free_blocks[PAGE_MAX_ORDER + 1];	/* free blocks per order */
};

/* An allocated block, as found by page_block_lookup(). */
struct page_block {
	void *head;			/* first byte of the block */
	unsigned int order;
	enum page_owner owner;
	u8 tag;				/* owner-private byte, see page_set_tag() */
};

/* Bytes of per-page metadata page_alloc_init() needs for npages pages
 * (4 bytes a page). Any context. */
size_t page_alloc_meta_bytes(size_t npages);

/* Set up the zone [base, base + npages * PAGE_SIZE) with every page reserved.
 * base must be page aligned. meta points to page_alloc_meta_bytes(npages)
 * bytes the allocator keeps for its lifetime (they may lie inside the zone,
 * in a range never given to page_alloc_add_free()).
 * Boot hart, once, before any other call (host unit tests call it again to
 * start over); not concurrently with other page_alloc calls. */
void page_alloc_init(phys_addr_t base, size_t npages, void *meta);

/* Hand [start, end) to the allocator. The range is shrunk inward to whole
 * pages and clipped to the zone; it is split into maximal aligned blocks
 * that merge with free neighbours. Pages that are not reserved (already
 * free or allocated) are skipped with an error. Any context; zone lock. */
void page_alloc_add_free(phys_addr_t start, phys_addr_t end);

/* Allocate 2^order contiguous pages aligned to their size, charged to owner.
 * The memory is not cleared. Any context; zone lock; O(PAGE_MAX_ORDER).
 * Returns the block, or NULL when no block is large enough or the
 * arguments are out of range. */
void *page_alloc(unsigned int order, enum page_owner owner);

/* Allocate at least bytes (> 0) aligned to align (a power of two; 0 or any
 * value up to PAGE_SIZE means page alignment) as one buddy block: the size
 * is rounded up to a power-of-two number of pages. Any context; zone lock.
 * Returns the block (free it with page_free()) or NULL. */
void *page_alloc_aligned(size_t bytes, size_t align, enum page_owner owner);

/* Free a block from page_alloc()/page_alloc_aligned(); its order and owner
 * come from the metadata, and it merges with its free buddies. NULL is
 * ignored. A pointer that is not the head of an allocated block (double
 * free, a page inside a block, a reserved page, outside the zone) is
 * reported with pr_err and ignored. Any context; zone lock. */
void page_free(void *p);

/* Size in bytes of the allocated block p heads, or 0 when p is not the head
 * of an allocated block. Any context; zone lock. */
size_t page_alloc_size(const void *p);

/* Find the allocated block that contains p (any byte of it). Fills *blk and
 * returns true, or returns false when p is in a free or reserved page or
 * outside the zone. Any context; zone lock; O(PAGE_MAX_ORDER). The answer
 * stays valid only while the caller keeps the block from being freed. */
bool page_block_lookup(const void *p, struct page_block *blk);

/* Set the owner-private tag byte of the allocated block headed by head
 * (page_alloc() sets it to 0; the heap stores its size class there).
 * Only the block's holder may call this. Any context; zone lock.
 * Returns 0, or -EINVAL when head is not the head of an allocated block. */
int page_set_tag(void *head, u8 tag);

/* Short name of an owner ("kernel", "heap", ...), "?" when out of range. */
const char *page_owner_name(enum page_owner owner);

/* Snapshot of the zone's counters. Any context; zone lock. */
void page_alloc_get_stats(struct page_stats *st);

/* Smallest order whose block holds bytes; PAGE_MAX_ORDER + 1 when none does
 * (0 bytes gives order 0). Any context. */
static inline unsigned int page_order_for_size(size_t bytes)
{
	unsigned int order = 0;

	while (order <= PAGE_MAX_ORDER && (PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

#endif
