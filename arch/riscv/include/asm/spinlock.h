/* RISC-V ticket-free test-and-set spinlock on amoswap.w.aq / amoswap.w.rl. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <keel/types.h>

typedef struct {
	volatile uint32_t locked;
} arch_spinlock_t;

#define ARCH_SPINLOCK_INIT	{ 0 }

static inline void arch_spin_init(arch_spinlock_t *l)
{
	l->locked = 0;
}

static inline bool arch_spin_trylock(arch_spinlock_t *l)
{
	uint32_t old;

	__asm__ volatile("amoswap.w.aq %0, %2, %1"
			 : "=r"(old), "+A"(l->locked) : "r"(1) : "memory");
	return old == 0;
}

static inline void arch_spin_lock(arch_spinlock_t *l)
{
	while (!arch_spin_trylock(l)) {
		while (l->locked)
			__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory");	/* pause */
	}
}

static inline void arch_spin_unlock(arch_spinlock_t *l)
{
	__asm__ volatile("amoswap.w.rl zero, zero, %0" : "+A"(l->locked) :: "memory");
}

#endif
