# Unit tests of core/shell: line editor + history, command-line parsing, and
# the dispatcher/help/completion over commands registered in the test. The
# shell suite routes printk() into the console stub's buffer, so it does not
# link printk_stub.c.
UNIT_SUITES += test_line_edit test_cmdline test_shell

test_line_edit_SRCS := tests/unit/test_line_edit.c core/shell/line_edit.c \
	core/shell/history.c tests/unit/stubs/unit_stubs.c

test_cmdline_SRCS := tests/unit/test_cmdline.c core/shell/cmdline.c \
	tests/unit/stubs/unit_stubs.c

test_shell_SRCS := tests/unit/test_shell.c core/shell/shell.c \
	core/shell/help_cmd.c core/shell/cmdline.c core/shell/line_edit.c \
	core/shell/history.c lib/strerror.c tests/unit/stubs/console_stub.c \
	tests/unit/stubs/unit_stubs.c
test_shell_CFLAGS := -DUNIT_PRINTK_TO_CONSOLE
