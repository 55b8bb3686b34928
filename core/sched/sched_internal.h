/* Scheduler internals shared by the files of core/sched. */
#ifndef CORE_SCHED_INTERNAL_H
#define CORE_SCHED_INTERNAL_H

#include <keel/sched.h>
#include <keel/percpu.h>

void rq_init(struct runqueue *rq);
void rq_enqueue(struct runqueue *rq, struct vcpu *v);
void rq_remove(struct runqueue *rq, struct vcpu *v);
int rq_best_prio(const struct runqueue *rq);
struct vcpu *rq_pick(struct runqueue *rq);

/* Every vCPU, for listings. */
extern spinlock_t vcpu_list_lock;
extern struct list_head vcpu_list;
void vcpu_list_add(struct vcpu *v);
void vcpu_list_del(struct vcpu *v);

/* Choose the least loaded cpu allowed by an affinity mask. */
struct cpu *sched_place(uint64_t affinity);
/* Switch away from the calling vCPU for good (it is reaped afterwards). */
void sched_exit_current(void) __attribute__((noreturn));
/* Release resources of a dead thread (called on another thread's stack). */
void thread_reap(struct vcpu *v);

#endif
