/* SiFive/RISC-V PLIC (riscv-plic-spec v1.0.0): the hardware part. */
#ifndef DRIVERS_PLIC_H
#define DRIVERS_PLIC_H

#include <keel/irq.h>
#include <keel/spinlock.h>

#define PLIC_MAX_CONTEXTS	(2 * CONFIG_NR_CPUS)

struct plic {
	struct irq_chip chip;
	volatile uint8_t *regs;
	unsigned int ndev;
	int ctx_of_cpu[CONFIG_NR_CPUS];	/* S-mode context per logical cpu, -1 none */
	uint32_t masked[1024 / 32];	/* bit set: line masked */
	struct cpu *target[1024];	/* cpu each line is routed to */
	spinlock_t lock;
};

/* Set up a PLIC whose registers are mapped at regs: all lines masked,
 * priority 1, and register it as the root irq chip. */
int plic_init(struct plic *p, volatile void *regs, unsigned int ndev);

#endif
