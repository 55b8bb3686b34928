/* Host stand-in for interrupt masking: a flag, so tests can check nesting. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H
#include <keel/types.h>
extern bool unit_irqs_off;
static inline unsigned long arch_irq_save(void)
{
	unsigned long was_on = !unit_irqs_off;
	unit_irqs_off = true;
	return was_on;
}
static inline void arch_irq_restore(unsigned long f) { if (f) unit_irqs_off = false; }
static inline void arch_irq_enable(void) { unit_irqs_off = false; }
static inline void arch_irq_disable(void) { unit_irqs_off = true; }
static inline bool arch_irqs_disabled(void) { return unit_irqs_off; }
#endif
