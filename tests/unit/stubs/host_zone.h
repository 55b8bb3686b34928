/* A buddy-allocator zone over host memory for unit tests of code that
 * allocates pages (the heap, the G-stage builder, ...). */
#ifndef UNIT_HOST_ZONE_H
#define UNIT_HOST_ZONE_H

#include <keel/page_alloc.h>

/* Back the zone with `bytes` of host memory aligned to their size and hand
 * all of it to the allocator. Returns 0, or -1 when the host is out of
 * memory. */
int host_zone_init(size_t bytes);
void host_zone_free(void);
/* The allocator's statistics now. */
struct page_stats host_zone_stats(void);
/* Base of the zone's memory. */
void *host_zone_base(void);

#endif
