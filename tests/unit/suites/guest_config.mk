# Unit tests of guest configuration parsing (core/guest_config.c) on device
# trees built in the test with Debian's host libfdt (-lfdt; --no-as-needed
# because it comes before the sources on the link line). Built with Keel's
# lib/ under keel_* names (see lib.mk) and Keel's <string.h>/<stdlib.h>
# shims, so that <libfdt.h> and <keel/errno.h> agree and the messages are
# formatted by Keel's own snprintf(). The test also links the DTB that dtc
# makes from the default guest config, tests/guests/virt64/virt64-guest.dts.
UNIT_SUITES += test_guest_config

GUEST_CONFIG_DTB := $(BUILD)/unit/guest_config/virt64-guest.dtb

test_guest_config_SRCS := tests/unit/test_guest_config.c core/guest_config.c \
	lib/string.c lib/printf.c tests/unit/stubs/unit_stubs.c
test_guest_config_CFLAGS = $(LIB_HOST_CFLAGS) -Ilib/libc-include \
	-Wmissing-prototypes -Wstrict-prototypes -Wshadow \
	-DVIRT64_GUEST_DTB='"$(GUEST_CONFIG_DTB)"' \
	-Wl,--no-as-needed -lfdt

# The generic rule depends on the sources only; rebuild on header changes too.
$(BUILD)/unit/test_guest_config: $(GUEST_CONFIG_DTB) include/keel/guest_config.h

$(GUEST_CONFIG_DTB): tests/guests/virt64/virt64-guest.dts | deps
	@mkdir -p $(dir $@)
	@echo "  DTC     $@"
	$(Q)dtc -W no-interrupts_property -I dts -O dtb -o $@ $<
