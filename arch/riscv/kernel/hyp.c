/* Probing and per-hart setup of the hypervisor extension. */
#include <arch/hyp.h>
#include <asm/vcpu_internal.h>
#include <keel/percpu.h>
#include <keel/printk.h>

int arch_hyp_init(void)
{
	struct cpu *c;

	hyp_caps.sstc = true;
	for_each_possible_cpu(c)
		hyp_caps.sstc &= c->arch.has_sstc;
#ifndef CONFIG_SSTC
	hyp_caps.sstc = false;
#endif
	vmid_init();
	return 0;
}

void arch_hyp_cpu_init(void)
{
	hyp_cpu_init();
}

void arch_hyp_print_info(void)
{
	printk("Hypervisor:   G-stage %s, %u VMID bits, guest timer %s\n",
	       hyp_caps.sv48x4 ? "Sv48x4" : "Sv39x4", hyp_caps.vmid_bits,
	       hyp_caps.sstc ? "Sstc vstimecmp" : "SBI set_timer + host timer");
}
