# Unit tests of arch/riscv pieces that are pure enough for the host: the
# trap-emulation instruction decoders (test_insn) and the G-stage page
# tables over the real buddy allocator (test_gstage).
#
# The sources include <asm/insn.h> and <asm/gstage.h>, which only
# arch/riscv/include has; it is searched after every other directory
# (-idirafter) so that the host stand-ins in tests/unit/stubs/asm (spinlock,
# barrier, irqflags) still win over the RISC-V headers. gstage.c also takes
# HGATP_* from arch/riscv/include/asm/csr.h, whose accessors are macros that
# the host build never expands.
UNIT_SUITES += test_insn test_gstage

ARCH_UNIT_CFLAGS := -idirafter arch/riscv/include -Wmissing-prototypes \
	-Wstrict-prototypes -Wshadow

test_insn_SRCS := tests/unit/test_insn.c arch/riscv/kernel/insn.c \
	tests/unit/stubs/unit_stubs.c
test_insn_CFLAGS := $(ARCH_UNIT_CFLAGS)

test_gstage_SRCS := tests/unit/test_gstage.c tests/unit/stubs/host_zone.c arch/riscv/kernel/gstage.c \
	core/mm/page_alloc.c tests/unit/stubs/unit_stubs.c \
	tests/unit/stubs/printk_stub.c
test_gstage_CFLAGS := $(ARCH_UNIT_CFLAGS)

# The generic rule depends on the sources only; rebuild on header changes too.
$(BUILD)/unit/test_insn: arch/riscv/include/asm/insn.h
$(BUILD)/unit/test_gstage: arch/riscv/include/asm/gstage.h \
	arch/riscv/include/asm/csr.h include/keel/page_alloc.h
