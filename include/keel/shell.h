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

#define SHELL_LINE_MAX		256	/* characters in one input line */
#define SHELL_ARGS_MAX		32	/* words in one command */
#define SHELL_PROMPT		"keel# "
#define SHELL_COMPLETE_LIST	1024	/* bytes of candidate names kept */

struct shell_completion;

struct shell_cmd {
	const char *name;
	const char *args;	/* usage of the arguments, e.g. "[path]"; NULL = none */
	const char *summary;	/* one line */
	const char *help;	/* longer text with examples; optional */
	int (*exec)(int argc, char **argv);
	const struct shell_cmd *sub;	/* array ended by an entry with name == NULL */
	/* Optional: offer completions for an argument of this leaf. argv[0] is
	 * the leaf's name, argv[1..argc-1] the complete words before the one
	 * being completed (c->word). Call shell_complete_add() for each
	 * candidate; it drops those that do not start with c->word. */
	void (*complete)(struct shell_completion *c, int argc, char **argv);
};

#define SHELL_COMMAND(id)						\
	static const struct shell_cmd shell_cmd_##id			\
		__section("shell_cmds") __used __aligned(8)

/* Candidates for the word under the cursor (filled by shell_complete()). */
struct shell_completion {
	char word[SHELL_LINE_MAX + 1];	/* the partial word being completed */
	size_t word_len;
	unsigned int count;		/* candidates that start with word */
	char common[SHELL_LINE_MAX + 1];	/* their longest common prefix */
	size_t common_len;
	char list[SHELL_COMPLETE_LIST];	/* candidate names, NUL-separated */
	size_t list_len;
	bool list_full;			/* some names did not fit in list */
};

/* Run one input line: commands separated by ';' (outside quotes), each split
 * into words and dispatched. Errors are printed; the remaining commands still
 * run. Modifies line. Shell thread. Returns 0 or the first error. */
int shell_exec_line(char *line);

/* Dispatch one command given as words (argv[0] = top-level command). Prints
 * "error: ..." on an unknown command, a missing or unknown sub-command (with
 * the node's usage) or a failing exec. Shell thread. Returns 0 or -errno. */
int shell_exec_argv(int argc, char **argv);

/* Run the boot command (commands separated by ';'), echoing each one after
 * the prompt before running it. Shell thread. Returns 0 or the first error. */
int shell_run_bootcmd(const char *bootcmd);

/* The console thread body: runs bootcmd (may be NULL), then reads lines from
 * the console and runs them. Returns only if console_getc() reports end of
 * input (never on the hardware console). */
void shell_main(const char *bootcmd);

/* For commands: print "error: <message>" and return err (a negative errno
 * code). The dispatcher then does not print its generic error line for this
 * command. Shell thread. */
int shell_error(int err, const char *fmt, ...) __printf(2, 3);

/* Find the completions of the word that ends at line[cursor] (command,
 * sub-command, or an argument through the leaf's complete hook). Fills *c.
 * Any context that may use ~1.5 KiB of stack. Returns c->count. */
unsigned int shell_complete(const char *line, size_t cursor,
			    struct shell_completion *c);

/* Add one candidate (ignored unless it starts with c->word). */
void shell_complete_add(struct shell_completion *c, const char *name);

/* Add the command or sub-command names that may follow words[0..n-1]
 * (n = 0: the top-level commands); none when the words do not name a node
 * with sub-commands. For hooks of commands that take a command path. */
void shell_complete_command(struct shell_completion *c, int n, char **words);

/* Line-editor TAB hook: completes the word at the cursor; a unique match is
 * completed and followed by a space, several are extended to their common
 * prefix or else listed under the line, then the line is redrawn. */
struct line_editor;
void shell_le_complete(struct line_editor *le);

/* Walking the tree (help, usage). Top-level commands in name order:
 * shell_cmd_next(NULL) is the first, NULL after the last. */
const struct shell_cmd *shell_cmd_next(const struct shell_cmd *prev);

/* The node named by words[0..n-1] (top-level command, then sub-commands),
 * or NULL. */
const struct shell_cmd *shell_cmd_find(int n, char **words);

/* Print "usage:" and one aligned line (path, args, summary) for node and
 * for each leaf below it; path is node's full path ("host cpu"). */
void shell_print_usage(const struct shell_cmd *node, const char *path);

/* Print every leaf command of the tree, aligned, one line each. */
void shell_print_all(void);

/* Join words[0..n-1] with single spaces into buf (truncated to size).
 * Returns buf. */
char *shell_join(char *buf, size_t size, int n, char **words);

#ifdef UNIT_TEST
/* Use [begin, end) instead of the linker section; NULL restores it. */
void shell_set_table(const struct shell_cmd *begin,
		     const struct shell_cmd *end);
#endif

#endif
