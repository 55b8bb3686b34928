/* Fatal errors in Keel itself: print, backtrace, stop every hart. */
#ifndef KEEL_PANIC_H
#define KEEL_PANIC_H
#include <keel/compiler.h>

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
/* Print a symbolized backtrace of the caller. */
void dump_stack(void);

#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)
#endif
