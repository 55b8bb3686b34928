# Unit tests of core/vfs: the path walker and mount table over a fake
# in-memory filesystem (test_vfs), and the xscript parser and runner over a
# fake command table and fake script files (test_xscript). kmalloc() comes
# from heap_stub.c, so AddressSanitizer sees every buffer at its exact size;
# test_xscript routes printk() into the console stub to check the messages.
UNIT_SUITES += test_vfs test_xscript

test_vfs_SRCS := tests/unit/test_vfs.c core/vfs/vfs.c lib/strerror.c \
	tests/unit/stubs/heap_stub.c tests/unit/stubs/unit_stubs.c \
	tests/unit/stubs/printk_stub.c
test_vfs_CFLAGS := -Wmissing-prototypes -Wstrict-prototypes -Wshadow

test_xscript_SRCS := tests/unit/test_xscript.c core/vfs/xscript.c \
	core/shell/shell.c core/shell/help_cmd.c core/shell/cmdline.c \
	core/shell/line_edit.c core/shell/history.c lib/strerror.c \
	tests/unit/stubs/heap_stub.c tests/unit/stubs/console_stub.c \
	tests/unit/stubs/unit_stubs.c
test_xscript_CFLAGS := -DUNIT_PRINTK_TO_CONSOLE
