# Unit tests of core/block: the block-device layer over fake devices and
# ramdisks (test_blockdev), MBR/GPT partition tables built in memory and
# lib/crc32.c (test_partitions), and the `blockdev` shell command
# (test_blockdev_cmds).
#
# - kmalloc() is the real heap (core/mm) over a zone of host memory, as in
#   test_heap; wait queues come from tests/unit/stubs/sched_stub.c.
# - <keel/sched.h> includes <arch/context.h> -> <asm/context.h>, which the
#   host stubs do not provide; RISC-V's is a plain struct of registers, so
#   arch/riscv/include is searched after every other directory.
# - ramdisk.c finds the initrd in the FDT: libfdt (extracted into the build
#   folder by the main Makefile) and core/fdt_helpers.c are compiled in. libfdt pulls
#   in glibc's <string.h>, whose strerror() clashes with <keel/errno.h>'s:
#   stubs/glibc_string_host.h hides glibc's, lib/strerror.c defines Keel's.
UNIT_SUITES += test_blockdev test_partitions test_blockdev_cmds

BLOCK_UNIT_SRCS = core/block/blockdev.c core/block/partitions.c \
	core/block/ramdisk.c lib/crc32.c core/fdt_helpers.c \
	$(addprefix $(LIBFDT_DIR)/,$(LIBFDT_SRCS)) \
	core/mm/heap.c core/mm/page_alloc.c lib/strerror.c \
	tests/unit/stubs/sched_stub.c tests/unit/stubs/unit_stubs.c
BLOCK_UNIT_CFLAGS = -I$(LIBFDT_DIR) -idirafter arch/riscv/include \
	-include tests/unit/stubs/glibc_string_host.h

test_blockdev_SRCS = tests/unit/test_blockdev.c $(BLOCK_UNIT_SRCS) \
	tests/unit/stubs/printk_stub.c
test_blockdev_CFLAGS = $(BLOCK_UNIT_CFLAGS)

test_partitions_SRCS = tests/unit/test_partitions.c $(BLOCK_UNIT_SRCS) \
	tests/unit/stubs/printk_stub.c
test_partitions_CFLAGS = $(BLOCK_UNIT_CFLAGS)

# printk() goes to the console stub's buffer, where the test reads it.
test_blockdev_cmds_SRCS = tests/unit/test_blockdev_cmds.c $(BLOCK_UNIT_SRCS) \
	core/block/blockdev_cmds.c core/shell/shell.c core/shell/help_cmd.c \
	core/shell/cmdline.c core/shell/line_edit.c core/shell/history.c \
	tests/unit/stubs/console_stub.c
test_blockdev_cmds_CFLAGS = $(BLOCK_UNIT_CFLAGS) -DUNIT_PRINTK_TO_CONSOLE

# The generic rule depends on the sources only; rebuild on header changes too.
$(addprefix $(BUILD)/unit/,test_blockdev test_partitions test_blockdev_cmds): \
	$(wildcard include/keel/*.h core/block/*.h)
