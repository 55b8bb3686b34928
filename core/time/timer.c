/* Clocksource and per-hart timer events on top of the arch timer. */
#include <arch/irqflags.h>
#include <arch/timer.h>
#include <arch/trap.h>
#include <keel/errno.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/timer.h>
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

void timer_event_arm(struct timer_event *ev, uint64_t expiry)
{
	unsigned long flags = arch_irq_save();
	struct timer_queue *q = &this_cpu()->timers;

	if (timer_queue_add(q, ev, expiry))
		arch_timer_program(timer_queue_next(q));
	arch_irq_restore(flags);
}

void timer_event_cancel(struct timer_event *ev)
{
	unsigned long flags = arch_irq_save();
	struct timer_queue *q = &this_cpu()->timers;

	if (timer_queue_del(q, ev))
		arch_timer_program(timer_queue_next(q));
	arch_irq_restore(flags);
}

/* Hart timer interrupt (IRQ context): run what expired, program the next. */
void timer_handle_irq(void)
{
	struct cpu *c = this_cpu();

	c->stats.timer_irqs++;
	timer_queue_run(&c->timers, arch_timer_now());
	arch_timer_program(timer_queue_next(&c->timers));
}
