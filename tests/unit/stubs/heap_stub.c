/* Host stand-in for the kernel heap (include/keel/heap.h): kmalloc() and
 * friends map to the C library's allocator, so AddressSanitizer sees every
 * object at its exact size and reports overflows, leaks and double frees.
 * For suites that do not test the heap itself. */
#include <stdlib.h>
#include <keel/heap.h>

void *kmalloc(size_t size)
{
	return malloc(size ? size : 1);
}

void *kzalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

void *kcalloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void kfree(void *p)
{
	free(p);
}
