/* Arch interface: running guests.
 *   struct guest_arch / struct vcpu_arch       — embedded in struct guest / guest_vcpu
 *   arch_guest_init(g), arch_guest_destroy(g)  — G-stage table and VMID; thread context
 *   arch_guest_map(g, gpa, hpa, size, prot)    — map real memory (GSTAGE_R/W/X)
 *   arch_guest_flush(g)                         — invalidate the guest's G-stage TLB
 *                                                 entries on every hart
 *   arch_vcpu_reset(gv, pc, a1)                 — registers at reset: pc, a0 = hart, a1
 *   arch_vcpu_load(gv) / arch_vcpu_put(gv)      — VS CSRs onto / off this hart; called
 *                                                 by the scheduler around switches,
 *                                                 interrupts disabled
 *   arch_vcpu_run(gv)                           — enter the guest once and handle the
 *                                                 exit; vCPU thread, interrupts enabled
 *   arch_vcpu_dump(gv)                          — print registers (vcpu dumpreg)
 *   arch_vcpu_timer_deadline(gv)                — when the guest timer fires (ticks,
 *                                                 UINT64_MAX = never), for WFI sleep */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H
#include <keel/types.h>
#include <keel/spinlock.h>
#include <asm/vcpu.h>
#include <asm/gstage.h>

struct guest;
struct guest_vcpu;

struct guest_arch {
	struct gstage gstage;
	uint64_t vmid_gen;		/* 0: needs a VMID */
	unsigned long vmid;
	unsigned long hgatp;		/* for vmid_gen */
};

int arch_guest_init(struct guest *g);
void arch_guest_destroy(struct guest *g);
int arch_guest_map(struct guest *g, uint64_t gpa, phys_addr_t hpa, uint64_t size,
		   unsigned int prot);
void arch_guest_flush(struct guest *g);
void arch_vcpu_reset(struct guest_vcpu *gv, uint64_t pc, uint64_t a1);
void arch_vcpu_load(struct guest_vcpu *gv);
void arch_vcpu_put(struct guest_vcpu *gv);
void arch_vcpu_save_csrs(struct guest_vcpu *gv);
void arch_vcpu_run(struct guest_vcpu *gv);
void arch_vcpu_dump(struct guest_vcpu *gv);
uint64_t arch_vcpu_timer_deadline(struct guest_vcpu *gv);
/* Pending interrupt bits changed: nothing to do for a vCPU not running;
 * a running one is made to exit by an IPI from core. */
bool arch_vcpu_has_pending_irq(struct guest_vcpu *gv);
/* Names of the SBI statistics slots (vcpu dumpstat). */
extern const char *const sbi_stat_names[];
#endif
