/* Device tree reading helpers used by core and drivers. */
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/string.h>
#include <libfdt.h>

const void *host_fdt;

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

int fdt_get_reg(const void *fdt, int node, int idx, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return -ENOENT;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return -ENOENT;
	if ((idx + 1) * (ac + sc) * 4 > len)
		return -ENOENT;
	reg += idx * (ac + sc);
	*addr = read_cells(reg, ac);
	if (size)
		*size = sc ? read_cells(reg + ac, sc) : 0;
	return 0;
}

int fdt_get_u32(const void *fdt, int node, const char *name, uint32_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4)
		return -EINVAL;
	*out = fdt32_to_cpu(*p);
	return 0;
}

int fdt_get_u64(const void *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4 && len != 8)
		return -EINVAL;
	*out = read_cells(p, len / 4);
	return 0;
}

bool fdt_node_enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

long fdt_cpu_hartid(const void *fdt, int cpu_node)
{
	uint64_t hartid;
	int ret = fdt_get_reg(fdt, cpu_node, 0, &hartid, NULL);

	return ret ? ret : (long)hartid;
}

int fdt_get_irq(const void *fdt, int node, int idx, uint32_t *irq)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p)
		return -ENOENT;
	if ((idx + 1) * 4 > len)
		return -ENOENT;
	*irq = fdt32_to_cpu(p[idx]);
	return 0;
}
