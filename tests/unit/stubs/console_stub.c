/* Host stand-in for the console (include/keel/console.h).
 *
 * Output is appended, byte for byte (no LF → CR LF), to a buffer a test can
 * read; input comes from a script the test sets. console_getc() returns -1
 * when the script is used up (the real one blocks), which ends shell_main().
 *
 *     void unit_console_reset(void);            // empty output and input
 *     const char *unit_console_output(void);    // NUL-terminated output
 *     size_t unit_console_output_len(void);
 *     void unit_console_set_input(const char *s, size_t n);
 *
 * Built with -DUNIT_PRINTK_TO_CONSOLE, this file also provides printk(),
 * vprintk() and log_printk(), writing into the same buffer, so a test sees
 * the shell's messages and the line editor's echo in screen order. Such a
 * suite must not link tests/unit/stubs/printk_stub.c. */
#include <stdio.h>
#include <keel/console.h>
#include <keel/printk.h>

#define UNIT_CONSOLE_OUT_SIZE	(256 * 1024)
#define UNIT_CONSOLE_IN_SIZE	4096

void unit_console_reset(void);
const char *unit_console_output(void);
size_t unit_console_output_len(void);
void unit_console_set_input(const char *s, size_t n);

static char out_buf[UNIT_CONSOLE_OUT_SIZE];
static size_t out_len;
static char in_buf[UNIT_CONSOLE_IN_SIZE];
static size_t in_len, in_pos;

void unit_console_reset(void)
{
	out_len = 0;
	out_buf[0] = '\0';
	in_len = in_pos = 0;
}

const char *unit_console_output(void)
{
	return out_buf;
}

size_t unit_console_output_len(void)
{
	return out_len;
}

void unit_console_set_input(const char *s, size_t n)
{
	in_len = in_pos = 0;
	console_receive(s, n);
}

void console_write(const char *s, size_t n)
{
	size_t room = sizeof(out_buf) - 1 - out_len;

	if (n > room)
		n = room;
	for (size_t i = 0; i < n; i++)
		out_buf[out_len++] = s[i];
	out_buf[out_len] = '\0';
}

void console_putc(char c)
{
	console_write(&c, 1);
}

void console_puts(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	console_write(s, n);
}

int console_trygetc(void)
{
	if (in_pos >= in_len)
		return -1;
	return (unsigned char)in_buf[in_pos++];
}

int console_getc(void)
{
	return console_trygetc();
}

void console_register(const struct console_ops *ops)
{
	(void)ops;
}

void console_receive(const char *s, size_t n)
{
	for (size_t i = 0; i < n && in_len < sizeof(in_buf); i++)
		in_buf[in_len++] = s[i];
}

#ifdef UNIT_PRINTK_TO_CONSOLE
int vprintk(const char *fmt, va_list ap)
{
	char line[1024];
	int n = vsnprintf(line, sizeof(line), fmt, ap);

	if (n > 0)
		console_write(line, (size_t)n < sizeof(line) ? (size_t)n :
			      sizeof(line) - 1);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int log_printk(int level, const char *fmt, ...)
{
	va_list ap;
	int n;

	(void)level;
	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
#endif
