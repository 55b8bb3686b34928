/* Wait queues: a thread sleeps until a condition, checked under the queue's
 * lock, becomes true; wakers change the condition and call wake_all. */
#include <keel/sched.h>

void waitqueue_init(struct waitqueue *wq)
{
	spin_lock_init(&wq->lock);
	list_init(&wq->waiters);
}

void waitqueue_wait(struct waitqueue *wq, bool (*cond)(void *arg), void *arg)
{
	struct wait_entry we = { .vcpu = current_vcpu() };

	list_init(&we.node);

	for (;;) {
		unsigned long flags = spin_lock_irqsave(&wq->lock);

		if (cond(arg)) {
			spin_unlock_irqrestore(&wq->lock, flags);
			return;
		}
		list_add_tail(&we.node, &wq->waiters);
		sched_prepare_block();
		spin_unlock_irqrestore(&wq->lock, flags);
		sched_block();
		flags = spin_lock_irqsave(&wq->lock);
		if (!list_empty(&we.node))
			list_del(&we.node);
		spin_unlock_irqrestore(&wq->lock, flags);
	}
}

void waitqueue_wake_all(struct waitqueue *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	struct wait_entry *we, *tmp;

	list_for_each_entry_safe(we, tmp, &wq->waiters, node) {
		list_del(&we->node);
		sched_wakeup(we->vcpu);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}
