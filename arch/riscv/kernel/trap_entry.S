/* Host trap vector: exceptions and interrupts taken while Keel itself runs.
 * Saves a struct pt_regs on the current stack, or on the hart's emergency
 * stack when sp is below the stack limit (a stack overflow into the guard
 * page), calls trap_handler(regs) and returns with sret. */
#include <asm/csr.h>
#include <generated/asm-offsets.h>

.macro SAVE_GPRS_BUT_SP_T0
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	sd	x4, 4*8(sp)
	sd	x6, 6*8(sp)
	sd	x7, 7*8(sp)
	sd	x8, 8*8(sp)
	sd	x9, 9*8(sp)
	sd	x10, 10*8(sp)
	sd	x11, 11*8(sp)
	sd	x12, 12*8(sp)
	sd	x13, 13*8(sp)
	sd	x14, 14*8(sp)
	sd	x15, 15*8(sp)
	sd	x16, 16*8(sp)
	sd	x17, 17*8(sp)
	sd	x18, 18*8(sp)
	sd	x19, 19*8(sp)
	sd	x20, 20*8(sp)
	sd	x21, 21*8(sp)
	sd	x22, 22*8(sp)
	sd	x23, 23*8(sp)
	sd	x24, 24*8(sp)
	sd	x25, 25*8(sp)
	sd	x26, 26*8(sp)
	sd	x27, 27*8(sp)
	sd	x28, 28*8(sp)
	sd	x29, 29*8(sp)
	sd	x30, 30*8(sp)
	sd	x31, 31*8(sp)
.endm

.macro RESTORE_GPRS_BUT_SP
	ld	x1, 1*8(sp)
	ld	x3, 3*8(sp)
	ld	x4, 4*8(sp)
	ld	x5, 5*8(sp)
	ld	x6, 6*8(sp)
	ld	x7, 7*8(sp)
	ld	x8, 8*8(sp)
	ld	x9, 9*8(sp)
	ld	x10, 10*8(sp)
	ld	x11, 11*8(sp)
	ld	x12, 12*8(sp)
	ld	x13, 13*8(sp)
	ld	x14, 14*8(sp)
	ld	x15, 15*8(sp)
	ld	x16, 16*8(sp)
	ld	x17, 17*8(sp)
	ld	x18, 18*8(sp)
	ld	x19, 19*8(sp)
	ld	x20, 20*8(sp)
	ld	x21, 21*8(sp)
	ld	x22, 22*8(sp)
	ld	x23, 23*8(sp)
	ld	x24, 24*8(sp)
	ld	x25, 25*8(sp)
	ld	x26, 26*8(sp)
	ld	x27, 27*8(sp)
	ld	x28, 28*8(sp)
	ld	x29, 29*8(sp)
	ld	x30, 30*8(sp)
	ld	x31, 31*8(sp)
.endm

	.section .text.trap, "ax"
	.balign 4
	.globl trap_entry
trap_entry:
	csrw	sscratch, t0
	ld	t0, CPU_STACK_LIMIT(tp)
	bltu	sp, t0, .Loverflow
	addi	sp, sp, -PT_SIZE
	SAVE_GPRS_BUT_SP_T0
	addi	t0, sp, PT_SIZE
	sd	t0, 2*8(sp)
	j	.Lsave_csrs

.Loverflow:
	ld	t0, CPU_EMERGENCY_SP(tp)
	addi	t0, t0, -PT_SIZE
	sd	sp, 2*8(t0)
	mv	sp, t0
	SAVE_GPRS_BUT_SP_T0

.Lsave_csrs:
	csrr	t0, sscratch
	sd	t0, 5*8(sp)
	csrr	t0, sepc
	sd	t0, 0(sp)
	csrr	t0, sstatus
	sd	t0, PT_STATUS(sp)
	csrr	t0, scause
	sd	t0, PT_CAUSE(sp)
	csrr	t0, stval
	sd	t0, PT_TVAL(sp)

	mv	a0, sp
	call	trap_handler

	ld	t0, PT_STATUS(sp)
	csrw	sstatus, t0
	ld	t0, 0(sp)
	csrw	sepc, t0
	RESTORE_GPRS_BUT_SP
	ld	sp, 2*8(sp)
	sret
