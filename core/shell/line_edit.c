/* Line editor state machine: keys in, edited line and VT100 echo out.
 *
 * Every edit keeps the invariant of line_edit.h: the terminal row shows
 * prompt + buf and the terminal cursor sits at le->cursor. Edits that change
 * the middle of the line reprint the tail from the first changed column,
 * erase what is left of the old line with ESC[K, and walk the cursor back
 * with ESC[nD. Control keys and escape sequences map to the same small set
 * of key functions through tables. */
#include <keel/line_edit.h>
#include <keel/history.h>
#include <keel/string.h>
#include <keel/ctype.h>

#define KEY_ESC		0x1b
#define KEY_DEL		0x7f
#define CTRL(c)		((c) & 0x1f)

#define CSI_PARAM_MAX	9999u
#define CSI_PARAM_DONE	0x80000000u	/* past the first parameter */

typedef void (*le_key_fn)(struct line_editor *le);

/* ------------------------------------------------------------ output */

/* Write raw bytes to the terminal (nothing if there is no out callback). */
void le_write(struct line_editor *le, const char *s, size_t n)
{
	if (le->out && n)
		le->out(le->out_ctx, s, n);
}

static void le_puts(struct line_editor *le, const char *s)
{
	le_write(le, s, strlen(s));
}

/* Ring the terminal bell. */
void le_bell(struct line_editor *le)
{
	le_write(le, "\a", 1);
}

/* ESC [ n <op>: cursor movement by n columns. */
static void le_csi(struct line_editor *le, size_t n, char op)
{
	char seq[24];
	char digits[20];
	size_t i = 0, d = 0;

	if (n == 0)
		return;
	do {
		digits[d++] = (char)('0' + n % 10);
		n /= 10;
	} while (n && d < sizeof(digits));
	seq[i++] = KEY_ESC;
	seq[i++] = '[';
	while (d)
		seq[i++] = digits[--d];
	seq[i++] = op;
	le_write(le, seq, i);
}

static void move_left(struct line_editor *le, size_t n)
{
	if (n == 1)
		le_write(le, "\b", 1);
	else
		le_csi(le, n, 'D');
}

static void move_right(struct line_editor *le, size_t n)
{
	le_csi(le, n, 'C');
}

/* The terminal cursor is at column `from` of the line: reprint the rest,
 * erase the leftovers of a longer old line, return to le->cursor. */
static void refresh_from(struct line_editor *le, size_t from, bool erase)
{
	le_write(le, le->buf + from, le->len - from);
	if (erase)
		le_puts(le, "\x1b[K");
	move_left(le, le->len - le->cursor);
}

/* Print prompt and line on the current row; cursor back to le->cursor. */
void le_redraw(struct line_editor *le)
{
	le_write(le, "\r", 1);
	le_puts(le, le->prompt);
	refresh_from(le, 0, true);
}

/* ------------------------------------------------------------ editing */

/* Insert n bytes at the cursor and echo them (bell when the line is full). */
void le_insert(struct line_editor *le, const char *s, size_t n)
{
	size_t from = le->cursor;
	bool full = false;

	if (n > SHELL_LINE_MAX - le->len) {
		n = SHELL_LINE_MAX - le->len;
		full = true;
	}
	if (n) {
		memmove(le->buf + from + n, le->buf + from, le->len - from);
		memcpy(le->buf + from, s, n);
		le->len += n;
		le->cursor += n;
		le->buf[le->len] = '\0';
		if (le->cursor == le->len)
			le_write(le, le->buf + from, n);
		else
			refresh_from(le, from, false);
	}
	if (full)
		le_bell(le);
}

/* Remove buf[start, end) and leave the cursor at start. */
static void delete_range(struct line_editor *le, size_t start, size_t end)
{
	if (start >= end)
		return;
	move_left(le, le->cursor - start);
	memmove(le->buf + start, le->buf + end, le->len - end);
	le->len -= end - start;
	le->buf[le->len] = '\0';
	le->cursor = start;
	refresh_from(le, start, true);
}

/* Show text as the whole line, cursor at its end. */
static void replace_line(struct line_editor *le, const char *text)
{
	size_t n = strnlen(text, SHELL_LINE_MAX);

	move_left(le, le->cursor);
	memcpy(le->buf, text, n);
	le->buf[n] = '\0';
	le->len = n;
	le->cursor = n;
	refresh_from(le, 0, true);
}

static void clear_line(struct line_editor *le)
{
	le->len = 0;
	le->cursor = 0;
	le->buf[0] = '\0';
	le->hist_pos = 0;
	le->state = LE_S_NORMAL;
	le->done = false;
}

/* ------------------------------------------------------------ keys */

static void key_left(struct line_editor *le)
{
	if (le->cursor == 0)
		return;
	le->cursor--;
	move_left(le, 1);
}

static void key_right(struct line_editor *le)
{
	if (le->cursor == le->len)
		return;
	le->cursor++;
	move_right(le, 1);
}

static void key_home(struct line_editor *le)
{
	move_left(le, le->cursor);
	le->cursor = 0;
}

static void key_end(struct line_editor *le)
{
	move_right(le, le->len - le->cursor);
	le->cursor = le->len;
}

static void key_backspace(struct line_editor *le)
{
	if (le->cursor == 0)
		le_bell(le);
	else
		delete_range(le, le->cursor - 1, le->cursor);
}

static void key_delete(struct line_editor *le)
{
	delete_range(le, le->cursor, le->cursor + (le->cursor < le->len));
}

/* Ctrl-U: kill from the start of the line to the cursor (as readline). */
static void key_kill_start(struct line_editor *le)
{
	delete_range(le, 0, le->cursor);
}

static void key_kill_end(struct line_editor *le)
{
	delete_range(le, le->cursor, le->len);
}

/* Ctrl-W: kill the word before the cursor and the blanks after it. */
static void key_kill_word(struct line_editor *le)
{
	size_t start = le->cursor;

	while (start > 0 && isspace((unsigned char)le->buf[start - 1]))
		start--;
	while (start > 0 && !isspace((unsigned char)le->buf[start - 1]))
		start--;
	delete_range(le, start, le->cursor);
}

static void key_clear_screen(struct line_editor *le)
{
	le_puts(le, "\x1b[H\x1b[2J");
	le_redraw(le);
}

static void key_history_up(struct line_editor *le)
{
	const char *entry = NULL;

	if (le->hist)
		entry = history_get(le->hist, le->hist_pos);
	if (!entry) {
		le_bell(le);
		return;
	}
	if (le->hist_pos == 0)
		memcpy(le->saved, le->buf, le->len + 1);
	le->hist_pos++;
	replace_line(le, entry);
}

static void key_history_down(struct line_editor *le)
{
	if (le->hist_pos == 0) {
		le_bell(le);
		return;
	}
	le->hist_pos--;
	if (le->hist_pos == 0)
		replace_line(le, le->saved);
	else
		replace_line(le, history_get(le->hist, le->hist_pos - 1));
}

static void key_tab(struct line_editor *le)
{
	if (le->complete)
		le->complete(le);
	else
		le_bell(le);
}

/* Control characters that edit (Enter, Ctrl-C and ESC are handled apart). */
static const le_key_fn ctrl_keys[32] = {
	[CTRL('A')] = key_home,
	[CTRL('B')] = key_left,
	[CTRL('D')] = key_delete,
	[CTRL('E')] = key_end,
	[CTRL('F')] = key_right,
	[CTRL('H')] = key_backspace,
	[CTRL('I')] = key_tab,
	[CTRL('K')] = key_kill_end,
	[CTRL('L')] = key_clear_screen,
	[CTRL('N')] = key_history_down,
	[CTRL('P')] = key_history_up,
	[CTRL('U')] = key_kill_start,
	[CTRL('W')] = key_kill_word,
};

/* Final byte of ESC [ x or ESC O x (arrows, Home, End). */
static le_key_fn letter_key(char c)
{
	switch (c) {
	case 'A': return key_history_up;
	case 'B': return key_history_down;
	case 'C': return key_right;
	case 'D': return key_left;
	case 'H': return key_home;
	case 'F': return key_end;
	default:  return NULL;
	}
}

/* ESC [ n ~ (vt220 editing keypad). */
static le_key_fn tilde_key(unsigned int n)
{
	switch (n) {
	case 1: case 7: return key_home;
	case 3:         return key_delete;
	case 4: case 8: return key_end;
	default:        return NULL;
	}
}

/* ------------------------------------------------------------ input */

static void feed_csi(struct line_editor *le, char c)
{
	le_key_fn fn = NULL;

	if (isdigit(c)) {
		if (!(le->csi_param & CSI_PARAM_DONE))
			le->csi_param = MIN(le->csi_param * 10 + (unsigned)(c - '0'),
					    CSI_PARAM_MAX);
		return;
	}
	if (c >= 0x20 && c <= 0x3f) {	/* ';', other parameter/intermediate bytes */
		le->csi_param |= CSI_PARAM_DONE;
		return;
	}
	le->state = LE_S_NORMAL;
	if (c == '~')
		fn = tilde_key(le->csi_param & ~CSI_PARAM_DONE);
	else
		fn = letter_key(c);
	if (fn)
		fn(le);
}

static void feed_escape(struct line_editor *le, char c)
{
	le_key_fn fn;

	if (c == KEY_ESC) {
		le->state = LE_S_ESC;
		return;
	}
	switch (le->state) {
	case LE_S_ESC:
		le->csi_param = 0;
		if (c == '[')
			le->state = LE_S_CSI;
		else if (c == 'O')
			le->state = LE_S_SS3;
		else
			le->state = LE_S_NORMAL;	/* Alt-<key>: ignored */
		break;
	case LE_S_SS3:
		le->state = LE_S_NORMAL;
		fn = letter_key(c);
		if (fn)
			fn(le);
		break;
	default:
		feed_csi(le, c);
		break;
	}
}

static enum le_result finish_line(struct line_editor *le)
{
	le_puts(le, "\r\n");
	le->buf[le->len] = '\0';
	if (le->hist)
		history_add(le->hist, le->buf);
	le->done = true;
	return LE_LINE;
}

static enum le_result interrupt_line(struct line_editor *le)
{
	le_puts(le, "^C\r\n");
	clear_line(le);
	le->done = true;
	return LE_INTERRUPT;
}

/* Process one received byte (see line_edit.h). */
enum le_result le_feed(struct line_editor *le, char c)
{
	bool after_cr = le->after_cr;

	le->after_cr = (c == '\r');
	if (c == '\n' && after_cr)
		return LE_CONTINUE;	/* the LF of CR LF */
	if (le->done)
		clear_line(le);
	if (le->state != LE_S_NORMAL) {
		/* ESC restarts a sequence; another control byte aborts it
		 * and counts as itself. */
		if (c == KEY_ESC || (unsigned char)c >= 0x20) {
			feed_escape(le, c);
			return LE_CONTINUE;
		}
		le->state = LE_S_NORMAL;
	}
	if (c == '\r' || c == '\n')
		return finish_line(le);
	if (c == CTRL('C'))
		return interrupt_line(le);
	if (c == KEY_ESC)
		le->state = LE_S_ESC;
	else if (c == KEY_DEL)
		key_backspace(le);
	else if ((unsigned char)c < 0x20 && ctrl_keys[(unsigned char)c])
		ctrl_keys[(unsigned char)c](le);
	else if (isprint((unsigned char)c))
		le_insert(le, &c, 1);
	return LE_CONTINUE;
}

/* Begin a new, empty line and print the prompt. */
void le_start(struct line_editor *le)
{
	clear_line(le);
	le_puts(le, le->prompt);
}

/* Initialise an editor (no echo, no completion until the caller sets them). */
void le_init(struct line_editor *le, struct history *h, const char *prompt)
{
	memset(le, 0, sizeof(*le));
	le->hist = h;
	le->prompt = prompt ? prompt : "";
}
