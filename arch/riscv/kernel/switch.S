/* Thread context switch: callee-saved registers, ra and sp (struct arch_context). */
#include <generated/asm-offsets.h>

	.text
	.globl arch_context_switch
	/* a0 = prev context, a1 = next context */
arch_context_switch:
	sd	ra, CTX_RA(a0)
	sd	sp, CTX_SP(a0)
	sd	s0, CTX_S0+0*8(a0)
	sd	s1, CTX_S0+1*8(a0)
	sd	s2, CTX_S0+2*8(a0)
	sd	s3, CTX_S0+3*8(a0)
	sd	s4, CTX_S0+4*8(a0)
	sd	s5, CTX_S0+5*8(a0)
	sd	s6, CTX_S0+6*8(a0)
	sd	s7, CTX_S0+7*8(a0)
	sd	s8, CTX_S0+8*8(a0)
	sd	s9, CTX_S0+9*8(a0)
	sd	s10, CTX_S0+10*8(a0)
	sd	s11, CTX_S0+11*8(a0)

	ld	ra, CTX_RA(a1)
	ld	sp, CTX_SP(a1)
	ld	s0, CTX_S0+0*8(a1)
	ld	s1, CTX_S0+1*8(a1)
	ld	s2, CTX_S0+2*8(a1)
	ld	s3, CTX_S0+3*8(a1)
	ld	s4, CTX_S0+4*8(a1)
	ld	s5, CTX_S0+5*8(a1)
	ld	s6, CTX_S0+6*8(a1)
	ld	s7, CTX_S0+7*8(a1)
	ld	s8, CTX_S0+8*8(a1)
	ld	s9, CTX_S0+9*8(a1)
	ld	s10, CTX_S0+10*8(a1)
	ld	s11, CTX_S0+11*8(a1)
	ret

	/* First switch into a new thread: s1 = entry, s2 = argument. */
	.globl arch_thread_trampoline
arch_thread_trampoline:
	li	fp, 0
	mv	a0, s1
	mv	a1, s2
	call	sched_thread_entry
1:	j	1b
