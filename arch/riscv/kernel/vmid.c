/* VMIDs with generations (like ASIDs): each guest takes the next free VMID of
 * the current generation; when they run out, the generation moves on, every
 * hart flushes its G-stage TLB (HFENCE.GVMA) before entering a guest again,
 * and guests take new VMIDs. Without VMID bits every guest uses 0 and a hart
 * flushes whenever it switches guests. */
#include <asm/csr.h>
#include <asm/vcpu_internal.h>
#include <keel/percpu.h>
#include <keel/spinlock.h>

static DEFINE_SPINLOCK(vmid_lock);
volatile uint64_t vmid_gen = 1;
static unsigned long vmid_next = 1;
static uint64_t hart_gen[CONFIG_NR_CPUS];
const struct guest *vmid_hart_ready[CONFIG_NR_CPUS];

static inline void hfence_gvma_all(void)
{
	__asm__ volatile(H_INSN("hfence.gvma zero, zero") ::: "memory");
}

/* Boot hart: how many VMID bits hgatp keeps (priv spec §9.2.10: WARL). */
void vmid_init(void)
{
	unsigned long v;

	csr_write(hgatp, HGATP_VMID_MASK);
	v = (csr_read(hgatp) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
	csr_write(hgatp, 0);
	hyp_caps.vmid_bits = v ? 64 - __builtin_clzl(v) : 0;
	csr_write(hgatp, HGATP_MODE_SV48X4);
	hyp_caps.sv48x4 = (csr_read(hgatp) >> 60) == 9;
	csr_write(hgatp, 0);
	hfence_gvma_all();
}

static void vmid_alloc(struct guest *g)
{
	unsigned long flags = spin_lock_irqsave(&vmid_lock);

	if (g->arch.vmid_gen != vmid_gen) {
		if (vmid_next >= (1UL << hyp_caps.vmid_bits)) {
			vmid_gen++;		/* roll over: everyone flushes */
			vmid_next = 1;
		}
		g->arch.vmid = vmid_next++;
		g->arch.vmid_gen = vmid_gen;
	}
	spin_unlock_irqrestore(&vmid_lock, flags);
}

/* Slow path of vmid_hgatp(): allocate or flush as needed, then remember
 * that this hart may run g with its current hgatp. */
unsigned long vmid_prepare(struct guest *g)
{
	unsigned int cpu = this_cpu()->id;

	if (!hyp_caps.vmid_bits) {
		/* Every guest is VMID 0: flush when the hart changes guest,
		 * or when g's mappings changed (vmid_invalidate). */
		if (vmid_hart_ready[cpu] != g)
			hfence_gvma_all();
		g->arch.vmid_gen = vmid_gen;
		g->arch.hgatp = gstage_hgatp(&g->arch.gstage, 0);
	} else {
		if (g->arch.vmid_gen != vmid_gen)
			vmid_alloc(g);
		if (hart_gen[cpu] != g->arch.vmid_gen) {
			hfence_gvma_all();
			hart_gen[cpu] = g->arch.vmid_gen;
		}
		g->arch.hgatp = gstage_hgatp(&g->arch.gstage, g->arch.vmid);
	}
	vmid_hart_ready[cpu] = g;
	return g->arch.hgatp;
}

/* A guest's mappings changed or it is gone: drop its translations on every
 * hart by moving it to a fresh VMID (or flushing, without VMIDs). */
void vmid_invalidate(struct guest *g)
{
	unsigned long flags = spin_lock_irqsave(&vmid_lock);

	g->arch.vmid_gen = 0;
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++)
		if (vmid_hart_ready[i] == g)
			vmid_hart_ready[i] = NULL;
	spin_unlock_irqrestore(&vmid_lock, flags);
}
