/* Spinlocks: the two lock forms Keel uses.
 *   spin_lock()/spin_unlock()                 — caller already has interrupts off
 *                                               or the lock is never taken in IRQ context;
 *   spin_lock_irqsave()/spin_unlock_irqrestore() — everything else.
 */
#ifndef KEEL_SPINLOCK_H
#define KEEL_SPINLOCK_H

#include <keel/types.h>
#include <arch/spinlock.h>
#include <arch/irqflags.h>

typedef struct {
	arch_spinlock_t arch;
} spinlock_t;

#define SPINLOCK_INIT		{ ARCH_SPINLOCK_INIT }
#define DEFINE_SPINLOCK(x)	spinlock_t x = SPINLOCK_INIT

static inline void spin_lock_init(spinlock_t *l)
{
	arch_spin_init(&l->arch);
}

static inline void spin_lock(spinlock_t *l)
{
	arch_spin_lock(&l->arch);
}

static inline bool spin_trylock(spinlock_t *l)
{
	return arch_spin_trylock(&l->arch);
}

static inline void spin_unlock(spinlock_t *l)
{
	arch_spin_unlock(&l->arch);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = arch_irq_save();

	arch_spin_lock(&l->arch);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	arch_spin_unlock(&l->arch);
	arch_irq_restore(flags);
}

#endif
