/* The scheduler: one run queue per hart of vCPUs. Keel's own threads are
 * vCPUs without a guest ("host threads"); guest vCPUs join the same queues.
 * Fixed priorities (0 idle .. 7), round robin within a priority with a time
 * slice (CONFIG_TIME_SLICE_MS), affinity masks of logical cpus. */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include <keel/types.h>
#include <keel/list.h>
#include <keel/spinlock.h>
#include <arch/context.h>

struct cpu;
struct guest;

enum vcpu_state {
	VCPU_READY,		/* on a run queue */
	VCPU_RUNNING,		/* current on its cpu */
	VCPU_BLOCKED,		/* waiting for an event */
	VCPU_PAUSED,		/* stopped by the user */
	VCPU_DEAD,		/* exited, resources being freed */
};

#define PRIO_IDLE	0
#define PRIO_NORMAL	3
#define PRIO_HIGH	6

struct vcpu {
	char name[32];
	unsigned int id;
	volatile enum vcpu_state state;
	unsigned int prio;
	uint64_t affinity;		/* bit n: may run on logical cpu n */
	struct cpu *cpu;		/* hart whose run queue owns it */
	struct list_head rq_node;
	struct list_head all_node;
	struct arch_context ctx;
	unsigned long stack_base;	/* lowest address of the mapped stack */
	size_t stack_size;
	void (*entry)(void *arg);
	void *arg;
	struct guest *guest;		/* NULL: host thread */
	void (*release)(struct vcpu *v);	/* frees v after exit (NULL: kfree) */
	bool wake_pending;		/* woken while still running */
	/* statistics, in timebase ticks */
	uint64_t run_ticks;
	uint64_t last_start;
	uint64_t nr_switches;
};

/* Create a host thread (not started). prio 1..7, affinity 0 = any cpu.
 * Thread context. Returns NULL when out of memory. */
struct vcpu *thread_create(const char *name, void (*fn)(void *arg), void *arg,
			   unsigned int prio, uint64_t affinity);
/* Initialise a caller-allocated vCPU as a thread (not started); 0 or -errno. */
int thread_init(struct vcpu *v, const char *name, void (*fn)(void *arg), void *arg,
		unsigned int prio, uint64_t affinity);
/* Make a created thread runnable on the least loaded allowed cpu. */
void thread_start(struct vcpu *v);
/* End the calling thread. */
void thread_exit(void) __attribute__((noreturn));
/* Sleep the calling thread for at least `ticks` timebase ticks. */
void thread_sleep_ticks(uint64_t ticks);
void thread_sleep_ms(unsigned int ms);

/* The vCPU running on this hart. */
struct vcpu *current_vcpu(void);

/* Pick the next vCPU and switch to it. Interrupts are enabled or disabled;
 * never with a spinlock held. */
void schedule(void);
/* Block the calling vCPU until sched_wakeup(), unless one came since it last
 * ran sched_prepare_block(). Thread context. */
void sched_prepare_block(void);
void sched_block(void);
/* Wake a blocked vCPU (any context). */
void sched_wakeup(struct vcpu *v);

/* Boot: the calling context becomes this hart's idle thread. */
void sched_init_cpu(struct cpu *c, unsigned long stack_base, size_t stack_size);
void sched_idle_loop(void) __attribute__((noreturn));

/* Guest vCPUs: the scheduler tells core/vcpu.c around every switch
 * (interrupts off, run-queue lock held). */
void vcpu_switch_hook(struct cpu *c, struct vcpu *prev, struct vcpu *next);

/* Every vCPU, for listings; the callback runs with the list lock held. */
void sched_for_each_vcpu(void (*fn)(struct vcpu *v, void *ctx), void *ctx);
const char *vcpu_state_name(enum vcpu_state s);

/* Wait queues: sleep until a condition holds. */
struct waitqueue {
	spinlock_t lock;
	struct list_head waiters;
};
#define WAITQUEUE_INIT(wq)	{ SPINLOCK_INIT, LIST_HEAD_INIT((wq).waiters) }

struct wait_entry {
	struct list_head node;
	struct vcpu *vcpu;
};

void waitqueue_init(struct waitqueue *wq);
/* Sleep until cond(arg) is true (checked with wq->lock held). Thread context. */
void waitqueue_wait(struct waitqueue *wq, bool (*cond)(void *arg), void *arg);
/* Wake every waiter. Any context. */
void waitqueue_wake_all(struct waitqueue *wq);

#endif
