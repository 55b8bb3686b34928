/* RISC-V interrupt masking through sstatus.SIE (priv spec §4.1.1). */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <asm/csr.h>

static inline unsigned long arch_irq_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

static inline void arch_irq_restore(unsigned long flags)
{
	csr_set(sstatus, flags & SSTATUS_SIE);
}

static inline void arch_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

static inline void arch_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline bool arch_irqs_disabled(void)
{
	return !(csr_read(sstatus) & SSTATUS_SIE);
}

#endif
