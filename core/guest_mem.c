/* A guest's address space: real regions backed by host memory allocated
 * aligned (so the G-stage can use 2 MiB / 1 GiB leaves), aliases, and
 * virtual regions handed to emulators. */
#include <arch/guest.h>
#include <asm/gstage.h>
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/guest.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/string.h>
#include "guest_internal.h"

#define SZ_2M	(2UL << 20)
#define SZ_1G	(1UL << 30)

static size_t region_align(uint64_t size)
{
	return size >= SZ_1G ? SZ_1G : size >= SZ_2M ? SZ_2M : 4096;
}

static int create_real(struct guest *g, unsigned int i, char *err, size_t err_size)
{
	const struct region_config *r = &g->cfg.regions[i];
	struct guest_region *gr = &g->regions[i];
	unsigned int prot = GSTAGE_R | GSTAGE_X | (r->read_only ? 0 : GSTAGE_W);
	void *mem = page_alloc_aligned(r->size, region_align(r->size), PAGE_OWNER_GUEST);

	if (!mem) {
		snprintf(err, err_size, "%s: no memory for physical_size 0x%llx", r->name,
			 (unsigned long long)r->size);
		return -ENOMEM;
	}
	gr->hpa = (phys_addr_t)mem;
	gr->alloc_size = page_alloc_size(mem);
	memset(mem, 0, r->size);
	return arch_guest_map(g, r->gpa, gr->hpa, r->size, prot);
}

static int create_alias(struct guest *g, unsigned int i)
{
	const struct region_config *r = &g->cfg.regions[i];
	int t = guest_region_index(g, r->alias_gpa);
	const struct guest_region *target = &g->regions[t];
	unsigned int prot = GSTAGE_R | GSTAGE_X | (r->read_only ? 0 : GSTAGE_W);

	g->regions[i].hpa = target->hpa + (r->alias_gpa - g->cfg.regions[t].gpa);
	return arch_guest_map(g, r->gpa, g->regions[i].hpa, r->size, prot);
}

static int create_virtual(struct guest *g, unsigned int i, char *err, size_t err_size)
{
	const struct region_config *r = &g->cfg.regions[i];
	const struct emulator *emu = devemu_find(r->compatible);
	struct devemu_dev *dev = kzalloc(sizeof(*dev));
	int ret;

	if (!dev)
		return -ENOMEM;
	dev->guest = g;
	dev->emu = emu;
	dev->region = r;
	ret = emu->probe(dev, g->config_blob, r->node);
	if (ret) {
		snprintf(err, err_size, "%s: %s emulator: %s", r->name, emu->name, strerror(ret));
		kfree(dev);
		return ret;
	}
	g->regions[i].dev = dev;
	return 0;
}

int guest_regions_create(struct guest *g, char *err, size_t err_size)
{
	int ret = 0;

	for (unsigned int i = 0; i < g->cfg.nr_regions && !ret; i++)
		if (g->cfg.regions[i].kind == REGION_REAL)
			ret = create_real(g, i, err, err_size);
	for (unsigned int i = 0; i < g->cfg.nr_regions && !ret; i++)
		if (g->cfg.regions[i].kind == REGION_ALIAS)
			ret = create_alias(g, i);
	/* Interrupt controllers first: devices look them up when probed. */
	for (unsigned int i = 0; i < g->cfg.nr_regions && !ret; i++)
		if (!strcmp(g->cfg.regions[i].device_type, "pic") &&
		    g->cfg.regions[i].kind == REGION_VIRTUAL)
			ret = create_virtual(g, i, err, err_size);
	for (unsigned int i = 0; i < g->cfg.nr_regions && !ret; i++)
		if (strcmp(g->cfg.regions[i].device_type, "pic") &&
		    g->cfg.regions[i].kind == REGION_VIRTUAL)
			ret = create_virtual(g, i, err, err_size);
	return ret;
}

static void remove_devices(struct guest *g, bool pics)
{
	for (unsigned int i = 0; i < g->cfg.nr_regions; i++) {
		struct guest_region *gr = &g->regions[i];

		if (!gr->dev || !strcmp(g->cfg.regions[i].device_type, "pic") != !pics)
			continue;
		if (gr->dev->emu->remove)
			gr->dev->emu->remove(gr->dev);
		kfree(gr->dev);
		gr->dev = NULL;
	}
}

/* Devices first (they may still raise lines), then the interrupt
 * controller they raise them on. */
void guest_regions_remove_devices(struct guest *g)
{
	remove_devices(g, false);
	remove_devices(g, true);
}

/* Free the memory of real regions (devices are gone by now). */
void guest_regions_free_memory(struct guest *g)
{
	for (unsigned int i = 0; i < g->cfg.nr_regions; i++) {
		struct guest_region *gr = &g->regions[i];

		if (g->cfg.regions[i].kind == REGION_REAL && gr->hpa)
			page_free((void *)gr->hpa);
		gr->hpa = 0;
	}
}

void guest_regions_reset(struct guest *g)
{
	for (unsigned int i = 0; i < g->cfg.nr_regions; i++) {
		struct devemu_dev *dev = g->regions[i].dev;

		if (dev && dev->emu->reset)
			dev->emu->reset(dev);
	}
}

int guest_region_index(const struct guest *g, uint64_t gpa)
{
	const struct region_config *r = guest_config_find(&g->cfg, gpa);

	return r ? (int)(r - g->cfg.regions) : -1;
}

void *guest_gpa_to_hva(struct guest *g, uint64_t gpa, size_t len, bool write)
{
	int i = guest_region_index(g, gpa);
	const struct region_config *r;

	if (i < 0)
		return NULL;
	r = &g->cfg.regions[i];
	if (r->kind == REGION_VIRTUAL || (write && r->read_only) ||
	    len > r->size || gpa - r->gpa > r->size - len)
		return NULL;
	return (void *)(g->regions[i].hpa + (gpa - r->gpa));
}

static int copy_checked(struct guest *g, uint64_t gpa, void *buf, size_t len, bool to_guest)
{
	int i = guest_region_index(g, gpa);
	const struct region_config *r;
	void *hva;

	if (i < 0)
		return -EFAULT;
	r = &g->cfg.regions[i];
	/* Loading images may write ROM; only emulated regions are refused. */
	if (r->kind == REGION_VIRTUAL || len > r->size || gpa - r->gpa > r->size - len)
		return -EFAULT;
	hva = (void *)(g->regions[i].hpa + (gpa - r->gpa));
	if (to_guest)
		memcpy(hva, buf, len);
	else
		memcpy(buf, hva, len);
	return 0;
}

int guest_memory_write(struct guest *g, uint64_t gpa, const void *src, size_t len)
{
	return copy_checked(g, gpa, (void *)src, len, true);
}

int guest_memory_read(struct guest *g, uint64_t gpa, void *dst, size_t len)
{
	return copy_checked(g, gpa, dst, len, false);
}
