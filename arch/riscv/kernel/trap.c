/* Host trap dispatch: interrupts go to core handlers, any exception taken by
 * Keel itself is fatal and reported with registers and a backtrace. */
#include <asm/csr.h>
#include <asm/ptregs.h>
#include <arch/trap.h>
#include <keel/compiler.h>
#include <keel/printk.h>
#include <asm/vcpu_internal.h>

static const char *const exception_names[] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
	[EXC_STORE_ACCESS] = "store/AMO access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from HS-mode",
	[EXC_ECALL_VS] = "environment call from VS-mode",
	[EXC_ECALL_M] = "environment call from M-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
	[EXC_INST_GUEST_PAGE_FAULT] = "instruction guest-page fault",
	[EXC_LOAD_GUEST_PAGE_FAULT] = "load guest-page fault",
	[EXC_VIRTUAL_INST] = "virtual instruction",
	[EXC_STORE_GUEST_PAGE_FAULT] = "store/AMO guest-page fault",
};

static const char *const interrupt_names[] = {
	[IRQ_S_SOFT] = "supervisor software interrupt",
	[IRQ_VS_SOFT] = "virtual supervisor software interrupt",
	[IRQ_S_TIMER] = "supervisor timer interrupt",
	[IRQ_VS_TIMER] = "virtual supervisor timer interrupt",
	[IRQ_S_EXT] = "supervisor external interrupt",
	[IRQ_VS_EXT] = "virtual supervisor external interrupt",
	[IRQ_S_GEXT] = "supervisor guest external interrupt",
};

const char *arch_trap_cause_name(unsigned long cause)
{
	unsigned long code = cause & ~CAUSE_IRQ_FLAG;
	const char *name = NULL;

	if (cause & CAUSE_IRQ_FLAG) {
		if (code < ARRAY_SIZE(interrupt_names))
			name = interrupt_names[code];
	} else if (code < ARRAY_SIZE(exception_names)) {
		name = exception_names[code];
	}
	return name ? name : "unknown trap";
}

static void handle_interrupt(unsigned long code)
{
	switch (code) {
	case IRQ_S_SOFT:
		ipi_handle();
		break;
	case IRQ_S_TIMER:
		timer_handle_irq();
		break;
	case IRQ_S_EXT:
		irq_handle_external();
		break;
	default:
		pr_warn("ignoring unexpected interrupt %lu\n", code);
		csr_clear(sie, BIT(code));
		return;
	}
	sched_irq_exit();
}

/* Interrupts taken while a guest ran arrive here from arch_vcpu_run(). */
void arch_handle_host_irq(unsigned long code)
{
	handle_interrupt(code);
}

extern char hlvx_fault_pc[], hlvx_fixup[], hlv_d_fault_pc[], hlv_d_fixup[];
extern char hlvx_wu_fault_pc[], hlvx_wu_fixup[];

/* Instructions that read guest memory on the guest's behalf (hlvx.S) and
 * where to resume when one faults: the caller sees -EFAULT. */
static const struct {
	const char *fault_pc, *fixup;
} guest_access_fixups[] = {
	{ hlvx_fault_pc, hlvx_fixup },
	{ hlvx_wu_fault_pc, hlvx_wu_fixup },
	{ hlv_d_fault_pc, hlv_d_fixup },
};

static bool fixup_guest_access(struct pt_regs *regs)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(guest_access_fixups); i++) {
		if (pt_regs_pc(regs) == (unsigned long)guest_access_fixups[i].fault_pc) {
			pt_regs_pc(regs) = (unsigned long)guest_access_fixups[i].fixup;
			return true;
		}
	}
	return false;
}

/* Called from trap_entry.S with the saved frame. IRQ context. */
void trap_handler(struct pt_regs *regs);
void trap_handler(struct pt_regs *regs)
{
	if (regs->scause & CAUSE_IRQ_FLAG) {
		handle_interrupt(regs->scause & ~CAUSE_IRQ_FLAG);
		return;
	}
	if (fixup_guest_access(regs))
		return;
	panic_trap(regs, arch_trap_cause_name(regs->scause));
}

void arch_irq_ext_enable(void)
{
	csr_set(sie, SIE_SEIE);
}
