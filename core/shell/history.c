/* Shell command history: a fixed ring of lines, newest last. */
#include <keel/history.h>
#include <keel/string.h>
#include <keel/ctype.h>

/* Initialise an empty history. */
void history_init(struct history *h)
{
	h->next = 0;
	h->count = 0;
}

static bool line_is_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* Add line as the newest entry (see history.h for what is skipped). */
void history_add(struct history *h, const char *line)
{
	const char *newest = history_get(h, 0);
	size_t len;

	if (line_is_blank(line))
		return;
	if (newest && strcmp(newest, line) == 0)
		return;
	len = strnlen(line, SHELL_LINE_MAX);
	memcpy(h->lines[h->next], line, len);
	h->lines[h->next][len] = '\0';
	h->next = (h->next + 1) % CONFIG_SHELL_HISTORY;
	if (h->count < CONFIG_SHELL_HISTORY)
		h->count++;
}

/* Number of stored entries. */
unsigned int history_count(const struct history *h)
{
	return h->count;
}

/* Entry `age` steps back from the newest, or NULL. */
const char *history_get(const struct history *h, unsigned int age)
{
	unsigned int slot;

	if (age >= h->count)
		return NULL;
	slot = (h->next + CONFIG_SHELL_HISTORY - 1 - age) % CONFIG_SHELL_HISTORY;
	return h->lines[slot];
}
