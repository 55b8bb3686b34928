/* Host driver probing from the device tree. */
#include <keel/driver.h>
#include <keel/fdt.h>
#include <keel/printk.h>
#include <keel/string.h>
#include <keel/errno.h>
#include <libfdt.h>

extern const struct driver __start_keel_drivers[], __stop_keel_drivers[];

#define MAX_BOUND 32
static struct bound_device bound[MAX_BOUND];
static unsigned int nr_bound;

static bool matches(const void *fdt, int node, const struct driver *drv)
{
	for (const char *const *c = drv->compatible; *c; c++)
		if (fdt_node_check_compatible(fdt, node, *c) == 0)
			return true;
	return false;
}

static void record(const void *fdt, int node, const struct driver *drv)
{
	if (nr_bound == MAX_BOUND)
		return;
	bound[nr_bound].driver = drv->name;
	if (fdt_get_path(fdt, node, bound[nr_bound].path, sizeof(bound[0].path)))
		strlcpy(bound[nr_bound].path, "?", sizeof(bound[0].path));
	nr_bound++;
}

static void probe_order(const void *fdt, enum driver_order order)
{
	int node, depth = 0;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		if (!fdt_node_enabled(fdt, node))
			continue;
		for (const struct driver *d = __start_keel_drivers; d < __stop_keel_drivers; d++) {
			int ret;

			if (d->order != order || !matches(fdt, node, d))
				continue;
			ret = d->probe(fdt, node);
			if (ret == 0)
				record(fdt, node, d);
			else if (ret != -ENODEV)
				pr_err("%s: probe of %s failed: %s\n", d->name,
				       fdt_get_name(fdt, node, NULL), strerror(ret));
			break;
		}
	}
}

void drivers_probe(const void *fdt)
{
	for (int order = 0; order < DRIVER_ORDER_NR; order++)
		probe_order(fdt, order);
}

unsigned int drivers_bound(const struct bound_device **list)
{
	*list = bound;
	return nr_bound;
}
