/* Starting harts (SBI HSM) and inter-processor interrupts: ACLINT SSWI when
 * the device tree has one, else SBI IPI. */
#include <asm/csr.h>
#include <asm/sbi.h>
#include <arch/smp.h>
#include <arch/mmu.h>
#include <keel/errno.h>
#include <keel/percpu.h>

extern char secondary_entry[];
static volatile uint32_t *sswi_base;

int arch_cpu_start(struct cpu *c, unsigned long stack_top)
{
	if (!sbi_has(SBI_EXT_HSM))
		return -ENOTSUP;
	c->arch.boot_sp = stack_top;
	c->arch.boot_satp = arch_mmu_satp();
	__asm__ volatile("fence rw, rw" ::: "memory");
	return sbi_hart_start(c->hartid, (unsigned long)secondary_entry,
			      (unsigned long)c);
}

long arch_cpu_state(unsigned long hartid)
{
	return sbi_hart_status(hartid);
}

void arch_ipi_use_sswi(volatile uint32_t *base)
{
	sswi_base = base;
}

void arch_send_ipi(const struct cpu *c)
{
	if (sswi_base) {
		/* ACLINT spec §3: one 32-bit SETSSIP register per hart. */
		sswi_base[c->hartid] = 1;
		return;
	}
	sbi_send_ipi(1UL, c->hartid);
}

void arch_ipi_clear(void)
{
	csr_clear(sip, SIE_SSIE);
}
