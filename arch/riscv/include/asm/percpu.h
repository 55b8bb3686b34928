/* RISC-V part of the per-hart data: what the trap entry needs, reached
 * through tp, which always holds the current hart's struct cpu in HS-mode. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#ifndef __ASSEMBLY__
#include <keel/types.h>

struct cpu;

struct cpu_arch {
	unsigned long stack_limit;	/* trap entry switches stacks below this */
	unsigned long emergency_sp;	/* top of this hart's emergency stack */
	unsigned long boot_sp;		/* secondary harts: first stack */
	unsigned long boot_satp;	/* secondary harts: page table to enable */
	bool has_sstc;
	const char *isa;		/* riscv,isa from the device tree */
};

static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;

	__asm__("mv %0, tp" : "=r"(c));
	return c;
}

/* Tell the trap entry where the stack of the thread about to run ends. */
static inline void arch_cpu_set_stack(struct cpu_arch *a, unsigned long stack_base)
{
	a->stack_limit = stack_base + 512;
}

static inline void arch_set_this_cpu(struct cpu *c)
{
	__asm__ volatile("mv tp, %0" :: "r"(c) : "memory");
}
#endif

#endif
