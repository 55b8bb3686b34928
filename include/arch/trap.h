/* Arch interface: traps.
 * The arch trap handler calls into core for the three local interrupt kinds:
 *   void ipi_handle(void)          (core/smp.c)    — software interrupt
 *   void timer_handle_irq(void)    (core/time)     — hart timer
 *   void irq_handle_external(void) (core/irq.c)    — external interrupt controller
 * then sched_irq_exit() to let the scheduler preempt. All in IRQ context.
 * Unexpected host exceptions end in panic_trap(regs, cause name).
 *   arch_dump_regs(regs)        — print every register of a trap frame
 *   arch_backtrace(regs, fn, ctx) — walk frame pointers from a trap frame (or from
 *                                   the caller when regs is NULL), fn per address */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H
#include <asm/ptregs.h>

void ipi_handle(void);
void timer_handle_irq(void);
void irq_handle_external(void);
void sched_irq_exit(void);
void panic_trap(const struct pt_regs *regs, const char *what) __attribute__((noreturn));

void arch_dump_regs(const struct pt_regs *regs);
void arch_backtrace(const struct pt_regs *regs,
		    void (*fn)(unsigned long pc, void *ctx), void *ctx);
const char *arch_trap_cause_name(unsigned long cause);
/* Enable this hart's external interrupt line (after the irqchip is set up). */
void arch_irq_ext_enable(void);
#endif
