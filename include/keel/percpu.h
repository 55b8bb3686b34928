/* Per-hart data. Each hart's struct cpu is reached through arch_this_cpu()
 * (tp on RISC-V); cpus[] is indexed by the logical cpu number, 0 = boot hart. */
#ifndef KEEL_PERCPU_H
#define KEEL_PERCPU_H

#include <keel/types.h>
#include <keel/spinlock.h>
#include <keel/list.h>
#include <keel/timer_queue.h>
#include <arch/cpu.h>

struct vcpu;

#define SCHED_NR_PRIO	8	/* 0 = lowest (idle), 7 = highest */

struct runqueue {
	spinlock_t lock;
	struct list_head queue[SCHED_NR_PRIO];
	uint32_t ready_mask;		/* bit p set: queue[p] not empty */
	unsigned int nr_ready;
	unsigned int nr_threads;	/* threads placed on this hart, idle excluded */
};

struct cpu_stats {
	uint64_t irqs;			/* external interrupts taken */
	uint64_t ipis;			/* software interrupts taken */
	uint64_t timer_irqs;
	uint64_t switches;		/* context switches */
	uint64_t idle_ticks;		/* timebase ticks spent in WFI */
	volatile uint64_t idle_since;	/* in WFI since then, 0 when not */
	uint64_t busy_since;		/* online timestamp (ticks) */
};

enum cpu_state { CPU_OFFLINE, CPU_STARTING, CPU_ONLINE, CPU_HALTED };

struct cpu {
	struct cpu_arch arch;		/* first: trap entry reaches it at tp+0 */
	unsigned int id;		/* logical number */
	unsigned long hartid;
	volatile enum cpu_state state;
	struct vcpu *current;
	struct vcpu *idle;
	unsigned long boot_stack;	/* secondary harts: lowest address of the first stack */
	bool need_resched;
	struct runqueue rq;
	struct timer_queue timers;
	struct timer_event slice_timer;
	spinlock_t call_lock;		/* cross-hart call queue */
	struct list_head calls;
	struct cpu_stats stats;
};

extern struct cpu cpus[CONFIG_NR_CPUS];
extern unsigned int nr_cpus_possible;	/* harts found in the device tree */

static inline struct cpu *this_cpu(void)
{
	return arch_this_cpu();
}

#define for_each_possible_cpu(c) \
	for ((c) = &cpus[0]; (c) < &cpus[nr_cpus_possible]; (c)++)

#define for_each_online_cpu(c) \
	for_each_possible_cpu(c) if ((c)->state == CPU_ONLINE)

#endif
