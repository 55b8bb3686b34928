/*
 * PLIC accessors: 32-bit loads and stores only (PLIC spec §3).
 */
#include "plic.h"

void plic_set_priority(unsigned int irq, uint32_t prio)
{
	mmio_sw(PLIC_PRIORITY(irq), prio);
}

uint32_t plic_get_priority(unsigned int irq)
{
	return mmio_lwu(PLIC_PRIORITY(irq));
}

void plic_set_enable(unsigned int ctx, unsigned int irq, bool on)
{
	uintptr_t reg = PLIC_ENABLE(ctx, irq);
	uint32_t bit = 1U << (irq % 32);
	uint32_t v = mmio_lwu(reg);

	mmio_sw(reg, on ? v | bit : v & ~bit);
}

bool plic_get_enable(unsigned int ctx, unsigned int irq)
{
	return mmio_lwu(PLIC_ENABLE(ctx, irq)) & (1U << (irq % 32));
}

void plic_set_threshold(unsigned int ctx, uint32_t v)
{
	mmio_sw(PLIC_THRESHOLD(ctx), v);
}

uint32_t plic_get_threshold(unsigned int ctx)
{
	return mmio_lwu(PLIC_THRESHOLD(ctx));
}

bool plic_is_pending(unsigned int irq)
{
	return mmio_lwu(PLIC_PENDING(irq)) & (1U << (irq % 32));
}

uint32_t plic_claim(unsigned int ctx)
{
	return mmio_lwu(PLIC_CLAIM(ctx));
}

void plic_complete(unsigned int ctx, uint32_t irq)
{
	mmio_sw(PLIC_CLAIM(ctx), irq);
}
