/*
 * Freestanding helpers of the basic guest firmware: strings, memory,
 * formatted output and the console (polled UART output, interrupt-fed input).
 *
 * Mutable globals are never `static` in this firmware: in the flash build
 * code runs at 0x0 and data lives at 0x80000000, beyond the ±2 GiB reach of
 * a pc-relative access, so every global must be reached through the GOT
 * (see README.md, "Memory layout").
 */
#ifndef BASIC_LIB_H
#define BASIC_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
const char *strstr(const char *hay, const char *needle);
/* Decimal or 0x-hex; false on junk or overflow. */
bool parse_ulong(const char *s, unsigned long *out);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void puts_raw(const char *s);

/* Console: output is serialised between harts; a hart may nest it. */
void console_lock(void);
void console_unlock(void);
void console_putc(char c);
/* Next input byte; sleeps in wfi (boot hart only). */
int console_getc(void);
/* Input byte or -1 without waiting. */
int console_trygetc(void);

#endif /* BASIC_LIB_H */
