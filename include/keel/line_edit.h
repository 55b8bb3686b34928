/* Line editor: an I/O-free state machine that turns received bytes into an
 * edited line. Feed it one byte at a time; it answers with what happened and
 * writes its echo (VT100/ANSI sequences) through the out callback, so the
 * same code drives the console and the unit tests.
 *
 * The display model: the prompt and the line sit on one terminal row, the
 * terminal cursor at column strlen(prompt) + cursor. Every edit leaves the
 * screen equal to prompt + buf. Not locked: one owner thread. */
#ifndef KEEL_LINE_EDIT_H
#define KEEL_LINE_EDIT_H

#include <keel/types.h>
#include <keel/shell.h>

struct history;

enum le_result {
	LE_CONTINUE,	/* keep feeding */
	LE_LINE,	/* a complete line is in le->buf (NUL-terminated) */
	LE_INTERRUPT,	/* Ctrl-C: the line was dropped */
};

enum le_state {
	LE_S_NORMAL,
	LE_S_ESC,	/* got ESC */
	LE_S_CSI,	/* got ESC [ , collecting parameters */
	LE_S_SS3,	/* got ESC O */
};

struct line_editor {
	char buf[SHELL_LINE_MAX + 1];
	size_t len;		/* characters in buf */
	size_t cursor;		/* insertion point, 0..len */
	const char *prompt;
	struct history *hist;	/* may be NULL: no history */
	unsigned int hist_pos;	/* 0 = the line being typed, n = n-th newest */
	char saved[SHELL_LINE_MAX + 1];	/* the line being typed, while browsing */
	enum le_state state;
	unsigned int csi_param;	/* first numeric parameter of a CSI sequence */
	bool after_cr;		/* last byte was CR: a following LF is eaten */
	bool done;		/* a line was returned: start afresh */
	/* Echo: called with bytes for the terminal. NULL = no echo. */
	void (*out)(void *ctx, const char *s, size_t n);
	void *out_ctx;
	/* TAB: may call le_insert(), le_write(), le_redraw(). NULL = bell. */
	void (*complete)(struct line_editor *le);
};

/* Set up an editor with an empty line; out and complete start as NULL. */
void le_init(struct line_editor *le, struct history *h, const char *prompt);

/* Begin a new line: empty the buffer and print the prompt. */
void le_start(struct line_editor *le);

/* Process one received byte. Returns LE_CONTINUE, LE_LINE (le->buf holds the
 * line, which was added to the history) or LE_INTERRUPT. The next byte after
 * LE_LINE/LE_INTERRUPT starts a new line (without printing the prompt: call
 * le_start() for that). */
enum le_result le_feed(struct line_editor *le, char c);

/* Insert n bytes at the cursor and echo them; rings the bell and stops at
 * SHELL_LINE_MAX. For completion hooks. */
void le_insert(struct line_editor *le, const char *s, size_t n);

/* Write raw bytes to the terminal. */
void le_write(struct line_editor *le, const char *s, size_t n);

/* Print the prompt and the line on the current (fresh) row and put the
 * terminal cursor back at le->cursor. */
void le_redraw(struct line_editor *le);

/* Ring the terminal bell. */
void le_bell(struct line_editor *le);

#endif
