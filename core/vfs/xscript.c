/* xscript: the boot-script parser and runner (syntax in xscript.h).
 *
 * The parser copies one line at a time into the iterator, cuts the comment
 * off with the same quoting rules as cmdline_next() (so a '#' or ';' in
 * quotes stays text) and hands out its ';'-separated commands. The runner
 * splits each command into words and dispatches it through the shell.
 *
 * Nesting: a command of a script may run another script (`vfs run`), which
 * re-enters xscript_run() below shell_exec_argv(). The depth and the two
 * flags that tell a script why its `vfs run` line failed are plain statics:
 * scripts run only in the shell thread. Each level's state is allocated on
 * the heap so that deep nesting costs little stack. */
#include <keel/xscript.h>
#include <keel/cmdline.h>
#include <keel/ctype.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <keel/vfs.h>

#define STR_(x)	#x
#define STR(x)	STR_(x)

/* One running script. */
struct xscript_run {
	struct xscript_iter it;
	const char *name;
	char *argv[SHELL_ARGS_MAX + 1];
	bool keep_going;		/* `onerror continue` seen */
	int first_err;
	unsigned int first_line;	/* of first_err */
	unsigned int nr_failed;		/* commands, after `onerror continue` */
};

static unsigned int run_depth;	/* scripts running now */
static bool too_deep;		/* a script was refused: nested too deeply */
static bool nested_failed;	/* a script stopped, its error reported */

/* ------------------------------------------------------------ parser */

void xscript_iter_init(struct xscript_iter *it, const char *buf, size_t len)
{
	it->buf = buf;
	it->len = buf ? len : 0;
	it->pos = 0;
	if (it->len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		it->pos = 3;	/* a UTF-8 byte-order mark, as editors write */
	it->line = 0;
	it->text[0] = '\0';
	it->cursor = NULL;
}

/* Cut s at the first '#' outside quotes. Returns 0, or -EINVAL when a quote
 * is left open. The rules are those of cmdline_next(). */
static int strip_comment(char *s)
{
	char quote = 0;

	for (char *p = s; *p; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (quote) {
			if (*p == '"')
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '#') {
			*p = '\0';
			break;
		}
	}
	return quote ? -EINVAL : 0;
}

/* Copy the next line into it->text. Returns 1, 0 at the end of the buffer,
 * or a parse error of that line. */
static int read_line(struct xscript_iter *it)
{
	const char *start = it->buf + it->pos, *nl;
	size_t n;

	it->cursor = NULL;
	if (it->pos >= it->len)
		return 0;
	it->line++;
	nl = memchr(start, '\n', it->len - it->pos);
	n = nl ? (size_t)(nl - start) : it->len - it->pos;
	it->pos += n + (nl ? 1 : 0);
	if (n && start[n - 1] == '\r')
		n--;
	if (memchr(start, '\0', n))
		return -EILSEQ;
	if (n > SHELL_LINE_MAX)
		return -E2BIG;
	memcpy(it->text, start, n);
	it->text[n] = '\0';
	if (strip_comment(it->text))
		return -EINVAL;
	it->cursor = it->text;
	return 1;
}

/* The next non-blank command of the script (see xscript.h). */
int xscript_next(struct xscript_iter *it, char **cmd)
{
	char *c, *end;
	int ret;

	for (;;) {
		while ((c = cmdline_next(&it->cursor))) {
			while (isspace((unsigned char)*c))
				c++;
			end = c + strlen(c);
			while (end > c && isspace((unsigned char)end[-1]))
				*--end = '\0';
			if (*c) {
				*cmd = c;
				return 1;
			}
		}
		ret = read_line(it);
		if (ret <= 0)
			return ret;
	}
}

const char *xscript_strerror(int err)
{
	switch (err) {
	case -E2BIG:	return "line too long (at most " STR(SHELL_LINE_MAX)
				" characters)";
	case -EILSEQ:	return "NUL byte in line (not a text file?)";
	case -EINVAL:	return "unterminated quote";
	default:	return strerror(err);
	}
}

/* ------------------------------------------------------------ runner */

/* Report err for the current line; returns err. */
static int fail(struct xscript_run *r, int err, const char *msg)
{
	return shell_error(err, "%s:%u: %s", r->name, r->it.line, msg);
}

/* `onerror continue|stop`. */
static int directive_onerror(struct xscript_run *r, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "continue") == 0)
		r->keep_going = true;
	else if (argc == 2 && strcmp(argv[1], "stop") == 0)
		r->keep_going = false;
	else
		return fail(r, -EINVAL, "usage: onerror continue|stop");
	return 0;
}

/* Split one command into words and run it. */
static int run_command(struct xscript_run *r, char *cmd)
{
	char why[SHELL_LINE_MAX + 48];
	const char *msg;
	bool known;
	int argc, ret;

	argc = cmdline_split(cmd, r->argv, SHELL_ARGS_MAX);
	if (argc == -E2BIG)
		return fail(r, argc, "too many words in a command");
	if (argc < 0)
		return fail(r, argc, xscript_strerror(argc));
	if (argc == 0)
		return 0;
	if (strcmp(r->argv[0], "onerror") == 0)
		return directive_onerror(r, argc, r->argv);
	too_deep = nested_failed = false;
	known = shell_cmd_find(1, r->argv) != NULL;
	snprintf(why, sizeof(why), "unknown command '%s'", r->argv[0]);
	ret = shell_exec_argv(argc, r->argv);
	if (ret >= 0)
		return 0;
	if (too_deep)
		msg = "scripts nested too deeply";
	else if (nested_failed)
		msg = "nested script failed";
	else
		msg = known ? strerror(ret) : why;
	too_deep = nested_failed = false;
	return fail(r, ret, msg);
}

/* Run every command of the script; returns 0 or the error to report. */
static int run_all(struct xscript_run *r)
{
	char *cmd;
	int ret;

	while ((ret = xscript_next(&r->it, &cmd)) != 0) {
		if (ret > 0)
			ret = run_command(r, cmd);
		else
			ret = fail(r, ret, xscript_strerror(ret));
		if (ret >= 0)
			continue;
		if (!r->keep_going)
			return ret;
		if (!r->first_err) {
			r->first_err = ret;
			r->first_line = r->it.line;
		}
		r->nr_failed++;
	}
	if (!r->first_err)
		return 0;
	/* also tells the shell that the error was reported */
	return shell_error(r->first_err, "%s: %u command(s) failed, the first on line %u",
			   r->name, r->nr_failed, r->first_line);
}

/* A script may not start: XSCRIPT_DEPTH_MAX are running. The script whose
 * line tried reports it as "nested too deeply". */
static int refuse_too_deep(const char *name)
{
	too_deep = true;
	return shell_error(-ELOOP, "%s: not run: scripts nested more than %d deep",
			   name, XSCRIPT_DEPTH_MAX);
}

/* Run a script held in memory (see xscript.h). */
int xscript_run(const char *name, const char *buf, size_t len)
{
	struct xscript_run *r;
	int ret;

	if (run_depth >= XSCRIPT_DEPTH_MAX)
		return refuse_too_deep(name);
	r = kzalloc(sizeof(*r));
	if (!r)
		return shell_error(-ENOMEM, "%s: out of memory", name);
	r->name = name;
	xscript_iter_init(&r->it, buf, len);
	run_depth++;
	ret = run_all(r);
	run_depth--;
	kfree(r);
	nested_failed = ret < 0;
	return ret;
}

/* Read a script file and run it (see xscript.h). */
int xscript_run_file(const char *path)
{
	void *data;
	size_t len;
	int ret;

	if (run_depth >= XSCRIPT_DEPTH_MAX)
		return refuse_too_deep(path);
	ret = vfs_read_file(path, &data, &len, XSCRIPT_SIZE_MAX);
	if (ret == -E2BIG)
		return shell_error(ret, "%s: script larger than %d bytes", path,
				   XSCRIPT_SIZE_MAX);
	if (ret)
		return shell_error(ret, "%s: %s", path, strerror(ret));
	ret = xscript_run(path, data, len);
	kfree(data);
	return ret;
}
