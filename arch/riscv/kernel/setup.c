/* RISC-V boot glue: the first C code on each hart, thread contexts, WFI. */
#include <asm/csr.h>
#include <asm/sbi.h>
#include <arch/context.h>
#include <arch/cpu.h>
#include <arch/timer.h>
#include <keel/init.h>
#include <keel/percpu.h>

extern char arch_thread_trampoline[];

static uint8_t emergency_stacks[CONFIG_NR_CPUS][4096] __aligned(16);

static void cpu_arch_setup(struct cpu *c)
{
	c->arch.emergency_sp = (unsigned long)&emergency_stacks[c->id][4096];
	/* Timer, software and external interrupts; nothing until sstatus.SIE. */
	csr_write(sie, SIE_SSIE | SIE_STIE);
	csr_write(scounteren, 0x7);
}

/* Boot hart, from head.S: bss is clear, MMU off, tp = &cpus[0]. */
void arch_boot(unsigned long hartid, const void *fdt);
void arch_boot(unsigned long hartid, const void *fdt)
{
	struct cpu *c = &cpus[0];

	c->id = 0;
	c->hartid = hartid;
	cpu_arch_setup(c);
	sbi_init();
	kernel_start(hartid, fdt);
}

/* Secondary hart, from head.S: MMU on, sp = its first stack. */
void arch_secondary_boot(struct cpu *c);
void arch_secondary_boot(struct cpu *c)
{
	cpu_arch_setup(c);
	secondary_start(c);
}

void arch_context_init(struct arch_context *ctx, unsigned long stack_top,
		       void (*entry)(void *arg), void *arg)
{
	*ctx = (struct arch_context){ 0 };
	ctx->ra = (unsigned long)arch_thread_trampoline;
	ctx->sp = stack_top;
	ctx->s[1] = (unsigned long)entry;
	ctx->s[2] = (unsigned long)arg;
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void arch_cpu_halt(void)
{
	csr_write(sie, 0);
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		__asm__ volatile("wfi");
}
