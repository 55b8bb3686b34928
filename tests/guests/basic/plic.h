/*
 * SiFive PLIC (sifive,plic-1.0.0) at 0x0c000000, contexts laid out like
 * QEMU virt: context 2*hart is M-mode, 2*hart+1 is S-mode. Register map:
 * PLIC spec v1.0.0 §3 (priority 0x0, pending 0x1000, enables 0x2000 +
 * 0x80*ctx, threshold/claim 0x200000 + 0x1000*ctx).
 */
#ifndef BASIC_PLIC_H
#define BASIC_PLIC_H

#include "riscv.h"

#define PLIC_BASE		0x0c000000UL
#define PLIC_PRIORITY(irq)	(PLIC_BASE + 4UL * (irq))
#define PLIC_PENDING(irq)	(PLIC_BASE + 0x1000UL + 4UL * ((irq) / 32))
#define PLIC_ENABLE(ctx, irq)	(PLIC_BASE + 0x2000UL + 0x80UL * (ctx) + \
				 4UL * ((irq) / 32))
#define PLIC_THRESHOLD(ctx)	(PLIC_BASE + 0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx)		(PLIC_THRESHOLD(ctx) + 4)

/* Goldfish RTC line on both maps; the firmware never enables it, so its
 * priority register is free for read/write tests. */
#define PLIC_TEST_IRQ		11

static inline unsigned int plic_s_ctx(unsigned long hartid)
{
	return 2 * hartid + 1;
}

void plic_set_priority(unsigned int irq, uint32_t prio);
uint32_t plic_get_priority(unsigned int irq);
void plic_set_enable(unsigned int ctx, unsigned int irq, bool on);
bool plic_get_enable(unsigned int ctx, unsigned int irq);
void plic_set_threshold(unsigned int ctx, uint32_t v);
uint32_t plic_get_threshold(unsigned int ctx);
bool plic_is_pending(unsigned int irq);
uint32_t plic_claim(unsigned int ctx);
void plic_complete(unsigned int ctx, uint32_t irq);

#endif /* BASIC_PLIC_H */
