/*
 * RISC-V definitions for the basic guest firmware: CSR access, interrupt and
 * exception numbers, the time counter and width-exact MMIO accessors.
 *
 * The MMIO accessors are inline assembly on purpose: the mmio and bench
 * commands test how a hypervisor decodes each load/store width, so the
 * instruction must be exactly the one named (lb, lbu, sb, lw, lwu, sw).
 */
#ifndef BASIC_RISCV_H
#define BASIC_RISCV_H

/* sstatus / sie / sip bits (priv spec §12.1.1, §12.1.3). */
#define SSTATUS_SIE		(1UL << 1)
#define IRQ_S_SOFT		1
#define IRQ_S_TIMER		5
#define IRQ_S_EXT		9
#define SIP_SSIP		(1UL << IRQ_S_SOFT)
#define SIP_STIP		(1UL << IRQ_S_TIMER)
#define SIP_SEIP		(1UL << IRQ_S_EXT)
#define SCAUSE_INTERRUPT	(1UL << 63)

/* Exception codes (priv spec §12.1.8, table 22; 20-23 from the H extension). */
#define EXC_ILLEGAL_INSN	2
#define EXC_LOAD_FAULT		5
#define EXC_STORE_FAULT		7
#define EXC_VIRTUAL_INSN	22

/* stimecmp (Sstc spec §3.1); written by number: older assemblers lack the name. */
#define CSR_STIMECMP		0x14d

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __csr_str(x)		#x
#define csr_str(x)		__csr_str(x)

#define csr_read(csr) ({						\
	unsigned long __v;						\
	asm volatile("csrr %0, " csr_str(csr) : "=r"(__v) :: "memory");	\
	__v; })
#define csr_write(csr, val)						\
	asm volatile("csrw " csr_str(csr) ", %0" :: "rK"(val) : "memory")
#define csr_set(csr, val)						\
	asm volatile("csrs " csr_str(csr) ", %0" :: "rK"(val) : "memory")
#define csr_clear(csr, val)						\
	asm volatile("csrc " csr_str(csr) ", %0" :: "rK"(val) : "memory")

static inline uint64_t rdtime(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t) :: "memory");
	return t;
}

static inline void wfi(void)
{
	asm volatile("wfi" ::: "memory");
}

static inline void cpu_relax(void)
{
	asm volatile("nop; nop; nop; nop" ::: "memory");
}

static inline void irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline void irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

/* ---------------------------------------------------------------- MMIO */

static inline uint8_t mmio_lbu(uintptr_t addr)
{
	unsigned long v;

	asm volatile("lbu %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

static inline long mmio_lb(uintptr_t addr)
{
	long v;

	asm volatile("lb %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_sb(uintptr_t addr, uint8_t v)
{
	asm volatile("sb %z0, 0(%1)" :: "rJ"(v), "r"(addr) : "memory");
}

static inline uint32_t mmio_lwu(uintptr_t addr)
{
	unsigned long v;

	asm volatile("lwu %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
	return (uint32_t)v;
}

static inline long mmio_lw(uintptr_t addr)
{
	long v;

	asm volatile("lw %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_sw(uintptr_t addr, uint32_t v)
{
	asm volatile("sw %z0, 0(%1)" :: "rJ"(v), "r"(addr) : "memory");
}

#endif /* !__ASSEMBLER__ */
#endif /* BASIC_RISCV_H */
