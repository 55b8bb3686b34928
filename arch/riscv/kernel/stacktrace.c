/* Register dumps and frame-pointer backtraces (the kernel is built with
 * -fno-omit-frame-pointer: fp-8 holds ra, fp-16 the caller's fp). */
#include <asm/ptregs.h>
#include <arch/trap.h>
#include <arch/mmu.h>
#include <keel/printk.h>

static const char *const reg_names[32] = {
	"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void arch_dump_regs(const struct pt_regs *regs)
{
	for (int i = 0; i < 32; i += 4)
		printk(" %-3s: %016lx  %-3s: %016lx  %-3s: %016lx  %-3s: %016lx\n",
		       reg_names[i], regs->x[i], reg_names[i + 1], regs->x[i + 1],
		       reg_names[i + 2], regs->x[i + 2], reg_names[i + 3], regs->x[i + 3]);
	printk(" sstatus: %016lx  scause: %016lx  stval: %016lx\n",
	       regs->sstatus, regs->scause, regs->stval);
}

static bool frame_readable(unsigned long fp)
{
	return fp >= 16 && (fp & 7) == 0 && arch_mmu_translate(fp - 16) &&
	       arch_mmu_translate(fp - 8);
}

static bool looks_like_stack(unsigned long word, unsigned long fp)
{
	return word > fp && word - fp < 2 * CONFIG_STACK_SIZE;
}

void arch_backtrace(const struct pt_regs *regs,
		    void (*fn)(unsigned long pc, void *ctx), void *ctx)
{
	unsigned long fp = (unsigned long)__builtin_frame_address(0);

	if (regs) {
		fp = pt_regs_fp(regs);
		fn(pt_regs_pc(regs), ctx);
		/* A leaf function saves only fp, at fp-8: its caller is in ra. */
		if (frame_readable(fp) &&
		    looks_like_stack(((unsigned long *)fp)[-1], fp)) {
			fn(pt_regs_ra(regs), ctx);
			fp = ((unsigned long *)fp)[-1];
		}
	}
	for (int depth = 0; depth < 64 && frame_readable(fp); depth++) {
		unsigned long ra = ((unsigned long *)fp)[-1];
		unsigned long next = ((unsigned long *)fp)[-2];

		if (!ra)
			break;
		fn(ra, ctx);
		if (next <= fp)
			break;
		fp = next;
	}
}
