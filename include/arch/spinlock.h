/* Arch interface: the raw spinlock.
 *   arch_spinlock_t, ARCH_SPINLOCK_INIT
 *   arch_spin_init(l), arch_spin_lock(l), arch_spin_trylock(l), arch_spin_unlock(l)
 * Any context; no interrupt masking (see <keel/spinlock.h> for that). */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H
#include <asm/spinlock.h>
#endif
