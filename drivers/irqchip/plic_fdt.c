/* PLIC device-tree glue: registers, number of sources, and the S-mode
 * context of each hart from interrupts-extended (pairs of <hart intc, 9>). */
#include <arch/mmu.h>
#include <asm/csr.h>
#include <keel/driver.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <libfdt.h>
#include "plic.h"

static struct plic plic;

static int cpu_of_intc(const void *fdt, uint32_t phandle)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle);
	int cpu_node = intc >= 0 ? fdt_parent_offset(fdt, intc) : -1;
	long hartid = cpu_node >= 0 ? fdt_cpu_hartid(fdt, cpu_node) : -1;

	for (unsigned int i = 0; hartid >= 0 && i < nr_cpus_possible; i++)
		if (cpus[i].hartid == (unsigned long)hartid)
			return i;
	return -1;
}

static void find_contexts(const void *fdt, int node)
{
	int len;
	const fdt32_t *ie = fdt_getprop(fdt, node, "interrupts-extended", &len);

	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++)
		plic.ctx_of_cpu[i] = -1;
	for (int ctx = 0; ie && (ctx + 1) * 8 <= len; ctx++) {
		uint32_t phandle = fdt32_to_cpu(ie[2 * ctx]);
		uint32_t line = fdt32_to_cpu(ie[2 * ctx + 1]);
		int cpu = line == IRQ_S_EXT ? cpu_of_intc(fdt, phandle) : -1;

		if (cpu >= 0)
			plic.ctx_of_cpu[cpu] = ctx;
	}
}

static int plic_probe(const void *fdt, int node)
{
	uint64_t base, size;
	uint32_t ndev;
	void *regs;

	if (fdt_get_reg(fdt, node, 0, &base, &size) || fdt_get_u32(fdt, node, "riscv,ndev", &ndev))
		return -EINVAL;
	if (ndev >= 1024)
		return -EINVAL;
	regs = ioremap(base, size);
	if (!regs)
		return -ENOMEM;
	find_contexts(fdt, node);
	pr_info("plic: %u sources at 0x%llx\n", ndev, (unsigned long long)base);
	return plic_init(&plic, regs, ndev);
}

static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0", NULL };

DRIVER(plic) = {
	.name = "plic",
	.compatible = plic_compat,
	.order = DRIVER_ORDER_IRQCHIP,
	.probe = plic_probe,
};
