/*
 * Per-hart state, secondary-hart management and the wait primitives of the
 * basic guest firmware.
 *
 * Every hart finds its struct hart through tp (set once in entry.S and never
 * touched by compiled code). The boot hart runs the shell; secondary harts
 * sit in hart_work_loop() and run the work items the boot hart posts to them.
 */
#ifndef BASIC_HART_H
#define BASIC_HART_H

#define MAX_HARTS		8
#define HART_STACK_SIZE		4096
#define BOOT_STACK_SIZE		16384
#define HART_SHIFT		7	/* sizeof(struct hart) == 1 << HART_SHIFT */
#define HART_FIXUP_PC		0	/* offsetof(struct hart, fixup_pc) */
#define HART_FIXUP_CAUSE	8	/* offsetof(struct hart, fixup_cause) */

/* opaque value a hart is (re)started with: tells a resume from a start. */
#define HART_OPAQUE_START	0UL
#define HART_OPAQUE_RESUME	0x5245534dUL	/* "RESM" */

#include "riscv.h"

#ifndef __ASSEMBLER__

struct hart;
typedef void (*hart_work_fn)(struct hart *h, unsigned long arg);

struct hart {
	/* Trap fixups (entry.S): set by a probe, consumed by trap_handler. */
	uintptr_t fixup_pc;
	unsigned long fixup_cause;

	unsigned long hartid;
	volatile unsigned long ssi_count;	/* supervisor software irqs */
	volatile unsigned long sti_count;	/* supervisor timer irqs */
	volatile unsigned long sei_count;	/* supervisor external irqs */
	volatile uint64_t sti_time;		/* rdtime at the last STI */
	volatile unsigned long boot_count;	/* starts through HART_OPAQUE_START */
	volatile unsigned long resume_count;	/* non-retentive resumes */

	/* Work posted by the boot hart (hart_post_work). */
	volatile hart_work_fn work_fn;
	volatile unsigned long work_arg;
	volatile unsigned long work_seq;
	volatile unsigned long work_done;
	volatile long work_result;

	volatile int online;
	volatile bool timer_sstc;	/* STI handler disarms via stimecmp */
} __attribute__((aligned(1 << HART_SHIFT)));

_Static_assert(sizeof(struct hart) == 1 << HART_SHIFT, "HART_SHIFT");
_Static_assert(offsetof(struct hart, fixup_pc) == HART_FIXUP_PC, "fixup");
_Static_assert(offsetof(struct hart, fixup_cause) == HART_FIXUP_CAUSE, "fixup");

extern struct hart harts[MAX_HARTS];
extern unsigned long boot_hartid;
extern uint64_t timebase_hz;

static inline struct hart *this_hart(void)
{
	struct hart *h;

	asm("mv %0, tp" : "=r"(h));
	return h;
}

/* ---------------------------------------------------------------- time */

#define TIME_FOREVER	UINT64_MAX
#define POLL_TICK	(timebase_hz / 10000)	/* 100 us: hart_nap() */

static inline uint64_t ms_to_ticks(uint64_t ms)
{
	return ms * timebase_hz / 1000;
}

static inline uint64_t ticks_to_us(uint64_t ticks)
{
	return ticks * 1000000 / timebase_hz;
}

static inline uint64_t deadline_ms(uint64_t ms)
{
	return rdtime() + ms_to_ticks(ms);
}

/* ---------------------------------------------------------------- waits */

bool wfi_wait_ge(volatile unsigned long *ctr, unsigned long want,
		 uint64_t deadline);
bool spin_wait_ge(volatile unsigned long *ctr, unsigned long want,
		  uint64_t deadline);
bool hart_wait_ge(volatile unsigned long *ctr, unsigned long want,
		  uint64_t deadline);
void hart_nap(void);
void timer_arm(struct hart *h, uint64_t when, bool sstc);
void timer_disarm(struct hart *h);

/* ---------------------------------------------------------------- SMP */

void hart_local_init(struct hart *h, unsigned long hartid, unsigned long sie);
int hart_start(unsigned long hartid, unsigned long opaque);
int smp_bring_up(unsigned long *ids, int max);
bool hart_post_work(unsigned long hartid, hart_work_fn fn, unsigned long arg);
bool hart_wait_work(unsigned long hartid, uint64_t deadline);
bool hart_exists(unsigned long hartid);
void hart_halt(void) __attribute__((noreturn));

/* entry.S */
void _start(void);
void _secondary_start(void);
long probe_csr_read_stimecmp(unsigned long *val);
long probe_csr_write_stimecmp(unsigned long val);
long probe_load8(uintptr_t addr, uint8_t *val);
long probe_load32(uintptr_t addr, uint32_t *val);

#endif /* !__ASSEMBLER__ */
#endif /* BASIC_HART_H */
