/* RISC-V control and status registers: numbers, bit fields and accessors.
 * Bit positions follow the privileged spec (v1.12): sstatus §4.1.1, sie/sip §4.1.3,
 * scause §4.1.9, satp §4.1.11, hstatus §9.2.1, hideleg/hedeleg §9.2.2,
 * hvip §9.2.3, henvcfg §9.2.5, hgatp §9.2.10. */
#ifndef ASM_CSR_H
#define ASM_CSR_H

#ifndef __ASSEMBLY__
#include <keel/types.h>
#endif

#define _UL(x)			(x##UL)
#define BIT(n)			(_UL(1) << (n))

/* sstatus */
#define SSTATUS_SIE		BIT(1)
#define SSTATUS_SPIE		BIT(5)
#define SSTATUS_SPP		BIT(8)
#define SSTATUS_FS		(_UL(3) << 13)
#define SSTATUS_FS_OFF		(_UL(0) << 13)
#define SSTATUS_FS_INITIAL	(_UL(1) << 13)
#define SSTATUS_FS_CLEAN	(_UL(2) << 13)
#define SSTATUS_FS_DIRTY	(_UL(3) << 13)
#define SSTATUS_SUM		BIT(18)
#define SSTATUS_MXR		BIT(19)
#define SSTATUS_SD		BIT(63)

/* sie / sip bits (interrupt numbers) */
#define IRQ_S_SOFT		1
#define IRQ_VS_SOFT		2
#define IRQ_S_TIMER		5
#define IRQ_VS_TIMER		6
#define IRQ_S_EXT		9
#define IRQ_VS_EXT		10
#define IRQ_S_GEXT		12
#define SIE_SSIE		BIT(IRQ_S_SOFT)
#define SIE_STIE		BIT(IRQ_S_TIMER)
#define SIE_SEIE		BIT(IRQ_S_EXT)

/* scause */
#define CAUSE_IRQ_FLAG		BIT(63)
#define EXC_INST_MISALIGNED	0
#define EXC_INST_ACCESS		1
#define EXC_ILLEGAL_INST	2
#define EXC_BREAKPOINT		3
#define EXC_LOAD_MISALIGNED	4
#define EXC_LOAD_ACCESS		5
#define EXC_STORE_MISALIGNED	6
#define EXC_STORE_ACCESS	7
#define EXC_ECALL_U		8
#define EXC_ECALL_S		9
#define EXC_ECALL_VS		10
#define EXC_ECALL_M		11
#define EXC_INST_PAGE_FAULT	12
#define EXC_LOAD_PAGE_FAULT	13
#define EXC_STORE_PAGE_FAULT	15
#define EXC_INST_GUEST_PAGE_FAULT	20
#define EXC_LOAD_GUEST_PAGE_FAULT	21
#define EXC_VIRTUAL_INST	22
#define EXC_STORE_GUEST_PAGE_FAULT	23

/* satp (Sv39) */
#define SATP_MODE_SV39		(_UL(8) << 60)
#define SATP_MODE_SV48		(_UL(9) << 60)
#define SATP_PPN_MASK		((_UL(1) << 44) - 1)

/* hstatus */
#define HSTATUS_VSBE		BIT(5)
#define HSTATUS_GVA		BIT(6)
#define HSTATUS_SPV		BIT(7)
#define HSTATUS_SPVP		BIT(8)
#define HSTATUS_HU		BIT(9)
#define HSTATUS_VGEIN_SHIFT	12
#define HSTATUS_VTVM		BIT(20)
#define HSTATUS_VTW		BIT(21)
#define HSTATUS_VTSR		BIT(22)
#define HSTATUS_VSXL_SHIFT	32
#define HSTATUS_VSXL_64		(_UL(2) << HSTATUS_VSXL_SHIFT)

/* henvcfg */
#define ENVCFG_FIOM		BIT(0)
#define ENVCFG_CBIE		(_UL(3) << 4)
#define ENVCFG_CBCFE		BIT(6)
#define ENVCFG_CBZE		BIT(7)
#define ENVCFG_PBMTE		BIT(62)
#define ENVCFG_STCE		BIT(63)

/* hgatp */
#define HGATP_MODE_SV39X4	(_UL(8) << 60)
#define HGATP_MODE_SV48X4	(_UL(9) << 60)
#define HGATP_VMID_SHIFT	44
#define HGATP_VMID_MASK		(_UL(0x3fff) << HGATP_VMID_SHIFT)
#define HGATP_PPN_MASK		((_UL(1) << 44) - 1)

/* Sstc and the counters */
#define CSR_STIMECMP		0x14d
#define CSR_VSTIMECMP		0x24d

#ifndef __ASSEMBLY__

#define __csr_str(x)	#x
#define csr_str(x)	__csr_str(x)

#define csr_read(csr)							\
({									\
	unsigned long __v;						\
	__asm__ volatile("csrr %0, " csr_str(csr) : "=r"(__v) :: "memory"); \
	__v;								\
})

#define csr_write(csr, val)						\
({									\
	unsigned long __v = (unsigned long)(val);			\
	__asm__ volatile("csrw " csr_str(csr) ", %0" :: "rK"(__v) : "memory"); \
})

#define csr_swap(csr, val)						\
({									\
	unsigned long __v = (unsigned long)(val);			\
	__asm__ volatile("csrrw %0, " csr_str(csr) ", %1"		\
			 : "=r"(__v) : "rK"(__v) : "memory");		\
	__v;								\
})

#define csr_set(csr, val)						\
({									\
	unsigned long __v = (unsigned long)(val);			\
	__asm__ volatile("csrs " csr_str(csr) ", %0" :: "rK"(__v) : "memory"); \
})

#define csr_clear(csr, val)						\
({									\
	unsigned long __v = (unsigned long)(val);			\
	__asm__ volatile("csrc " csr_str(csr) ", %0" :: "rK"(__v) : "memory"); \
})

#define csr_read_clear(csr, val)					\
({									\
	unsigned long __v = (unsigned long)(val);			\
	__asm__ volatile("csrrc %0, " csr_str(csr) ", %1"		\
			 : "=r"(__v) : "rK"(__v) : "memory");		\
	__v;								\
})

/* Hypervisor instructions: gcc 12 has no "h" in -march, binutils 2.40 does. */
#define H_INSN(s)	".option push\n.option arch, +h\n" s "\n.option pop\n"

#endif /* __ASSEMBLY__ */
#endif
