# Unit tests of the scheduler's policy (core/sched): the per-hart run queues
# (runqueue.c) and placement and host-thread bookkeeping (thread.c).
#
# - <keel/sched.h> includes <arch/context.h> -> <asm/context.h>, which the
#   host stubs do not provide; RISC-V's is a plain struct of registers, so
#   arch/riscv/include is searched after every other directory. "This hart"
#   comes from tests/unit/stubs/asm/percpu.h (a variable, not tp).
# - thread.c uses strlcpy(): Keel's lib/string.c under keel_* names (see
#   lib.mk). kzalloc() is the malloc-backed heap stub.
# - The test file stands in for stacks, the timer, context init and the
#   scheduler's wakeup/block/exit entry points (core/sched/sched.c is not
#   linked).
UNIT_SUITES += test_sched

test_sched_SRCS := tests/unit/test_sched.c core/sched/runqueue.c \
	core/sched/thread.c lib/string.c tests/unit/stubs/heap_stub.c \
	tests/unit/stubs/unit_stubs.c
test_sched_CFLAGS = $(LIB_HOST_CFLAGS) -idirafter arch/riscv/include \
	-DCONFIG_STACK_SIZE=16384 \
	-Wmissing-prototypes -Wstrict-prototypes -Wshadow

# The generic rule depends on the sources only; rebuild on header changes too.
$(BUILD)/unit/test_sched: core/sched/sched_internal.h include/keel/sched.h \
	include/keel/percpu.h
