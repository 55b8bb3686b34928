/*
 * S-mode trap handling: interrupts (SSI, STI, SEI) are counted per hart and
 * acknowledged; an exception is either a probe's expected trap (resume at
 * its fixup label) or fatal for the hart that took it.
 */
#include "hart.h"
#include "lib.h"
#include "plic.h"
#include "sbi.h"
#include "trap.h"
#include "uart.h"

volatile unsigned long trap_spurious_sei;

static void on_ssi(struct hart *h)
{
	csr_clear(sip, SIP_SSIP);
	h->ssi_count++;
}

/* Disarm so the line drops: Sstc compares stimecmp (Sstc spec §3.1),
 * otherwise the SBI implementation clears STIP on set_timer (SBI §6.1). */
static void on_sti(struct hart *h)
{
	h->sti_time = rdtime();
	if (h->timer_sstc)
		csr_write(CSR_STIMECMP, -1UL);
	else
		sbi_set_timer(UINT64_MAX);
	h->sti_count++;
}

static void on_sei(struct hart *h)
{
	unsigned int ctx = plic_s_ctx(h->hartid);
	uint32_t irq;

	h->sei_count++;
	while ((irq = plic_claim(ctx)) != 0) {
		if (irq == UART_IRQ)
			uart_isr();
		else
			trap_spurious_sei++;
		plic_complete(ctx, irq);
	}
}

typedef void (*irq_handler_fn)(struct hart *h);

static const irq_handler_fn irq_handlers[] = {
	[IRQ_S_SOFT] = on_ssi,
	[IRQ_S_TIMER] = on_sti,
	[IRQ_S_EXT] = on_sei,
};

static void handle_interrupt(struct hart *h, unsigned long code)
{
	if (code < ARRAY_SIZE(irq_handlers) && irq_handlers[code]) {
		irq_handlers[code](h);
		return;
	}
	printf("\nhart %lu: unexpected interrupt %lu, masked\n",
	       h->hartid, code);
	csr_clear(sie, 1UL << code);
}

static const char *exception_name(unsigned long cause)
{
	static const char *const names[] = {
		"instruction misaligned", "instruction access fault",
		"illegal instruction", "breakpoint", "load misaligned",
		"load access fault", "store misaligned", "store access fault",
		"ecall from U", "ecall from S", "?", "ecall from M",
		"instruction page fault", "load page fault", "?",
		"store page fault", "?", "?", "?", "?",
		"instruction guest-page fault", "load guest-page fault",
		"virtual instruction", "store guest-page fault",
	};

	return cause < ARRAY_SIZE(names) ? names[cause] : "?";
}

static void fatal_exception(struct hart *h, struct trap_frame *tf)
{
	console_lock();
	printf("\nEXCEPTION on hart %lu: scause %lu (%s)\n", h->hartid,
	       tf->scause, exception_name(tf->scause));
	printf("  sepc 0x%016lx  stval 0x%016lx  sstatus 0x%lx\n",
	       tf->sepc, tf->stval, tf->sstatus);
	printf("  ra   0x%016lx  sp    0x%016lx  tp 0x%lx\n",
	       tf->regs[1], tf->regs[2], tf->regs[4]);
	printf("hart %lu stopped\n", h->hartid);
	console_unlock();
	hart_halt();
}

void trap_handler(struct trap_frame *tf)
{
	struct hart *h = this_hart();

	tf->scause = csr_read(scause);
	tf->stval = csr_read(stval);
	if (tf->scause & SCAUSE_INTERRUPT) {
		handle_interrupt(h, tf->scause & ~SCAUSE_INTERRUPT);
		return;
	}
	if (h->fixup_pc) {
		h->fixup_cause = tf->scause;
		tf->sepc = h->fixup_pc;
		h->fixup_pc = 0;
		return;
	}
	fatal_exception(h, tf);
}
