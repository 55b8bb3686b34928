/* Unit tests for the per-hart timer-event queue (core/time/timer_queue.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/timer_queue.h>

#define MAX_LOG 32

/* Order in which handlers ran, recorded as the events' data (a char tag). */
static char run_log[MAX_LOG + 1];
static unsigned int run_len;
static uint64_t last_now;

static struct timer_queue q;

static void log_handler(struct timer_event *ev, uint64_t now)
{
	assert_false(ev->armed);
	assert_true(run_len < MAX_LOG);
	run_log[run_len++] = *(const char *)ev->data;
	run_log[run_len] = '\0';
	last_now = now;
}

static int setup(void **state)
{
	timer_queue_init(&q);
	run_len = 0;
	run_log[0] = '\0';
	last_now = 0;
	return 0;
}

static void ev_init(struct timer_event *ev, const char *tag)
{
	timer_event_init(ev, log_handler, (void *)tag);
}

static void test_empty(void **state)
{
	assert_int_equal(timer_queue_next(&q), UINT64_MAX);
	assert_int_equal(timer_queue_run(&q, UINT64_MAX), 0);
	assert_int_equal(run_len, 0);
}

static void test_init_event(void **state)
{
	struct timer_event a;
	static const char tag = 'a';

	ev_init(&a, &tag);
	assert_false(a.armed);
	assert_false(timer_event_armed(&a));
	assert_ptr_equal(a.data, &tag);
	assert_ptr_equal(a.handler, log_handler);
}

static void test_ordering(void **state)
{
	struct timer_event a, b, c;

	ev_init(&a, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	timer_queue_add(&q, &c, 30);
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 20);
	assert_int_equal(timer_queue_next(&q), 10);
	assert_int_equal(timer_queue_run(&q, 100), 3);
	assert_string_equal(run_log, "abc");
	assert_int_equal(last_now, 100);
	assert_int_equal(timer_queue_next(&q), UINT64_MAX);
}

static void test_fifo_ties(void **state)
{
	struct timer_event a, b, c, d, e;

	ev_init(&a, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	ev_init(&d, "d");
	ev_init(&e, "e");
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 10);
	timer_queue_add(&q, &d, 20);
	timer_queue_add(&q, &c, 10);
	timer_queue_add(&q, &e, 5);
	assert_int_equal(timer_queue_run(&q, 20), 5);
	assert_string_equal(run_log, "eabcd");
}

static void test_add_return_values(void **state)
{
	struct timer_event a, b, c, d;

	ev_init(&a, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	ev_init(&d, "d");
	assert_true(timer_queue_add(&q, &a, 50));	/* first event */
	assert_false(timer_queue_add(&q, &b, 80));	/* later */
	assert_true(timer_queue_add(&q, &c, 20));	/* new earliest */
	assert_false(timer_queue_add(&q, &d, 20));	/* tie with earliest */
	assert_int_equal(timer_queue_next(&q), 20);
	assert_true(a.armed && b.armed && c.armed && d.armed);
}

static void test_rearm_moves(void **state)
{
	struct timer_event a, b, c;

	ev_init(&a, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 20);
	timer_queue_add(&q, &c, 30);
	/* Moving the head later changes the earliest expiry. */
	assert_true(timer_queue_add(&q, &a, 40));
	assert_int_equal(timer_queue_next(&q), 20);
	/* Moving a middle event earlier makes it the earliest. */
	assert_true(timer_queue_add(&q, &c, 5));
	assert_int_equal(timer_queue_next(&q), 5);
	/* Re-arming an event at the same place changes nothing. */
	assert_false(timer_queue_add(&q, &b, 20));
	/* Re-arming the head (5) at a tie puts it after b, also at 20. */
	assert_true(timer_queue_add(&q, &c, 20));
	assert_int_equal(timer_queue_next(&q), 20);
	assert_int_equal(timer_queue_run(&q, 100), 3);
	assert_string_equal(run_log, "bca");
}

static void test_del(void **state)
{
	struct timer_event a, b, c, u;

	ev_init(&a, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	ev_init(&u, "u");
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 20);
	timer_queue_add(&q, &c, 30);
	assert_false(timer_queue_del(&q, &u));		/* never armed */
	assert_false(timer_queue_del(&q, &b));		/* middle */
	assert_false(b.armed);
	assert_false(timer_queue_del(&q, &b));		/* already disarmed */
	assert_int_equal(timer_queue_next(&q), 10);
	assert_true(timer_queue_del(&q, &a));		/* head */
	assert_int_equal(timer_queue_next(&q), 30);
	assert_true(timer_queue_del(&q, &c));		/* last one */
	assert_int_equal(timer_queue_next(&q), UINT64_MAX);
	assert_int_equal(timer_queue_run(&q, UINT64_MAX), 0);
	/* A deleted event can be armed again. */
	assert_true(timer_queue_add(&q, &b, 7));
	assert_int_equal(timer_queue_run(&q, 7), 1);
	assert_string_equal(run_log, "b");
}

static void test_del_head_tie(void **state)
{
	struct timer_event a, b;

	ev_init(&a, "a");
	ev_init(&b, "b");
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 10);
	/* The earliest expiry stays 10: no reprogramming needed. */
	assert_false(timer_queue_del(&q, &a));
	assert_int_equal(timer_queue_next(&q), 10);
}

static void test_run_partial(void **state)
{
	struct timer_event a, b, c;

	ev_init(&a, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 20);
	timer_queue_add(&q, &c, 21);
	assert_int_equal(timer_queue_run(&q, 9), 0);
	assert_int_equal(timer_queue_run(&q, 20), 2);	/* expiry == now runs */
	assert_string_equal(run_log, "ab");
	assert_false(a.armed);
	assert_false(b.armed);
	assert_true(c.armed);
	assert_int_equal(timer_queue_next(&q), 21);
}

static unsigned int periodic_runs;

static void periodic_handler(struct timer_event *ev, uint64_t now)
{
	uint64_t period = *(const uint64_t *)ev->data;

	periodic_runs++;
	/* Re-arm relative to the old expiry: may still be <= now. */
	timer_queue_add(&q, ev, ev->expiry + period);
}

static void test_periodic(void **state)
{
	static const uint64_t period = 10;
	struct timer_event p, a;

	periodic_runs = 0;
	timer_event_init(&p, periodic_handler, (void *)&period);
	ev_init(&a, "a");
	timer_queue_add(&q, &p, 10);
	timer_queue_add(&q, &a, 15);
	/* Far behind: runs once per call, never loops. */
	assert_int_equal(timer_queue_run(&q, 100), 2);
	assert_int_equal(periodic_runs, 1);
	assert_string_equal(run_log, "a");
	assert_true(p.armed);
	assert_int_equal(timer_queue_next(&q), 20);
	assert_int_equal(timer_queue_run(&q, 100), 1);
	assert_int_equal(timer_queue_next(&q), 30);
	/* Caught up: the re-armed event lies in the future. */
	timer_queue_add(&q, &p, 100);
	assert_int_equal(timer_queue_run(&q, 105), 1);
	assert_int_equal(periodic_runs, 3);
	assert_int_equal(timer_queue_next(&q), 110);
}

static struct timer_event *victim;

static void deleting_handler(struct timer_event *ev, uint64_t now)
{
	log_handler(ev, now);
	timer_queue_del(&q, victim);
}

static void test_handler_deletes_expired(void **state)
{
	struct timer_event a, b, c;

	timer_event_init(&a, deleting_handler, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	victim = &b;
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 20);
	timer_queue_add(&q, &c, 30);
	/* b had expired too but a deleted it before its turn. */
	assert_int_equal(timer_queue_run(&q, 30), 2);
	assert_string_equal(run_log, "ac");
	assert_false(b.armed);
	assert_int_equal(timer_queue_next(&q), UINT64_MAX);
}

static void test_handler_deletes_pending(void **state)
{
	struct timer_event a, b, c;

	timer_event_init(&a, deleting_handler, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	victim = &b;
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 50);
	timer_queue_add(&q, &c, 60);
	assert_int_equal(timer_queue_run(&q, 10), 1);
	assert_false(b.armed);
	assert_int_equal(timer_queue_next(&q), 60);
	assert_int_equal(timer_queue_run(&q, 100), 1);
	assert_string_equal(run_log, "ac");
}

static struct timer_event *other;

static void adding_handler(struct timer_event *ev, uint64_t now)
{
	log_handler(ev, now);
	timer_queue_add(&q, other, now);	/* already expired */
}

static void test_handler_adds_expired(void **state)
{
	struct timer_event a, b;

	timer_event_init(&a, adding_handler, "a");
	ev_init(&b, "b");
	other = &b;
	timer_queue_add(&q, &a, 10);
	/* b is added with expiry <= now: it waits for the next run. */
	assert_int_equal(timer_queue_run(&q, 10), 1);
	assert_string_equal(run_log, "a");
	assert_true(b.armed);
	assert_int_equal(timer_queue_next(&q), 10);
	assert_int_equal(timer_queue_run(&q, 10), 1);
	assert_string_equal(run_log, "ab");
}

static void test_handler_rearms_expired_other(void **state)
{
	struct timer_event a, b, c;

	/* a re-arms b, which had expired but not run yet, to "now". */
	timer_event_init(&a, adding_handler, "a");
	ev_init(&b, "b");
	ev_init(&c, "c");
	other = &b;
	timer_queue_add(&q, &a, 10);
	timer_queue_add(&q, &b, 11);
	timer_queue_add(&q, &c, 12);
	assert_int_equal(timer_queue_run(&q, 20), 2);
	assert_string_equal(run_log, "ac");
	assert_true(b.armed);
	assert_int_equal(timer_queue_next(&q), 20);
	assert_int_equal(timer_queue_run(&q, 20), 1);
	assert_string_equal(run_log, "acb");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_init_event, setup),
		cmocka_unit_test_setup(test_ordering, setup),
		cmocka_unit_test_setup(test_fifo_ties, setup),
		cmocka_unit_test_setup(test_add_return_values, setup),
		cmocka_unit_test_setup(test_rearm_moves, setup),
		cmocka_unit_test_setup(test_del, setup),
		cmocka_unit_test_setup(test_del_head_tie, setup),
		cmocka_unit_test_setup(test_run_partial, setup),
		cmocka_unit_test_setup(test_periodic, setup),
		cmocka_unit_test_setup(test_handler_deletes_expired, setup),
		cmocka_unit_test_setup(test_handler_deletes_pending, setup),
		cmocka_unit_test_setup(test_handler_adds_expired, setup),
		cmocka_unit_test_setup(test_handler_rearms_expired_other, setup),
	};

	return cmocka_run_group_tests_name("timer_queue", tests, NULL, NULL);
}
