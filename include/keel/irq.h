/* Host interrupts: one root interrupt controller (the PLIC on RISC-V) whose
 * lines are numbered by their hardware number. Drivers request a line with a
 * handler; the controller's driver claims and completes. */
#ifndef KEEL_IRQ_H
#define KEEL_IRQ_H

#include <keel/types.h>

#define IRQ_MAX		1024

struct cpu;

typedef void (*irq_handler_t)(unsigned int irq, void *data);

struct irq_chip {
	const char *name;
	unsigned int nr_irqs;
	void (*mask)(struct irq_chip *chip, unsigned int irq);
	void (*unmask)(struct irq_chip *chip, unsigned int irq);
	/* Route irq to one cpu (the one that handles it). */
	void (*set_cpu)(struct irq_chip *chip, unsigned int irq, struct cpu *cpu);
	/* Prepare the calling hart to take interrupts from the chip. */
	void (*cpu_init)(struct irq_chip *chip, struct cpu *cpu);
	/* Claim/complete loop on the calling hart: calls irq_dispatch(). */
	void (*handle)(struct irq_chip *chip);
};

/* Register the root controller (boot hart, from its driver's probe). */
int irq_set_root_chip(struct irq_chip *chip);
/* Request a line: handler runs in IRQ context on the cpu the line is
 * routed to (the boot hart unless irq_set_affinity moves it). */
int irq_request(unsigned int irq, irq_handler_t handler, void *data, const char *name);
void irq_release(unsigned int irq);
int irq_set_affinity(unsigned int irq, struct cpu *cpu);
/* Controller drivers: run the handler of a claimed line. */
void irq_dispatch(unsigned int irq);
/* Each hart: let it take external interrupts. */
void irq_cpu_init(void);

struct irq_stat {
	unsigned int irq;
	const char *name;
	unsigned int cpu;
	uint64_t count;
};
/* Fill up to max entries for requested lines; returns how many. */
unsigned int irq_get_stats(struct irq_stat *out, unsigned int max);
const char *irq_root_chip_name(void);
#endif
