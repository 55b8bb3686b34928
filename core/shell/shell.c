/* The shell: command lookup and dispatch, error reporting, tab completion,
 * the boot command and the console thread loop.
 *
 * Top-level commands come from the "shell_cmds" linker section in link
 * order; where order shows (help, completion lists) they are visited by name
 * with shell_cmd_next(), which needs no sorted copy. Everything here runs in
 * the console thread, so the few static buffers need no lock. */
#include <keel/shell.h>
#include <keel/cmdline.h>
#include <keel/line_edit.h>
#include <keel/history.h>
#include <keel/console.h>
#include <keel/printk.h>
#include <keel/printf.h>
#include <keel/errno.h>
#include <keel/string.h>
#include <keel/ctype.h>

#define SHELL_BOOTCMD_MAX	1024	/* bytes of the boot command */
#define COMPLETE_COLUMNS	78	/* wrap of the candidate list */

#ifdef UNIT_TEST
/* A host test without registered commands still links. */
#define TABLE_LINKAGE __attribute__((weak))
#else
#define TABLE_LINKAGE
#endif

extern const struct shell_cmd __start_shell_cmds[] TABLE_LINKAGE;
extern const struct shell_cmd __stop_shell_cmds[] TABLE_LINKAGE;

static const struct shell_cmd *table_begin = __start_shell_cmds;
static const struct shell_cmd *table_end = __stop_shell_cmds;

/* Set by shell_error() while a command runs. */
static bool error_reported;

#ifdef UNIT_TEST
/* Replace the command table (NULL: back to the linker section). */
void shell_set_table(const struct shell_cmd *begin,
		     const struct shell_cmd *end)
{
	table_begin = begin ? begin : __start_shell_cmds;
	table_end = begin ? end : __stop_shell_cmds;
}
#endif

/* ------------------------------------------------------------ lookup */

/* The entry called name in a sub-command array, or with list == NULL among
 * the top-level commands. */
static const struct shell_cmd *find_in(const struct shell_cmd *list,
				       const char *name)
{
	const struct shell_cmd *c;

	if (!list) {
		for (c = table_begin; c < table_end; c++)
			if (c->name && strcmp(c->name, name) == 0)
				return c;
		return NULL;
	}
	for (c = list; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* The top-level command whose name follows prev's (NULL: the first). */
const struct shell_cmd *shell_cmd_next(const struct shell_cmd *prev)
{
	const struct shell_cmd *c, *best = NULL;

	for (c = table_begin; c < table_end; c++) {
		if (!c->name || (prev && strcmp(c->name, prev->name) <= 0))
			continue;
		if (!best || strcmp(c->name, best->name) < 0)
			best = c;
	}
	return best;
}

/* The node named by words[0..n-1], or NULL. */
const struct shell_cmd *shell_cmd_find(int n, char **words)
{
	const struct shell_cmd *node = NULL;
	int i;

	for (i = 0; i < n; i++) {
		if (node && !node->sub)
			return NULL;
		node = find_in(node ? node->sub : NULL, words[i]);
		if (!node)
			return NULL;
	}
	return node;
}

/* ------------------------------------------------------------ dispatch */

/* Print "error: <message>" for the running command; returns err. */
int shell_error(int err, const char *fmt, ...)
{
	char msg[SHELL_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("error: %s\n", msg);
	error_reported = true;
	return err;
}

/* Join words[0..n-1] with single spaces into buf. */
char *shell_join(char *buf, size_t size, int n, char **words)
{
	size_t len = 0;
	int i;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? " " : "",
				words[i]);
	return buf;
}

static int bad_subcommand(const struct shell_cmd *node, const char *path,
			  const char *word)
{
	if (word)
		printk("error: %s: unknown sub-command '%s'\n", path, word);
	else
		printk("error: %s: missing sub-command\n", path);
	shell_print_usage(node, path);
	return -EINVAL;
}

static int run_leaf(const struct shell_cmd *node, const char *path,
		    int argc, char **argv)
{
	int ret;

	error_reported = false;
	ret = node->exec(argc, argv);
	if (ret >= 0)
		return 0;
	if (!error_reported) {
		printk("error: %s: %s\n", path, strerror(ret));
		if (ret == -EINVAL)
			printk("usage: %s%s%s\n", path, node->args ? " " : "",
			       node->args ? node->args : "");
	}
	error_reported = false;
	return ret;
}

/* Dispatch one command given as words (see shell.h). */
int shell_exec_argv(int argc, char **argv)
{
	char path[SHELL_LINE_MAX + 1];
	const struct shell_cmd *node, *sub;
	int depth = 0;

	if (argc <= 0)
		return 0;
	node = find_in(NULL, argv[0]);
	if (!node) {
		printk("error: unknown command '%s' (try 'help')\n", argv[0]);
		return -ENOENT;
	}
	while (node->sub && depth + 1 < argc) {
		sub = find_in(node->sub, argv[depth + 1]);
		if (!sub)
			break;
		node = sub;
		depth++;
	}
	shell_join(path, sizeof(path), depth + 1, argv);
	if (!node->exec)
		return bad_subcommand(node, path,
				      depth + 1 < argc ? argv[depth + 1] : NULL);
	return run_leaf(node, path, argc - depth, argv + depth);
}

/* Split one command into words and dispatch it. */
static int exec_command(char *cmd)
{
	char *argv[SHELL_ARGS_MAX + 1];
	int argc = cmdline_split(cmd, argv, SHELL_ARGS_MAX);

	if (argc == -E2BIG) {
		printk("error: too many words (at most %d)\n", SHELL_ARGS_MAX);
		return argc;
	}
	if (argc < 0) {
		printk("error: unterminated quote\n");
		return argc;
	}
	return shell_exec_argv(argc, argv);
}

/* Run every ';'-separated command of line (see shell.h). */
int shell_exec_line(char *line)
{
	char *cursor = line, *cmd;
	int first = 0, ret;

	while ((cmd = cmdline_next(&cursor))) {
		ret = exec_command(cmd);
		if (ret < 0 && first == 0)
			first = ret;
	}
	return first;
}

/* Run the boot command, echoing each command after the prompt. */
int shell_run_bootcmd(const char *bootcmd)
{
	static char buf[SHELL_BOOTCMD_MAX];
	char *cursor = buf, *cmd;
	size_t len = strlen(bootcmd);
	int first = 0, ret;

	if (len >= sizeof(buf)) {
		printk("error: boot command too long (%zu bytes, at most %d)\n",
		       len, SHELL_BOOTCMD_MAX - 1);
		return -E2BIG;
	}
	memcpy(buf, bootcmd, len + 1);
	while ((cmd = cmdline_next(&cursor))) {
		while (isspace((unsigned char)*cmd))
			cmd++;
		if (!*cmd)
			continue;
		printk(SHELL_PROMPT "%s\n", cmd);
		ret = shell_exec_line(cmd);
		if (ret < 0 && first == 0)
			first = ret;
	}
	return first;
}

/* ------------------------------------------------------------ completion */

/* Add one candidate if it starts with the word being completed. */
void shell_complete_add(struct shell_completion *c, const char *name)
{
	size_t len = strlen(name), i;

	if (len > SHELL_LINE_MAX || strncmp(name, c->word, c->word_len) != 0)
		return;
	if (c->count++ == 0) {
		memcpy(c->common, name, len + 1);
		c->common_len = len;
	} else {
		for (i = 0; i < c->common_len && c->common[i] == name[i]; i++)
			;
		c->common_len = i;
		c->common[i] = '\0';
	}
	if (c->list_len + len + 1 <= sizeof(c->list)) {
		memcpy(c->list + c->list_len, name, len + 1);
		c->list_len += len + 1;
	} else {
		c->list_full = true;
	}
}

/* Offer the sub-commands of node (NULL: the top-level commands). */
static void add_names(struct shell_completion *c, const struct shell_cmd *node)
{
	const struct shell_cmd *s;

	if (!node) {
		for (s = shell_cmd_next(NULL); s; s = shell_cmd_next(s))
			shell_complete_add(c, s->name);
		return;
	}
	for (s = node->sub; s && s->name; s++)
		shell_complete_add(c, s->name);
}

/* The deepest node named by a prefix of words[0..n-1] (NULL: none);
 * *used = how many words name it. */
static const struct shell_cmd *match_words(int n, char **words, int *used)
{
	const struct shell_cmd *node = NULL, *next;
	int i = 0;

	while (i < n && (!node || node->sub)) {
		next = find_in(node ? node->sub : NULL, words[i]);
		if (!next)
			break;
		node = next;
		i++;
	}
	*used = i;
	return node;
}

/* Offer the command names that may follow words[0..n-1] (see shell.h). */
void shell_complete_command(struct shell_completion *c, int n, char **words)
{
	int used;
	const struct shell_cmd *node = match_words(n, words, &used);

	if (used == n && (!node || node->sub))
		add_names(c, node);
}

/* words[0..n-1] are complete; c->word is the partial word after them:
 * a sub-command name, or an argument for the hook of the deepest node. */
static void complete_words(struct shell_completion *c, int n, char **words)
{
	int used;
	const struct shell_cmd *node = match_words(n, words, &used);

	shell_complete_command(c, n, words);
	if (node && node->complete)
		node->complete(c, n - used + 1, words + used - 1);
}

/* Find the completions of the word ending at line[cursor] (see shell.h). */
unsigned int shell_complete(const char *line, size_t cursor,
			    struct shell_completion *c)
{
	char buf[SHELL_LINE_MAX + 1];
	char *argv[SHELL_ARGS_MAX + 1];
	char *p = buf, *seg = buf, *next;
	size_t len;
	int argc;
	bool new_word;

	c->count = c->word_len = c->common_len = c->list_len = 0;
	c->word[0] = c->common[0] = '\0';
	c->list_full = false;
	len = MIN(cursor, strnlen(line, SHELL_LINE_MAX));
	memcpy(buf, line, len);
	buf[len] = '\0';
	while ((next = cmdline_next(&p)))
		seg = next;	/* complete within the last command */
	len = strlen(seg);
	new_word = len == 0 || isspace((unsigned char)seg[len - 1]);
	argc = cmdline_split(seg, argv, SHELL_ARGS_MAX);
	if (argc < 0 || (argc == SHELL_ARGS_MAX && new_word))
		return 0;
	if (!new_word) {
		argc--;
		c->word_len = strlen(argv[argc]);
		memcpy(c->word, argv[argc], c->word_len + 1);
	}
	complete_words(c, argc, argv);
	return c->count;
}

/* Print the candidates on the lines under the edited line. */
static void show_candidates(struct line_editor *le,
			    const struct shell_completion *c)
{
	const char *name = c->list;
	size_t col = 0, len;

	le_write(le, "\r\n", 2);
	for (; name < c->list + c->list_len; name += len + 1) {
		len = strlen(name);
		if (col && col + 2 + len > COMPLETE_COLUMNS) {
			le_write(le, "\r\n", 2);
			col = 0;
		} else if (col) {
			le_write(le, "  ", 2);
			col += 2;
		}
		le_write(le, name, len);
		col += len;
	}
	if (c->list_full)
		le_write(le, "  ...", 5);
	le_write(le, "\r\n", 2);
}

/* Line-editor TAB hook (see shell.h). */
void shell_le_complete(struct line_editor *le)
{
	static struct shell_completion comp;
	struct shell_completion *c = &comp;
	unsigned int n = shell_complete(le->buf, le->cursor, c);

	if (n == 0) {
		le_bell(le);
		return;
	}
	if (c->common_len > c->word_len) {
		le_insert(le, c->common + c->word_len,
			  c->common_len - c->word_len);
		if (n > 1)
			return;	/* like bash: the next TAB lists them */
	}
	if (n == 1) {
		if (c->common_len && c->common[c->common_len - 1] != '/' &&
		    le->buf[le->cursor] != ' ')
			le_insert(le, " ", 1);
		return;
	}
	show_candidates(le, c);
	le_redraw(le);
}

/* ------------------------------------------------------------ main loop */

static void console_out(void *ctx, const char *s, size_t n)
{
	console_write(s, n);
}

/* The console thread body (see shell.h). */
void shell_main(const char *bootcmd)
{
	static struct history hist;
	static struct line_editor le;
	enum le_result r;
	int c;

	if (bootcmd && *bootcmd)
		shell_run_bootcmd(bootcmd);
	history_init(&hist);
	le_init(&le, &hist, SHELL_PROMPT);
	le.out = console_out;
	le.complete = shell_le_complete;
	for (;;) {
		le_start(&le);
		do {
			c = console_getc();
			if (c < 0)
				return;
			r = le_feed(&le, (char)c);
		} while (r == LE_CONTINUE);
		if (r == LE_LINE)
			shell_exec_line(le.buf);
	}
}
