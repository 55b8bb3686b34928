/* Arch interface: memory barriers and atomics.
 *   mb(), rmb(), wmb(), smp_mb(), cpu_relax()
 *   atomic_add_return(long *p, long v), atomic_xchg(long *p, long v),
 *   atomic_cmpxchg(long *p, long old, long new) -> previous value
 * Any context. */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H
#include <asm/barrier.h>
#endif
