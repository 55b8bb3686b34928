# Unit-test suites for lib/ (see tests/unit/unit.mk).
#
# lib/*.c define memcpy, strlen, strtoul, snprintf, strerror... which glibc
# (and ASan's interceptors) define too. Linking them under their own names
# would replace the host's versions for the whole test process, cmocka
# included. So on the host they are compiled as keel_memcpy, keel_strlen...:
# LIB_HOST_CFLAGS renames them in every file of the suite (test code and
# lib code alike; the test must then not include glibc's <string.h>,
# <stdlib.h> or <stdio.h>). The kernel build uses the plain names.
# Suites of other areas that link lib/*.c can reuse it; assign with '=' so
# the order in which the fragments are read does not matter:
#   test_foo_CFLAGS = $(LIB_HOST_CFLAGS)
LIB_HOST_RENAMES := memcpy memmove memset memcmp memchr strlen strnlen \
	strcmp strncmp strcasecmp strchr strrchr strstr strlcpy strlcat \
	strtoull strtoul strtoll strtol snprintf vsnprintf strerror
LIB_HOST_CFLAGS := -fno-builtin $(foreach f,$(LIB_HOST_RENAMES),-D$(f)=keel_$(f))
LIB_TEST_CFLAGS := $(LIB_HOST_CFLAGS) -Wmissing-prototypes -Wstrict-prototypes \
	-Wshadow

UNIT_SUITES += test_printf test_string test_ringbuf

test_printf_SRCS := tests/unit/test_printf.c lib/printf.c lib/string.c \
	tests/unit/stubs/unit_stubs.c
test_printf_CFLAGS := $(LIB_TEST_CFLAGS)

test_string_SRCS := tests/unit/test_string.c lib/string.c lib/strerror.c \
	tests/unit/stubs/unit_stubs.c
test_string_CFLAGS := $(LIB_TEST_CFLAGS)

test_ringbuf_SRCS := tests/unit/test_ringbuf.c lib/ringbuf.c lib/string.c \
	tests/unit/stubs/unit_stubs.c
test_ringbuf_CFLAGS := $(LIB_TEST_CFLAGS) -pthread
