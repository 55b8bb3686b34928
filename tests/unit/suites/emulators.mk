# Unit tests of the guest device emulators (emulators/): the vPLIC, the
# 8250 UART, vminfo and the goldfish RTC, compiled on the host against
# tests/unit/stubs/devemu_stub.c (fake guests and vCPUs, irqchip routing,
# vserial ports, a controllable clock over the real core/time/timer_queue.c).
#
# - Config nodes are built in the tests with Debian's libfdt (-lfdt).
#   Its libfdt_env.h includes glibc's <string.h>, whose strerror() clashes
#   with <keel/errno.h>'s: stubs/glibc_string_host.h hides glibc's.
# - kzalloc() is the malloc-backed heap stub, so ASan sees every object.
UNIT_SUITES += test_vplic test_uart8250_emu test_emulators_misc

EMU_UNIT_SRCS = tests/unit/stubs/devemu_stub.c core/time/timer_queue.c \
	tests/unit/stubs/heap_stub.c tests/unit/stubs/printk_stub.c \
	tests/unit/stubs/unit_stubs.c
EMU_UNIT_CFLAGS = -include tests/unit/stubs/glibc_string_host.h \
	-Wmissing-prototypes -Wstrict-prototypes -Wshadow \
	-Wl,--no-as-needed -lfdt

test_vplic_SRCS = tests/unit/test_vplic.c emulators/pic/plic.c $(EMU_UNIT_SRCS)
test_vplic_CFLAGS = $(EMU_UNIT_CFLAGS)

test_uart8250_emu_SRCS = tests/unit/test_uart8250_emu.c \
	emulators/serial/uart8250.c $(EMU_UNIT_SRCS)
test_uart8250_emu_CFLAGS = $(EMU_UNIT_CFLAGS)

test_emulators_misc_SRCS = tests/unit/test_emulators_misc.c \
	emulators/misc/vminfo.c emulators/rtc/goldfish_rtc.c $(EMU_UNIT_SRCS)
test_emulators_misc_CFLAGS = $(EMU_UNIT_CFLAGS)

# The generic rule depends on the sources only; rebuild on header changes too.
$(addprefix $(BUILD)/unit/,test_vplic test_uart8250_emu test_emulators_misc): \
	$(wildcard include/keel/*.h)
