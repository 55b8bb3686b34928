/* Per-hart run queues: one FIFO per priority and a bitmap of non-empty ones. */
#include "sched_internal.h"

void rq_init(struct runqueue *rq)
{
	spin_lock_init(&rq->lock);
	for (int p = 0; p < SCHED_NR_PRIO; p++)
		list_init(&rq->queue[p]);
	rq->ready_mask = 0;
	rq->nr_ready = 0;
}

/* Caller holds rq->lock. */
void rq_enqueue(struct runqueue *rq, struct vcpu *v)
{
	list_add_tail(&v->rq_node, &rq->queue[v->prio]);
	rq->ready_mask |= 1U << v->prio;
	rq->nr_ready++;
}

/* Caller holds rq->lock; v is on this queue. */
void rq_remove(struct runqueue *rq, struct vcpu *v)
{
	list_del(&v->rq_node);
	if (list_empty(&rq->queue[v->prio]))
		rq->ready_mask &= ~(1U << v->prio);
	rq->nr_ready--;
}

/* Highest ready priority, or -1 when the queue is empty. Caller holds the lock. */
int rq_best_prio(const struct runqueue *rq)
{
	return rq->ready_mask ? 31 - __builtin_clz(rq->ready_mask) : -1;
}

/* Take the first vCPU of the highest priority, or NULL. Caller holds the lock. */
struct vcpu *rq_pick(struct runqueue *rq)
{
	int p = rq_best_prio(rq);
	struct vcpu *v;

	if (p < 0)
		return NULL;
	v = list_first_entry(&rq->queue[p], struct vcpu, rq_node);
	rq_remove(rq, v);
	return v;
}
