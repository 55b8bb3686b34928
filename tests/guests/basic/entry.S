/*
 * Entry points, the trap vector and trap-guarded probes of the basic guest
 * firmware.
 *
 * _start           boot hart: a0 = hart id, a1 = 0 or a DTB address.
 * _secondary_start harts started (or resumed) through SBI HSM:
 *                  a0 = hart id, a1 = opaque (HART_OPAQUE_*).
 *
 * Addresses of RAM symbols are loaded from the GOT (`la` under .option pic):
 * in the flash build RAM is out of pc-relative reach (README.md).
 */
#include "hart.h"

#define FRAME_SIZE	(36 * 8)	/* struct trap_frame */
#define FRAME_SEPC	(32 * 8)
#define FRAME_SSTATUS	(33 * 8)

	.option pic

	.section .text.entry, "ax", %progbits
	.globl	_start
_start:
	csrw	sie, zero
	csrci	sstatus, 2
	li	t0, MAX_HARTS
	bgeu	a0, t0, park

	/* .data: copy from its load address (flash) unless already there. */
	la	t0, __data_load
	la	t1, __data_start
	la	t2, __data_end
	beq	t0, t1, 2f
1:	bgeu	t1, t2, 2f
	ld	t3, 0(t0)
	sd	t3, 0(t1)
	addi	t0, t0, 8
	addi	t1, t1, 8
	j	1b
2:	la	t1, __bss_start
	la	t2, __bss_end
3:	bgeu	t1, t2, 4f
	sd	zero, 0(t1)
	addi	t1, t1, 8
	j	3b
4:	la	sp, boot_stack
	li	t0, BOOT_STACK_SIZE
	add	sp, sp, t0
	call	set_hart_regs
	tail	boot_main

	.text
	.globl	_secondary_start
_secondary_start:
	csrw	sie, zero
	csrci	sstatus, 2
	li	t0, MAX_HARTS
	bgeu	a0, t0, park
	la	sp, hart_stacks
	addi	t0, a0, 1
	slli	t0, t0, 12		/* HART_STACK_SIZE == 4096 */
	add	sp, sp, t0
	call	set_hart_regs
	tail	secondary_main

/* tp = &harts[a0], stvec = trap_entry; keeps a0/a1. */
set_hart_regs:
	la	tp, harts
	slli	t0, a0, HART_SHIFT
	add	tp, tp, t0
	lla	t0, trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	ret

park:	wfi
	j	park

/*
 * Trap vector (direct mode). The firmware never leaves S-mode, so the
 * trap is taken on the current stack; every GPR is saved so that the C
 * handler can report and fix up any context.
 */
	.align	2
	.globl	trap_entry
trap_entry:
	addi	sp, sp, -FRAME_SIZE
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	sd	x4, 4*8(sp)
	sd	x5, 5*8(sp)
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
	addi	t0, sp, FRAME_SIZE
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	sd	t0, FRAME_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, FRAME_SSTATUS(sp)
	mv	a0, sp
	call	trap_handler
	ld	t0, FRAME_SEPC(sp)
	csrw	sepc, t0
	ld	t0, FRAME_SSTATUS(sp)
	csrw	sstatus, t0
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
	addi	sp, sp, FRAME_SIZE
	sret

/*
 * Trap-guarded probes: each returns 0, or the scause of the exception the
 * guarded instruction raised (trap_handler resumes at the fixup label).
 */
.macro	FIXUP_ARM label
	lla	t0, \label
	sd	t0, HART_FIXUP_PC(tp)
	sd	zero, HART_FIXUP_CAUSE(tp)
.endm
.macro	FIXUP_END
	sd	zero, HART_FIXUP_PC(tp)
	ld	a0, HART_FIXUP_CAUSE(tp)
	ret
.endm

	/* long probe_csr_read_stimecmp(unsigned long *val) */
	.globl	probe_csr_read_stimecmp
probe_csr_read_stimecmp:
	FIXUP_ARM 1f
	csrr	t1, CSR_STIMECMP
	sd	t1, 0(a0)
1:	FIXUP_END

	/* long probe_csr_write_stimecmp(unsigned long val) */
	.globl	probe_csr_write_stimecmp
probe_csr_write_stimecmp:
	FIXUP_ARM 1f
	csrw	CSR_STIMECMP, a0
1:	FIXUP_END

	/* long probe_load8(uintptr_t addr, uint8_t *val) */
	.globl	probe_load8
probe_load8:
	FIXUP_ARM 1f
	lbu	t1, 0(a0)
	sb	t1, 0(a1)
1:	FIXUP_END

	/* long probe_load32(uintptr_t addr, uint32_t *val) */
	.globl	probe_load32
probe_load32:
	FIXUP_ARM 1f
	lwu	t1, 0(a0)
	sw	t1, 0(a1)
1:	FIXUP_END
