/* Boot entry points from arch code into core, and the initcall table. */
#ifndef KEEL_INIT_H
#define KEEL_INIT_H

#include <keel/compiler.h>

struct cpu;

/* Boot hart, MMU off, early console only. Never returns. */
void kernel_start(unsigned long hartid, const void *fdt) __noreturn;
/* Secondary hart, MMU on, on its own stack. Never returns. */
void secondary_start(struct cpu *cpu) __noreturn;

#endif
