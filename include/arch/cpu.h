/* Arch interface: the current hart.
 *   struct cpu *arch_this_cpu(void)       — this hart's struct cpu (any context)
 *   void arch_set_this_cpu(struct cpu *)  — boot only
 *   struct cpu_arch                        — embedded in struct cpu as .arch
 *   void arch_wait_for_interrupt(void)     — sleep until an interrupt is pending
 *                                            (call with interrupts disabled)
 *   void arch_cpu_halt(void)               — stop this hart for good */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H
#include <asm/percpu.h>

void arch_wait_for_interrupt(void);
void arch_cpu_halt(void) __attribute__((noreturn));
/* Read a hart's features from its /cpus/cpu@N node (boot hart). */
void arch_cpu_probe(struct cpu *cpu, const void *fdt, int node);
/* The hart's ISA string as the device tree gives it ("?" if none). */
const char *arch_cpu_isa(const struct cpu *cpu);
#endif
