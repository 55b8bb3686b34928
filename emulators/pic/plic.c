/* Virtual PLIC: the guest's interrupt controller.
 *
 * Register map: RISC-V PLIC Specification v1.0.0, "Memory Map" (chapter 3):
 *   0x000000 + 4*id        source priority (id 1..num_irq; id 0 reserved)
 *   0x001000 + 4*w         pending bits of sources 32w..32w+31 (read-only)
 *   0x002000 + 0x80*ctx    enable bits of context ctx (word w at +4*w)
 *   0x200000 + 0x1000*ctx  priority threshold of context ctx
 *   0x200004 + 0x1000*ctx  claim (read) / complete (write) of context ctx
 *
 * Contexts follow QEMU virt: two per guest vCPU, context 2*i is hart i's
 * M-mode (its registers work, but it never delivers: a guest has no M-mode)
 * and context 2*i+1 its S-mode, which drives VSEIP (VCPU_IRQ_EXT) of vCPU i.
 *
 * Sources are level-triggered (spec §"Interrupt Gateways"): an asserted line
 * sets its pending bit unless the source is in service (claimed and not yet
 * completed); a completion re-pends a line that is still asserted. Unlike
 * real gateways, a line dropped before the claim also clears its pending bit
 * (as QEMU and xvisor do), which spares guests spurious claims. Priorities
 * and thresholds are WARL: values above max_priority read back as
 * max_priority. A source interrupts a context when it is pending, enabled
 * there and its priority is above the context's threshold (priority 0
 * never interrupts); claim picks the highest priority, ties to the lowest id
 * (spec §"Interrupt Priorities").
 *
 * Accesses must be 4 bytes wide and aligned (spec: "32-bit registers"); an
 * aligned 8-byte access is split into two 4-byte accesses, low word first.
 * Other widths or misaligned accesses fail with -EINVAL. Registers of
 * sources above num_irq, of absent contexts and reserved space read 0 and
 * ignore writes.
 *
 * Config node attributes (xvisor's names):
 *   num_irq       required, 1..1023: sources are ids 1..num_irq
 *                 (same meaning as the guest DT's riscv,ndev)
 *   max_priority  optional, 1..255, default 7
 *
 * Locking: one irqsave spinlock per instance. set_line() is called by device
 * emulators holding their own lock, so the order is device -> PLIC -> vCPU
 * interrupt state; the PLIC never calls back into a device.
 */
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printk.h>
#include <keel/spinlock.h>
#include <keel/string.h>
#include <keel/vcpu_irq.h>
#include <libfdt.h>

#define PLIC_MAX_IRQ		1023
#define PLIC_WORDS		32		/* 1024 source bits */
#define PLIC_DEF_MAX_PRIO	7

#define PLIC_PRIO_BASE		0x000000
#define PLIC_PENDING_BASE	0x001000
#define PLIC_ENABLE_BASE	0x002000
#define PLIC_ENABLE_STRIDE	0x80
#define PLIC_CTX_BASE		0x200000
#define PLIC_CTX_STRIDE		0x1000
#define PLIC_CTX_THRESHOLD	0x0
#define PLIC_CTX_CLAIM		0x4

struct plic_ctx {
	uint32_t enable[PLIC_WORDS];
	uint32_t threshold;
	bool eip;			/* last level driven to the vCPU */
};

struct plic {
	spinlock_t lock;
	struct guest *guest;
	struct devemu_irqchip chip;
	unsigned int num_irq;		/* sources 1..num_irq */
	unsigned int nr_words;		/* words holding bits 0..num_irq */
	uint32_t max_prio;
	unsigned int nr_ctx;		/* 2 * vCPUs */
	uint8_t prio[PLIC_MAX_IRQ + 1];
	uint32_t level[PLIC_WORDS];	/* line asserted by its device */
	uint32_t pending[PLIC_WORDS];
	uint32_t claimed[PLIC_WORDS];	/* in service: claimed, not completed */
	struct plic_ctx ctx[];
};

/* Mask of the valid source bits of word w (bit 0 of word 0 is id 0). */
static uint32_t plic_valid_mask(const struct plic *p, unsigned int w)
{
	unsigned int first = w * 32, last = p->num_irq;
	uint32_t mask;

	if (w >= p->nr_words)
		return 0;
	mask = last - first >= 31 ? 0xffffffffu : (2u << (last - first)) - 1;
	return w == 0 ? mask & ~1u : mask;
}

/* Best source for context c: pending, enabled, priority above threshold;
 * highest priority wins, ties go to the lowest id. 0 if none. */
static unsigned int plic_best(const struct plic *p, const struct plic_ctx *c)
{
	unsigned int best = 0, best_prio = c->threshold;

	for (unsigned int w = 0; w < p->nr_words; w++) {
		uint32_t cand = p->pending[w] & c->enable[w];

		while (cand) {
			unsigned int bit = (unsigned int)__builtin_ctz(cand);
			unsigned int id = w * 32 + bit;

			cand &= cand - 1;
			if (p->prio[id] > best_prio) {
				best = id;
				best_prio = p->prio[id];
			}
		}
	}
	return best;
}

/* Drive VSEIP of every vCPU from its S-mode context. Lock held. */
static void plic_update(struct plic *p)
{
	for (unsigned int i = 1; i < p->nr_ctx; i += 2) {
		struct plic_ctx *c = &p->ctx[i];
		struct vcpu *v = guest_vcpu(p->guest, i / 2);
		bool eip = plic_best(p, c) != 0;

		if (!v || eip == c->eip)
			continue;	/* no vCPU yet: deliver once it exists */
		c->eip = eip;
		if (eip)
			vcpu_irq_assert(v, VCPU_IRQ_EXT);
		else
			vcpu_irq_deassert(v, VCPU_IRQ_EXT);
	}
}

/* devemu_irqchip hook: a device drives line `line` (a source id). */
static void plic_set_line(void *ctx, unsigned int line, bool level)
{
	struct plic *p = ctx;
	unsigned long flags;
	uint32_t bit = 1u << (line % 32);
	unsigned int w = line / 32;

	if (line == 0 || line > p->num_irq)
		return;
	flags = spin_lock_irqsave(&p->lock);
	if (level) {
		p->level[w] |= bit;
		if (!(p->claimed[w] & bit))
			p->pending[w] |= bit;
	} else {
		p->level[w] &= ~bit;
		p->pending[w] &= ~bit;
	}
	plic_update(p);
	spin_unlock_irqrestore(&p->lock, flags);
}

static uint32_t plic_claim(struct plic *p, struct plic_ctx *c)
{
	unsigned int id = plic_best(p, c);

	if (id) {
		p->pending[id / 32] &= ~(1u << (id % 32));
		p->claimed[id / 32] |= 1u << (id % 32);
	}
	return id;
}

/* Spec §"Interrupt Completion": ids not enabled for the context are
 * silently ignored. */
static void plic_complete(struct plic *p, struct plic_ctx *c, uint32_t id)
{
	uint32_t bit = 1u << (id % 32);
	unsigned int w = id / 32;

	if (id == 0 || id > p->num_irq || !(c->enable[w] & bit))
		return;
	p->claimed[w] &= ~bit;
	if (p->level[w] & bit)
		p->pending[w] |= bit;
}

static uint32_t plic_warl_prio(const struct plic *p, uint32_t val)
{
	return val > p->max_prio ? p->max_prio : val;
}

/* Per-context page: threshold and claim/complete. */
static uint32_t plic_ctx_read(struct plic *p, unsigned int ctx, uint64_t reg)
{
	struct plic_ctx *c = &p->ctx[ctx];

	if (reg == PLIC_CTX_THRESHOLD)
		return c->threshold;
	if (reg == PLIC_CTX_CLAIM)
		return plic_claim(p, c);
	return 0;
}

static void plic_ctx_write(struct plic *p, unsigned int ctx, uint64_t reg,
			   uint32_t val)
{
	struct plic_ctx *c = &p->ctx[ctx];

	if (reg == PLIC_CTX_THRESHOLD)
		c->threshold = plic_warl_prio(p, val);
	else if (reg == PLIC_CTX_CLAIM)
		plic_complete(p, c, val);
}

/* One aligned 32-bit register read. Lock held. */
static uint32_t plic_read32(struct plic *p, uint64_t off)
{
	if (off < PLIC_PENDING_BASE) {
		unsigned int id = (unsigned int)(off / 4);

		return id && id <= p->num_irq ? p->prio[id] : 0;
	}
	if (off < PLIC_ENABLE_BASE) {
		unsigned int w = (unsigned int)((off - PLIC_PENDING_BASE) / 4);

		return w < PLIC_WORDS ? p->pending[w] & plic_valid_mask(p, w) : 0;
	}
	if (off < PLIC_CTX_BASE) {
		uint64_t rel = off - PLIC_ENABLE_BASE;
		uint64_t ctx = rel / PLIC_ENABLE_STRIDE;
		unsigned int w = (unsigned int)(rel % PLIC_ENABLE_STRIDE / 4);

		return ctx < p->nr_ctx ? p->ctx[ctx].enable[w] : 0;
	}
	off -= PLIC_CTX_BASE;
	if (off / PLIC_CTX_STRIDE >= p->nr_ctx)
		return 0;
	return plic_ctx_read(p, (unsigned int)(off / PLIC_CTX_STRIDE),
			     off % PLIC_CTX_STRIDE);
}

/* One aligned 32-bit register write. Lock held. */
static void plic_write32(struct plic *p, uint64_t off, uint32_t val)
{
	if (off < PLIC_PENDING_BASE) {
		unsigned int id = (unsigned int)(off / 4);

		if (id && id <= p->num_irq)
			p->prio[id] = (uint8_t)plic_warl_prio(p, val);
		return;
	}
	if (off < PLIC_ENABLE_BASE)
		return;		/* pending bits are read-only */
	if (off < PLIC_CTX_BASE) {
		uint64_t rel = off - PLIC_ENABLE_BASE;
		uint64_t ctx = rel / PLIC_ENABLE_STRIDE;
		unsigned int w = (unsigned int)(rel % PLIC_ENABLE_STRIDE / 4);

		if (ctx < p->nr_ctx)
			p->ctx[ctx].enable[w] = val & plic_valid_mask(p, w);
		return;
	}
	off -= PLIC_CTX_BASE;
	if (off / PLIC_CTX_STRIDE < p->nr_ctx)
		plic_ctx_write(p, (unsigned int)(off / PLIC_CTX_STRIDE),
			       off % PLIC_CTX_STRIDE, val);
}

static int plic_check_access(uint64_t offset, unsigned int width)
{
	if (width != 4 && width != 8)
		return -EINVAL;
	return offset % width ? -EINVAL : 0;
}

static int plic_read(struct devemu_dev *dev, uint64_t offset, unsigned int width,
		     uint64_t *val)
{
	struct plic *p = dev->priv;
	unsigned long flags;
	int ret = plic_check_access(offset, width);

	if (ret)
		return ret;
	flags = spin_lock_irqsave(&p->lock);
	*val = plic_read32(p, offset);
	if (width == 8)
		*val |= (uint64_t)plic_read32(p, offset + 4) << 32;
	/* Only a claim changes state on a read: it may lower VSEIP. */
	if (offset >= PLIC_CTX_BASE)
		plic_update(p);
	spin_unlock_irqrestore(&p->lock, flags);
	return 0;
}

static int plic_write(struct devemu_dev *dev, uint64_t offset, unsigned int width,
		      uint64_t val)
{
	struct plic *p = dev->priv;
	unsigned long flags;
	int ret = plic_check_access(offset, width);

	if (ret)
		return ret;
	flags = spin_lock_irqsave(&p->lock);
	plic_write32(p, offset, (uint32_t)val);
	if (width == 8)
		plic_write32(p, offset + 4, (uint32_t)(val >> 32));
	plic_update(p);
	spin_unlock_irqrestore(&p->lock, flags);
	return 0;
}

/* Power-on state: everything zero, no VSEIP (forced, whatever was cached).
 * Line levels are kept: devices own them and re-drive them on their reset. */
static int plic_reset(struct devemu_dev *dev)
{
	struct plic *p = dev->priv;
	unsigned long flags = spin_lock_irqsave(&p->lock);

	memset(p->prio, 0, sizeof(p->prio));
	memset(p->claimed, 0, sizeof(p->claimed));
	memcpy(p->pending, p->level, sizeof(p->pending));
	for (unsigned int i = 0; i < p->nr_ctx; i++) {
		memset(&p->ctx[i], 0, sizeof(p->ctx[i]));
		p->ctx[i].eip = true;	/* so that plic_update() deasserts */
	}
	plic_update(p);
	spin_unlock_irqrestore(&p->lock, flags);
	return 0;
}

/* Read an optional one-cell attribute: 0, -ENOENT or -EINVAL. */
static int plic_get_u32(const void *fdt, int node, const char *name, uint32_t *out)
{
	int len;
	const fdt32_t *prop = fdt_getprop(fdt, node, name, &len);

	if (!prop)
		return -ENOENT;
	if (len != 4)
		return -EINVAL;
	*out = fdt32_to_cpu(*prop);
	return 0;
}

static int plic_parse(struct devemu_dev *dev, const void *fdt, int node,
		      uint32_t *num_irq, uint32_t *max_prio)
{
	const char *name = dev->region->name;
	int ret = plic_get_u32(fdt, node, "num_irq", num_irq);

	if (ret || *num_irq == 0 || *num_irq > PLIC_MAX_IRQ) {
		pr_err("%s/%s: num_irq %s (1..%u)\n", guest_name(dev->guest), name,
		       ret == -ENOENT ? "missing" : "invalid", PLIC_MAX_IRQ);
		return -EINVAL;
	}
	*max_prio = PLIC_DEF_MAX_PRIO;
	ret = plic_get_u32(fdt, node, "max_priority", max_prio);
	if (ret == -EINVAL || *max_prio == 0 || *max_prio > 255) {
		pr_err("%s/%s: max_priority invalid (1..255)\n",
		       guest_name(dev->guest), name);
		return -EINVAL;
	}
	return 0;
}

/* Thread context, at guest creation: one context pair per vCPU; registers
 * itself as the guest's interrupt controller. */
static int plic_probe(struct devemu_dev *dev, const void *fdt, int node)
{
	/* From the config: the vCPUs are created after the emulators. */
	unsigned int nr_ctx = 2 * guest_config_of(dev->guest)->nr_vcpus;
	uint32_t num_irq, max_prio;
	struct plic *p;
	int ret = plic_parse(dev, fdt, node, &num_irq, &max_prio);

	if (ret)
		return ret;
	p = kzalloc(sizeof(*p) + nr_ctx * sizeof(p->ctx[0]));
	if (!p)
		return -ENOMEM;
	spin_lock_init(&p->lock);
	p->guest = dev->guest;
	p->num_irq = num_irq;
	p->nr_words = num_irq / 32 + 1;
	p->max_prio = max_prio;
	p->nr_ctx = nr_ctx;
	p->chip.set_line = plic_set_line;
	p->chip.ctx = p;
	dev->priv = p;
	devemu_register_irqchip(dev->guest, &p->chip);
	return 0;
}

/* Unregisters the irqchip: lines driven afterwards go nowhere. */
static void plic_remove(struct devemu_dev *dev)
{
	devemu_register_irqchip(dev->guest, NULL);
	kfree(dev->priv);
	dev->priv = NULL;
}

static const char *const plic_compat[] = {
	"sifive,plic-1.0.0", "riscv,plic0", NULL,
};

EMULATOR(plic) = {
	.name = "plic",
	.compatible = plic_compat,
	.probe = plic_probe,
	.reset = plic_reset,
	.read = plic_read,
	.write = plic_write,
	.remove = plic_remove,
};
