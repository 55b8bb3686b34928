/* Shell command history: a ring of the last CONFIG_SHELL_HISTORY lines.
 * Empty lines and a repeat of the newest entry are not stored. Navigation
 * state (which entry is shown, the line being typed) belongs to the line
 * editor, so one history can serve several editors. Not locked: one owner. */
#ifndef KEEL_HISTORY_H
#define KEEL_HISTORY_H

#include <keel/types.h>
#include <keel/shell.h>

#ifndef CONFIG_SHELL_HISTORY
#ifdef UNIT_TEST
#define CONFIG_SHELL_HISTORY 8
#else
#error "CONFIG_SHELL_HISTORY is not configured"
#endif
#endif

struct history {
	char lines[CONFIG_SHELL_HISTORY][SHELL_LINE_MAX + 1];
	unsigned int next;	/* slot the next line goes to */
	unsigned int count;	/* lines stored, <= CONFIG_SHELL_HISTORY */
};

/* Empty the history. */
void history_init(struct history *h);

/* Store line (truncated to SHELL_LINE_MAX) as the newest entry, unless it is
 * empty or blank or equal to the newest entry; the oldest entry drops out
 * when the ring is full. */
void history_add(struct history *h, const char *line);

/* Number of stored lines. */
unsigned int history_count(const struct history *h);

/* The entry age steps back from the newest (0 = newest), or NULL when
 * age >= history_count(). */
const char *history_get(const struct history *h, unsigned int age);

#endif
