/* Kernel heap: kmalloc()/kfree() on top of the page allocator.
 *
 * Requests up to CONFIG_HEAP_MAX_CLASS bytes come from power-of-two size
 * classes (16, 32, ... CONFIG_HEAP_MAX_CLASS) carved from slabs of pages
 * owned by PAGE_OWNER_HEAP; larger requests take a whole buddy block.
 * Every object is aligned to at least HEAP_MIN_ALIGN bytes; a large block
 * is page aligned. All functions may be called from any context (each size
 * class has its own irqsave spinlock, taken before the page allocator's
 * zone lock); none sleeps. */
#ifndef KEEL_HEAP_H
#define KEEL_HEAP_H

#include <keel/types.h>

/* Host unit tests do not see the generated autoconf.h. */
#ifndef CONFIG_HEAP_MAX_CLASS
#define CONFIG_HEAP_MAX_CLASS	2048
#endif

#define HEAP_MIN_CLASS	16
#define HEAP_MIN_ALIGN	16

#if CONFIG_HEAP_MAX_CLASS == 2048
#define HEAP_NR_CLASSES	8
#elif CONFIG_HEAP_MAX_CLASS == 1024
#define HEAP_NR_CLASSES	7
#elif CONFIG_HEAP_MAX_CLASS == 512
#define HEAP_NR_CLASSES	6
#elif CONFIG_HEAP_MAX_CLASS == 256
#define HEAP_NR_CLASSES	5
#elif CONFIG_HEAP_MAX_CLASS == 128
#define HEAP_NR_CLASSES	4
#elif CONFIG_HEAP_MAX_CLASS == 64
#define HEAP_NR_CLASSES	3
#elif CONFIG_HEAP_MAX_CLASS == 32
#define HEAP_NR_CLASSES	2
#elif CONFIG_HEAP_MAX_CLASS == 16
#define HEAP_NR_CLASSES	1
#else
#error "CONFIG_HEAP_MAX_CLASS must be a power of two from 16 to 2048"
#endif

struct heap_stats {
	struct {
		size_t size;		/* object size of the class */
		size_t objs_in_use;
		size_t objs_free;	/* free objects in the class's slabs */
		size_t slabs;		/* slabs held, the cached empty one too */
	} cls[HEAP_NR_CLASSES];
	size_t large_allocs;		/* live page-backed allocations */
	size_t large_bytes;		/* their size in bytes (whole blocks) */
	size_t bytes_in_use;		/* objects in use * class size + large_bytes */
};

/* Allocate size bytes, not cleared. size 0 gives a minimum-size object
 * (a unique pointer that must be freed). Any context; class lock, then the
 * zone lock. Returns the object, or NULL when memory is exhausted. */
void *kmalloc(size_t size);

/* As kmalloc(), with the size bytes cleared. */
void *kzalloc(size_t size);

/* Allocate a cleared array of n elements of size bytes. Returns NULL when
 * n * size overflows or memory is exhausted. Any context. */
void *kcalloc(size_t n, size_t size);

/* Free an object from kmalloc()/kzalloc()/kcalloc(); NULL is ignored. A
 * pointer that is not a live heap object (double free, interior pointer,
 * not from the heap) is reported with pr_err and ignored. Any context. */
void kfree(void *p);

/* Usable size of the live object p (its class size or block size), or 0
 * when p is not a live heap object. Any context. */
size_t ksize(const void *p);

/* Give the cached empty slab of every class back to the page allocator.
 * Any context. Returns the number of pages released. */
size_t heap_trim(void);

/* Snapshot of the heap's counters (each class read under its own lock, so
 * the totals are only approximately simultaneous). Any context. */
void heap_get_stats(struct heap_stats *st);

#endif
