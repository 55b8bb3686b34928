/* RISC-V state of a guest vCPU: what the world switch saves and loads
 * (vcpu_switch.S), the VS-level CSRs swapped when a vCPU is loaded on or
 * put off a hart, and the lazily saved FP registers. Offsets used by the
 * assembly come from asm-offsets.c. */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

#include <keel/types.h>
#include <asm/insn.h>

struct vcpu_gprs {
	unsigned long x[32];		/* x[0] unused */
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long hstatus;
};

struct vcpu_host_state {		/* what __vcpu_switch_to keeps of Keel */
	unsigned long ra, sp, tp;
	unsigned long s[12];
	unsigned long sstatus, stvec;
};

struct vcpu_trap_info {
	unsigned long scause, stval, htval, htinst;
};

struct vcpu_vs_csrs {
	unsigned long vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
	uint64_t vstimecmp;
};

struct vcpu_fp_state {
	uint64_t f[32];
	uint32_t fcsr;
};

struct vcpu_arch {
	struct vcpu_gprs guest;		/* first: the switch reaches it at a0+0 */
	struct vcpu_host_state host;
	struct vcpu_trap_info trap;
	struct vcpu_vs_csrs csr;
	struct vcpu_fp_state fp;
	unsigned long hgatp;
	unsigned long henvcfg;
	uint64_t htimedelta;
	unsigned long hvip;		/* shadow of hvip, written at every entry */
	unsigned long pending;		/* VSTIP/VSEIP levels Keel drives (atomic) */
	unsigned long soft_new;		/* a software interrupt sent since the last entry */
	bool loaded;			/* VS CSRs live in this hart's registers */
	uint32_t mmio_insn_bits;	/* last MMIO instruction decoded... */
	struct mmio_insn mmio_insn;	/* ...and its decode (len 0: none) */
};

/* Enter the guest with a->guest and return at its next trap (vcpu_switch.S).
 * Interrupts disabled; a's VS CSRs loaded on this hart. */
void __vcpu_switch_to(struct vcpu_arch *a);
/* Save / restore the F and D registers (vcpu_switch.S). */
void __vcpu_fp_save(struct vcpu_fp_state *fp);
void __vcpu_fp_restore(const struct vcpu_fp_state *fp);

#endif
