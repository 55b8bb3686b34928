/* ACLINT SSWI (riscv-aclint spec §3): supervisor software interrupts written
 * directly, without a call into the firmware. Hart index = hart id, as on
 * QEMU virt's single-socket layout. */
#include <arch/mmu.h>
#include <arch/smp.h>
#include <keel/driver.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/printk.h>

static int sswi_probe(const void *fdt, int node)
{
	uint64_t base, size;
	void *regs;

#ifndef CONFIG_ACLINT_SSWI
	return -ENODEV;
#endif
	if (fdt_get_reg(fdt, node, 0, &base, &size))
		return -EINVAL;
	regs = ioremap(base, size);
	if (!regs)
		return -ENOMEM;
	arch_ipi_use_sswi(regs);
	pr_info("aclint-sswi: IPIs through 0x%llx\n", (unsigned long long)base);
	return 0;
}

static const char *const sswi_compat[] = { "riscv,aclint-sswi", NULL };

DRIVER(aclint_sswi) = {
	.name = "aclint-sswi",
	.compatible = sswi_compat,
	.order = DRIVER_ORDER_IRQCHIP,
	.probe = sswi_probe,
};
