/* Offsets of C structures used by assembly; the build turns the @@ASM_OFFSET
 * markers into build/include/generated/asm-offsets.h. */
#include <keel/compiler.h>
#include <keel/percpu.h>
#include <asm/ptregs.h>
#include <asm/context.h>
#include <asm/vcpu.h>

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
	OFFSET(CPU_HARTID, cpu, hartid);
	OFFSET(CPU_STATE, cpu, state);
	DEFINE(CPU_STARTING_VALUE, CPU_STARTING);

	OFFSET(VA_GUEST, vcpu_arch, guest.x);
	OFFSET(VA_GUEST_SEPC, vcpu_arch, guest.sepc);
	OFFSET(VA_GUEST_SSTATUS, vcpu_arch, guest.sstatus);
	OFFSET(VA_GUEST_HSTATUS, vcpu_arch, guest.hstatus);
	OFFSET(VA_HOST_RA, vcpu_arch, host.ra);
	OFFSET(VA_HOST_SP, vcpu_arch, host.sp);
	OFFSET(VA_HOST_TP, vcpu_arch, host.tp);
	OFFSET(VA_HOST_S, vcpu_arch, host.s);
	OFFSET(VA_HOST_SSTATUS, vcpu_arch, host.sstatus);
	OFFSET(VA_HOST_STVEC, vcpu_arch, host.stvec);
	OFFSET(VA_TRAP_SCAUSE, vcpu_arch, trap.scause);
	OFFSET(VA_TRAP_STVAL, vcpu_arch, trap.stval);
	OFFSET(VA_TRAP_HTVAL, vcpu_arch, trap.htval);
	OFFSET(VA_TRAP_HTINST, vcpu_arch, trap.htinst);
	OFFSET(VA_FP_FCSR, vcpu_fp_state, fcsr);

	OFFSET(CTX_RA, arch_context, ra);
	OFFSET(CTX_SP, arch_context, sp);
	OFFSET(CTX_S0, arch_context, s);
}
