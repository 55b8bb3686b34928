/* Entry points. OpenSBI starts the boot hart at _start in S-mode (HS when the
 * hart has H) with a0 = hart id, a1 = FDT, MMU off. Secondary harts enter
 * secondary_entry through SBI HSM hart_start with a1 = their struct cpu. */
#include <asm/csr.h>
#include <generated/asm-offsets.h>

	.section .text.head, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sscratch, zero
	/* Only one hart may boot. Some firmware lets a hart that is being
	 * started with HSM run from the default entry before its start
	 * address is set: such a hart must not clear .bss again. */
	la	t0, boot_lottery
	li	t1, 1
	amoadd.w t1, t1, (t0)
	bnez	t1, .Llate_hart
	/* Clear .bss: nothing in C may run before this. */
	la	t0, _sbss
	la	t1, _ebss
1:	sd	zero, 0(t0)
	addi	t0, t0, 8
	bltu	t0, t1, 1b

	la	sp, boot_stack_top
	la	tp, cpus
	la	t0, boot_stack
	addi	t0, t0, PT_SIZE
	sd	t0, CPU_STACK_LIMIT(tp)
	la	t0, trap_entry
	csrw	stvec, t0
	li	fp, 0
	call	arch_boot		/* a0 = hart id, a1 = FDT */
2:	wfi
	j	2b

	/* A hart that came to _start after the boot hart: find its struct cpu
	 * by hart id (a0) once the boot hart has asked for it to be started,
	 * then go on as a secondary. */
.Llate_hart:
	la	t0, cpus
	li	t1, CONFIG_NR_CPUS
1:	ld	t2, CPU_HARTID(t0)
	lw	t3, CPU_STATE(t0)
	bne	t2, a0, 2f
	li	t4, CPU_STARTING_VALUE
	beq	t3, t4, 3f
2:	addi	t0, t0, CPU_SIZE
	addi	t1, t1, -1
	bnez	t1, 1b
	wfi
	j	.Llate_hart
3:	mv	a1, t0
	j	secondary_entry

	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	mv	tp, a1
	ld	t0, CPU_BOOT_SATP(tp)
	sfence.vma
	csrw	satp, t0
	sfence.vma
	ld	sp, CPU_BOOT_SP(tp)
	la	t0, trap_entry
	csrw	stvec, t0
	li	fp, 0
	mv	a0, tp
	call	arch_secondary_boot
3:	wfi
	j	3b

	.section .data
	.balign 4
boot_lottery:
	.word	0

	/* Boot stack with an unmapped guard page below it. */
	.section .bss.stack, "aw", @nobits
	.balign 4096
	.globl boot_stack_guard, boot_stack, boot_stack_top
boot_stack_guard:
	.skip	4096
boot_stack:
	.skip	CONFIG_STACK_SIZE
boot_stack_top:
