/* RISC-V fences and AMO-based atomics (unpriv spec ch. 8, "A" extension). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#include <keel/types.h>

#define mb()		__asm__ volatile("fence iorw, iorw" ::: "memory")
#define rmb()		__asm__ volatile("fence ir, ir" ::: "memory")
#define wmb()		__asm__ volatile("fence ow, ow" ::: "memory")
#define smp_mb()	__asm__ volatile("fence rw, rw" ::: "memory")
#define barrier()	__asm__ volatile("" ::: "memory")
#define cpu_relax()	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory")

static inline long atomic_add_return(long *p, long v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}

static inline long atomic_xchg(long *p, long v)
{
	return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline long atomic_cmpxchg(long *p, long old, long new_val)
{
	__atomic_compare_exchange_n(p, &old, new_val, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
	return old;
}

#endif
