/* The `help` command and the usage listings the dispatcher prints.
 *
 * Listings walk the command tree depth-first; every node with an exec
 * function is one line: its full path and arguments, padded to a common
 * column, then its summary. The column is measured by a first walk. */
#include <keel/shell.h>
#include <keel/printk.h>
#include <keel/printf.h>
#include <keel/errno.h>
#include <keel/string.h>

#define PATH_SIZE	(SHELL_LINE_MAX + 1)
#define WALK_DEPTH_MAX	8	/* deeper sub-commands are not listed */
#define COLUMN_MAX	40	/* longer usages push their summary right */

struct listing {
	size_t width;		/* column of the summaries */
	const char *indent;
};

typedef void (*leaf_fn)(const struct shell_cmd *leaf, const char *path,
			struct listing *ls);

/* "path args" of a leaf into buf; returns its length. */
static size_t leaf_usage(char *buf, size_t size, const struct shell_cmd *leaf,
			 const char *path)
{
	int n = snprintf(buf, size, "%s%s%s", path, leaf->args ? " " : "",
			 leaf->args ? leaf->args : "");

	return MIN((size_t)n, size - 1);
}

static void measure_leaf(const struct shell_cmd *leaf, const char *path,
			 struct listing *ls)
{
	char usage[PATH_SIZE];
	size_t len = leaf_usage(usage, sizeof(usage), leaf, path);

	ls->width = MAX(ls->width, MIN(len, (size_t)COLUMN_MAX));
}

static void print_leaf(const struct shell_cmd *leaf, const char *path,
		       struct listing *ls)
{
	char usage[PATH_SIZE];

	leaf_usage(usage, sizeof(usage), leaf, path);
	printk("%s%-*s  %s\n", ls->indent, (int)ls->width, usage,
	       leaf->summary ? leaf->summary : "");
}

/* Call fn for node and each node below it that can run; path[0..len) is
 * node's full path and is extended in place. */
static void walk(const struct shell_cmd *node, char *path, size_t len,
		 int depth, leaf_fn fn, struct listing *ls)
{
	const struct shell_cmd *s;
	int n;

	if (node->exec)
		fn(node, path, ls);
	if (depth >= WALK_DEPTH_MAX)
		return;
	for (s = node->sub; s && s->name; s++) {
		n = snprintf(path + len, PATH_SIZE - len, " %s", s->name);
		if (n > 0 && len + (size_t)n < PATH_SIZE)
			walk(s, path, len + n, depth + 1, fn, ls);
		path[len] = '\0';
	}
}

static void walk_from(const struct shell_cmd *node, const char *path,
		      leaf_fn fn, struct listing *ls)
{
	char buf[PATH_SIZE];
	int n = snprintf(buf, sizeof(buf), "%s", path);

	walk(node, buf, MIN((size_t)n, sizeof(buf) - 1), 0, fn, ls);
}

/* Usage of node and of every leaf below it (see shell.h). */
void shell_print_usage(const struct shell_cmd *node, const char *path)
{
	struct listing ls = { .width = 0, .indent = "  " };

	if (!node->sub) {
		printk("usage: %s%s%s\n", path, node->args ? " " : "",
		       node->args ? node->args : "");
		if (node->summary)
			printk("  %s\n", node->summary);
		return;
	}
	walk_from(node, path, measure_leaf, &ls);
	printk("usage:\n");
	walk_from(node, path, print_leaf, &ls);
}

/* Every leaf of every top-level command, by name (see shell.h). */
void shell_print_all(void)
{
	struct listing ls = { .width = 0, .indent = "" };
	const struct shell_cmd *c;

	for (c = shell_cmd_next(NULL); c; c = shell_cmd_next(c))
		walk_from(c, c->name, measure_leaf, &ls);
	for (c = shell_cmd_next(NULL); c; c = shell_cmd_next(c))
		walk_from(c, c->name, print_leaf, &ls);
}

/* help [command [sub-command...]] */
static int cmd_help(int argc, char **argv)
{
	char path[PATH_SIZE];
	const struct shell_cmd *node;
	size_t len;

	if (argc < 2) {
		shell_print_all();
		printk("Type 'help <command>' for details and examples.\n");
		return 0;
	}
	node = shell_cmd_find(argc - 1, argv + 1);
	shell_join(path, sizeof(path), argc - 1, argv + 1);
	if (!node)
		return shell_error(-ENOENT, "help: unknown command '%s' (try 'help')",
				   path);
	if (node->sub && node->summary)
		printk("%s - %s\n", path, node->summary);
	shell_print_usage(node, path);
	if (node->help) {
		len = strlen(node->help);
		printk("\n%s%s", node->help,
		       len && node->help[len - 1] == '\n' ? "" : "\n");
	}
	return 0;
}

/* help's arguments are a command path. */
static void complete_help(struct shell_completion *c, int argc, char **argv)
{
	shell_complete_command(c, argc - 1, argv + 1);
}

SHELL_COMMAND(help) = {
	.name = "help",
	.args = "[command...]",
	.summary = "List the commands, or show how to use one",
	.help = "Examples:\n"
		"  help               every command, one line each\n"
		"  help host          the host sub-commands\n"
		"  help host cpu info usage of one command",
	.exec = cmd_help,
	.complete = complete_help,
};
