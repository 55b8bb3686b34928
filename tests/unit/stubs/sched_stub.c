/* Host stand-in for the scheduler's wait queues (include/keel/sched.h).
 *
 * Unit tests run on one thread, so a waiter can never sleep: when the
 * condition is false, waitqueue_wait() calls the test's hook (which may,
 * for example, complete a block request the way an interrupt would) and
 * then asserts that the condition holds.
 *
 *     extern void (*unit_wait_hook)(void *ctx);  // NULL: no hook
 *     extern void *unit_wait_hook_ctx;
 *     extern unsigned int unit_waits;        // waitqueue_wait() calls
 *     extern unsigned int unit_wait_sleeps;  // ... that found cond false
 *     extern unsigned int unit_wakeups;      // waitqueue_wake_all() calls
 */
#include <assert.h>
#include <keel/sched.h>

void (*unit_wait_hook)(void *ctx);
void *unit_wait_hook_ctx;
unsigned int unit_waits, unit_wait_sleeps, unit_wakeups;

void waitqueue_init(struct waitqueue *wq)
{
	spin_lock_init(&wq->lock);
	list_init(&wq->waiters);
}

void waitqueue_wait(struct waitqueue *wq, bool (*cond)(void *arg), void *arg)
{
	bool ok;

	unit_waits++;
	spin_lock(&wq->lock);
	ok = cond(arg);
	spin_unlock(&wq->lock);
	if (ok)
		return;
	unit_wait_sleeps++;
	if (unit_wait_hook)
		unit_wait_hook(unit_wait_hook_ctx);
	spin_lock(&wq->lock);
	ok = cond(arg);
	spin_unlock(&wq->lock);
	/* Nothing else can run to make it true: the waiter would sleep forever. */
	assert(ok);
}

void waitqueue_wake_all(struct waitqueue *wq)
{
	spin_lock(&wq->lock);
	unit_wakeups++;
	spin_unlock(&wq->lock);
}
