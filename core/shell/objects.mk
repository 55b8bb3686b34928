# core/shell: the management shell — line editor, history, parsing, dispatch, help
obj-y += core/shell/line_edit.o core/shell/history.o core/shell/cmdline.o \
	core/shell/shell.o core/shell/help_cmd.o
