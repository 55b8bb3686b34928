/*
 * Per-hart timer-event queue: multiplexes the hart's single timer between any
 * number of timer events (vCPU timers, scheduler ticks, timeouts).
 *
 * Pure logic, no hardware access and no locking: the queue belongs to one hart
 * and its owner calls every function here with interrupts off on that hart.
 * The owner programs the hardware timer with timer_queue_next() whenever
 * timer_queue_add()/timer_queue_del() report that the earliest expiry changed,
 * and calls timer_queue_run() from the timer interrupt.
 *
 * Times are absolute, in timebase ticks (the `time` CSR).
 */
#ifndef KEEL_TIMER_QUEUE_H
#define KEEL_TIMER_QUEUE_H

#include <keel/list.h>
#include <keel/types.h>

struct timer_event;

/*
 * Called by timer_queue_run() once the event expired; the event is already
 * disarmed. `now` is the time passed to timer_queue_run(). The handler may
 * re-add its own event (periodic timers) and add or delete any other event of
 * the same queue.
 */
typedef void (*timer_handler_t)(struct timer_event *ev, uint64_t now);

struct timer_event {
	struct list_head node;		/* in timer_queue.events while armed */
	uint64_t expiry;		/* in timebase ticks */
	timer_handler_t handler;
	void *data;			/* for the handler */
	bool armed;
	int cpu;			/* hart whose queue owns it, -1 before first arm */
};

struct timer_queue {
	struct list_head events;	/* sorted by expiry, FIFO among equal */
};

/* Initialize an empty queue. Any context. */
void timer_queue_init(struct timer_queue *q);

/*
 * Initialize a disarmed event with its handler (non-NULL) and handler data.
 * Any context; ev must not be armed.
 */
void timer_event_init(struct timer_event *ev, timer_handler_t handler,
		      void *data);

/*
 * Arm ev to expire at `expiry`; an armed ev is moved (re-armed). Among
 * events with equal expiry the last added runs last.
 * Context: the queue owner, interrupts off. An event belongs to one queue.
 * Returns true if the earliest expiry of the queue changed (in particular
 * when ev became the earliest): reprogram the timer with timer_queue_next().
 */
bool timer_queue_add(struct timer_queue *q, struct timer_event *ev,
		     uint64_t expiry);

/*
 * Disarm ev if it is armed; a disarmed ev is left alone.
 * Context: the queue owner, interrupts off (handlers may call it).
 * Returns true if the earliest expiry of the queue changed.
 */
bool timer_queue_del(struct timer_queue *q, struct timer_event *ev);

/*
 * Earliest expiry in the queue, or UINT64_MAX when it is empty.
 * Context: the queue owner, interrupts off.
 */
uint64_t timer_queue_next(const struct timer_queue *q);

/*
 * Run, in expiry order, every event that expired at `now` (expiry <= now).
 * Each event is disarmed before its handler is called. Events added by the
 * handlers during this call never run in this call, even if they already
 * expired: the caller reprograms the timer from timer_queue_next() after, and
 * the next interrupt runs them. Deleting a not-yet-run expired event from a
 * handler stops it from running.
 * Context: the queue owner, interrupts off (the timer interrupt).
 * Returns the number of handlers called.
 */
unsigned int timer_queue_run(struct timer_queue *q, uint64_t now);

/* Whether ev is armed (queued, or expired and about to run). */
static inline bool timer_event_armed(const struct timer_event *ev)
{
	return ev->armed;
}

#endif
