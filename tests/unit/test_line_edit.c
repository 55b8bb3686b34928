/* Unit tests of the line editor (core/shell/line_edit.c) and the history
 * ring (core/shell/history.c).
 *
 * Keystrokes are fed byte by byte; the echo is captured and replayed on a
 * small VT100 screen model, so the tests check what a terminal would show:
 * after every edit the cursor row must read prompt + line and the terminal
 * cursor must sit at the editor's cursor. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/line_edit.h>
#include <keel/history.h>
#include <keel/string.h>

#define PROMPT		"keel# "
#define SCREEN_ROWS	8
#define SCREEN_COLS	400
#define OUT_SIZE	65536

/* ------------------------------------------------------------ fixtures */

struct term {
	char out[OUT_SIZE];	/* raw echo since the last reset */
	size_t out_len;
	char screen[SCREEN_ROWS][SCREEN_COLS + 1];
	int row, col;
	int bells;
	int esc;		/* 0, 1 = got ESC, 2 = in CSI */
	unsigned int param;
};

static struct term term;
static struct history hist;
static struct line_editor le;
static int tab_calls;

static void screen_scroll(void)
{
	memmove(term.screen[0], term.screen[1],
		sizeof(term.screen[0]) * (SCREEN_ROWS - 1));
	memset(term.screen[SCREEN_ROWS - 1], ' ', SCREEN_COLS);
	term.row = SCREEN_ROWS - 1;
}

static void screen_clear(void)
{
	for (int r = 0; r < SCREEN_ROWS; r++) {
		memset(term.screen[r], ' ', SCREEN_COLS);
		term.screen[r][SCREEN_COLS] = '\0';
	}
}

static void screen_csi(char op)
{
	unsigned int n = term.param ? term.param : 1;

	switch (op) {
	case 'D': term.col = term.col > (int)n ? term.col - (int)n : 0; break;
	case 'C': term.col += (int)n; break;
	case 'K': memset(&term.screen[term.row][term.col], ' ',
			 SCREEN_COLS - term.col); break;
	case 'H': term.row = 0; term.col = 0; break;
	case 'J': if (term.param == 2) screen_clear(); break;
	default: fail_msg("unexpected CSI %c", op);
	}
	assert_true(term.col <= SCREEN_COLS);
}

static void screen_byte(char c)
{
	if (term.esc == 1) {
		assert_int_equal(c, '[');
		term.esc = 2;
		term.param = 0;
	} else if (term.esc == 2) {
		if (c >= '0' && c <= '9') {
			term.param = term.param * 10 + (unsigned)(c - '0');
		} else {
			term.esc = 0;
			screen_csi(c);
		}
	} else if (c == 0x1b) {
		term.esc = 1;
	} else if (c == '\r') {
		term.col = 0;
	} else if (c == '\n') {
		if (++term.row == SCREEN_ROWS)
			screen_scroll();
	} else if (c == '\b') {
		assert_true(term.col > 0);
		term.col--;
	} else if (c == '\a') {
		term.bells++;
	} else {
		assert_true(c >= 0x20 && c < 0x7f);
		assert_true(term.col < SCREEN_COLS);
		term.screen[term.row][term.col++] = c;
	}
}

static void capture(void *ctx, const char *s, size_t n)
{
	assert_ptr_equal(ctx, &term);
	for (size_t i = 0; i < n; i++) {
		if (term.out_len < OUT_SIZE - 1)
			term.out[term.out_len++] = s[i];
		screen_byte(s[i]);
	}
	term.out[term.out_len] = '\0';
}

static void reset_output(void)
{
	term.out_len = 0;
	term.out[0] = '\0';
	term.bells = 0;
}

static void fake_complete(struct line_editor *l)
{
	tab_calls++;
	le_insert(l, "XY", 2);
}

static int setup(void **state)
{
	memset(&term, 0, sizeof(term));
	screen_clear();
	history_init(&hist);
	le_init(&le, &hist, PROMPT);
	le.out = capture;
	le.out_ctx = &term;
	tab_calls = 0;
	le_start(&le);
	return 0;
}

/* Text of a screen row without trailing blanks. */
static const char *row_text(int row)
{
	static char text[SCREEN_COLS + 1];
	int n = SCREEN_COLS;

	memcpy(text, term.screen[row], SCREEN_COLS);
	while (n > 0 && text[n - 1] == ' ')
		n--;
	text[n] = '\0';
	return text;
}

/* The terminal shows prompt + line with the cursor at le.cursor. */
static void check_screen(void)
{
	char want[SHELL_LINE_MAX + sizeof(PROMPT) + 1];
	size_t n = strlen(le.buf);

	assert_int_equal(n, le.len);
	memcpy(want, PROMPT, strlen(PROMPT));
	memcpy(want + strlen(PROMPT), le.buf, n + 1);
	n += strlen(PROMPT);
	while (n && want[n - 1] == ' ')
		want[--n] = '\0';	/* rows are trimmed */
	assert_string_equal(row_text(term.row), want);
	assert_int_equal(term.col, (int)(strlen(PROMPT) + le.cursor));
}

/* Feed bytes; returns the result of the last one. */
static enum le_result feed(const char *s, size_t n)
{
	enum le_result r = LE_CONTINUE;

	for (size_t i = 0; i < n; i++)
		r = le_feed(&le, s[i]);
	return r;
}

#define FEED(lit)	feed(lit, sizeof(lit) - 1)

#define LEFT	"\x1b[D"
#define RIGHT	"\x1b[C"
#define UP	"\x1b[A"
#define DOWN	"\x1b[B"
#define DEL	"\x1b[3~"

/* Type a line and press Enter; returns the line's result. */
static enum le_result type_line(const char *s)
{
	feed(s, strlen(s));
	return le_feed(&le, '\r');
}

/* ------------------------------------------------------------ insertion */

static void test_insert_echo(void **state)
{
	reset_output();
	assert_int_equal(FEED("hello"), LE_CONTINUE);
	assert_string_equal(le.buf, "hello");
	assert_int_equal(le.cursor, 5);
	assert_string_equal(term.out, "hello");	/* plain echo, nothing else */
	check_screen();
	assert_int_equal(le_feed(&le, '\r'), LE_LINE);
	assert_string_equal(le.buf, "hello");
	assert_string_equal(term.out, "hello\r\n");
}

static void test_insert_middle(void **state)
{
	FEED("helo" LEFT);
	check_screen();
	reset_output();
	FEED("l");
	assert_string_equal(le.buf, "hello");
	assert_int_equal(le.cursor, 4);
	assert_string_equal(term.out, "lo\b");	/* tail reprinted, cursor back */
	check_screen();
	FEED(LEFT LEFT LEFT LEFT "X");
	assert_string_equal(le.buf, "Xhello");
	assert_int_equal(le.cursor, 1);
	check_screen();
	FEED("\x1b[F!");
	assert_string_equal(le.buf, "Xhello!");
	check_screen();
}

static void test_nonprintable_ignored(void **state)
{
	FEED("a\x01\x05" "\x80\xff\x07" "b");
	assert_string_equal(le.buf, "ab");
	check_screen();
}

static void test_overflow_rings_bell(void **state)
{
	char line[300];

	memset(line, 'x', sizeof(line));
	reset_output();
	feed(line, sizeof(line));
	assert_int_equal(le.len, SHELL_LINE_MAX);
	assert_int_equal(strlen(le.buf), SHELL_LINE_MAX);
	assert_int_equal(term.bells, sizeof(line) - SHELL_LINE_MAX);
	check_screen();
	/* Insert in the middle of a full line: bell, nothing changes. */
	FEED(LEFT LEFT "y");
	assert_null(strchr(le.buf, 'y'));
	check_screen();
	assert_int_equal(le_feed(&le, '\n'), LE_LINE);
	assert_int_equal(strlen(le.buf), SHELL_LINE_MAX);
}

/* ------------------------------------------------------------ deletion */

static void test_backspace_end(void **state)
{
	FEED("abc\x7f");
	assert_string_equal(le.buf, "ab");
	check_screen();
	FEED("\x08");		/* Ctrl-H does the same */
	assert_string_equal(le.buf, "a");
	assert_int_equal(le.cursor, 1);
	check_screen();
}

static void test_backspace_middle(void **state)
{
	FEED("abcd" LEFT LEFT "\x7f");
	assert_string_equal(le.buf, "acd");
	assert_int_equal(le.cursor, 1);
	check_screen();
}

static void test_backspace_start(void **state)
{
	FEED("abc\x01");
	reset_output();
	FEED("\x7f");
	assert_string_equal(le.buf, "abc");
	assert_int_equal(le.cursor, 0);
	assert_int_equal(term.bells, 1);
	check_screen();
	/* empty line */
	FEED("\x0b\x7f\x08");
	assert_string_equal(le.buf, "");
	check_screen();
}

static void test_delete_key(void **state)
{
	FEED("abcd\x01" DEL);
	assert_string_equal(le.buf, "bcd");
	assert_int_equal(le.cursor, 0);
	check_screen();
	FEED(RIGHT DEL);
	assert_string_equal(le.buf, "bd");
	check_screen();
	FEED("\x05" DEL);	/* at the end: nothing */
	assert_string_equal(le.buf, "bd");
	check_screen();
	FEED("\x01\x04");	/* Ctrl-D deletes under the cursor */
	assert_string_equal(le.buf, "d");
	check_screen();
}

/* ------------------------------------------------------------ movement */

static void test_left_right_bounds(void **state)
{
	FEED("ab" RIGHT);
	assert_int_equal(le.cursor, 2);
	FEED(LEFT LEFT LEFT LEFT);
	assert_int_equal(le.cursor, 0);
	check_screen();
	FEED(RIGHT);
	assert_int_equal(le.cursor, 1);
	FEED("\x02");		/* Ctrl-B */
	assert_int_equal(le.cursor, 0);
	FEED("\x06\x06");	/* Ctrl-F */
	assert_int_equal(le.cursor, 2);
	check_screen();
}

static void test_home_end_variants(void **state)
{
	static const char *const home[] = {
		"\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x01",
	};
	static const char *const end[] = {
		"\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF", "\x05",
	};

	FEED("hello world");
	for (size_t i = 0; i < ARRAY_SIZE(home); i++) {
		feed(home[i], strlen(home[i]));
		assert_int_equal(le.cursor, 0);
		check_screen();
		feed(end[i], strlen(end[i]));
		assert_int_equal(le.cursor, 11);
		check_screen();
	}
	assert_string_equal(le.buf, "hello world");
}

static void test_escape_sequences(void **state)
{
	FEED("abc");
	FEED("\x1b[5~\x1b[6~\x1b[Z\x1bx");	/* PgUp, PgDn, Shift-Tab, Alt-x */
	assert_string_equal(le.buf, "abc");
	FEED("\x1b[1;5D");			/* Ctrl-Left: treated as Left */
	assert_int_equal(le.cursor, 2);
	FEED("\x1bOD");				/* application-mode Left */
	assert_int_equal(le.cursor, 1);
	check_screen();
	/* A control byte aborts a sequence and still counts. */
	FEED("\x1b[");
	assert_int_equal(le_feed(&le, '\r'), LE_LINE);
	assert_string_equal(le.buf, "abc");
	/* ESC ESC [ D: the second ESC restarts the sequence. */
	le_start(&le);
	FEED("xy\x1b\x1b[D");
	assert_int_equal(le.cursor, 1);
	check_screen();
}

/* ------------------------------------------------------------ kill keys */

static void test_ctrl_u(void **state)
{
	FEED("hello world" LEFT LEFT LEFT LEFT LEFT "\x15");
	assert_string_equal(le.buf, "world");
	assert_int_equal(le.cursor, 0);
	check_screen();
	FEED("\x05\x15");
	assert_string_equal(le.buf, "");
	check_screen();
}

static void test_ctrl_k(void **state)
{
	FEED("hello world" LEFT LEFT LEFT LEFT LEFT LEFT "\x0b");
	assert_string_equal(le.buf, "hello");
	assert_int_equal(le.cursor, 5);
	check_screen();
	FEED("\x0b");
	assert_string_equal(le.buf, "hello");
}

static void test_ctrl_w(void **state)
{
	FEED("vfs  mount initrd  \x17");
	assert_string_equal(le.buf, "vfs  mount ");
	check_screen();
	FEED("\x17");
	assert_string_equal(le.buf, "vfs  ");
	FEED("x" LEFT "\x17");		/* word before the cursor only */
	assert_string_equal(le.buf, "x");
	assert_int_equal(le.cursor, 0);
	check_screen();
	FEED("\x17");
	assert_string_equal(le.buf, "x");
}

static void test_ctrl_l_redraws(void **state)
{
	FEED("one\r");
	le_start(&le);
	FEED("two" LEFT "\x0c");
	assert_int_equal(term.row, 0);
	assert_string_equal(row_text(1), "");
	check_screen();
	assert_string_equal(le.buf, "two");
}

/* ------------------------------------------------------------ Enter & co */

static void test_crlf_is_one_enter(void **state)
{
	enum le_result r[6];
	const char keys[] = "ls\r\nx\n\r\r";
	int lines = 0;

	FEED("ls");
	r[0] = le_feed(&le, '\r');
	assert_int_equal(r[0], LE_LINE);
	assert_string_equal(le.buf, "ls");
	r[1] = le_feed(&le, '\n');
	assert_int_equal(r[1], LE_CONTINUE);
	assert_string_equal(le.buf, "ls");	/* still readable */
	assert_int_equal(FEED("x\n"), LE_LINE);
	assert_string_equal(le.buf, "x");
	assert_int_equal(le_feed(&le, '\r'), LE_LINE);
	assert_string_equal(le.buf, "");	/* LF then CR: two lines */
	assert_int_equal(le_feed(&le, '\r'), LE_LINE);	/* CR CR: two lines */
	for (size_t i = 0; i < sizeof(keys) - 1; i++)
		lines += le_feed(&le, keys[i]) == LE_LINE;
	assert_int_equal(lines, 4);
}

static void test_ctrl_c(void **state)
{
	reset_output();
	FEED("abc");
	assert_int_equal(le_feed(&le, 0x03), LE_INTERRUPT);
	assert_string_equal(le.buf, "");
	assert_string_equal(term.out, "abc^C\r\n");
	assert_int_equal(history_count(&hist), 0);
	le_start(&le);
	FEED("d");
	assert_string_equal(le.buf, "d");
	check_screen();
}

static void test_new_line_after_enter(void **state)
{
	assert_int_equal(type_line("first"), LE_LINE);
	/* Without le_start(): the next byte starts an empty line. */
	FEED("z");
	assert_string_equal(le.buf, "z");
	assert_int_equal(le.cursor, 1);
}

static void test_tab_hook(void **state)
{
	reset_output();
	FEED("a\t");
	assert_int_equal(term.bells, 1);	/* no hook: bell */
	le.complete = fake_complete;
	FEED(LEFT "\t");
	assert_int_equal(tab_calls, 1);
	assert_string_equal(le.buf, "XYa");
	check_screen();
}

/* ------------------------------------------------------------ history */

static void test_history_browse(void **state)
{
	type_line("one");
	type_line("two");
	le_start(&le);
	FEED("thr");
	FEED(UP);
	assert_string_equal(le.buf, "two");
	check_screen();
	FEED(UP);
	assert_string_equal(le.buf, "one");
	check_screen();
	reset_output();
	FEED(UP);		/* oldest: bell, unchanged */
	assert_string_equal(le.buf, "one");
	assert_int_equal(term.bells, 1);
	FEED(DOWN);
	assert_string_equal(le.buf, "two");
	FEED(DOWN);
	assert_string_equal(le.buf, "thr");	/* the line being typed */
	assert_int_equal(le.cursor, 3);
	check_screen();
	reset_output();
	FEED(DOWN);
	assert_int_equal(term.bells, 1);
	assert_string_equal(le.buf, "thr");
}

static void test_history_ctrl_p_n_and_edit(void **state)
{
	type_line("guest list");
	type_line("vfs ls /");
	le_start(&le);
	FEED("\x10\x10");	/* Ctrl-P twice */
	assert_string_equal(le.buf, "guest list");
	FEED("\x0e");		/* Ctrl-N */
	assert_string_equal(le.buf, "vfs ls /");
	FEED("\x7f" "boot");	/* edit the recalled line and run it */
	check_screen();
	assert_int_equal(le_feed(&le, '\r'), LE_LINE);
	assert_string_equal(le.buf, "vfs ls boot");
	assert_int_equal(history_count(&hist), 3);
	assert_string_equal(history_get(&hist, 0), "vfs ls boot");
	assert_string_equal(history_get(&hist, 1), "vfs ls /");
}

static void test_history_shorter_entry_erases(void **state)
{
	type_line("a");
	le_start(&le);
	FEED("a much longer line" LEFT LEFT);
	FEED(UP);
	assert_string_equal(le.buf, "a");
	check_screen();		/* leftovers erased */
	FEED(DOWN);
	assert_string_equal(le.buf, "a much longer line");
	assert_int_equal(le.cursor, 18);
	check_screen();
}

static void test_history_no_dup_no_empty(void **state)
{
	type_line("x");
	type_line("x");
	type_line("");
	type_line("   ");
	type_line("y");
	type_line("x");
	assert_int_equal(history_count(&hist), 3);
	assert_string_equal(history_get(&hist, 0), "x");
	assert_string_equal(history_get(&hist, 1), "y");
	assert_string_equal(history_get(&hist, 2), "x");
	assert_null(history_get(&hist, 3));
}

static void test_history_ring(void **state)
{
	char line[8];
	struct history h;

	history_init(&h);
	assert_null(history_get(&h, 0));
	for (int i = 0; i < CONFIG_SHELL_HISTORY + 3; i++) {
		line[0] = 'c';
		line[1] = (char)('a' + i);
		line[2] = '\0';
		history_add(&h, line);
	}
	assert_int_equal(history_count(&h), CONFIG_SHELL_HISTORY);
	line[1] = (char)('a' + CONFIG_SHELL_HISTORY + 2);
	assert_string_equal(history_get(&h, 0), line);
	line[1] = 'd';		/* the three oldest dropped out */
	assert_string_equal(history_get(&h, CONFIG_SHELL_HISTORY - 1), line);
	assert_null(history_get(&h, CONFIG_SHELL_HISTORY));
}

static void test_history_truncates(void **state)
{
	char line[SHELL_LINE_MAX + 20];
	struct history h;

	memset(line, 'q', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	history_init(&h);
	history_add(&h, line);
	assert_int_equal(strlen(history_get(&h, 0)), SHELL_LINE_MAX);
}

static void test_no_history(void **state)
{
	le_init(&le, NULL, PROMPT);
	le.out = capture;
	le.out_ctx = &term;
	reset_output();
	FEED("a" UP DOWN);
	assert_int_equal(term.bells, 2);
	assert_int_equal(type_line(""), LE_LINE);
}

/* ------------------------------------------------------------ invariant */

/* Pseudo-random editing: the screen must match the buffer after every key. */
static void test_random_edits_keep_screen(void **state)
{
	static const char *const keys[] = {
		"a", "b", " ", "Z", "\x7f", "\x08", LEFT, RIGHT, "\x01", "\x05",
		DEL, "\x0b", "\x15", "\x17", UP, DOWN, "\x1b[H", "\x1bOF", "\x04",
	};
	uint32_t seed = 12345;

	type_line("history one");
	type_line("two");
	le_start(&le);
	for (int i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		const char *k = keys[(seed >> 16) % ARRAY_SIZE(keys)];

		feed(k, strlen(k));
		check_screen();
		if ((seed >> 8) % 97 == 0) {
			assert_int_equal(le_feed(&le, '\r'), LE_LINE);
			le_start(&le);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_insert_echo, setup),
		cmocka_unit_test_setup(test_insert_middle, setup),
		cmocka_unit_test_setup(test_nonprintable_ignored, setup),
		cmocka_unit_test_setup(test_overflow_rings_bell, setup),
		cmocka_unit_test_setup(test_backspace_end, setup),
		cmocka_unit_test_setup(test_backspace_middle, setup),
		cmocka_unit_test_setup(test_backspace_start, setup),
		cmocka_unit_test_setup(test_delete_key, setup),
		cmocka_unit_test_setup(test_left_right_bounds, setup),
		cmocka_unit_test_setup(test_home_end_variants, setup),
		cmocka_unit_test_setup(test_escape_sequences, setup),
		cmocka_unit_test_setup(test_ctrl_u, setup),
		cmocka_unit_test_setup(test_ctrl_k, setup),
		cmocka_unit_test_setup(test_ctrl_w, setup),
		cmocka_unit_test_setup(test_ctrl_l_redraws, setup),
		cmocka_unit_test_setup(test_crlf_is_one_enter, setup),
		cmocka_unit_test_setup(test_ctrl_c, setup),
		cmocka_unit_test_setup(test_new_line_after_enter, setup),
		cmocka_unit_test_setup(test_tab_hook, setup),
		cmocka_unit_test_setup(test_history_browse, setup),
		cmocka_unit_test_setup(test_history_ctrl_p_n_and_edit, setup),
		cmocka_unit_test_setup(test_history_shorter_entry_erases, setup),
		cmocka_unit_test_setup(test_history_no_dup_no_empty, setup),
		cmocka_unit_test_setup(test_history_ring, setup),
		cmocka_unit_test_setup(test_history_truncates, setup),
		cmocka_unit_test_setup(test_no_history, setup),
		cmocka_unit_test_setup(test_random_edits_keep_screen, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
