/* Panics and host exception reports: cause, registers and a symbolized
 * backtrace, then every hart stops. */
#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/trap.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/sched.h>
#include <keel/smp.h>
#include <keel/symbols.h>

static volatile int panicking;

static void print_frame(unsigned long pc, void *ctx)
{
	char sym[96];

	symbol_format(sym, sizeof(sym), pc);
	printk("  [<%016lx>] %s\n", pc, sym);
}

void dump_stack(void)
{
	printk("Backtrace:\n");
	arch_backtrace(NULL, print_frame, NULL);
}

static void stop_everything(void) __noreturn;
static void stop_everything(void)
{
	smp_halt_others();
	printk("Keel halted.\n");
	arch_cpu_halt();
}

static bool enter_panic(void)
{
	arch_irq_disable();
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST))
		return false;
	return true;
}

void panic(const char *fmt, ...)
{
	struct cpu *c = this_cpu();
	va_list ap;

	if (!enter_panic())
		arch_cpu_halt();
	printk("\n*** KEEL PANIC on hart %lu (%s): ", c->hartid,
	       c->current ? c->current->name : "boot");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	dump_stack();
	stop_everything();
}

void panic_trap(const struct pt_regs *regs, const char *what)
{
	struct cpu *c = this_cpu();
	char sym[96];

	if (!enter_panic())
		arch_cpu_halt();
	symbol_format(sym, sizeof(sym), pt_regs_pc(regs));
	printk("\n*** KEEL PANIC on hart %lu (%s): unhandled exception: %s\n",
	       c->hartid, c->current ? c->current->name : "boot", what);
	printk(" sepc: %016lx %s\n stval: %016lx\n", pt_regs_pc(regs), sym, regs->stval);
	arch_dump_regs(regs);
	printk("Backtrace:\n");
	arch_backtrace(regs, print_frame, NULL);
	stop_everything();
}
