/* Host drivers: each declares the device-tree compatible strings it binds;
 * core walks the host FDT and probes matching drivers, interrupt controllers
 * first. Nothing calls a driver by name. */
#ifndef KEEL_DRIVER_H
#define KEEL_DRIVER_H

#include <keel/compiler.h>

enum driver_order {
	DRIVER_ORDER_IRQCHIP,	/* interrupt controllers, IPI devices */
	DRIVER_ORDER_NORMAL,	/* everything else */
	DRIVER_ORDER_NR,
};

struct driver {
	const char *name;
	const char *const *compatible;	/* NULL-terminated */
	enum driver_order order;
	int (*probe)(const void *fdt, int node);
};

#define DRIVER(id) \
	static const struct driver driver_##id __section("keel_drivers") __used __aligned(8)

/* Probe every enabled node of the host FDT against every driver. Boot hart. */
void drivers_probe(const void *fdt);

struct bound_device {
	const char *driver;
	char path[64];
};
/* Devices bound so far (for `host info`). */
unsigned int drivers_bound(const struct bound_device **list);

#endif
