/* Host RAM discovery: banks from the device tree's memory nodes, minus
 * firmware reservations, the image, the FDT, the initrd and the page
 * allocator's own metadata. Everything else goes to the page allocator. */
#include <arch/mmu.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/page_alloc.h>
#include <keel/printk.h>
#include <keel/ram.h>
#include <keel/string.h>
#include <libfdt.h>

extern char _start_image[], _end[];

struct ram_info ram;

phys_addr_t ram_total(void)
{
	phys_addr_t total = 0;

	for (unsigned int i = 0; i < ram.nr_banks; i++)
		total += ram.banks[i].size;
	return total;
}

static void reserve(phys_addr_t base, phys_addr_t size, const char *name, bool no_map)
{
	unsigned int i;

	if (!size || ram.nr_reserved == RAM_MAX_RESERVED) {
		if (size)
			pr_warn("ram: too many reserved ranges, ignoring %s\n", name);
		return;
	}
	for (i = ram.nr_reserved; i > 0 && ram.reserved[i - 1].base > base; i--)
		ram.reserved[i] = ram.reserved[i - 1];
	ram.reserved[i] = (struct ram_reserved){ .base = base, .size = size, .no_map = no_map };
	strlcpy(ram.reserved[i].name, name, sizeof(ram.reserved[i].name));
	ram.nr_reserved++;
}

static void read_banks(const void *fdt)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t base, size;

		if (!type || strcmp(type, "memory") || !fdt_node_enabled(fdt, node))
			continue;
		for (int i = 0; !fdt_get_reg(fdt, node, i, &base, &size); i++) {
			if (ram.nr_banks < RAM_MAX_BANKS && size)
				ram.banks[ram.nr_banks++] = (struct ram_bank){ base, size };
		}
	}
}

static void read_reservations(const void *fdt)
{
	int parent = fdt_path_offset(fdt, "/reserved-memory");
	int node, n = fdt_num_mem_rsv(fdt);
	uint64_t base, size;

	for (int i = 0; i < n; i++)
		if (!fdt_get_mem_rsv(fdt, i, &base, &size))
			reserve(base, size, "memreserve", false);
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fdt, parent) {
		const char *name = fdt_get_name(fdt, node, NULL);
		bool no_map = fdt_getprop(fdt, node, "no-map", NULL) != NULL;

		for (int i = 0; !fdt_get_reg(fdt, node, i, &base, &size); i++)
			reserve(base, size, name, no_map);
	}
}

static void read_initrd(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t start, end;

	if (chosen < 0 || fdt_get_u64(fdt, chosen, "linux,initrd-start", &start) ||
	    fdt_get_u64(fdt, chosen, "linux,initrd-end", &end) || end <= start)
		return;
	reserve(ALIGN_DOWN(start, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE) -
		ALIGN_DOWN(start, PAGE_SIZE), "initrd", false);
}

/* First page-aligned range of `size` bytes in a bank that overlaps nothing. */
static phys_addr_t find_free(phys_addr_t size)
{
	for (unsigned int b = 0; b < ram.nr_banks; b++) {
		phys_addr_t cur = ALIGN_UP(ram.banks[b].base, PAGE_SIZE);
		phys_addr_t end = ram.banks[b].base + ram.banks[b].size;

		for (unsigned int i = 0; i < ram.nr_reserved; i++) {
			const struct ram_reserved *r = &ram.reserved[i];

			if (r->base >= cur + size)
				break;
			if (r->base + r->size > cur)
				cur = ALIGN_UP(r->base + r->size, PAGE_SIZE);
		}
		if (cur + size <= end)
			return cur;
	}
	return 0;
}

static void free_bank(const struct ram_bank *b)
{
	phys_addr_t cur = b->base, end = b->base + b->size;

	for (unsigned int i = 0; i < ram.nr_reserved && cur < end; i++) {
		const struct ram_reserved *r = &ram.reserved[i];

		if (r->base + r->size <= cur || r->base >= end)
			continue;
		if (r->base > cur)
			page_alloc_add_free(cur, r->base);
		cur = MAX(cur, r->base + r->size);
	}
	if (cur < end)
		page_alloc_add_free(cur, end);
}

int ram_init(const void *fdt)
{
	phys_addr_t lo = ~0ULL, hi = 0, meta;
	size_t npages;

	read_banks(fdt);
	if (!ram.nr_banks)
		return -ENODEV;
	read_reservations(fdt);
	reserve((phys_addr_t)_start_image, ALIGN_UP((phys_addr_t)_end, PAGE_SIZE) -
		(phys_addr_t)_start_image, "keel image", false);
	reserve(ALIGN_DOWN((phys_addr_t)fdt, PAGE_SIZE),
		ALIGN_UP(fdt_totalsize(fdt) + ((phys_addr_t)fdt & (PAGE_SIZE - 1)), PAGE_SIZE),
		"device tree", false);
	read_initrd(fdt);
	for (unsigned int i = 0; i < ram.nr_banks; i++) {
		lo = MIN(lo, ram.banks[i].base);
		hi = MAX(hi, ram.banks[i].base + ram.banks[i].size);
	}
	lo = ALIGN_DOWN(lo, PAGE_SIZE);
	npages = (hi - lo) >> PAGE_SHIFT;
	ram.meta_size = ALIGN_UP(page_alloc_meta_bytes(npages), PAGE_SIZE);
	meta = find_free(ram.meta_size);
	if (!meta)
		return -ENOMEM;
	ram.meta_base = meta;
	reserve(meta, ram.meta_size, "page metadata", false);
	page_alloc_init(lo, npages, (void *)meta);
	for (unsigned int i = 0; i < ram.nr_banks; i++)
		free_bank(&ram.banks[i]);
	return 0;
}
