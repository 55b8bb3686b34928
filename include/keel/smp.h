/* SMP: starting harts and calls across harts. */
#ifndef KEEL_SMP_H
#define KEEL_SMP_H

#include <keel/types.h>
#include <keel/list.h>

struct cpu;

/* Boot hart: read /cpus and fill cpus[] (logical 0 = boot hart). */
int smp_enumerate(const void *fdt, unsigned long boot_hartid);
/* Boot hart, thread context: start every other hart, wait for each. */
void smp_boot_secondaries(void);
extern unsigned int nr_cpus_online;

struct smp_call {
	struct list_head node;
	void (*fn)(void *arg);
	void *arg;
	volatile bool done;
	bool async;		/* freed by the receiver */
};

/* Run fn(arg) on cpu in IRQ context and wait for it to finish. Thread
 * context with interrupts enabled; on the calling cpu it runs directly. */
int smp_call_sync(struct cpu *cpu, void (*fn)(void *arg), void *arg);
/* Queue fn(arg) on cpu and return at once. Any context. -ENOMEM if no memory. */
int smp_call_async(struct cpu *cpu, void (*fn)(void *arg), void *arg);
/* Stop every other hart (panic). */
void smp_halt_others(void);

#endif
