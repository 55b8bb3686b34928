/* The console: the hart-independent character device the shell talks to.
 * Output goes to the early SBI console until a UART driver registers, then to
 * the UART; input arrives by interrupt into a ring buffer. */
#ifndef KEEL_CONSOLE_H
#define KEEL_CONSOLE_H

#include <keel/types.h>

struct console_ops {
	const char *name;
	void (*putc)(void *dev, char c);	/* polled, any context */
	void *dev;
};

/* Write bytes (LF becomes CR LF). Any context. */
void console_write(const char *s, size_t n);
void console_putc(char c);
void console_puts(const char *s);

/* Block the calling thread until a byte is received; returns it (0..255). */
int console_getc(void);
/* Return a received byte, or -1 if none is waiting. Any context. */
int console_trygetc(void);

/* Drivers: take over output / deliver received bytes (IRQ context). */
void console_register(const struct console_ops *ops);
void console_receive(const char *s, size_t n);

#endif
