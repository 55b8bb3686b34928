/* Host device tree helpers on top of libfdt. */
#ifndef KEEL_FDT_H
#define KEEL_FDT_H

#include <keel/types.h>

/* The device tree OpenSBI handed over (read-only, at its original place). */
extern const void *host_fdt;

/* Read the idx-th (address, size) pair of node's "reg", using the parent's
 * #address-cells / #size-cells. Returns 0 or -errno. */
int fdt_get_reg(const void *fdt, int node, int idx, uint64_t *addr, uint64_t *size);
/* Read a 32-bit property; returns 0, -ENOENT or -EINVAL (wrong length). */
int fdt_get_u32(const void *fdt, int node, const char *name, uint32_t *out);
/* Read a 32- or 64-bit property as u64. */
int fdt_get_u64(const void *fdt, int node, const char *name, uint64_t *out);
/* Node enabled: no "status", or "okay"/"ok". */
bool fdt_node_enabled(const void *fdt, int node);
/* The hart id of a /cpus/cpu@N node, or -errno. */
long fdt_cpu_hartid(const void *fdt, int cpu_node);
/* The idx-th cell of "interrupts" (single-cell specifiers). */
int fdt_get_irq(const void *fdt, int node, int idx, uint32_t *irq);
/* Print node (and its subtree) in dts syntax; path "/" for everything. */
int fdt_print(const void *fdt, const char *path);

#endif
