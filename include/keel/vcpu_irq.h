/* Interrupts pending for a guest vCPU: emulators and SBI assert and
 * deassert them; the arch layer flushes them to hvip on every guest entry.
 * Asserting kicks the vCPU: it wakes from WFI, or leaves the guest if it is
 * running on another hart, so it sees the interrupt at once. */
#ifndef KEEL_VCPU_IRQ_H
#define KEEL_VCPU_IRQ_H

#include <keel/types.h>

struct vcpu;

enum vcpu_irq {
	VCPU_IRQ_SOFT,		/* VSSIP */
	VCPU_IRQ_TIMER,		/* VSTIP */
	VCPU_IRQ_EXT,		/* VSEIP */
	VCPU_IRQ_NR,
};

/* Any context. */
void vcpu_irq_assert(struct vcpu *v, enum vcpu_irq irq);
void vcpu_irq_deassert(struct vcpu *v, enum vcpu_irq irq);
bool vcpu_irq_is_pending(const struct vcpu *v, enum vcpu_irq irq);

#endif
