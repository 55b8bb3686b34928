/*
 * Trap frame (entry.S) and the C trap handler.
 */
#ifndef BASIC_TRAP_H
#define BASIC_TRAP_H

#include "riscv.h"

struct trap_frame {
	unsigned long regs[32];		/* x0..x31; regs[2] = sp at trap */
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
};

_Static_assert(sizeof(struct trap_frame) == 36 * 8, "entry.S FRAME_SIZE");

void trap_handler(struct trap_frame *tf);

/* External interrupts claimed that were not the UART (for plic reports). */
extern volatile unsigned long trap_spurious_sei;

#endif /* BASIC_TRAP_H */
