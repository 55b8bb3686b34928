/* Time: the clocksource (rdtime at the device tree's timebase-frequency) and
 * per-hart timer events multiplexed on the hart timer. */
#ifndef KEEL_TIMER_H
#define KEEL_TIMER_H

#include <keel/types.h>
#include <keel/timer_queue.h>

extern uint64_t timer_freq;		/* timebase ticks per second */

/* Boot hart: read timebase-frequency. Returns 0 or -errno. */
int timer_init(const void *fdt);
/* Each hart: empty event queue, timer interrupt enabled. */
void timer_cpu_init(void);

uint64_t timer_now(void);
uint64_t timer_ms_to_ticks(uint64_t ms);
uint64_t timer_us_to_ticks(uint64_t us);
uint64_t timer_ticks_to_us(uint64_t ticks);
uint64_t timer_ticks_to_ns(uint64_t ticks);

/* Arm or re-arm ev on the calling hart; cancel it (on the hart it was armed
 * on). Any context; events fire in IRQ context on that hart. */
void timer_event_arm(struct timer_event *ev, uint64_t expiry);
void timer_event_cancel(struct timer_event *ev);

#endif
