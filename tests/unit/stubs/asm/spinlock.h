/* Host stand-in for the arch spinlock: unit tests are single-threaded, so a
 * lock only checks that it is not taken twice. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H
#include <assert.h>
#include <keel/types.h>

typedef struct {
	int locked;
} arch_spinlock_t;

#define ARCH_SPINLOCK_INIT	{ 0 }

static inline void arch_spin_init(arch_spinlock_t *l) { l->locked = 0; }
static inline bool arch_spin_trylock(arch_spinlock_t *l)
{
	if (l->locked)
		return false;
	l->locked = 1;
	return true;
}
static inline void arch_spin_lock(arch_spinlock_t *l) { assert(!l->locked); l->locked = 1; }
static inline void arch_spin_unlock(arch_spinlock_t *l) { assert(l->locked); l->locked = 0; }
#endif
