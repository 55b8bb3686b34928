/* Saved callee-side state of a thread that is not running (switch.S). */
#ifndef ASM_CONTEXT_H
#define ASM_CONTEXT_H

#include <keel/types.h>

struct arch_context {
	unsigned long ra;
	unsigned long sp;
	unsigned long s[12];
};

#endif
