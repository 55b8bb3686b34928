/* The hart timer: Sstc stimecmp when the hart has it (and CONFIG_SSTC), else
 * SBI TIME set_timer. The pending bit clears when the deadline moves past now. */
#include <asm/csr.h>
#include <asm/sbi.h>
#include <arch/timer.h>
#include <keel/percpu.h>

static inline bool sstc_configured(void)
{
#ifdef CONFIG_SSTC
	return true;
#else
	return false;
#endif
}

bool arch_timer_uses_sstc(void)
{
	return sstc_configured() && this_cpu()->arch.has_sstc;
}

void arch_timer_program(uint64_t when)
{
	if (arch_timer_uses_sstc())
		csr_write(CSR_STIMECMP, when);
	else
		sbi_set_timer(when);
}

void arch_timer_cpu_init(void)
{
	arch_timer_program(UINT64_MAX);
	csr_set(sie, SIE_STIE);
}
