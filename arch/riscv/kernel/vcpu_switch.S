/* The world switch: from Keel's vCPU thread into the guest (sret with
 * hstatus.SPV=1) and back on the guest's next trap, which comes to
 * __vcpu_exit through stvec. sscratch holds the vCPU's struct vcpu_arch
 * while the guest runs. Only the registers below are switched per entry;
 * VS CSRs are loaded once per schedule (vcpu.c).
 *
 * After an exit hstatus keeps the guest's value but for SPV, which is
 * cleared so that Keel's own sret (trap returns) stays in HS-mode: HLV and
 * HLVX on the guest's behalf then use the guest's privilege (SPVP) with no
 * juggling, and Keel depends on nothing else in hstatus.
 *
 * Keel never uses gp (no __global_pointer$, so no gp-relative code) and only
 * uses sscratch as a scratch register at trap entry: neither is saved. */
#include <asm/csr.h>
#include <generated/asm-offsets.h>

#define G(n)	(VA_GUEST + (n) * 8)

	.text
	.balign 4
	.globl __vcpu_switch_to
__vcpu_switch_to:
	/* Host callee-saved state. */
	sd	ra, VA_HOST_RA(a0)
	sd	sp, VA_HOST_SP(a0)
	sd	tp, VA_HOST_TP(a0)
	sd	s0, VA_HOST_S + 0*8(a0)
	sd	s1, VA_HOST_S + 1*8(a0)
	sd	s2, VA_HOST_S + 2*8(a0)
	sd	s3, VA_HOST_S + 3*8(a0)
	sd	s4, VA_HOST_S + 4*8(a0)
	sd	s5, VA_HOST_S + 5*8(a0)
	sd	s6, VA_HOST_S + 6*8(a0)
	sd	s7, VA_HOST_S + 7*8(a0)
	sd	s8, VA_HOST_S + 8*8(a0)
	sd	s9, VA_HOST_S + 9*8(a0)
	sd	s10, VA_HOST_S + 10*8(a0)
	sd	s11, VA_HOST_S + 11*8(a0)

	/* Swap in the guest's trap CSRs; keep the host's. */
	ld	t0, VA_GUEST_SSTATUS(a0)
	ld	t1, VA_GUEST_HSTATUS(a0)
	ld	t2, VA_GUEST_SEPC(a0)
	la	t3, __vcpu_exit
	csrrw	t0, sstatus, t0
	csrw	hstatus, t1
	csrw	sepc, t2
	csrrw	t3, stvec, t3
	csrw	sscratch, a0
	sd	t0, VA_HOST_SSTATUS(a0)
	sd	t3, VA_HOST_STVEC(a0)

	/* Guest GPRs, a0 last. */
	ld	ra, G(1)(a0)
	ld	sp, G(2)(a0)
	ld	gp, G(3)(a0)
	ld	tp, G(4)(a0)
	ld	t0, G(5)(a0)
	ld	t1, G(6)(a0)
	ld	t2, G(7)(a0)
	ld	s0, G(8)(a0)
	ld	s1, G(9)(a0)
	ld	a1, G(11)(a0)
	ld	a2, G(12)(a0)
	ld	a3, G(13)(a0)
	ld	a4, G(14)(a0)
	ld	a5, G(15)(a0)
	ld	a6, G(16)(a0)
	ld	a7, G(17)(a0)
	ld	s2, G(18)(a0)
	ld	s3, G(19)(a0)
	ld	s4, G(20)(a0)
	ld	s5, G(21)(a0)
	ld	s6, G(22)(a0)
	ld	s7, G(23)(a0)
	ld	s8, G(24)(a0)
	ld	s9, G(25)(a0)
	ld	s10, G(26)(a0)
	ld	s11, G(27)(a0)
	ld	t3, G(28)(a0)
	ld	t4, G(29)(a0)
	ld	t5, G(30)(a0)
	ld	t6, G(31)(a0)
	ld	a0, G(10)(a0)
	sret

	.balign 4
__vcpu_exit:
	csrrw	a0, sscratch, a0	/* a0 = vcpu_arch, sscratch = guest a0 */
	sd	ra, G(1)(a0)
	sd	sp, G(2)(a0)
	sd	gp, G(3)(a0)
	sd	tp, G(4)(a0)
	sd	t0, G(5)(a0)
	sd	t1, G(6)(a0)
	sd	t2, G(7)(a0)
	sd	s0, G(8)(a0)
	sd	s1, G(9)(a0)
	sd	a1, G(11)(a0)
	sd	a2, G(12)(a0)
	sd	a3, G(13)(a0)
	sd	a4, G(14)(a0)
	sd	a5, G(15)(a0)
	sd	a6, G(16)(a0)
	sd	a7, G(17)(a0)
	sd	s2, G(18)(a0)
	sd	s3, G(19)(a0)
	sd	s4, G(20)(a0)
	sd	s5, G(21)(a0)
	sd	s6, G(22)(a0)
	sd	s7, G(23)(a0)
	sd	s8, G(24)(a0)
	sd	s9, G(25)(a0)
	sd	s10, G(26)(a0)
	sd	s11, G(27)(a0)
	sd	t3, G(28)(a0)
	sd	t4, G(29)(a0)
	sd	t5, G(30)(a0)
	sd	t6, G(31)(a0)

	/* Guest trap state and a0; host CSRs back. */
	ld	t1, VA_HOST_SSTATUS(a0)
	ld	t3, VA_HOST_STVEC(a0)
	csrr	t0, sscratch
	csrrw	t1, sstatus, t1
	csrr	t2, hstatus
	li	t5, HSTATUS_SPV
	csrc	hstatus, t5
	csrw	stvec, t3
	csrr	t3, sepc
	csrr	t4, scause
	csrr	t5, stval
	csrr	t6, htval
	sd	t0, G(10)(a0)
	sd	t1, VA_GUEST_SSTATUS(a0)
	sd	t2, VA_GUEST_HSTATUS(a0)
	sd	t3, VA_GUEST_SEPC(a0)
	sd	t4, VA_TRAP_SCAUSE(a0)
	sd	t5, VA_TRAP_STVAL(a0)
	sd	t6, VA_TRAP_HTVAL(a0)
	csrr	t0, htinst
	sd	t0, VA_TRAP_HTINST(a0)

	ld	ra, VA_HOST_RA(a0)
	ld	sp, VA_HOST_SP(a0)
	ld	tp, VA_HOST_TP(a0)
	li	gp, 0
	ld	s0, VA_HOST_S + 0*8(a0)
	ld	s1, VA_HOST_S + 1*8(a0)
	ld	s2, VA_HOST_S + 2*8(a0)
	ld	s3, VA_HOST_S + 3*8(a0)
	ld	s4, VA_HOST_S + 4*8(a0)
	ld	s5, VA_HOST_S + 5*8(a0)
	ld	s6, VA_HOST_S + 6*8(a0)
	ld	s7, VA_HOST_S + 7*8(a0)
	ld	s8, VA_HOST_S + 8*8(a0)
	ld	s9, VA_HOST_S + 9*8(a0)
	ld	s10, VA_HOST_S + 10*8(a0)
	ld	s11, VA_HOST_S + 11*8(a0)
	ret

	/* F/D registers: a0 = struct vcpu_fp_state. Caller makes sstatus.FS
	 * non-Off around the call. */
	.option push
	.option arch, +d
	.globl __vcpu_fp_save
__vcpu_fp_save:
	frcsr	t0
	sw	t0, VA_FP_FCSR(a0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, \n*8(a0)
	.endr
	ret

	.globl __vcpu_fp_restore
__vcpu_fp_restore:
	lw	t0, VA_FP_FCSR(a0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, \n*8(a0)
	.endr
	fscsr	t0
	ret
	.option pop
