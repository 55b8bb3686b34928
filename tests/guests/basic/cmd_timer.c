/*
 * `timer` and `wfi`: supervisor timer interrupts through SBI set_timer and,
 * where the Sstc extension is reachable, through stimecmp directly.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"
#include "test.h"

#define TIMER_TEST_MS	10

/* "12.345" milliseconds from ticks, into buf. */
static const char *ms_str(uint64_t ticks, char *buf, size_t len)
{
	uint64_t us = ticks_to_us(ticks);

	snprintf(buf, len, "%lu.%03lu", (unsigned long)(us / 1000),
		 (unsigned long)(us % 1000));
	return buf;
}

/*
 * Arm the timer TIMER_TEST_MS ahead, sleep in wfi until the STI handler
 * ran, and check it ran no earlier than the deadline. No watchdog is
 * possible here (the timer is the only wake source under test), so a
 * timer that never fires hangs this hart with the check line unfinished.
 */
static void timer_once(struct tally *t, struct hart *h, bool sstc)
{
	uint64_t start, target, slept;
	unsigned long old = h->sti_count;
	char a[16], b[16];

	printf("timer: %s +%d ms ... ", sstc ? "Sstc stimecmp" :
	       "SBI set_timer", TIMER_TEST_MS);
	start = rdtime();
	target = start + ms_to_ticks(TIMER_TEST_MS);
	timer_arm(h, target, sstc);
	wfi_wait_ge(&h->sti_count, old + 1, TIME_FOREVER);
	slept = rdtime() - start;
	h->timer_sstc = false;
	printf("woke\n");
	check(t, h->sti_time >= target && slept >= ms_to_ticks(TIMER_TEST_MS),
	      "timer %s: slept %s ms, STI at +%s ms (want >= %d ms)",
	      sstc ? "stimecmp" : "sbi set_timer", ms_str(slept, a, sizeof(a)),
	      ms_str(h->sti_time - start, b, sizeof(b)), TIMER_TEST_MS);
}

int cmd_timer(int argc, char **argv)
{
	struct tally t = TALLY("timer");
	struct hart *h = this_hart();

	(void)argc;
	(void)argv;
	timer_once(&t, h, false);
	if (fw.sstc)
		timer_once(&t, h, true);
	else
		skip(&t, "timer stimecmp: Sstc not available (csrr stimecmp "
		     "raised scause %lu)", fw.sstc_cause);
	return tally_end(&t);
}

int cmd_wfi(int argc, char **argv)
{
	struct hart *h = this_hart();
	unsigned long ms = 1000, wakeups = 0;
	uint64_t start, deadline, slept;
	char buf[16];

	if (argc > 1 && (!parse_ulong(argv[1], &ms) || ms > 600000)) {
		printf("usage: wfi [ms]   (0..600000)\n");
		return 1;
	}
	start = rdtime();
	deadline = start + ms_to_ticks(ms);
	timer_arm(h, deadline, fw.sstc);
	while (rdtime() < deadline) {
		irq_disable();
		if (rdtime() < deadline)
			wfi();
		irq_enable();
		wakeups++;
	}
	timer_disarm(h);
	slept = rdtime() - start;
	printf("wfi: slept %s ms (%lu ticks, %lu wakeup%s, timer via %s)\n",
	       ms_str(slept, buf, sizeof(buf)), (unsigned long)slept, wakeups,
	       wakeups == 1 ? "" : "s", fw.sstc ? "stimecmp" : "SBI");
	return 0;
}
