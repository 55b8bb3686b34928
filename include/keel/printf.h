/* printf-style formatting without libc (lib/printf.c).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, length modifiers hh h l ll z t
 * j, flags '-' '0' '+' ' ' '#', field width and precision (both may be '*').
 * %s with a NULL pointer prints "(null)" (cut by the precision like any
 * string); %p prints "0x" and the address in lower-case hex. No floating
 * point. An unknown conversion is copied to the output as written.
 * All functions are reentrant and callable from any context. */
#ifndef KEEL_PRINTF_H
#define KEEL_PRINTF_H

#include <keel/compiler.h>

/*
 * Core formatter: hands each produced character to out(c, ctx), in order.
 * ap is not consumed (the formatter works on a copy). Returns the number of
 * characters produced.
 */
int vcbprintf(void (*out)(char c, void *ctx), void *ctx, const char *fmt,
	      va_list ap) __printf(3, 0);

/*
 * C vsnprintf()/snprintf(): write at most size - 1 characters to buf and a
 * terminating NUL whenever size > 0 (buf may be NULL when size is 0).
 * Returns the length the full output would have had, so a result >= size
 * means the output was truncated.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
