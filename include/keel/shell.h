/* Shell command registry.
 *
 * A command is a tree: a top-level node (`host`) may have sub-commands
 * (`cpu` → `info`). Leaves have an exec function. Top-level commands are
 * collected from the linker section "shell_cmds" (SHELL_COMMAND below), so
 * nothing is called by name.
 *
 *   static const struct shell_cmd host_cpu_sub[] = {
 *           { .name = "info", .summary = "...", .exec = cmd_host_cpu_info },
 *           { 0 }
 *   };
 *   SHELL_COMMAND(host) = { .name = "host", .summary = "...", .sub = host_sub };
 *
 * exec() gets argv[0] = the leaf's own name and its arguments after it; it
 * returns 0 or a negative errno code (the shell prints the error text). */
#ifndef KEEL_SHELL_H
#define KEEL_SHELL_H

#include <keel/compiler.h>

struct shell_cmd {
	const char *name;
	const char *args;	/* usage of the arguments, e.g. "[path]"; NULL = none */
	const char *summary;	/* one line */
	const char *help;	/* longer text with examples; optional */
	int (*exec)(int argc, char **argv);
	const struct shell_cmd *sub;	/* array ended by an entry with name == NULL */
};

#define SHELL_COMMAND(id)						\
	static const struct shell_cmd shell_cmd_##id			\
		__section("shell_cmds") __used __aligned(8)

#endif
