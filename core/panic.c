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

/* Consecutive identical frames (deep recursion) are printed once. */
struct frame_printer {
	unsigned long last;
	unsigned int repeats;
	unsigned int frames;
};

static void flush_repeats(struct frame_printer *fp)
{
	if (fp->repeats)
		printk("  ... the same frame %u more times\n", fp->repeats);
	fp->repeats = 0;
}

static void print_frame(unsigned long pc, void *ctx)
{
	struct frame_printer *fp = ctx;
	char sym[96];

	if (pc == fp->last) {
		fp->repeats++;
		return;
	}
	flush_repeats(fp);
	fp->last = pc;
	/* A return address may lie just past a call that never returns (the
	 * end of its function): name the call's function, pc - 1. */
	if (fp->frames++) {
		const char *name;
		uintptr_t off, size;

		if (!symbol_lookup(pc - 1, &name, &off, &size)) {
			printk("  [<%016lx>] %s+0x%lx/0x%lx\n", pc, name,
			       (unsigned long)off + 1, (unsigned long)size);
			return;
		}
	}
	symbol_format(sym, sizeof(sym), pc);
	printk("  [<%016lx>] %s\n", pc, sym);
}

static void backtrace(const struct pt_regs *regs)
{
	struct frame_printer fp = { 0 };

	printk("Backtrace:\n");
	arch_backtrace(regs, print_frame, &fp);
	flush_repeats(&fp);
}

void dump_stack(void)
{
	backtrace(NULL);
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
	if (c->current && pt_regs_sp(regs) < c->current->stack_base + 512)
		printk(" kernel stack overflow: sp %016lx is below the stack of '%s' (%016lx)\n",
		       pt_regs_sp(regs), c->current->name, c->current->stack_base);
	printk(" sepc: %016lx %s\n stval: %016lx\n", pt_regs_pc(regs), sym, regs->stval);
	arch_dump_regs(regs);
	backtrace(regs);
	stop_everything();
}
