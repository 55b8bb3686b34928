/* `debug`: deliberately crash Keel to check the panic report (fault cause,
 * registers, symbolized backtrace) and the stack guard pages. Built only
 * with CONFIG_DEBUG_CHECKS. */
#include <keel/compiler.h>
#include <keel/panic.h>
#include <keel/shell.h>

/* An address the compiler cannot see through: page 0 is never mapped. */
static unsigned long unmapped_address = 0x8;

static int cmd_debug_fault(int argc, char **argv)
{
	volatile unsigned long *bad = (volatile unsigned long *)READ_ONCE(unmapped_address);

	return (int)*bad;
}

static volatile int recursion_limit = 1 << 30;

static __noinline int recurse(volatile char *prev, int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	frame[511] = prev ? prev[0] : 0;
	if (depth >= recursion_limit)
		return 0;
	return recurse(frame, depth + 1) + frame[511];
}

static int cmd_debug_stack_overflow(int argc, char **argv)
{
	return recurse(NULL, 0);
}

static int cmd_debug_panic(int argc, char **argv)
{
	panic("requested from the shell");
}

static const struct shell_cmd debug_sub[] = {
	{ .name = "fault", .summary = "Read address 0x8 (a host load page fault): tests the panic report",
	  .exec = cmd_debug_fault },
	{ .name = "stack-overflow", .summary = "Recurse into the stack guard page: tests the guard",
	  .exec = cmd_debug_stack_overflow },
	{ .name = "panic", .summary = "Call panic()", .exec = cmd_debug_panic },
	{ 0 }
};

SHELL_COMMAND(debug) = {
	.name = "debug",
	.summary = "Crash Keel on purpose (debug builds only; halts the machine)",
	.sub = debug_sub,
};
