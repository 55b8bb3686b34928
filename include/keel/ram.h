/* Host RAM as the device tree describes it: banks from /memory nodes and the
 * reservations carved out of them (firmware, image, FDT, initrd, ...). */
#ifndef KEEL_RAM_H
#define KEEL_RAM_H

#include <keel/types.h>

#define RAM_MAX_BANKS		8
#define RAM_MAX_RESERVED	16

struct ram_bank {
	phys_addr_t base;
	phys_addr_t size;
};

struct ram_reserved {
	phys_addr_t base;
	phys_addr_t size;
	char name[24];
	bool no_map;		/* firmware memory: never mapped */
};

struct ram_info {
	unsigned int nr_banks;
	struct ram_bank banks[RAM_MAX_BANKS];
	unsigned int nr_reserved;
	struct ram_reserved reserved[RAM_MAX_RESERVED];	/* sorted by base */
	phys_addr_t meta_base, meta_size;	/* page allocator metadata */
};

extern struct ram_info ram;

/* Boot hart, before any allocation: read banks and reservations from the FDT,
 * set up the page allocator with everything else. Returns 0 or -errno. */
int ram_init(const void *fdt);
/* Total bytes in all banks. */
phys_addr_t ram_total(void);
#endif
