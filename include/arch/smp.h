/* Arch interface: harts.
 *   int arch_cpu_start(struct cpu *cpu, unsigned long stack_top)
 *        start a stopped hart; it enters secondary_start(cpu) on that stack
 *        with the host page table on. Boot hart, thread context.
 *   long arch_cpu_state(unsigned long hartid) — firmware view (SBI HSM state)
 *   void arch_send_ipi(const struct cpu *cpu) — raise a software interrupt
 *        on cpu (any context; the receiver runs ipi_handle())
 *   void arch_ipi_clear(void)               — acknowledge on this hart */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H
#include <keel/types.h>

struct cpu;
int arch_cpu_start(struct cpu *cpu, unsigned long stack_top);
long arch_cpu_state(unsigned long hartid);
void arch_send_ipi(const struct cpu *cpu);
void arch_ipi_clear(void);
/* Use an ACLINT SSWI device at this address for IPIs from now on. */
void arch_ipi_use_sswi(volatile uint32_t *base);
#endif
