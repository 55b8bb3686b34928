/* Host stand-in for barriers and atomics: compiler builtins. */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H
#include <keel/types.h>
#define mb()		__sync_synchronize()
#define rmb()		__sync_synchronize()
#define wmb()		__sync_synchronize()
#define smp_mb()	__sync_synchronize()
#define barrier()	__asm__ volatile("" ::: "memory")
#define cpu_relax()	barrier()
static inline long atomic_add_return(long *p, long v) { return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }
static inline long atomic_xchg(long *p, long v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
static inline long atomic_cmpxchg(long *p, long o, long n)
{
	__atomic_compare_exchange_n(p, &o, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return o;
}
#endif
