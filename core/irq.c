/* Host IRQ framework: line descriptors of the root controller, dispatch and
 * per-line statistics. */
#include <arch/trap.h>
#include <keel/errno.h>
#include <keel/irq.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/spinlock.h>

struct irq_desc {
	irq_handler_t handler;
	void *data;
	const char *name;
	struct cpu *cpu;
	uint64_t count;
};

static struct irq_chip *root_chip;
static struct irq_desc descs[IRQ_MAX];
static DEFINE_SPINLOCK(irq_lock);

int irq_set_root_chip(struct irq_chip *chip)
{
	if (root_chip)
		return -EBUSY;
	if (chip->nr_irqs > IRQ_MAX)
		chip->nr_irqs = IRQ_MAX;
	root_chip = chip;
	return 0;
}

const char *irq_root_chip_name(void)
{
	return root_chip ? root_chip->name : "none";
}

int irq_request(unsigned int irq, irq_handler_t handler, void *data, const char *name)
{
	unsigned long flags;
	struct irq_desc *d;

	if (!root_chip)
		return -ENODEV;
	if (!irq || irq >= root_chip->nr_irqs || !handler)
		return -EINVAL;
	d = &descs[irq];
	flags = spin_lock_irqsave(&irq_lock);
	if (d->handler) {
		spin_unlock_irqrestore(&irq_lock, flags);
		return -EBUSY;
	}
	d->handler = handler;
	d->data = data;
	d->name = name;
	d->cpu = &cpus[0];
	spin_unlock_irqrestore(&irq_lock, flags);
	root_chip->set_cpu(root_chip, irq, d->cpu);
	root_chip->unmask(root_chip, irq);
	return 0;
}

void irq_release(unsigned int irq)
{
	if (!root_chip || irq >= root_chip->nr_irqs)
		return;
	root_chip->mask(root_chip, irq);
	descs[irq].handler = NULL;
}

int irq_set_affinity(unsigned int irq, struct cpu *cpu)
{
	if (!root_chip || irq >= root_chip->nr_irqs || !descs[irq].handler)
		return -EINVAL;
	descs[irq].cpu = cpu;
	root_chip->set_cpu(root_chip, irq, cpu);
	return 0;
}

void irq_dispatch(unsigned int irq)
{
	struct irq_desc *d = irq < IRQ_MAX ? &descs[irq] : NULL;

	if (!d || !d->handler) {
		pr_warn("irq: spurious interrupt %u, masking it\n", irq);
		if (root_chip && irq < root_chip->nr_irqs)
			root_chip->mask(root_chip, irq);
		return;
	}
	d->count++;
	d->handler(irq, d->data);
}

void irq_handle_external(void)
{
	this_cpu()->stats.irqs++;
	if (root_chip)
		root_chip->handle(root_chip);
}

void irq_cpu_init(void)
{
	if (!root_chip)
		return;
	root_chip->cpu_init(root_chip, this_cpu());
	arch_irq_ext_enable();
}

unsigned int irq_get_stats(struct irq_stat *out, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < IRQ_MAX && n < max; i++) {
		if (!descs[i].handler)
			continue;
		out[n++] = (struct irq_stat){ .irq = i, .name = descs[i].name,
					      .cpu = descs[i].cpu->id,
					      .count = descs[i].count };
	}
	return n;
}
