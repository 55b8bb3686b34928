/* Command-line parsing: shell words, ';'-separated commands, bootargs.
 *
 * The shell rules are a small subset of POSIX sh: blanks separate words,
 * quotes group, backslash escapes. Kernel command-line rules are Linux's:
 * blanks separate parameters, only double quotes group, no escapes. */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/string.h>
#include <keel/ctype.h>

/* Copy the word starting at w onto itself without quotes and escapes and
 * NUL-terminate it. Returns where the next word may start, or NULL for an
 * unterminated quote. */
static char *split_word(char *w)
{
	char *r = w, *next;
	char quote = 0;

	for (; *r; r++) {
		char c = *r;

		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else
				*w++ = c;
		} else if (c == '\\' && r[1]) {
			*w++ = *++r;
		} else if (quote) {
			if (c == '"')
				quote = 0;
			else
				*w++ = c;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (isspace((unsigned char)c)) {
			break;
		} else {
			*w++ = c;
		}
	}
	if (quote)
		return NULL;
	next = *r ? r + 1 : r;	/* before the NUL may land on *r */
	*w = '\0';
	return next;
}

/* Split line into words in place (see cmdline.h). */
int cmdline_split(char *line, char **argv, int max_args)
{
	char *p = line;
	int argc = 0;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (argc >= max_args)
			return -E2BIG;
		argv[argc++] = p;
		p = split_word(p);
		if (!p)
			return -EINVAL;
	}
	if (argc < max_args)
		argv[argc] = NULL;
	return argc;
}

/* Return the next ';'-separated command of *cursor (see cmdline.h). */
char *cmdline_next(char **cursor)
{
	char *start = *cursor, *p;
	char quote = 0;

	if (!start)
		return NULL;
	for (p = start; *p; p++) {
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
		} else if (*p == ';') {
			*p = '\0';
			*cursor = p + 1;
			return start;
		}
	}
	*cursor = NULL;
	return start;
}

/* Past the parameter starting at p: up to a blank outside double quotes. */
static const char *param_end(const char *p)
{
	bool quoted = false;

	for (; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && isspace((unsigned char)*p))
			break;
	}
	return p;
}

/* Copy the value that follows the key at v ("=value", or nothing). */
static int copy_value(const char *v, char *out, size_t out_size)
{
	const char *end = param_end(v);
	size_t len = 0;

	if (*v == '=')
		v++;
	else
		v = end;	/* bare key */
	for (; v < end; v++) {
		if (*v == '"')
			continue;
		if (len + 1 >= out_size)
			return -E2BIG;
		out[len++] = *v;
	}
	if (out_size == 0)
		return -E2BIG;
	out[len] = '\0';
	return (int)len;
}

/* Find key=value in a kernel command line (see cmdline.h). */
int bootargs_get(const char *bootargs, const char *key, char *out,
		 size_t out_size)
{
	size_t klen = strlen(key);
	const char *p = bootargs;

	if (!bootargs || klen == 0)
		return -ENOENT;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			return -ENOENT;
		if (strncmp(p, key, klen) == 0 &&
		    (p[klen] == '=' || p[klen] == '\0' ||
		     isspace((unsigned char)p[klen])))
			return copy_value(p + klen, out, out_size);
		p = param_end(p);
	}
}
