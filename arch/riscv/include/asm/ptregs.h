/* The register frame a host trap saves on the stack (trap_entry.S). x[0]
 * holds sepc, since x0 needs no saving. */
#ifndef ASM_PTREGS_H
#define ASM_PTREGS_H

#include <keel/types.h>

struct pt_regs {
	unsigned long x[32];	/* x[0] = sepc, x[1] = ra, x[2] = sp, ... */
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
	unsigned long pad;
};

#define pt_regs_pc(r)		((r)->x[0])
#define pt_regs_ra(r)		((r)->x[1])
#define pt_regs_sp(r)		((r)->x[2])
#define pt_regs_fp(r)		((r)->x[8])

#endif
