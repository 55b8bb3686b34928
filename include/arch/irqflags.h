/* Arch interface: masking interrupts on the current hart.
 *   unsigned long arch_irq_save(void)      — disable, return the previous state
 *   void arch_irq_restore(unsigned long)   — restore a state from arch_irq_save
 *   void arch_irq_enable(void), arch_irq_disable(void)
 *   bool arch_irqs_disabled(void)
 * Any context. */
#ifndef ARCH_IRQFLAGS_H
#define ARCH_IRQFLAGS_H
#include <asm/irqflags.h>
#endif
