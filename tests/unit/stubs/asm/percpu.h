/* Host stand-in for the RISC-V per-hart data (arch/riscv/include/asm/percpu.h):
 * the same struct cpu_arch, but "this hart" is a variable the test sets
 * instead of the tp register. A suite that calls this_cpu() defines
 *     struct cpu *unit_this_cpu;
 * Suites that never call it need not. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <keel/types.h>

struct cpu;

struct cpu_arch {
	unsigned long stack_limit;
	unsigned long emergency_sp;
	unsigned long boot_sp;
	unsigned long boot_satp;
	bool has_sstc;
	const char *isa;
};

extern struct cpu *unit_this_cpu;

static inline struct cpu *arch_this_cpu(void)
{
	return unit_this_cpu;
}

static inline void arch_cpu_set_stack(struct cpu_arch *a, unsigned long stack_base)
{
	a->stack_limit = stack_base + 512;
}

static inline void arch_set_this_cpu(struct cpu *c)
{
	unit_this_cpu = c;
}

#endif
