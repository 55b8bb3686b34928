/* Arch interface: the hart timer.
 *   uint64_t arch_timer_now(void)          — timebase ticks (any context)
 *   void arch_timer_program(uint64_t when) — next timer interrupt on this hart
 *                                            (UINT64_MAX = none); IRQs off
 *   void arch_timer_cpu_init(void)         — enable this hart's timer interrupt
 *   bool arch_timer_uses_sstc(void)        — stimecmp (true) or SBI TIME */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H
#include <keel/types.h>

static inline uint64_t arch_timer_now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

void arch_timer_program(uint64_t when);
void arch_timer_cpu_init(void);
bool arch_timer_uses_sstc(void);
#endif
