# Unit tests of the live device tree (core/devtree.c), guest-config loading
# (core/devtree_load.c) and the `devtree` commands, over the real heap and
# Debian's host libfdt (-lfdt; --no-as-needed because it comes before the
# sources on the link line). Built with Keel's lib/ under keel_* names (see
# lib.mk) and Keel's <string.h>/<stdlib.h> shims, so that <libfdt.h> and
# <keel/errno.h> agree. The test links the DTB that dtc makes from the
# default guest config, tests/guests/virt64/virt64-guest.dts.
UNIT_SUITES += test_devtree

test_devtree_SRCS := tests/unit/test_devtree.c core/devtree.c \
	core/devtree_load.c core/cmds/devtree_cmds.c core/fdt_print.c \
	core/mm/heap.c core/mm/page_alloc.c lib/string.c lib/printf.c \
	lib/strerror.c tests/unit/stubs/unit_stubs.c
test_devtree_CFLAGS = $(LIB_HOST_CFLAGS) -Ilib/libc-include \
	-Wmissing-prototypes -Wstrict-prototypes -Wshadow \
	-DVIRT64_GUEST_DTB='"$(BUILD)/unit/virt64-guest.dtb"' \
	-Wl,--no-as-needed -lfdt

$(BUILD)/unit/test_devtree: $(BUILD)/unit/virt64-guest.dtb

$(BUILD)/unit/virt64-guest.dtb: tests/guests/virt64/virt64-guest.dts | deps
	@mkdir -p $(dir $@)
	@echo "  DTC     $@"
	$(Q)dtc -W no-interrupts_property -I dts -O dtb -o $@ $<
