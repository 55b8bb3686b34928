/*
 * Per-hart timer-event queue (see <keel/timer_queue.h>).
 *
 * A sorted intrusive list: insertion walks from the tail because most events
 * (periodic ticks, slices) are armed later than everything already queued;
 * the earliest event is always the head. Expired events are moved to a
 * private list before any handler runs, so handlers may freely re-arm,
 * add and delete events without the run ever looping.
 */
#include <keel/timer_queue.h>

void timer_queue_init(struct timer_queue *q)
{
	list_init(&q->events);
}

void timer_event_init(struct timer_event *ev, timer_handler_t handler,
		      void *data)
{
	list_init(&ev->node);
	ev->expiry = 0;
	ev->handler = handler;
	ev->data = data;
	ev->armed = false;
	ev->cpu = -1;
}

uint64_t timer_queue_next(const struct timer_queue *q)
{
	if (list_empty(&q->events))
		return UINT64_MAX;
	return list_first_entry(&q->events, struct timer_event, node)->expiry;
}

/* Insert ev after the last event expiring at or before ev (FIFO on ties). */
static void timer_queue_insert(struct timer_queue *q, struct timer_event *ev)
{
	struct list_head *pos = q->events.prev;

	while (pos != &q->events &&
	       list_entry(pos, struct timer_event, node)->expiry > ev->expiry)
		pos = pos->prev;
	list_add(&ev->node, pos);
}

bool timer_queue_add(struct timer_queue *q, struct timer_event *ev,
		     uint64_t expiry)
{
	uint64_t before = timer_queue_next(q);

	if (ev->armed)
		list_del(&ev->node);
	ev->expiry = expiry;
	ev->armed = true;
	timer_queue_insert(q, ev);
	return timer_queue_next(q) != before;
}

bool timer_queue_del(struct timer_queue *q, struct timer_event *ev)
{
	uint64_t before;

	if (!ev->armed)
		return false;
	before = timer_queue_next(q);
	/* Also works while ev waits on timer_queue_run()'s private list. */
	list_del(&ev->node);
	ev->armed = false;
	return timer_queue_next(q) != before;
}

unsigned int timer_queue_run(struct timer_queue *q, uint64_t now)
{
	struct list_head expired;
	struct timer_event *ev;
	unsigned int ran = 0;

	/* Detach what expired first: re-added events land in q, not here. */
	list_init(&expired);
	while (!list_empty(&q->events)) {
		ev = list_first_entry(&q->events, struct timer_event, node);
		if (ev->expiry > now)
			break;
		list_del(&ev->node);
		list_add_tail(&ev->node, &expired);
	}

	while (!list_empty(&expired)) {
		ev = list_first_entry(&expired, struct timer_event, node);
		list_del(&ev->node);
		ev->armed = false;
		ev->handler(ev, now);
		ran++;
	}
	return ran;
}
