/* Command-line parsing shared by the shell and boot code: splitting a line
 * into words (shell quoting rules), into ';'-separated commands, and finding
 * a key=value in the kernel command line (bootargs). Pure string code: any
 * context, no allocation. */
#ifndef KEEL_CMDLINE_H
#define KEEL_CMDLINE_H

#include <keel/types.h>

/*
 * Split line in place into words separated by blanks. "double" and 'single'
 * quotes group blanks into a word and are removed (a"b c"d is one word,
 * "" is an empty word); a backslash takes the next character literally,
 * outside quotes and inside double quotes (nothing is special inside single
 * quotes). argv receives up to max_args words, followed by NULL when there
 * is room. Returns the number of words, -E2BIG when there are more than
 * max_args, or -EINVAL for an unterminated quote.
 */
int cmdline_split(char *line, char **argv, int max_args);

/*
 * Iterate over the ';'-separated commands of a line, in place: returns the
 * next command (NUL-terminated where its ';' was) and advances *cursor, or
 * NULL when the line is used up. ';' inside quotes or after a backslash does
 * not separate. Commands may be empty or blank ("a;;b").
 *
 *   char *p = line, *cmd;
 *   while ((cmd = cmdline_next(&p)))
 *           ...
 */
char *cmdline_next(char **cursor);

/*
 * Find key=value among the blank-separated parameters of a kernel command
 * line (the first match). The key must be a whole parameter name ("a.b"
 * does not match "xa.b=1" nor "a.bc=1"). The value may be double-quoted
 * to hold blanks and ';' (key="a b;c"); the quotes are removed. A bare key
 * without '=' has an empty value. Copies the value, NUL-terminated, to out.
 * Returns its length, -ENOENT when key is absent, or -E2BIG when the value
 * does not fit in out_size bytes.
 */
int bootargs_get(const char *bootargs, const char *key, char *out,
		 size_t out_size);

#endif
