/* Host-memory zone for unit tests (see host_zone.h). */
#include <stdlib.h>
#include "host_zone.h"

static void *zone_mem;
static void *zone_meta;

int host_zone_init(size_t bytes)
{
	size_t pages = bytes / PAGE_SIZE;

	zone_mem = aligned_alloc(bytes, bytes);
	zone_meta = malloc(page_alloc_meta_bytes(pages));
	if (!zone_mem || !zone_meta)
		return -1;
	page_alloc_init((phys_addr_t)(uintptr_t)zone_mem, pages, zone_meta);
	page_alloc_add_free((phys_addr_t)(uintptr_t)zone_mem,
			    (phys_addr_t)(uintptr_t)zone_mem + bytes);
	return 0;
}

void host_zone_free(void)
{
	free(zone_mem);
	free(zone_meta);
	zone_mem = zone_meta = NULL;
}

struct page_stats host_zone_stats(void)
{
	struct page_stats st;

	page_alloc_get_stats(&st);
	return st;
}

void *host_zone_base(void)
{
	return zone_mem;
}
