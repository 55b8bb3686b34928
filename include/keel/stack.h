/* Thread stacks: mapped in their own virtual area with an unmapped guard
 * region below each, so an overflow faults instead of corrupting memory. */
#ifndef KEEL_STACK_H
#define KEEL_STACK_H

#include <keel/types.h>

/* Allocate and map a stack of `size` bytes (a power of two, >= 4 KiB).
 * Thread context. Returns the lowest mapped address, or 0 on failure. */
unsigned long stack_alloc(size_t size);
/* Unmap and free a stack from stack_alloc. Thread context. */
void stack_free(unsigned long base, size_t size);
/* Stacks in use. */
unsigned int stack_count(void);

#endif
