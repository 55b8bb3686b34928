/* Host threads: creation, start, exit, sleep, and the list of every vCPU. */
#include <arch/irqflags.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/stack.h>
#include <keel/string.h>
#include <keel/timer.h>
#include "sched_internal.h"

DEFINE_SPINLOCK(vcpu_list_lock);
LIST_HEAD(vcpu_list);
static unsigned int next_vcpu_id = CONFIG_NR_CPUS;	/* below: idle threads */

void vcpu_list_add(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&vcpu_list_lock);

	list_add_tail(&v->all_node, &vcpu_list);
	spin_unlock_irqrestore(&vcpu_list_lock, flags);
}

void vcpu_list_del(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&vcpu_list_lock);

	list_del(&v->all_node);
	spin_unlock_irqrestore(&vcpu_list_lock, flags);
}

void sched_for_each_vcpu(void (*fn)(struct vcpu *v, void *ctx), void *ctx)
{
	unsigned long flags = spin_lock_irqsave(&vcpu_list_lock);
	struct vcpu *v;

	list_for_each_entry(v, &vcpu_list, all_node)
		fn(v, ctx);
	spin_unlock_irqrestore(&vcpu_list_lock, flags);
}

const char *vcpu_state_name(enum vcpu_state s)
{
	static const char *const names[] = {
		[VCPU_READY] = "ready", [VCPU_RUNNING] = "running",
		[VCPU_BLOCKED] = "blocked", [VCPU_PAUSED] = "paused",
		[VCPU_DEAD] = "dead",
	};

	return (unsigned int)s < 5 ? names[s] : "?";
}

struct cpu *sched_place(uint64_t affinity)
{
	struct cpu *c, *best = NULL;
	unsigned int best_load = ~0U;

	for_each_online_cpu(c) {
		/* Threads placed here, blocked ones too: a guest's vCPUs
		 * spread over the harts even while they all wait. */
		unsigned int load = c->rq.nr_threads;

		if (affinity && !(affinity & (1ULL << c->id)))
			continue;
		if (load < best_load) {
			best = c;
			best_load = load;
		}
	}
	return best;
}

int thread_init(struct vcpu *v, const char *name, void (*fn)(void *arg), void *arg,
		unsigned int prio, uint64_t affinity)
{
	if (prio == PRIO_IDLE || prio >= SCHED_NR_PRIO)
		return -EINVAL;
	v->stack_size = CONFIG_STACK_SIZE;
	v->stack_base = stack_alloc(v->stack_size);
	if (!v->stack_base)
		return -ENOMEM;
	strlcpy(v->name, name, sizeof(v->name));
	v->id = __atomic_fetch_add(&next_vcpu_id, 1, __ATOMIC_RELAXED);
	v->prio = prio;
	v->affinity = affinity;
	v->entry = fn;
	v->arg = arg;
	v->state = VCPU_BLOCKED;
	list_init(&v->rq_node);
	arch_context_init(&v->ctx, v->stack_base + v->stack_size, fn, arg);
	vcpu_list_add(v);
	return 0;
}

struct vcpu *thread_create(const char *name, void (*fn)(void *arg), void *arg,
			   unsigned int prio, uint64_t affinity)
{
	struct vcpu *v = kzalloc(sizeof(*v));

	if (v && thread_init(v, name, fn, arg, prio, affinity)) {
		kfree(v);
		v = NULL;
	}
	return v;
}

void thread_start(struct vcpu *v)
{
	v->cpu = sched_place(v->affinity);
	if (!v->cpu)
		v->cpu = this_cpu();
	__atomic_add_fetch(&v->cpu->rq.nr_threads, 1, __ATOMIC_RELAXED);
	sched_wakeup(v);
}

void thread_exit(void)
{
	vcpu_list_del(current_vcpu());
	sched_exit_current();
}

void thread_reap(struct vcpu *v)
{
	if (v->cpu)
		__atomic_sub_fetch(&v->cpu->rq.nr_threads, 1, __ATOMIC_RELAXED);
	stack_free(v->stack_base, v->stack_size);
	if (v->release)
		v->release(v);
	else
		kfree(v);
}

static void sleep_expired(struct timer_event *ev, uint64_t now)
{
	sched_wakeup(ev->data);
}

void thread_sleep_ticks(uint64_t ticks)
{
	struct timer_event ev;

	timer_event_init(&ev, sleep_expired, current_vcpu());
	sched_prepare_block();
	timer_event_arm(&ev, timer_now() + ticks);
	sched_block();
	timer_event_cancel(&ev);
}

void thread_sleep_ms(unsigned int ms)
{
	thread_sleep_ticks(timer_ms_to_ticks(ms));
}
