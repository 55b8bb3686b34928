/* The scheduler core: switching, blocking, waking and preemption on each hart.
 *
 * Locking: a vCPU belongs to one hart's run queue (v->cpu). Its state changes
 * under that queue's lock. schedule() holds the lock across the context switch;
 * the thread switched to releases it (finish_switch), so a waker on another
 * hart never sees a vCPU as BLOCKED before it is off its stack. */
#include <arch/smp.h>
#include <arch/timer.h>
#include <arch/trap.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/timer.h>
#include "sched_internal.h"

static struct vcpu *dead_vcpu[CONFIG_NR_CPUS];

struct vcpu *current_vcpu(void)
{
	return this_cpu()->current;
}

static void slice_timer_update(struct cpu *c, struct vcpu *next, uint64_t now)
{
	if (next == c->idle)
		timer_event_cancel(&c->slice_timer);
	else
		timer_event_arm(&c->slice_timer, now + timer_ms_to_ticks(CONFIG_TIME_SLICE_MS));
}

/* Runs in whichever thread a switch lands in: drop the queue lock taken by
 * schedule() and free a thread that exited. */
static void finish_switch(void)
{
	struct cpu *c = this_cpu();
	struct vcpu *dead = dead_vcpu[c->id];

	dead_vcpu[c->id] = NULL;
	spin_unlock(&c->rq.lock);
	if (dead)
		thread_reap(dead);
}

static void switch_to(struct cpu *c, struct vcpu *prev, struct vcpu *next)
{
	uint64_t now = arch_timer_now();

	prev->run_ticks += now - prev->last_start;
	next->last_start = now;
	next->state = VCPU_RUNNING;
	next->nr_switches++;
	next->cpu = c;
	c->current = next;
	c->stats.switches++;
	if (prev->state == VCPU_DEAD)
		dead_vcpu[c->id] = prev;
	slice_timer_update(c, next, now);
	if (prev->guest || next->guest)
		vcpu_switch_hook(c, prev, next);
	arch_cpu_set_stack(&c->arch, next->stack_base);
	arch_context_switch(&prev->ctx, &next->ctx);
	finish_switch();
}

/* Pick and switch; interrupts off, c->rq.lock held (released on return). */
static void schedule_locked(struct cpu *c)
{
	struct vcpu *prev = c->current, *next;

	c->need_resched = false;
	if (prev->state == VCPU_RUNNING && prev != c->idle) {
		if (rq_best_prio(&c->rq) < (int)prev->prio) {
			spin_unlock(&c->rq.lock);
			return;
		}
		prev->state = VCPU_READY;
		rq_enqueue(&c->rq, prev);
	}
	next = rq_pick(&c->rq);
	if (!next)
		next = c->idle;
	if (next == prev) {
		prev->state = VCPU_RUNNING;
		spin_unlock(&c->rq.lock);
		return;
	}
	if (prev == c->idle)
		prev->state = VCPU_READY;
	switch_to(c, prev, next);
}

void schedule(void)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();

	spin_lock(&c->rq.lock);
	schedule_locked(c);
	arch_irq_restore(flags);
}

void sched_prepare_block(void)
{
	current_vcpu()->wake_pending = false;
}

void sched_block(void)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();
	struct vcpu *v = c->current;

	spin_lock(&c->rq.lock);
	if (v->wake_pending) {
		v->wake_pending = false;
		spin_unlock(&c->rq.lock);
	} else {
		v->state = VCPU_BLOCKED;
		schedule_locked(c);
	}
	arch_irq_restore(flags);
}

void sched_exit_current(void)
{
	struct cpu *c;

	arch_irq_disable();
	c = this_cpu();
	spin_lock(&c->rq.lock);
	c->current->state = VCPU_DEAD;
	schedule_locked(c);
	__builtin_unreachable();
}

/* Ask cpu c to reschedule soon: itself directly, others by IPI. */
static void resched_cpu(struct cpu *c)
{
	c->need_resched = true;
	if (c != this_cpu())
		arch_send_ipi(c);
}

void sched_wakeup(struct vcpu *v)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = v->cpu;
	bool kick = false;

	spin_lock(&c->rq.lock);
	if (v->state == VCPU_BLOCKED) {
		v->state = VCPU_READY;
		rq_enqueue(&c->rq, v);
		kick = c->current == c->idle || v->prio > c->current->prio;
	} else if (v->state == VCPU_RUNNING || v->state == VCPU_READY) {
		v->wake_pending = true;
	}
	spin_unlock(&c->rq.lock);
	if (kick)
		resched_cpu(c);
	arch_irq_restore(flags);
}

/* End of every host interrupt (IRQ context, interrupts off). */
void sched_irq_exit(void)
{
	struct cpu *c = this_cpu();

	if (c->need_resched && c->current)
		schedule();
}

static void slice_expired(struct timer_event *ev, uint64_t now)
{
	struct cpu *c = this_cpu();

	spin_lock(&c->rq.lock);
	if (rq_best_prio(&c->rq) >= (int)c->current->prio)
		c->need_resched = true;
	spin_unlock(&c->rq.lock);
	if (!c->need_resched && c->current != c->idle)
		timer_event_arm(ev, now + timer_ms_to_ticks(CONFIG_TIME_SLICE_MS));
}

/* New thread's first instructions after arch_thread_trampoline. */
void sched_thread_entry(void (*fn)(void *), void *arg);
void sched_thread_entry(void (*fn)(void *), void *arg)
{
	finish_switch();
	arch_irq_enable();
	fn(arg);
	thread_exit();
}

void sched_init_cpu(struct cpu *c, unsigned long stack_base, size_t stack_size)
{
	static struct vcpu idle_vcpus[CONFIG_NR_CPUS];
	struct vcpu *idle = &idle_vcpus[c->id];

	rq_init(&c->rq);
	timer_event_init(&c->slice_timer, slice_expired, c);
	snprintf(idle->name, sizeof(idle->name), "idle/%u", c->id);
	idle->id = c->id;
	idle->state = VCPU_RUNNING;
	idle->prio = PRIO_IDLE;
	idle->affinity = 1ULL << c->id;
	idle->cpu = c;
	idle->stack_base = stack_base;
	idle->stack_size = stack_size;
	idle->last_start = arch_timer_now();
	list_init(&idle->rq_node);
	c->idle = idle;
	c->current = idle;
	arch_cpu_set_stack(&c->arch, stack_base);
	vcpu_list_add(idle);
}

/* The idle thread: sleep in WFI while nothing is ready. Interrupts are taken
 * between WFI and the next check, and their exit path reschedules. */
void sched_idle_loop(void)
{
	struct cpu *c = this_cpu();

	for (;;) {
		arch_irq_disable();
		if (!c->rq.nr_ready && !c->need_resched) {
			uint64_t t0 = arch_timer_now();

			c->stats.idle_since = t0;
			arch_wait_for_interrupt();
			c->stats.idle_since = 0;
			c->stats.idle_ticks += arch_timer_now() - t0;
		}
		arch_irq_enable();
		if (c->rq.nr_ready)
			schedule();
	}
}
