/* xscript: Keel's boot-script language (core/vfs/xscript.c).
 *
 * A script is a text file of shell commands, run by `vfs run <file>`:
 *
 *   # boot.xscript: set up the first guest
 *   vfs mount vda /data            # a comment runs to the end of the line
 *   vfs cat /system/banner.txt; host info
 *   onerror continue               # from here on, a failing line does not stop
 *   vfs cat "/notes/a #1.txt"      # '#' and ';' inside quotes are plain text
 *
 * - One command per line; ';' separates several commands on one line and
 *   words are split exactly as at the shell prompt (quotes, backslash).
 * - '#' outside quotes (and not escaped as \#) starts a comment.
 * - Blank and comment-only lines are skipped; lines may end in LF or CR LF
 *   (a UTF-8 byte-order mark at the start is skipped too).
 * - A line longer than SHELL_LINE_MAX characters, a NUL byte or an
 *   unterminated quote is an error of that line.
 * - The first failing command stops the script with
 *   "error: <file>:<line>: <message>" (after the command's own error
 *   line; the message is the text of its error code). The directive
 *   `onerror continue` makes later failures print the same line and go on;
 *   such a script ends with "error: <file>: N command(s) failed, the first
 *   on line L" and returns the first error. `onerror stop` restores the
 *   default. The directive applies to the rest of the script that holds
 *   it, not to scripts it runs or that run it.
 * - Scripts may run scripts (`vfs run` inside a script) up to
 *   XSCRIPT_DEPTH_MAX levels; one level deeper fails with
 *   "<file>:<line>: scripts nested too deeply". A failing nested script
 *   reports its own line, and each script above it reports the line that
 *   ran it ("nested script failed").
 *
 * The parser (xscript_iter_*) is pure string code usable anywhere; the
 * runner dispatches through the shell and so runs in the shell thread. */
#ifndef KEEL_XSCRIPT_H
#define KEEL_XSCRIPT_H

#include <keel/types.h>
#include <keel/shell.h>

#define XSCRIPT_DEPTH_MAX	8		/* scripts running scripts */
#define XSCRIPT_SIZE_MAX	(256 * 1024)	/* bytes of one script file */

/* Parser state: walks a script buffer, returning its commands. */
struct xscript_iter {
	const char *buf;
	size_t len;
	size_t pos;			/* start of the next line in buf */
	unsigned int line;		/* 1-based number of the current line */
	char text[SHELL_LINE_MAX + 1];	/* current line, comment removed */
	char *cursor;			/* next command in text; NULL: none */
};

/* Start iterating over the len bytes at buf (not copied: buf must live as
 * long as the iterator). Any context. */
void xscript_iter_init(struct xscript_iter *it, const char *buf, size_t len);

/*
 * The next non-blank command of the script, in the order written, with
 * surrounding blanks removed (*cmd points into it->text and stays valid
 * until the next call; it->line is its line number). Any context.
 * Returns 1 with *cmd set, 0 at the end of the script, or an error of line
 * it->line: -E2BIG (line longer than SHELL_LINE_MAX), -EILSEQ (NUL byte) or
 * -EINVAL (unterminated quote). After an error the next call goes on with
 * the following line.
 */
int xscript_next(struct xscript_iter *it, char **cmd);

/* Text for a parse error of xscript_next(). */
const char *xscript_strerror(int err);

/* Run the script held in buf (len bytes); name is used in messages. Each
 * command goes to shell_exec_argv(). Shell thread. Returns 0, the error of
 * the failing command (or the first one, after `onerror continue`), or
 * -ELOOP when XSCRIPT_DEPTH_MAX scripts are already running. */
int xscript_run(const char *name, const char *buf, size_t len);

/* Read the script file at path (through vfs_read_file(), at most
 * XSCRIPT_SIZE_MAX bytes) and run it. A file that cannot be read is
 * reported with shell_error(). Shell thread. Returns as xscript_run(). */
int xscript_run_file(const char *path);

#endif
