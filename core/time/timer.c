/* Clocksource and per-hart timer events on top of the arch timer. */
#include <arch/irqflags.h>
#include <arch/timer.h>
#include <arch/trap.h>
#include <keel/errno.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/timer.h>
#include <keel/heap.h>
#include <keel/smp.h>
#include <libfdt.h>

uint64_t timer_freq;

int timer_init(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/cpus");
	const fdt32_t *prop;
	int len;

	if (node < 0)
		return -ENODEV;
	prop = fdt_getprop(fdt, node, "timebase-frequency", &len);
	if (!prop || (len != 4 && len != 8))
		return -ENODEV;
	timer_freq = len == 4 ? fdt32_to_cpu(*prop) : fdt64_to_cpu(*(const fdt64_t *)prop);
	return timer_freq ? 0 : -EINVAL;
}

void timer_cpu_init(void)
{
	timer_queue_init(&this_cpu()->timers);
	arch_timer_cpu_init();
}

uint64_t timer_now(void)
{
	return arch_timer_now();
}

uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return ms * timer_freq / 1000;
}

uint64_t timer_us_to_ticks(uint64_t us)
{
	return us * timer_freq / 1000000;
}

uint64_t timer_ticks_to_us(uint64_t ticks)
{
	return ticks / timer_freq * 1000000 + ticks % timer_freq * 1000000 / timer_freq;
}

uint64_t timer_ticks_to_ns(uint64_t ticks)
{
	return ticks / timer_freq * 1000000000 +
	       ticks % timer_freq * 1000000000 / timer_freq;
}

/*
 * An event belongs to the hart it was first armed on: its queue is only ever
 * touched by that hart with interrupts off, so no lock is needed. Arming or
 * cancelling from another hart is forwarded there as a cross-hart call
 * (waited for in thread context, so that a cancelled event's memory may be
 * freed right after; queued from IRQ context).
 */
struct timer_op {
	struct timer_event *ev;
	uint64_t expiry;
	bool arm;
};

static void timer_op_local(struct timer_event *ev, uint64_t expiry, bool arm)
{
	unsigned long flags = arch_irq_save();
	struct timer_queue *q = &this_cpu()->timers;
	bool earliest_changed;

	if (arm) {
		ev->cpu = this_cpu()->id;
		earliest_changed = timer_queue_add(q, ev, expiry);
	} else {
		earliest_changed = timer_queue_del(q, ev);
	}
	if (earliest_changed)
		arch_timer_program(timer_queue_next(q));
	arch_irq_restore(flags);
}

static void timer_op_remote(void *arg)
{
	struct timer_op *op = arg;

	timer_op_local(op->ev, op->expiry, op->arm);
}

static void timer_op_async(void *arg)
{
	struct timer_op *op = arg;

	timer_op_local(op->ev, op->expiry, op->arm);
	kfree(op);
}

static void timer_op(struct timer_event *ev, uint64_t expiry, bool arm)
{
	struct timer_op op = { ev, expiry, arm }, *copy;
	struct cpu *owner = ev->cpu >= 0 ? &cpus[ev->cpu] : this_cpu();

	if (owner == this_cpu() || owner->state != CPU_ONLINE) {
		timer_op_local(ev, expiry, arm);
		return;
	}
	if (!arch_irqs_disabled()) {
		smp_call_sync(owner, timer_op_remote, &op);
		return;
	}
	copy = kmalloc(sizeof(*copy));
	if (!copy)
		return;		/* out of memory in IRQ context: the op is lost */
	*copy = op;
	if (smp_call_async(owner, timer_op_async, copy))
		kfree(copy);
}

void timer_event_arm(struct timer_event *ev, uint64_t expiry)
{
	timer_op(ev, expiry, true);
}

void timer_event_cancel(struct timer_event *ev)
{
	if (ev->cpu < 0 && !ev->armed)
		return;
	timer_op(ev, 0, false);
}

/* Hart timer interrupt (IRQ context): run what expired, program the next. */
void timer_handle_irq(void)
{
	struct cpu *c = this_cpu();

	c->stats.timer_irqs++;
	timer_queue_run(&c->timers, arch_timer_now());
	arch_timer_program(timer_queue_next(&c->timers));
}
