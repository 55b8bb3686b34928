/*
 * `mmio`: how loads and stores of each width reach a device, i.e. how the
 * hypervisor decodes a trapped MMIO access (width, sign extension, offset,
 * compressed forms, x0 as source).
 *
 * Registers used, chosen because their values round-trip:
 *  - UART SCR (offset 7, byte): any value; sb/lb/lbu with 0x00 (stored from
 *    x0), 0x5a, 0xa5, 0xff (lb sign-extends: 0xff -> -1, lbu -> 255).
 *  - PLIC priority[11] (32-bit, WARL): values 1..min(7, implemented mask)
 *    round-trip through sw/lw and the compressed c.sw/c.lw, with the
 *    register offset (44) in the instruction.
 *  - PLIC S-context enable word 0 (32-bit): bit 31 (source 31, priority 0,
 *    so it never fires) gives a value with bit 31 set to tell lw (sign-
 *    extends) from lwu (zero-extends). SKIP if source 31 is not
 *    implemented (the bit reads back 0).
 * Interrupts stay masked so the UART handler does not run in between.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"
#include "plic.h"
#include "test.h"
#include "uart.h"

#define PRIO_OFF	44	/* PLIC_PRIORITY(PLIC_TEST_IRQ) - PLIC_BASE */
_Static_assert(PRIO_OFF == 4 * PLIC_TEST_IRQ, "PRIO_OFF");

/* Compressed forms need x8..x15: a0 holds the value, a1 the base. */
#define C_LW(base, off) ({						\
	register uintptr_t __b asm("a1") = (base);			\
	register long __v asm("a0");					\
	asm volatile("c.lw a0, " #off "(a1)"				\
		     : "=r"(__v) : "r"(__b) : "memory");		\
	__v; })
#define C_SW(base, off, val) do {					\
	register uintptr_t __b asm("a1") = (base);			\
	register long __v asm("a0") = (val);				\
	asm volatile("c.sw a0, " #off "(a1)"				\
		     :: "r"(__v), "r"(__b) : "memory");			\
} while (0)

static void check_scr(struct tally *t, uint8_t v)
{
	uintptr_t base = UART_BASE;
	unsigned long lbu;
	long lb;

	if (v == 0)
		asm volatile("sb zero, 7(%0)" :: "r"(base) : "memory");
	else
		asm volatile("sb %0, 7(%1)" :: "r"(v), "r"(base) : "memory");
	asm volatile("lbu %0, 7(%1)" : "=r"(lbu) : "r"(base) : "memory");
	asm volatile("lb %0, 7(%1)" : "=r"(lb) : "r"(base) : "memory");
	check(t, lbu == v && lb == (int8_t)v,
	      "mmio uart scr sb%s 0x%02x: lbu %lu, lb %ld (0x%lx)",
	      v ? "" : " x0", v, lbu, lb, (unsigned long)lb);
}

static void check_prio_words(struct tally *t, uint32_t max)
{
	uintptr_t base = PLIC_BASE;
	unsigned int bad = 0, cbad = 0;
	long got;
	uint32_t v;

	for (v = 1; v <= max; v++) {
		asm volatile("sw %0, 44(%1)" :: "r"(v), "r"(base) : "memory");
		asm volatile("lw %0, 44(%1)" : "=r"(got) : "r"(base) : "memory");
		bad += got != (long)v;
		C_SW(base, 44, max + 1 - v);
		cbad += C_LW(base, 44) != (long)(max + 1 - v);
	}
	mmio_sw(base + PRIO_OFF, 0);
	check(t, !bad, "mmio plic priority[%d] sw/lw 1..%u: %u mismatches",
	      PLIC_TEST_IRQ, max, bad);
	check(t, !cbad, "mmio plic priority[%d] c.sw/c.lw %u..1: %u "
	      "mismatches", PLIC_TEST_IRQ, max, cbad);
}

static void check_sign_extension(struct tally *t, unsigned int ctx)
{
	uintptr_t reg = PLIC_ENABLE(ctx, 0);
	uint32_t orig = mmio_lwu(reg), v = orig | 0x80000000U;
	unsigned long lwu;
	long lw, clw;

	mmio_sw(reg, v);
	lwu = mmio_lwu(reg);
	lw = mmio_lw(reg);
	clw = C_LW(reg, 0);
	C_SW(reg, 0, (int32_t)orig);
	if (!(lwu & 0x80000000U)) {
		skip(t, "mmio plic enable word bit 31: not implemented "
		     "(wrote 0x%x, read 0x%lx)", v, lwu);
		return;
	}
	check(t, lwu == v, "mmio plic enable lwu: 0x%lx (zero-extended 0x%x)",
	      lwu, v);
	check(t, lw == (int32_t)v, "mmio plic enable lw: 0x%lx "
	      "(sign-extended)", (unsigned long)lw);
	check(t, clw == (int32_t)v, "mmio plic enable c.lw: 0x%lx "
	      "(sign-extended)", (unsigned long)clw);
	check(t, mmio_lwu(reg) == orig, "mmio plic enable c.sw restore: "
	      "0x%x", mmio_lwu(reg));
}

int cmd_mmio(int argc, char **argv)
{
	static const uint8_t scr_values[] = { 0x00, 0x5a, 0xa5, 0xff };
	struct tally t = TALLY("mmio");
	unsigned int i, ctx = plic_s_ctx(this_hart()->hartid);
	uint8_t scr;
	uint32_t mask;

	(void)argc;
	(void)argv;
	irq_disable();
	scr = mmio_lbu(UART_BASE + UART_SCR);
	for (i = 0; i < ARRAY_SIZE(scr_values); i++)
		check_scr(&t, scr_values[i]);
	mmio_sb(UART_BASE + UART_SCR, scr);
	mmio_sw(PLIC_PRIORITY(PLIC_TEST_IRQ), 0xffffffffU);
	mask = mmio_lwu(PLIC_PRIORITY(PLIC_TEST_IRQ));
	check_prio_words(&t, mask > 7 ? 7 : mask);
	check_sign_extension(&t, ctx);
	irq_enable();
	return tally_end(&t);
}
