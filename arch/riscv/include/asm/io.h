/* MMIO accessors with the fences Linux uses on RISC-V: reads are followed by
 * "fence i,r", writes preceded by "fence w,o" (unpriv spec ch. 17). */
#ifndef ASM_IO_H
#define ASM_IO_H
#include <keel/types.h>

static inline uint8_t readb(const volatile void *a)
{
	uint8_t v = *(const volatile uint8_t *)a;

	__asm__ volatile("fence i,r" ::: "memory");
	return v;
}

static inline uint32_t readl(const volatile void *a)
{
	uint32_t v = *(const volatile uint32_t *)a;

	__asm__ volatile("fence i,r" ::: "memory");
	return v;
}

static inline void writeb(uint8_t v, volatile void *a)
{
	__asm__ volatile("fence w,o" ::: "memory");
	*(volatile uint8_t *)a = v;
}

static inline void writel(uint32_t v, volatile void *a)
{
	__asm__ volatile("fence w,o" ::: "memory");
	*(volatile uint32_t *)a = v;
}
#endif
