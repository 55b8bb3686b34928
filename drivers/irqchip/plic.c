/* PLIC driver, hardware part (riscv-plic-spec v1.0.0 register map). Each
 * line is enabled in exactly one S-mode context: that of the cpu it is
 * routed to. */
#include <arch/io.h>
#include <keel/percpu.h>
#include "plic.h"

#define PLIC_PRIORITY(irq)	(0x000000 + 4 * (irq))
#define PLIC_ENABLE(ctx)	(0x002000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))

static inline struct plic *to_plic(struct irq_chip *chip)
{
	return container_of(chip, struct plic, chip);
}

static void plic_set_enable(struct plic *p, int ctx, unsigned int irq, bool on)
{
	volatile uint8_t *reg = p->regs + PLIC_ENABLE(ctx) + 4 * (irq / 32);
	uint32_t v = readl(reg);

	v = on ? v | (1U << (irq % 32)) : v & ~(1U << (irq % 32));
	writel(v, reg);
}

static void plic_route(struct plic *p, unsigned int irq)
{
	bool masked = p->masked[irq / 32] & (1U << (irq % 32));

	for (unsigned int i = 0; i < nr_cpus_possible; i++) {
		int ctx = p->ctx_of_cpu[i];

		if (ctx >= 0)
			plic_set_enable(p, ctx, irq, !masked && p->target[irq] == &cpus[i]);
	}
}

static void plic_mask(struct irq_chip *chip, unsigned int irq)
{
	struct plic *p = to_plic(chip);
	unsigned long flags = spin_lock_irqsave(&p->lock);

	p->masked[irq / 32] |= 1U << (irq % 32);
	plic_route(p, irq);
	spin_unlock_irqrestore(&p->lock, flags);
}

static void plic_unmask(struct irq_chip *chip, unsigned int irq)
{
	struct plic *p = to_plic(chip);
	unsigned long flags = spin_lock_irqsave(&p->lock);

	p->masked[irq / 32] &= ~(1U << (irq % 32));
	plic_route(p, irq);
	spin_unlock_irqrestore(&p->lock, flags);
}

static void plic_set_cpu(struct irq_chip *chip, unsigned int irq, struct cpu *c)
{
	struct plic *p = to_plic(chip);
	unsigned long flags = spin_lock_irqsave(&p->lock);

	p->target[irq] = c;
	plic_route(p, irq);
	spin_unlock_irqrestore(&p->lock, flags);
}

static void plic_cpu_init(struct irq_chip *chip, struct cpu *c)
{
	struct plic *p = to_plic(chip);
	int ctx = p->ctx_of_cpu[c->id];

	if (ctx >= 0)
		writel(0, p->regs + PLIC_THRESHOLD(ctx));
}

/* Claim/complete until nothing is pending for this hart (IRQ context). */
static void plic_handle(struct irq_chip *chip)
{
	struct plic *p = to_plic(chip);
	int ctx = p->ctx_of_cpu[this_cpu()->id];
	uint32_t irq;

	if (ctx < 0)
		return;
	while ((irq = readl(p->regs + PLIC_CLAIM(ctx))) != 0) {
		irq_dispatch(irq);
		writel(irq, p->regs + PLIC_CLAIM(ctx));
	}
}

int plic_init(struct plic *p, volatile void *regs, unsigned int ndev)
{
	p->regs = regs;
	p->ndev = ndev;
	spin_lock_init(&p->lock);
	p->chip = (struct irq_chip){
		.name = "plic", .nr_irqs = ndev + 1,
		.mask = plic_mask, .unmask = plic_unmask, .set_cpu = plic_set_cpu,
		.cpu_init = plic_cpu_init, .handle = plic_handle,
	};
	for (unsigned int irq = 1; irq <= ndev; irq++) {
		p->masked[irq / 32] |= 1U << (irq % 32);
		writel(1, p->regs + PLIC_PRIORITY(irq));
	}
	for (unsigned int i = 0; i < nr_cpus_possible; i++) {
		int ctx = p->ctx_of_cpu[i];

		if (ctx < 0)
			continue;
		writel(1, p->regs + PLIC_THRESHOLD(ctx));	/* quiet until cpu_init */
		for (unsigned int w = 0; w <= ndev / 32; w++)
			writel(0, p->regs + PLIC_ENABLE(ctx) + 4 * w);
	}
	return irq_set_root_chip(&p->chip);
}
