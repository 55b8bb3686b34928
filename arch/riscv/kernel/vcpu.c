/* Guest vCPUs on RISC-V: reset state, loading and saving the VS-level CSRs
 * when a vCPU is scheduled in and out, lazy FP, pending interrupts flushed to
 * hvip, and one trip into the guest and back (priv spec ch. 9). */
#include <arch/guest.h>
#include <arch/irqflags.h>
#include <arch/timer.h>
#include <asm/vcpu_internal.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/string.h>
#include <keel/timer.h>

struct hyp_caps hyp_caps;

static struct guest_vcpu *fp_owner[CONFIG_NR_CPUS];

void hyp_cpu_init(void)
{
	csr_write(hedeleg, BIT(EXC_INST_MISALIGNED) | BIT(EXC_ILLEGAL_INST) |
		  BIT(EXC_BREAKPOINT) | BIT(EXC_ECALL_U) | BIT(EXC_INST_PAGE_FAULT) |
		  BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT));
	csr_write(hideleg, HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP);
	csr_write(hcounteren, 0x7);		/* cycle, time, instret */
	csr_write(hvip, 0);
	csr_write(hgatp, 0);
}

void arch_vcpu_reset(struct guest_vcpu *gv, uint64_t pc, uint64_t a1)
{
	struct vcpu_arch *a = &gv->arch;

	memset(&a->guest, 0, sizeof(a->guest));
	memset(&a->csr, 0, sizeof(a->csr));
	memset(&a->fp, 0, sizeof(a->fp));
	a->guest.sepc = pc;
	a->guest.x[10] = gv->index;
	a->guest.x[11] = a1;
	/* sret lands in VS-mode supervisor with the FPU usable. */
	a->guest.sstatus = SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_FS_INITIAL;
	a->guest.hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW;
	a->csr.vstimecmp = UINT64_MAX;
	a->mmio_insn.len = 0;
	a->henvcfg = hyp_caps.sstc ? ENVCFG_STCE : 0;
	a->htimedelta = 0;
	__atomic_store_n(&a->pending, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&a->soft_new, 0, __ATOMIC_SEQ_CST);
	a->hvip = 0;
}

static void fp_save(struct guest_vcpu *gv)
{
	unsigned long fs = gv->arch.guest.sstatus & SSTATUS_FS;

	if (fs != SSTATUS_FS_DIRTY)
		return;
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	__vcpu_fp_save(&gv->arch.fp);
	csr_clear(sstatus, SSTATUS_FS);
	gv->arch.guest.sstatus = (gv->arch.guest.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
}

static void fp_restore(struct guest_vcpu *gv)
{
	unsigned int cpu = this_cpu()->id;

	if (fp_owner[cpu] == gv || (gv->arch.guest.sstatus & SSTATUS_FS) == SSTATUS_FS_OFF)
		return;
	if (fp_owner[cpu])
		fp_save(fp_owner[cpu]);
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	__vcpu_fp_restore(&gv->arch.fp);
	csr_clear(sstatus, SSTATUS_FS);
	gv->arch.guest.sstatus = (gv->arch.guest.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	fp_owner[cpu] = gv;
}

void arch_vcpu_load(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;

	csr_write(vsstatus, a->csr.vsstatus);
	csr_write(vsie, a->csr.vsie);
	csr_write(vstvec, a->csr.vstvec);
	csr_write(vsscratch, a->csr.vsscratch);
	csr_write(vsepc, a->csr.vsepc);
	csr_write(vscause, a->csr.vscause);
	csr_write(vstval, a->csr.vstval);
	csr_write(vsatp, a->csr.vsatp);
	csr_write(henvcfg, a->henvcfg);
	csr_write(htimedelta, a->htimedelta);
	if (hyp_caps.sstc)
		csr_write(CSR_VSTIMECMP, a->csr.vstimecmp);
	a->hgatp = 0;		/* rewritten before entry */
	fp_restore(gv);
	a->loaded = true;
}

/* Copy the live VS CSRs into gv->arch.csr (the vCPU stays loaded). On
 * the hart that has gv loaded, interrupts off. */
void arch_vcpu_save_csrs(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;

	a->csr.vsstatus = csr_read(vsstatus);
	a->csr.vsie = csr_read(vsie);
	a->csr.vstvec = csr_read(vstvec);
	a->csr.vsscratch = csr_read(vsscratch);
	a->csr.vsepc = csr_read(vsepc);
	a->csr.vscause = csr_read(vscause);
	a->csr.vstval = csr_read(vstval);
	a->csr.vsatp = csr_read(vsatp);
	if (hyp_caps.sstc)
		a->csr.vstimecmp = csr_read(CSR_VSTIMECMP);
}

void arch_vcpu_put(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;

	if (!a->loaded)
		return;
	arch_vcpu_save_csrs(gv);
	fp_save(gv);
	if (fp_owner[this_cpu()->id] == gv)
		fp_owner[this_cpu()->id] = NULL;
	a->loaded = false;
}

/* The guest owns VSSIP once delivered: it clears (or sets) it through
 * vsip.SSIP, an alias of hvip.VSSIP (priv spec §9.2.3). Take its value back
 * at every exit; Keel only ever adds a new software interrupt on top. */
static inline void sync_soft_irq(struct vcpu_arch *a)
{
	a->hvip = (a->hvip & ~HVIP_VSSIP) | (csr_read(hvip) & HVIP_VSSIP);
}

/* hvip for the next entry: the guest's VSSIP, a software interrupt sent
 * since the last entry (consumed exactly once, so none is ever lost), and
 * the levels Keel drives for VSTIP and VSEIP. vCPU thread, interrupts off. */
static inline void flush_irqs(struct vcpu_arch *a)
{
	unsigned long h = a->hvip & HVIP_VSSIP;

	if (unlikely(__atomic_load_n(&a->soft_new, __ATOMIC_RELAXED)) &&
	    __atomic_exchange_n(&a->soft_new, 0, __ATOMIC_ACQUIRE))
		h |= HVIP_VSSIP;
	h |= __atomic_load_n(&a->pending, __ATOMIC_ACQUIRE) & (HVIP_VSTIP | HVIP_VSEIP);
	a->hvip = h;
	csr_write(hvip, h);
}

#define VCPU_REQ_FENCES	(VCPU_REQ_FENCE_I | VCPU_REQ_SFENCE)

/* Anything core must see to before the vCPU may run on: a reschedule,
 * a lifecycle request, the guest or the hart stopped. */
static inline bool vcpu_must_leave(const struct guest_vcpu *gv)
{
	return this_cpu()->need_resched || (gv->requests & ~VCPU_REQ_FENCES) ||
	       gv->guest->state != GUEST_RUNNING || gv->hsm == VCPU_HSM_STOPPED;
}

void vcpu_do_fences(struct guest_vcpu *gv)
{
	__atomic_and_fetch(&gv->requests, ~VCPU_REQ_FENCES, __ATOMIC_SEQ_CST);
	__asm__ volatile("fence.i\n" H_INSN("hfence.vvma zero, zero") ::: "memory");
}

/* One trip into the guest: pending interrupts to hvip, the G-stage root
 * and VMID, the world switch, and the guest's own change to VSSIP. */
static inline void vcpu_enter(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;
	unsigned long hgatp = vmid_hgatp(gv->guest);

	if (hgatp != a->hgatp) {
		csr_write(hgatp, hgatp);
		a->hgatp = hgatp;
	}
	flush_irqs(a);
	__vcpu_switch_to(a);
	sync_soft_irq(a);
}

/* Run the guest until core has something to do. vCPU thread. Exits are
 * handled with interrupts off: a host interrupt that arrives meanwhile
 * makes the next entry exit at once, and is handled right there. Handlers
 * that may wait block through the scheduler, which copes with that. */
void arch_vcpu_run(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;
	unsigned long cause;

	arch_irq_disable();
	while (!vcpu_must_leave(gv)) {
		if (unlikely(gv->requests & VCPU_REQ_FENCES))
			vcpu_do_fences(gv);
		vcpu_enter(gv);
		gv->stats.exits++;
		cause = a->trap.scause;
		if (cause & CAUSE_IRQ_FLAG) {
			gv->stats.exit_irq++;
			arch_handle_host_irq(cause & ~CAUSE_IRQ_FLAG);
		} else {
			vcpu_handle_sync_exit(gv);
		}
	}
	arch_irq_enable();
}

bool arch_vcpu_has_pending_irq(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;
	unsigned long vsie = a->loaded ? csr_read(vsie) : a->csr.vsie;
	unsigned long pend = __atomic_load_n(&a->pending, __ATOMIC_SEQ_CST) |
			     (a->hvip & HVIP_VSSIP) |
			     (__atomic_load_n(&a->soft_new, __ATOMIC_SEQ_CST) ? HVIP_VSSIP : 0);

	if (hyp_caps.sstc) {
		uint64_t cmp = a->loaded ? csr_read(CSR_VSTIMECMP) : a->csr.vstimecmp;

		if (arch_timer_now() + a->htimedelta >= cmp)
			pend |= HVIP_VSTIP;
	}
	/* vsie holds S-level positions (1, 5, 9) of the VS bits (2, 6, 10). */
	return ((pend >> 1) & vsie) != 0;
}

uint64_t arch_vcpu_timer_deadline(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;
	uint64_t cmp;

	if (!hyp_caps.sstc)
		return UINT64_MAX;	/* SBI set_timer arms gv->timer itself */
	cmp = a->loaded ? csr_read(CSR_VSTIMECMP) : a->csr.vstimecmp;
	return cmp == UINT64_MAX ? cmp : cmp - a->htimedelta;
}

void vcpu_timer_set(struct guest_vcpu *gv, uint64_t deadline)
{
	if (hyp_caps.sstc) {
		csr_write(CSR_VSTIMECMP, deadline);
		return;
	}
	vcpu_irq_deassert(&gv->vcpu, VCPU_IRQ_TIMER);
	timer_event_arm(&gv->timer, deadline - gv->arch.htimedelta);
}

static const char *const gpr_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
	"a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void arch_vcpu_dump(struct guest_vcpu *gv)
{
	struct vcpu_arch *a = &gv->arch;

	printk("  pc  : %016lx  sstatus: %016lx  hstatus: %016lx\n",
	       a->guest.sepc, a->guest.sstatus, a->guest.hstatus);
	for (int i = 0; i < 32; i += 4)
		printk("  %-4s: %016lx  %-4s: %016lx  %-4s: %016lx  %-4s: %016lx\n",
		       gpr_names[i], i ? a->guest.x[i] : 0UL, gpr_names[i + 1], a->guest.x[i + 1],
		       gpr_names[i + 2], a->guest.x[i + 2], gpr_names[i + 3], a->guest.x[i + 3]);
	printk("  vsstatus: %016lx  vsie: %016lx  vstvec: %016lx\n",
	       a->csr.vsstatus, a->csr.vsie, a->csr.vstvec);
	printk("  vsepc: %016lx  vscause: %016lx  vstval: %016lx\n",
	       a->csr.vsepc, a->csr.vscause, a->csr.vstval);
	printk("  vsatp: %016lx  vsscratch: %016lx  vstimecmp: %016llx\n",
	       a->csr.vsatp, a->csr.vsscratch, (unsigned long long)a->csr.vstimecmp);
	printk("  hvip (pending): %016lx  last scause: %016lx  htval: %016lx\n",
	       a->pending, a->trap.scause, a->trap.htval);
}

static const unsigned long vcpu_irq_bits[VCPU_IRQ_NR] = {
	[VCPU_IRQ_SOFT] = HVIP_VSSIP,
	[VCPU_IRQ_TIMER] = HVIP_VSTIP,
	[VCPU_IRQ_EXT] = HVIP_VSEIP,
};

/* Software interrupts are edges (a new one is delivered once); timer and
 * external interrupts are levels Keel holds until it deasserts them. */
void vcpu_irq_assert(struct vcpu *v, enum vcpu_irq irq)
{
	struct guest_vcpu *gv = to_guest_vcpu(v);

	if (irq == VCPU_IRQ_SOFT)
		__atomic_store_n(&gv->arch.soft_new, 1, __ATOMIC_RELEASE);
	else
		__atomic_or_fetch(&gv->arch.pending, vcpu_irq_bits[irq], __ATOMIC_SEQ_CST);
	guest_vcpu_kick(gv);
}

/* For VCPU_IRQ_SOFT only from the vCPU's own thread (legacy clear_ipi). */
void vcpu_irq_deassert(struct vcpu *v, enum vcpu_irq irq)
{
	struct guest_vcpu *gv = to_guest_vcpu(v);

	if (irq == VCPU_IRQ_SOFT) {
		__atomic_store_n(&gv->arch.soft_new, 0, __ATOMIC_RELEASE);
		gv->arch.hvip &= ~HVIP_VSSIP;
		return;
	}
	__atomic_and_fetch(&gv->arch.pending, ~vcpu_irq_bits[irq], __ATOMIC_SEQ_CST);
}

bool vcpu_irq_is_pending(const struct vcpu *v, enum vcpu_irq irq)
{
	const struct guest_vcpu *gv = container_of(v, struct guest_vcpu, vcpu);

	if (irq == VCPU_IRQ_SOFT)
		return gv->arch.soft_new || (gv->arch.hvip & HVIP_VSSIP);
	return __atomic_load_n(&gv->arch.pending, __ATOMIC_SEQ_CST) & vcpu_irq_bits[irq];
}
