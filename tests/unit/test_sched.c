/* Unit tests of the scheduler's policy pieces: the per-hart run queues
 * (core/sched/runqueue.c: priorities, round robin within a priority, the
 * ready bitmap) and placement and host-thread bookkeeping from
 * core/sched/thread.c (sched_place(), thread_init/create/start/exit/reap,
 * thread_sleep_ticks, the vCPU list).
 *
 * The test stands in for the rest of the kernel: cpus[] and "this hart"
 * (tests/unit/stubs/asm/percpu.h), thread stacks, the scheduler's
 * wakeup/block/exit entry points, context init and the timer; the stand-ins
 * record their calls so the tests can check them. kzalloc() is the C
 * library's (heap_stub.c), so AddressSanitizer reports leaked threads.
 *
 * The suite sees Keel's lib/ under keel_* names (see suites/lib.mk). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/stack.h>
#include <keel/string.h>
#include <keel/timer.h>
#include "../../core/sched/sched_internal.h"

extern bool unit_irqs_off;

/* ------------------------------------------------------------ stand-ins */

struct cpu cpus[CONFIG_NR_CPUS];
unsigned int nr_cpus_possible;
struct cpu *unit_this_cpu;

static struct vcpu idle[CONFIG_NR_CPUS];	/* each cpu's idle thread */
static struct vcpu *cur;			/* current_vcpu() */

static unsigned int stacks_live, stack_fail;	/* stack_fail: fail the next n */
static unsigned long last_stack_freed;
static size_t last_stack_freed_size;

unsigned long stack_alloc(size_t size)
{
	static unsigned long next = 0x100000;

	if (stack_fail) {
		stack_fail--;
		return 0;
	}
	stacks_live++;
	next += 2 * size;
	return next;
}

void stack_free(unsigned long base, size_t size)
{
	assert_true(stacks_live > 0);
	stacks_live--;
	last_stack_freed = base;
	last_stack_freed_size = size;
}

static struct vcpu *woken[16];
static unsigned int nr_woken;

void sched_wakeup(struct vcpu *v)
{
	assert_true(nr_woken < ARRAY_SIZE(woken));
	woken[nr_woken++] = v;
}

struct vcpu *current_vcpu(void)
{
	return cur;
}

static jmp_buf exit_jmp;
static unsigned int exits;

void sched_exit_current(void)
{
	exits++;
	longjmp(exit_jmp, 1);
}

static struct {
	struct arch_context *ctx;
	unsigned long stack_top;
	void (*entry)(void *);
	void *arg;
} ctx_init;

void arch_context_init(struct arch_context *ctx, unsigned long stack_top,
		       void (*entry)(void *arg), void *arg)
{
	ctx_init.ctx = ctx;
	ctx_init.stack_top = stack_top;
	ctx_init.entry = entry;
	ctx_init.arg = arg;
}

/* The timer: a clock the test sets; sched_block() fires the armed event
 * at its expiry, as the timer interrupt would while the thread sleeps. */
static uint64_t now_ticks;
static struct timer_event *armed_ev;
static uint64_t armed_expiry;
static unsigned int prepares, blocks, cancels;

uint64_t timer_now(void)
{
	return now_ticks;
}

uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return ms * 10000;
}

void timer_event_init(struct timer_event *ev, timer_handler_t handler, void *data)
{
	*ev = (struct timer_event){ .handler = handler, .data = data, .cpu = -1 };
	list_init(&ev->node);
}

void timer_event_arm(struct timer_event *ev, uint64_t expiry)
{
	ev->armed = true;
	ev->expiry = expiry;
	armed_ev = ev;
	armed_expiry = expiry;
}

void timer_event_cancel(struct timer_event *ev)
{
	assert_ptr_equal(ev, armed_ev);
	ev->armed = false;
	armed_ev = NULL;
	cancels++;
}

void sched_prepare_block(void)
{
	prepares++;
}

void sched_block(void)
{
	assert_int_equal(prepares, blocks + 1);	/* prepared first */
	blocks++;
	assert_non_null(armed_ev);
	now_ticks = armed_ev->expiry;
	armed_ev->armed = false;
	armed_ev->handler(armed_ev, now_ticks);
}

/* ------------------------------------------------------------ helpers */

#define NV	32

static struct vcpu vs[NV];
static struct runqueue rq;

static struct vcpu *mk(unsigned int i, unsigned int prio)
{
	struct vcpu *v = &vs[i];

	memset(v, 0, sizeof(*v));
	v->id = i;
	v->prio = prio;
	list_init(&v->rq_node);
	return v;
}

static unsigned int queue_len(const struct runqueue *q, unsigned int prio)
{
	unsigned int n = 0;
	const struct list_head *p;

	list_for_each(p, &q->queue[prio])
		n++;
	return n;
}

/* ready_mask and nr_ready agree with the queues. */
static void check_bookkeeping(const struct runqueue *q)
{
	uint32_t mask = 0;
	unsigned int n = 0;

	for (unsigned int p = 0; p < SCHED_NR_PRIO; p++) {
		unsigned int len = queue_len(q, p);

		if (len)
			mask |= 1U << p;
		n += len;
	}
	assert_int_equal(q->ready_mask, mask);
	assert_int_equal(q->nr_ready, n);
	assert_int_equal(rq_best_prio(q), mask ? 31 - __builtin_clz(mask) : -1);
}

static int setup_rq(void **state)
{
	rq_init(&rq);
	return 0;
}

/* ------------------------------------------------------------ run queues */

static void test_rq_empty(void **state)
{
	memset(&rq, 0x5a, sizeof(rq));
	rq_init(&rq);
	assert_int_equal(rq.ready_mask, 0);
	assert_int_equal(rq.nr_ready, 0);
	for (int p = 0; p < SCHED_NR_PRIO; p++)
		assert_true(list_empty(&rq.queue[p]));
	assert_int_equal(rq_best_prio(&rq), -1);
	assert_null(rq_pick(&rq));
	assert_null(rq_pick(&rq));
	check_bookkeeping(&rq);
}

static void test_rq_highest_first(void **state)
{
	static const unsigned int prios[] = { 3, 7, 1, 5, 2, 6, 4 };

	for (unsigned int i = 0; i < ARRAY_SIZE(prios); i++) {
		rq_enqueue(&rq, mk(i, prios[i]));
		check_bookkeeping(&rq);
	}
	assert_int_equal(rq.ready_mask, 0xfe);
	assert_int_equal(rq.nr_ready, 7);
	for (int p = 7; p >= 1; p--) {
		struct vcpu *v;

		assert_int_equal(rq_best_prio(&rq), p);
		v = rq_pick(&rq);
		assert_non_null(v);
		assert_int_equal(v->prio, p);
		assert_true(list_empty(&v->rq_node));
		check_bookkeeping(&rq);
	}
	assert_null(rq_pick(&rq));
	assert_int_equal(rq_best_prio(&rq), -1);
}

/* A, B, C at one priority: A runs, its slice ends and the scheduler puts
 * it back; then B, C, A. */
static void test_rq_round_robin(void **state)
{
	struct vcpu *a = mk(0, 3), *b = mk(1, 3), *c = mk(2, 3), *v;
	struct vcpu *const order[] = { b, c, a, b, c, a, b, c, a };

	rq_enqueue(&rq, a);
	rq_enqueue(&rq, b);
	rq_enqueue(&rq, c);
	v = rq_pick(&rq);
	assert_ptr_equal(v, a);
	assert_int_equal(rq.nr_ready, 2);
	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++) {
		rq_enqueue(&rq, v);		/* end of v's slice */
		v = rq_pick(&rq);
		assert_ptr_equal(v, order[i]);
		check_bookkeeping(&rq);
	}
	/* drain: the rest in FIFO order */
	assert_ptr_equal(rq_pick(&rq), b);
	assert_ptr_equal(rq_pick(&rq), c);
	assert_null(rq_pick(&rq));
}

/* A higher priority arriving mid-rotation runs next; the rotation then
 * resumes where it was. */
static void test_rq_preempting_prio(void **state)
{
	struct vcpu *a = mk(0, 3), *b = mk(1, 3), *c = mk(2, 3), *h = mk(3, 5);
	struct vcpu *lo = mk(4, 1), *v;

	rq_enqueue(&rq, lo);
	rq_enqueue(&rq, a);
	rq_enqueue(&rq, b);
	rq_enqueue(&rq, c);
	v = rq_pick(&rq);
	assert_ptr_equal(v, a);
	rq_enqueue(&rq, v);
	rq_enqueue(&rq, h);
	assert_int_equal(rq_best_prio(&rq), 5);
	assert_ptr_equal(rq_pick(&rq), h);
	assert_ptr_equal(rq_pick(&rq), b);
	assert_ptr_equal(rq_pick(&rq), c);
	assert_ptr_equal(rq_pick(&rq), a);
	assert_int_equal(rq_best_prio(&rq), 1);
	assert_ptr_equal(rq_pick(&rq), lo);
	check_bookkeeping(&rq);
}

/* Mixed priorities, several vCPUs each: strict priority, FIFO inside. */
static void test_rq_mixed(void **state)
{
	static const unsigned int prios[] = { 2, 7, 2, 4, 7, 1, 4, 2, 1, 7, 4, 6 };
	unsigned int last_prio = 8, last_id = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(prios); i++)
		rq_enqueue(&rq, mk(i, prios[i]));
	assert_int_equal(rq.ready_mask, (1U << 1) | (1U << 2) | (1U << 4) | (1U << 6) | (1U << 7));
	assert_int_equal(rq.nr_ready, ARRAY_SIZE(prios));
	for (unsigned int i = 0; i < ARRAY_SIZE(prios); i++) {
		struct vcpu *v = rq_pick(&rq);

		assert_non_null(v);
		assert_true(v->prio <= last_prio);
		if (v->prio == last_prio)
			assert_true(v->id > last_id);	/* FIFO: enqueue order */
		last_prio = v->prio;
		last_id = v->id;
		check_bookkeeping(&rq);
	}
	assert_null(rq_pick(&rq));
}

/* The idle priority (0) is a queue like the others, picked last. */
static void test_rq_idle_prio(void **state)
{
	struct vcpu *i0 = mk(0, PRIO_IDLE), *n = mk(1, PRIO_NORMAL);

	rq_enqueue(&rq, i0);
	assert_int_equal(rq_best_prio(&rq), 0);
	assert_int_equal(rq.ready_mask, 1);
	rq_enqueue(&rq, n);
	assert_ptr_equal(rq_pick(&rq), n);
	assert_ptr_equal(rq_pick(&rq), i0);
	assert_int_equal(rq_best_prio(&rq), -1);
}

static void test_rq_remove(void **state)
{
	struct vcpu *a = mk(0, 4), *b = mk(1, 4), *c = mk(2, 4), *d = mk(3, 4);
	struct vcpu *e = mk(4, 2), *f = mk(5, 6);

	rq_enqueue(&rq, a);
	rq_enqueue(&rq, b);
	rq_enqueue(&rq, c);
	rq_enqueue(&rq, d);
	rq_enqueue(&rq, e);
	rq_enqueue(&rq, f);
	assert_int_equal(rq.nr_ready, 6);

	rq_remove(&rq, c);			/* middle */
	assert_true(list_empty(&c->rq_node));
	assert_int_equal(rq.nr_ready, 5);
	assert_int_equal(rq.ready_mask, (1U << 2) | (1U << 4) | (1U << 6));
	check_bookkeeping(&rq);

	rq_remove(&rq, f);			/* only one at its priority */
	assert_int_equal(rq.ready_mask, (1U << 2) | (1U << 4));
	assert_int_equal(rq_best_prio(&rq), 4);
	check_bookkeeping(&rq);

	rq_remove(&rq, a);			/* head */
	rq_remove(&rq, d);			/* tail */
	assert_int_equal(rq.nr_ready, 2);
	assert_int_equal(rq.ready_mask, (1U << 2) | (1U << 4));
	check_bookkeeping(&rq);

	rq_enqueue(&rq, c);			/* back, behind b */
	rq_enqueue(&rq, a);
	assert_ptr_equal(rq_pick(&rq), b);
	assert_ptr_equal(rq_pick(&rq), c);
	assert_ptr_equal(rq_pick(&rq), a);
	assert_int_equal(rq.ready_mask, 1U << 2);
	rq_remove(&rq, e);
	assert_int_equal(rq.ready_mask, 0);
	assert_int_equal(rq.nr_ready, 0);
	assert_int_equal(rq_best_prio(&rq), -1);
	assert_null(rq_pick(&rq));
}

/* Random enqueue/remove/pick against a model of one FIFO per priority. */
static void test_rq_model(void **state)
{
	struct vcpu *model[SCHED_NR_PRIO][NV];
	unsigned int len[SCHED_NR_PRIO] = { 0 };
	bool queued[NV] = { false };
	uint32_t seed = 12345;

	for (unsigned int i = 0; i < NV; i++)
		mk(i, i % SCHED_NR_PRIO);
	for (int step = 0; step < 20000; step++) {
		unsigned int op, i, p, k;

		seed = seed * 1103515245 + 12345;
		op = (seed >> 16) % 3;
		i = (seed >> 8) % NV;
		p = vs[i].prio;
		if (op == 0 && !queued[i]) {
			rq_enqueue(&rq, &vs[i]);
			model[p][len[p]++] = &vs[i];
			queued[i] = true;
		} else if (op == 1 && queued[i]) {
			rq_remove(&rq, &vs[i]);
			for (k = 0; model[p][k] != &vs[i]; k++)
				;
			memmove(&model[p][k], &model[p][k + 1], (len[p] - k - 1) * sizeof(model[p][0]));
			len[p]--;
			queued[i] = false;
		} else if (op == 2) {
			struct vcpu *v = rq_pick(&rq);
			int best = -1;

			for (int q = SCHED_NR_PRIO - 1; q >= 0 && best < 0; q--)
				if (len[q])
					best = q;
			if (best < 0) {
				assert_null(v);
			} else {
				assert_ptr_equal(v, model[best][0]);
				memmove(&model[best][0], &model[best][1],
					(len[best] - 1) * sizeof(model[best][0]));
				len[best]--;
				queued[v->id] = false;
			}
		}
		check_bookkeeping(&rq);
		for (p = 0; p < SCHED_NR_PRIO; p++) {
			struct vcpu *v;

			k = 0;
			list_for_each_entry(v, &rq.queue[p], rq_node)
				assert_ptr_equal(v, model[p][k++]);
			assert_int_equal(k, len[p]);
		}
	}
}

/* ------------------------------------------------------------ placement */

/* n possible cpus, all online and idle. */
static void cpus_reset(unsigned int n)
{
	memset(cpus, 0, sizeof(cpus));
	nr_cpus_possible = n;
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++) {
		struct cpu *c = &cpus[i];

		c->id = i;
		c->state = i < n ? CPU_ONLINE : CPU_OFFLINE;
		memset(&idle[i], 0, sizeof(idle[i]));
		idle[i].prio = PRIO_IDLE;
		c->idle = &idle[i];
		c->current = &idle[i];
		rq_init(&c->rq);
	}
	unit_this_cpu = &cpus[0];
}

static unsigned int next_filler;

/* Make cpu c's load `ready` queued vCPUs (+1 if `running`). */
/* Threads placed on cpu c: `ready` queued plus one running. Placement
 * counts every thread placed on a hart (rq.nr_threads), blocked ones too. */
static void load(unsigned int c, unsigned int ready, bool running)
{
	for (unsigned int i = 0; i < ready; i++) {
		assert_true(next_filler < NV);
		rq_enqueue(&cpus[c].rq, mk(next_filler++, PRIO_NORMAL));
	}
	if (running) {
		assert_true(next_filler < NV);
		cpus[c].current = mk(next_filler++, PRIO_NORMAL);
	}
	cpus[c].rq.nr_threads = ready + running;
}

static int setup_cpus(void **state)
{
	cpus_reset(4);
	next_filler = 0;
	return 0;
}

static void test_place_idle_machine(void **state)
{
	assert_ptr_equal(sched_place(0), &cpus[0]);	/* tie: lowest */
	assert_ptr_equal(sched_place(~0ULL), &cpus[0]);
	assert_ptr_equal(sched_place(0xc), &cpus[2]);
	for (unsigned int c = 0; c < 4; c++)
		assert_ptr_equal(sched_place(1ULL << c), &cpus[c]);
}

/* Only cpu 2 allowed: cpu 2, however loaded. */
static void test_place_affinity(void **state)
{
	load(2, 5, true);
	assert_ptr_equal(sched_place(1ULL << 2), &cpus[2]);
	assert_ptr_equal(sched_place(0), &cpus[0]);
	load(0, 1, false);
	load(1, 1, false);
	load(3, 0, true);
	/* everyone else has load 1: mask 0 = any, the lowest of them */
	assert_ptr_equal(sched_place(0), &cpus[0]);
	assert_ptr_equal(sched_place(1ULL << 2), &cpus[2]);
	assert_ptr_equal(sched_place((1ULL << 2) | (1ULL << 3)), &cpus[3]);
}

static void test_place_least_loaded(void **state)
{
	load(0, 2, false);	/* 2 */
	load(1, 0, true);	/* 1: running, nothing queued */
	load(2, 1, false);	/* 1: one queued, idle running */
	load(3, 0, false);	/* 0 */
	assert_ptr_equal(sched_place(0), &cpus[3]);
	load(3, 2, true);	/* 3 */
	assert_ptr_equal(sched_place(0), &cpus[1]);	/* 1 and 2 tie */
	assert_ptr_equal(sched_place(0x5), &cpus[2]);	/* 0: 2, 2: 1 */
	assert_ptr_equal(sched_place(0x9), &cpus[0]);	/* 0: 2, 3: 3 */
	/* a thread that blocks still counts: placement is by threads placed */
	cpus[1].current = cpus[1].idle;
	assert_ptr_equal(sched_place(0), &cpus[1]);
	cpus[2].rq.nr_threads = 0;	/* blocked threads gone: cpu 2 is emptiest */
	assert_ptr_equal(sched_place(0), &cpus[2]);
}

static void test_place_skips_offline(void **state)
{
	static const enum cpu_state not_online[] = { CPU_OFFLINE, CPU_STARTING, CPU_HALTED };

	load(1, 3, false);
	load(2, 2, false);
	load(3, 1, false);
	for (unsigned int s = 0; s < ARRAY_SIZE(not_online); s++) {
		cpus[0].state = not_online[s];		/* the idle one */
		assert_ptr_equal(sched_place(0), &cpus[3]);
		assert_null(sched_place(1ULL << 0));
		assert_ptr_equal(sched_place(0x3), &cpus[1]);
	}
	cpus[3].state = CPU_HALTED;
	assert_ptr_equal(sched_place(0), &cpus[2]);
	assert_ptr_equal(sched_place(0x9), NULL);
	for (unsigned int c = 0; c < 4; c++)
		cpus[c].state = CPU_OFFLINE;
	assert_null(sched_place(0));
	assert_null(sched_place(~0ULL));
}

/* Only possible cpus count, whatever the rest of cpus[] says. */
static void test_place_beyond_possible(void **state)
{
	cpus[5].state = CPU_ONLINE;
	load(0, 1, false);
	load(1, 1, false);
	load(2, 1, false);
	load(3, 1, false);
	assert_ptr_equal(sched_place(0), &cpus[0]);
	assert_null(sched_place(1ULL << 5));
	assert_null(sched_place(1ULL << 63));
	assert_ptr_equal(sched_place((1ULL << 5) | (1ULL << 1)), &cpus[1]);

	cpus_reset(CONFIG_NR_CPUS);
	next_filler = 0;
	for (unsigned int c = 0; c < CONFIG_NR_CPUS - 1; c++)
		load(c, 1, false);
	assert_ptr_equal(sched_place(0), &cpus[CONFIG_NR_CPUS - 1]);
	assert_ptr_equal(sched_place(1ULL << (CONFIG_NR_CPUS - 1)), &cpus[CONFIG_NR_CPUS - 1]);
}

/* ------------------------------------------------------------ threads */

static void thread_fn(void *arg)
{
}

static struct vcpu *created[8];
static unsigned int nr_created;

static int setup_threads(void **state)
{
	cpus_reset(4);
	next_filler = 0;
	nr_woken = 0;
	nr_created = 0;
	memset(&ctx_init, 0, sizeof(ctx_init));
	return 0;
}

static int teardown_threads(void **state)
{
	for (unsigned int i = 0; i < nr_created; i++) {
		if (!created[i])
			continue;
		vcpu_list_del(created[i]);
		thread_reap(created[i]);
	}
	assert_int_equal(stacks_live, 0);
	assert_true(list_empty(&vcpu_list));
	cur = NULL;
	return 0;
}

static struct vcpu *create(const char *name, unsigned int prio, uint64_t affinity)
{
	struct vcpu *v = thread_create(name, thread_fn, (void *)name, prio, affinity);

	if (v)
		created[nr_created++] = v;
	return v;
}

static void test_thread_init_checks(void **state)
{
	struct vcpu v = { 0 };

	assert_int_equal(thread_init(&v, "x", thread_fn, NULL, PRIO_IDLE, 0), -EINVAL);
	assert_int_equal(thread_init(&v, "x", thread_fn, NULL, SCHED_NR_PRIO, 0), -EINVAL);
	assert_int_equal(thread_init(&v, "x", thread_fn, NULL, 1000, 0), -EINVAL);
	assert_int_equal(stacks_live, 0);
	stack_fail = 1;
	assert_int_equal(thread_init(&v, "x", thread_fn, NULL, 3, 0), -ENOMEM);
	assert_true(list_empty(&vcpu_list));
	stack_fail = 1;
	assert_null(create("y", 3, 0));		/* and nothing leaks */
	assert_true(list_empty(&vcpu_list));
	assert_int_equal(stacks_live, 0);
}

static void test_thread_create(void **state)
{
	struct vcpu *a = create("worker-with-a-rather-long-name-abcdefgh", 7, 0x6);
	struct vcpu *b = create("b", 1, 0);

	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a->name, "worker-with-a-rather-long-name-");	/* 31 chars */
	assert_int_equal(a->prio, 7);
	assert_int_equal(a->affinity, 0x6);
	assert_int_equal(a->state, VCPU_BLOCKED);
	assert_ptr_equal(a->entry, thread_fn);
	assert_ptr_equal(a->guest, NULL);
	assert_int_equal(a->stack_size, CONFIG_STACK_SIZE);
	assert_true(a->stack_base != 0);
	assert_true(list_empty(&a->rq_node));
	assert_true(a->id >= CONFIG_NR_CPUS);	/* ids below are the idle threads' */
	assert_int_equal(b->id, a->id + 1);
	/* the first switch enters fn(arg) at the top of the stack */
	assert_ptr_equal(ctx_init.ctx, &b->ctx);
	assert_int_equal(ctx_init.stack_top, b->stack_base + b->stack_size);
	assert_ptr_equal(ctx_init.entry, thread_fn);
	assert_ptr_equal(ctx_init.arg, (void *)"b");
	assert_int_equal(stacks_live, 2);
	assert_false(unit_irqs_off);
}

static void visit(struct vcpu *v, void *ctx)
{
	struct vcpu ***p = ctx;

	assert_true(unit_irqs_off);
	assert_true(vcpu_list_lock.arch.locked);
	*(*p)++ = v;
}

static void test_vcpu_list(void **state)
{
	struct vcpu *seen[8], **p = seen;
	struct vcpu *a = create("a", 3, 0), *b = create("b", 3, 0), *c = create("c", 3, 0);

	sched_for_each_vcpu(visit, &p);
	assert_int_equal(p - seen, 3);
	assert_ptr_equal(seen[0], a);
	assert_ptr_equal(seen[1], b);
	assert_ptr_equal(seen[2], c);
	assert_false(unit_irqs_off);
	assert_false(vcpu_list_lock.arch.locked);

	vcpu_list_del(b);
	p = seen;
	sched_for_each_vcpu(visit, &p);
	assert_int_equal(p - seen, 2);
	assert_ptr_equal(seen[1], c);
	vcpu_list_add(b);
	p = seen;
	sched_for_each_vcpu(visit, &p);
	assert_ptr_equal(seen[2], b);
}

/* thread_start puts the thread on the least loaded allowed cpu and wakes
 * it; with no allowed cpu online, on the calling cpu. */
static void test_thread_start(void **state)
{
	struct vcpu *any = create("any", 3, 0), *two = create("two", 3, 1ULL << 2);
	struct vcpu *off = create("off", 3, 1ULL << 3);

	load(0, 1, false);
	load(1, 0, true);
	load(3, 0, false);
	thread_start(any);
	assert_ptr_equal(any->cpu, &cpus[2]);
	load(2, 3, false);
	thread_start(two);
	assert_ptr_equal(two->cpu, &cpus[2]);
	cpus[3].state = CPU_OFFLINE;
	unit_this_cpu = &cpus[1];
	thread_start(off);
	assert_ptr_equal(off->cpu, &cpus[1]);
	assert_int_equal(nr_woken, 3);
	assert_ptr_equal(woken[0], any);
	assert_ptr_equal(woken[1], two);
	assert_ptr_equal(woken[2], off);
}

static void test_thread_exit_and_reap(void **state)
{
	struct vcpu *a = create("a", 3, 0), *b = create("b", 3, 0);
	struct vcpu *v;
	unsigned long base;

	cur = a;
	if (!setjmp(exit_jmp)) {
		thread_exit();
		fail_msg("thread_exit returned");
	}
	assert_int_equal(exits, 1);
	list_for_each_entry(v, &vcpu_list, all_node)
		assert_ptr_not_equal(v, a);
	assert_ptr_equal(list_first_entry(&vcpu_list, struct vcpu, all_node), b);
	/* reaped later, on another thread's stack: stack and struct freed */
	base = a->stack_base;
	thread_reap(a);
	created[0] = NULL;
	assert_int_equal(last_stack_freed, base);
	assert_int_equal(last_stack_freed_size, CONFIG_STACK_SIZE);
	assert_int_equal(stacks_live, 1);
}

static unsigned int releases;

static void release_cb(struct vcpu *v)
{
	releases++;
}

static void test_thread_reap_release(void **state)
{
	static struct vcpu embedded;

	assert_int_equal(thread_init(&embedded, "emb", thread_fn, NULL, 2, 0), 0);
	vcpu_list_del(&embedded);
	embedded.release = release_cb;
	thread_reap(&embedded);		/* not kfree'd: ASan would object */
	assert_int_equal(releases, 1);
	assert_int_equal(stacks_live, 0);
}

static void test_thread_sleep(void **state)
{
	struct vcpu *a = create("a", 3, 0);

	cur = a;
	now_ticks = 1000;
	thread_sleep_ticks(500);
	assert_int_equal(armed_expiry, 1500);
	assert_int_equal(nr_woken, 1);
	assert_ptr_equal(woken[0], a);		/* the expiry wakes the sleeper */
	assert_int_equal(cancels, 1);
	assert_null(armed_ev);
	thread_sleep_ms(3);
	assert_int_equal(armed_expiry, 1500 + 30000);
	assert_int_equal(nr_woken, 2);
	assert_int_equal(prepares, 2);
	assert_int_equal(blocks, 2);
}

static void test_state_names(void **state)
{
	assert_string_equal(vcpu_state_name(VCPU_READY), "ready");
	assert_string_equal(vcpu_state_name(VCPU_RUNNING), "running");
	assert_string_equal(vcpu_state_name(VCPU_BLOCKED), "blocked");
	assert_string_equal(vcpu_state_name(VCPU_PAUSED), "paused");
	assert_string_equal(vcpu_state_name(VCPU_DEAD), "dead");
	assert_string_equal(vcpu_state_name((enum vcpu_state)5), "?");
	assert_string_equal(vcpu_state_name((enum vcpu_state)-1), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_rq_empty, setup_rq),
		cmocka_unit_test_setup(test_rq_highest_first, setup_rq),
		cmocka_unit_test_setup(test_rq_round_robin, setup_rq),
		cmocka_unit_test_setup(test_rq_preempting_prio, setup_rq),
		cmocka_unit_test_setup(test_rq_mixed, setup_rq),
		cmocka_unit_test_setup(test_rq_idle_prio, setup_rq),
		cmocka_unit_test_setup(test_rq_remove, setup_rq),
		cmocka_unit_test_setup(test_rq_model, setup_rq),
		cmocka_unit_test_setup(test_place_idle_machine, setup_cpus),
		cmocka_unit_test_setup(test_place_affinity, setup_cpus),
		cmocka_unit_test_setup(test_place_least_loaded, setup_cpus),
		cmocka_unit_test_setup(test_place_skips_offline, setup_cpus),
		cmocka_unit_test_setup(test_place_beyond_possible, setup_cpus),
		cmocka_unit_test_setup_teardown(test_thread_init_checks, setup_threads,
						teardown_threads),
		cmocka_unit_test_setup_teardown(test_thread_create, setup_threads,
						teardown_threads),
		cmocka_unit_test_setup_teardown(test_vcpu_list, setup_threads, teardown_threads),
		cmocka_unit_test_setup_teardown(test_thread_start, setup_threads,
						teardown_threads),
		cmocka_unit_test_setup_teardown(test_thread_exit_and_reap, setup_threads,
						teardown_threads),
		cmocka_unit_test_setup_teardown(test_thread_reap_release, setup_threads,
						teardown_threads),
		cmocka_unit_test_setup_teardown(test_thread_sleep, setup_threads,
						teardown_threads),
		cmocka_unit_test(test_state_names),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
