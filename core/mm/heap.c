/* Size-class heap (kmalloc/kfree) on top of the buddy page allocator.
 *
 * Small objects come from slabs: a buddy block of PAGE_OWNER_HEAP pages that
 * starts with a 64-byte struct slab header (free-list head, in-use count,
 * a bitmap of handed-out objects) followed by equal objects of one class.
 * A slab is at least one page and at least 16 objects' worth of bytes, so
 * the header wastes at most 1/16 of it. The slab's page tag is its class
 * + 1, so kfree() finds the class and header of any pointer through
 * page_block_lookup(); large blocks carry HEAP_TAG_LARGE. The bitmap makes
 * double frees and interior pointers detectable exactly; the free list,
 * which lives in the free objects, is checked against it on every pop.
 *
 * Locking: one irqsave spinlock per class guards its slabs and counters;
 * large_lock guards the large-block counters. Both are taken before (never
 * after) the page allocator's zone lock. */
#include <keel/heap.h>
#include <keel/compiler.h>
#include <keel/list.h>
#include <keel/page_alloc.h>
#include <keel/printk.h>
#include <keel/spinlock.h>
#include <keel/string.h>

#define SLAB_HDR_SIZE	64
#define SLAB_MAX_OBJS	256
#define HEAP_CLASS_SLOTS 8	/* classes 16 .. 2048 */
#define HEAP_TAG_LARGE	0x80	/* page tag of a large block; slabs: class + 1 */
#define POISON_FREE	0x6b	/* fills free objects past their link */

#ifdef CONFIG_DEBUG_CHECKS
#define HEAP_DEBUG	1
#else
#define HEAP_DEBUG	0
#endif

struct slab {
	struct list_head node;		/* on the class's partial list */
	void *free;			/* first free object; each holds the next */
	u16 inuse;			/* objects handed out */
	u8 cls;				/* class index */
	u64 used[SLAB_MAX_OBJS / 64];	/* bit set = object handed out */
};

struct heap_class {
	spinlock_t lock;
	struct list_head partial;	/* slabs with both used and free objects */
	struct slab *empty;		/* at most one fully free slab, cached */
	size_t inuse, nfree, slabs;
};

BUILD_BUG_ON(sizeof(struct slab) > SLAB_HDR_SIZE);
BUILD_BUG_ON((PAGE_SIZE - SLAB_HDR_SIZE) / HEAP_MIN_CLASS > SLAB_MAX_OBJS);
BUILD_BUG_ON(HEAP_NR_CLASSES > HEAP_CLASS_SLOTS);
BUILD_BUG_ON(HEAP_NR_CLASSES >= HEAP_TAG_LARGE);

#define CLASS_INIT(i) \
	{ .lock = SPINLOCK_INIT, .partial = LIST_HEAD_INIT(heap_cls[i].partial) }

static struct heap_class heap_cls[HEAP_CLASS_SLOTS] = {
	CLASS_INIT(0), CLASS_INIT(1), CLASS_INIT(2), CLASS_INIT(3),
	CLASS_INIT(4), CLASS_INIT(5), CLASS_INIT(6), CLASS_INIT(7),
};

static DEFINE_SPINLOCK(large_lock);
static size_t large_allocs, large_bytes;

/* ------------------------------------------------------------ class geometry */

static size_t cls_size(unsigned int i)
{
	return (size_t)HEAP_MIN_CLASS << i;
}

static unsigned int cls_order(unsigned int i)
{
	return page_order_for_size(16 * cls_size(i));
}

static unsigned int cls_nobj(unsigned int i)
{
	return (unsigned int)(((PAGE_SIZE << cls_order(i)) - SLAB_HDR_SIZE) / cls_size(i));
}

/* Class index for size, or -1 when it needs whole pages. */
static int size_to_class(size_t size)
{
	unsigned int i;

	for (i = 0; i < HEAP_NR_CLASSES; i++) {
		if (size <= cls_size(i))
			return (int)i;
	}
	return -1;
}

/* ------------------------------------------------------------ slab objects */

static void *slab_obj(struct slab *s, unsigned int idx)
{
	return (char *)s + SLAB_HDR_SIZE + (size_t)idx * cls_size(s->cls);
}

/* Index of the object starting at p in s; false when p is not one. */
static bool slab_index(struct slab *s, const void *p, unsigned int *idx)
{
	uintptr_t first = (uintptr_t)s + SLAB_HDR_SIZE;
	uintptr_t off = (uintptr_t)p - first;
	size_t size = cls_size(s->cls);

	if ((uintptr_t)p < first || off % size || off / size >= cls_nobj(s->cls))
		return false;
	*idx = (unsigned int)(off / size);
	return true;
}

static bool obj_used(const struct slab *s, unsigned int idx)
{
	return s->used[idx / 64] & ((u64)1 << (idx % 64));
}

static void obj_mark(struct slab *s, unsigned int idx, bool used)
{
	if (used)
		s->used[idx / 64] |= (u64)1 << (idx % 64);
	else
		s->used[idx / 64] &= ~((u64)1 << (idx % 64));
}

/* Debug builds fill a free object past its link with POISON_FREE... */
static void obj_poison(void *obj, size_t size)
{
	if (HEAP_DEBUG)
		memset((char *)obj + sizeof(void *), POISON_FREE, size - sizeof(void *));
}

/* ...and report an object whose poison changed while it was free. */
static void obj_check_poison(const void *obj, size_t size)
{
	const u8 *b = obj;
	size_t i;

	if (!HEAP_DEBUG)
		return;
	for (i = sizeof(void *); i < size; i++) {
		if (b[i] != POISON_FREE) {
			pr_err("heap: %p (class %zu) written after free at +%zu\n",
			       obj, size, i);
			return;
		}
	}
}

/* Link every free object of s, lowest address first. Class lock held. */
static void slab_build_freelist(struct slab *s)
{
	unsigned int idx = cls_nobj(s->cls);
	void *head = NULL;

	while (idx-- > 0) {
		if (obj_used(s, idx))
			continue;
		*(void **)slab_obj(s, idx) = head;
		head = slab_obj(s, idx);
	}
	s->free = head;
}

/* Take the first free object of s (which has one). The link comes from free
 * memory, so it is checked against the bitmap; a bad one means a write
 * after free, and the list is rebuilt from the bitmap. Class lock held. */
static void *slab_pop(struct slab *s)
{
	void *obj = s->free;
	unsigned int idx;

	if (!obj || !slab_index(s, obj, &idx) || obj_used(s, idx)) {
		pr_err("heap: slab %p (class %zu) free list corrupted, rebuilt\n",
		       s, cls_size(s->cls));
		slab_build_freelist(s);
		obj = s->free;
		if (!obj || !slab_index(s, obj, &idx))
			return NULL;
	}
	s->free = *(void **)obj;
	obj_mark(s, idx, true);
	s->inuse++;
	obj_check_poison(obj, cls_size(s->cls));
	return obj;
}

/* ------------------------------------------------------------ slabs */

/* A fresh slab for class i, counted in c. Class lock held. */
static struct slab *slab_new(struct heap_class *c, unsigned int i)
{
	struct slab *s = page_alloc(cls_order(i), PAGE_OWNER_HEAP);

	if (!s)
		return NULL;
	page_set_tag(s, (u8)(i + 1));
	memset(s, 0, SLAB_HDR_SIZE);
	list_init(&s->node);
	s->cls = (u8)i;
	if (HEAP_DEBUG)
		memset((char *)s + SLAB_HDR_SIZE, POISON_FREE,
		       (PAGE_SIZE << cls_order(i)) - SLAB_HDR_SIZE);
	slab_build_freelist(s);
	c->slabs++;
	c->nfree += cls_nobj(i);
	return s;
}

/* A slab of class i with a free object, on the partial list. Class lock held. */
static struct slab *class_slab_with_room(struct heap_class *c, unsigned int i)
{
	struct slab *s;

	if (!list_empty(&c->partial))
		return list_first_entry(&c->partial, struct slab, node);
	s = c->empty;
	if (s)
		c->empty = NULL;
	else
		s = slab_new(c, i);
	if (s)
		list_add(&s->node, &c->partial);
	return s;
}

/* s has just become fully free: cache it, or give it back when the class
 * already caches one. Class lock held. */
static void slab_retire(struct heap_class *c, struct slab *s)
{
	list_del(&s->node);
	if (!c->empty) {
		c->empty = s;
		return;
	}
	c->slabs--;
	c->nfree -= cls_nobj(s->cls);
	page_free(s);
}

/* ------------------------------------------------------------ classes */

static void *class_alloc(unsigned int i)
{
	struct heap_class *c = &heap_cls[i];
	unsigned long flags = spin_lock_irqsave(&c->lock);
	struct slab *s = class_slab_with_room(c, i);
	void *obj = s ? slab_pop(s) : NULL;

	if (obj) {
		c->inuse++;
		c->nfree--;
		if (s->inuse == cls_nobj(i))
			list_del(&s->node);
	}
	spin_unlock_irqrestore(&c->lock, flags);
	return obj;
}

/* Does p lie in a heap block? Fills *blk; slabs must have the right order. */
static bool heap_block_of(const void *p, struct page_block *blk)
{
	if (!page_block_lookup(p, blk) || blk->owner != PAGE_OWNER_HEAP)
		return false;
	if (blk->tag == HEAP_TAG_LARGE)
		return true;
	return blk->tag >= 1 && blk->tag <= HEAP_NR_CLASSES &&
	       blk->order == cls_order(blk->tag - 1u);
}

/* The slab of class i holding the live object p, or NULL. The lookup is
 * repeated under the class lock, which every slab of the class is created
 * and freed under, so the answer cannot go stale. Class lock held. */
static struct slab *class_live_obj(unsigned int i, const void *p, unsigned int *idx)
{
	struct page_block blk;
	struct slab *s;

	if (!heap_block_of(p, &blk) || blk.tag != i + 1)
		return NULL;
	s = blk.head;
	if (!slab_index(s, p, idx) || !obj_used(s, *idx))
		return NULL;
	return s;
}

static void class_free(unsigned int i, void *p)
{
	struct heap_class *c = &heap_cls[i];
	unsigned long flags = spin_lock_irqsave(&c->lock);
	unsigned int idx;
	struct slab *s = class_live_obj(i, p, &idx);
	bool was_full;

	if (!s) {
		spin_unlock_irqrestore(&c->lock, flags);
		pr_err("kfree: %p: double free or not an object, ignored\n", p);
		return;
	}
	was_full = s->inuse == cls_nobj(i);
	obj_mark(s, idx, false);
	obj_poison(p, cls_size(i));
	*(void **)p = s->free;
	s->free = p;
	s->inuse--;
	if (was_full)
		list_add(&s->node, &c->partial);
	c->inuse--;
	c->nfree++;
	if (!s->inuse)
		slab_retire(c, s);
	spin_unlock_irqrestore(&c->lock, flags);
}

/* ------------------------------------------------------------ large blocks */

static void *large_alloc(size_t size)
{
	unsigned int order = page_order_for_size(size);
	unsigned long flags;
	void *p;

	if (order > PAGE_MAX_ORDER)
		return NULL;
	p = page_alloc(order, PAGE_OWNER_HEAP);
	if (!p)
		return NULL;
	page_set_tag(p, HEAP_TAG_LARGE);
	flags = spin_lock_irqsave(&large_lock);
	large_allocs++;
	large_bytes += PAGE_SIZE << order;
	spin_unlock_irqrestore(&large_lock, flags);
	return p;
}

/* Large frees are serialized by large_lock and re-checked under it, so a
 * racing double free cannot be counted twice. */
static void large_free(void *p)
{
	unsigned long flags = spin_lock_irqsave(&large_lock);
	struct page_block blk;

	if (!heap_block_of(p, &blk) || blk.tag != HEAP_TAG_LARGE || blk.head != p) {
		spin_unlock_irqrestore(&large_lock, flags);
		pr_err("kfree: %p: not the start of a heap block, ignored\n", p);
		return;
	}
	page_free(p);
	large_allocs--;
	large_bytes -= PAGE_SIZE << blk.order;
	spin_unlock_irqrestore(&large_lock, flags);
}

/* ------------------------------------------------------------ public API */

void *kmalloc(size_t size)
{
	int i = size_to_class(size);

	if (i < 0)
		return large_alloc(size);
	return class_alloc((unsigned int)i);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *kcalloc(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kzalloc(bytes);
}

void kfree(void *p)
{
	struct page_block blk;

	if (!p)
		return;
	if (!heap_block_of(p, &blk)) {
		pr_err("kfree: %p is not a heap object, ignored\n", p);
		return;
	}
	if (blk.tag == HEAP_TAG_LARGE)
		large_free(p);
	else
		class_free(blk.tag - 1u, p);
}

size_t ksize(const void *p)
{
	struct page_block blk;
	unsigned long flags;
	unsigned int i, idx;
	size_t size;

	if (!p || !heap_block_of(p, &blk))
		return 0;
	if (blk.tag == HEAP_TAG_LARGE)
		return blk.head == p ? PAGE_SIZE << blk.order : 0;
	i = blk.tag - 1u;
	flags = spin_lock_irqsave(&heap_cls[i].lock);
	size = class_live_obj(i, p, &idx) ? cls_size(i) : 0;
	spin_unlock_irqrestore(&heap_cls[i].lock, flags);
	return size;
}

size_t heap_trim(void)
{
	size_t pages = 0;
	unsigned int i;

	for (i = 0; i < HEAP_NR_CLASSES; i++) {
		struct heap_class *c = &heap_cls[i];
		unsigned long flags = spin_lock_irqsave(&c->lock);
		struct slab *s = c->empty;

		if (s) {
			c->empty = NULL;
			c->slabs--;
			c->nfree -= cls_nobj(i);
			page_free(s);
			pages += (size_t)1 << cls_order(i);
		}
		spin_unlock_irqrestore(&c->lock, flags);
	}
	return pages;
}

void heap_get_stats(struct heap_stats *st)
{
	unsigned long flags;
	unsigned int i;

	st->bytes_in_use = 0;
	for (i = 0; i < HEAP_NR_CLASSES; i++) {
		struct heap_class *c = &heap_cls[i];

		flags = spin_lock_irqsave(&c->lock);
		st->cls[i].size = cls_size(i);
		st->cls[i].objs_in_use = c->inuse;
		st->cls[i].objs_free = c->nfree;
		st->cls[i].slabs = c->slabs;
		spin_unlock_irqrestore(&c->lock, flags);
		st->bytes_in_use += st->cls[i].objs_in_use * cls_size(i);
	}
	flags = spin_lock_irqsave(&large_lock);
	st->large_allocs = large_allocs;
	st->large_bytes = large_bytes;
	spin_unlock_irqrestore(&large_lock, flags);
	st->bytes_in_use += st->large_bytes;
}
