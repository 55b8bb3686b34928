/* Arch interface: thread contexts.
 *   struct arch_context — callee-saved registers of a switched-out thread
 *   arch_context_init(ctx, stack_top, entry, arg): first switch into ctx
 *       calls entry(arg) on stack_top (entry never returns)
 *   arch_context_switch(prev, next): save into prev, resume next; called with
 *       interrupts disabled and the run-queue lock held by the scheduler. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H
#include <asm/context.h>

void arch_context_init(struct arch_context *ctx, unsigned long stack_top,
		       void (*entry)(void *arg), void *arg);
void arch_context_switch(struct arch_context *prev, struct arch_context *next);
#endif
