/* Shared by the arch/riscv guest files (vcpu.c, vcpu_exit.c, vcpu_sbi.c, vmid.c). */
#ifndef ASM_VCPU_INTERNAL_H
#define ASM_VCPU_INTERNAL_H

#include <keel/guest.h>
#include <asm/csr.h>
#include <keel/percpu.h>

#define HVIP_VSSIP	BIT(IRQ_VS_SOFT)
#define HVIP_VSTIP	BIT(IRQ_VS_TIMER)
#define HVIP_VSEIP	BIT(IRQ_VS_EXT)

/* Per-hart facts found at boot. */
struct hyp_caps {
	bool sstc;		/* every hart has Sstc */
	bool sv48x4;
	unsigned int vmid_bits;
};
extern struct hyp_caps hyp_caps;

void hyp_cpu_init(void);		/* hedeleg, hideleg, hcounteren; each hart */
void vmid_init(void);
/* Make sure the guest has a VMID of the current generation and this hart
 * has flushed stale ones; returns the hgatp to use. Interrupts off. */
unsigned long vmid_prepare(struct guest *g);
extern volatile uint64_t vmid_gen;
extern const struct guest *vmid_hart_ready[CONFIG_NR_CPUS];

/* hgatp for g on this hart: the fast path when nothing changed since this
 * hart last checked g's VMID. Interrupts off. */
static inline unsigned long vmid_hgatp(struct guest *g)
{
	if (likely(vmid_hart_ready[this_cpu()->id] == g && g->arch.vmid_gen == vmid_gen))
		return g->arch.hgatp;
	return vmid_prepare(g);
}

/* Do the fences other vCPUs asked of this one (RFENCE). */
void vcpu_do_fences(struct guest_vcpu *gv);
/* Forget the guest's VMID so stale translations are never used. */
void vmid_invalidate(struct guest *g);

/* Exit handling (vcpu_exit.c): interrupts enabled. */
void vcpu_handle_sync_exit(struct guest_vcpu *gv);
/* Deliver an exception to the guest as if it trapped to VS-mode. */
void vcpu_inject_exception(struct guest_vcpu *gv, unsigned long cause, unsigned long tval);
/* SBI for guests (vcpu_sbi.c). */
void vcpu_sbi_ecall(struct guest_vcpu *gv);
/* Guest timer (vcpu.c): program the guest's next timer event. */
void vcpu_timer_set(struct guest_vcpu *gv, uint64_t deadline);
/* Read a doubleword at a guest virtual address (the calling vCPU's view). */
int vcpu_read_guest_ulong(unsigned long gva, unsigned long *val);
/* Whether an SBI extension is implemented for guests (BASE probe). */
long vcpu_sbi_probe(unsigned long ext);
/* Host interrupt taken while the guest ran (trap.c). */
void arch_handle_host_irq(unsigned long code);

static inline unsigned long *vcpu_reg(struct guest_vcpu *gv, unsigned int n)
{
	return &gv->arch.guest.x[n];
}

#endif
