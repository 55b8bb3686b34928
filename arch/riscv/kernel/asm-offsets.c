/* Offsets of C structures used by assembly; the build turns the @@ASM_OFFSET
 * markers into build/include/generated/asm-offsets.h. */
#include <keel/compiler.h>
#include <keel/percpu.h>
#include <asm/ptregs.h>
#include <asm/context.h>

#define DEFINE(sym, val) \
	__asm__ volatile("\n@@ASM_OFFSET " #sym " %0" :: "i"(val))
#define OFFSET(sym, str, mem)	DEFINE(sym, offsetof(struct str, mem))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(PT_SIZE, sizeof(struct pt_regs));
	OFFSET(PT_STATUS, pt_regs, sstatus);
	OFFSET(PT_CAUSE, pt_regs, scause);
	OFFSET(PT_TVAL, pt_regs, stval);

	OFFSET(CPU_STACK_LIMIT, cpu, arch.stack_limit);
	OFFSET(CPU_EMERGENCY_SP, cpu, arch.emergency_sp);
	OFFSET(CPU_BOOT_SP, cpu, arch.boot_sp);
	OFFSET(CPU_BOOT_SATP, cpu, arch.boot_satp);
	DEFINE(CPU_SIZE, sizeof(struct cpu));

	OFFSET(CTX_RA, arch_context, ra);
	OFFSET(CTX_SP, arch_context, sp);
	OFFSET(CTX_S0, arch_context, s);
}
