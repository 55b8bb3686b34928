/*
 * Per-hart state, secondary harts and wait primitives.
 *
 * Secondary harts are started with SBI HSM hart_start at _secondary_start
 * and then idle in hart_work_loop(): the boot hart posts one work item at a
 * time (hart_post_work) and kicks the target with an IPI.
 */
#include "hart.h"
#include "lib.h"
#include "sbi.h"

_Static_assert(HART_STACK_SIZE == 4096, "entry.S shifts by 12");

struct hart harts[MAX_HARTS];
unsigned long boot_hartid;
uint64_t timebase_hz = 10000000;	/* QEMU virt; the DT overrides it */
uint8_t boot_stack[BOOT_STACK_SIZE] __attribute__((aligned(16)));
uint8_t hart_stacks[MAX_HARTS][HART_STACK_SIZE] __attribute__((aligned(16)));

void secondary_main(unsigned long hartid, unsigned long opaque);

/*
 * Sleep in wfi until *ctr >= want (counted by an interrupt handler of this
 * hart) or the deadline passes; true if the count was reached. Only an
 * interrupt wakes wfi, so a deadline is honoured only if some interrupt
 * (e.g. a timer armed by the caller) arrives. Returns with SIE set.
 */
bool wfi_wait_ge(volatile unsigned long *ctr, unsigned long want,
		 uint64_t deadline)
{
	bool ok;

	for (;;) {
		irq_disable();
		ok = (long)(*ctr - want) >= 0;
		if (ok || rdtime() >= deadline)
			break;
		wfi();
		irq_enable();
	}
	irq_enable();
	return ok;
}

/* Busy-wait until *ctr >= want or the deadline (for this hart's own
 * interrupts, taken while spinning with SIE set). */
bool spin_wait_ge(volatile unsigned long *ctr, unsigned long want,
		  uint64_t deadline)
{
	while ((long)(*ctr - want) < 0) {
		if (rdtime() >= deadline)
			return false;
		cpu_relax();
	}
	return true;
}

/*
 * Sleep in wfi for about one poll tick (or until any interrupt), with the
 * SBI timer as the wake-up. Sleeping rather than spinning lets a hart that
 * shares this physical CPU run: a vCPU on the same hart under a hypervisor,
 * or another hart under QEMU -icount (round-robin, one host thread).
 */
void hart_nap(void)
{
	struct hart *h = this_hart();

	irq_disable();
	timer_arm(h, rdtime() + POLL_TICK, false);
	wfi();
	irq_enable();
}

/* Wait until *ctr >= want (written by another hart) or the deadline,
 * napping between checks; leaves this hart's timer disarmed. */
bool hart_wait_ge(volatile unsigned long *ctr, unsigned long want,
		  uint64_t deadline)
{
	bool ok;

	while (!(ok = (long)(*ctr - want) >= 0) && rdtime() < deadline)
		hart_nap();
	timer_disarm(this_hart());
	return ok;
}

void timer_arm(struct hart *h, uint64_t when, bool sstc)
{
	h->timer_sstc = sstc;
	if (sstc)
		csr_write(CSR_STIMECMP, when);
	else
		sbi_set_timer(when);
}

void timer_disarm(struct hart *h)
{
	timer_arm(h, UINT64_MAX, h->timer_sstc);
	h->timer_sstc = false;
}

/*
 * Local state of a hart that just entered: timer disarmed both through SBI
 * and, where Sstc is reachable, stimecmp (its reset value may be 0, which
 * would leave STIP asserted), then the given interrupts enabled in sie.
 */
void hart_local_init(struct hart *h, unsigned long hartid, unsigned long sie)
{
	h->hartid = hartid;
	h->timer_sstc = false;
	h->fixup_pc = 0;
	sbi_set_timer(UINT64_MAX);
	(void)probe_csr_write_stimecmp(UINT64_MAX);
	csr_clear(sip, SIP_SSIP);
	csr_write(sie, sie);
}

static void hart_work_loop(struct hart *h)
{
	unsigned long seq;

	for (;;) {
		irq_disable();
		seq = __atomic_load_n(&h->work_seq, __ATOMIC_ACQUIRE);
		if (seq != h->work_done) {
			irq_enable();
			h->work_fn(h, h->work_arg);
			__atomic_store_n(&h->work_done, seq, __ATOMIC_RELEASE);
			continue;
		}
		wfi();
		irq_enable();
	}
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	struct hart *h = this_hart();

	hart_local_init(h, hartid, SIP_SSIP | SIP_STIP);
	h->work_done = h->work_seq;	/* a stop work item never completed */
	h->online = 1;
	if (opaque == HART_OPAQUE_RESUME)
		__atomic_fetch_add(&h->resume_count, 1, __ATOMIC_RELEASE);
	else
		__atomic_fetch_add(&h->boot_count, 1, __ATOMIC_RELEASE);
	irq_enable();
	hart_work_loop(h);
}

/* Start a stopped hart and wait until it runs; 0 or an SBI error. */
int hart_start(unsigned long hartid, unsigned long opaque)
{
	struct hart *h = &harts[hartid];
	unsigned long want = h->boot_count + 1;
	struct sbiret r;

	r = sbi_hart_start(hartid, (unsigned long)_secondary_start, opaque);
	if (r.error)
		return (int)r.error;
	if (!hart_wait_ge(&h->boot_count, want, deadline_ms(1000)))
		return SBI_ERR_FAILED;
	return 0;
}

bool hart_exists(unsigned long hartid)
{
	return sbi_hart_status(hartid).error == SBI_SUCCESS;
}

/*
 * Start every stopped secondary hart (ids 0..MAX_HARTS-1 but the boot hart,
 * stopping at the first id HSM calls invalid). Fills ids[] with the online
 * secondaries; returns how many.
 */
int smp_bring_up(unsigned long *ids, int max)
{
	struct sbiret st;
	unsigned long id;
	int n = 0, rc;

	for (id = 0; id < MAX_HARTS && n < max; id++) {
		if (id == boot_hartid)
			continue;
		st = sbi_hart_status(id);
		if (st.error == SBI_ERR_INVALID_PARAM)
			break;
		if (st.error)
			continue;
		if (st.value == SBI_HSM_STOPPED) {
			rc = hart_start(id, HART_OPAQUE_START);
			if (rc) {
				printf("hart %lu: start failed: %s\n", id,
				       sbi_err_str(rc));
				continue;
			}
		}
		if (harts[id].online)
			ids[n++] = id;
	}
	return n;
}

/* Post fn(arg) to an idle online secondary and kick it with an IPI. */
bool hart_post_work(unsigned long hartid, hart_work_fn fn, unsigned long arg)
{
	struct hart *h = &harts[hartid];

	if (!h->online || h->work_done != h->work_seq)
		return false;
	h->work_fn = fn;
	h->work_arg = arg;
	h->work_result = 0;
	__atomic_store_n(&h->work_seq, h->work_seq + 1, __ATOMIC_RELEASE);
	sbi_send_ipi(1, hartid);
	return true;
}

bool hart_wait_work(unsigned long hartid, uint64_t deadline)
{
	struct hart *h = &harts[hartid];

	return hart_wait_ge(&h->work_done, h->work_seq, deadline);
}

/* Stop this hart for good: secondaries through HSM (so they can be started
 * again), the boot hart by parking with interrupts off. */
void hart_halt(void)
{
	struct hart *h = this_hart();

	irq_disable();
	csr_write(sie, 0);
	if (h->hartid != boot_hartid) {
		h->online = 0;
		sbi_hart_stop();
	}
	for (;;)
		wfi();
}
