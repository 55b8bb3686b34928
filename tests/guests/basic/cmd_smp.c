/*
 * `ipi` and `hsm`: secondary harts through SBI IPI and HSM (SBI §7, §9).
 * Secondaries run work items posted by the boot hart (hart.c); results
 * come back through their struct hart.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"
#include "sbi.h"
#include "test.h"

#define IPI_ROUNDS	8
#define HSM_WAIT_MS	1000

/* ---------------------------------------------------------------- ipi */

/* IPI_ROUNDS single-target IPIs; each must bump the target's SSI count. */
static void ipi_one(struct tally *t, unsigned long id)
{
	struct hart *target = &harts[id];
	unsigned long got = 0, i, old;
	struct sbiret r = { 0 };

	for (i = 0; i < IPI_ROUNDS; i++) {
		old = target->ssi_count;
		r = sbi_send_ipi(1, id);
		if (r.error)
			break;
		if (hart_wait_ge(&target->ssi_count, old + 1, deadline_ms(100)))
			got++;
	}
	check(t, !r.error && got == IPI_ROUNDS,
	      "ipi hart %lu -> hart %lu: %lu/%d SSIs received (%s)",
	      boot_hartid, id, got, IPI_ROUNDS, sbi_err_str(r.error));
}

/* One IPI to every hart (hart_mask_base -1): each, self included, +1. */
static void ipi_broadcast(struct tally *t, unsigned long *ids, int n)
{
	unsigned long before[MAX_HARTS], self_old = this_hart()->ssi_count;
	struct sbiret r;
	int i, got = 0;

	for (i = 0; i < n; i++)
		before[i] = harts[ids[i]].ssi_count;
	r = sbi_send_ipi(0, -1UL);
	for (i = 0; i < n; i++)
		got += hart_wait_ge(&harts[ids[i]].ssi_count, before[i] + 1,
				    deadline_ms(100));
	got += hart_wait_ge(&this_hart()->ssi_count, self_old + 1,
			    deadline_ms(100));
	check(t, !r.error && got == n + 1,
	      "ipi broadcast (hart_mask_base -1): %d/%d harts received (%s)",
	      got, n + 1, sbi_err_str(r.error));
}

int cmd_ipi(int argc, char **argv)
{
	struct tally t = TALLY("ipi");
	unsigned long ids[MAX_HARTS];
	int n, i;

	(void)argc;
	(void)argv;
	n = smp_bring_up(ids, MAX_HARTS);
	printf("ipi: %d secondary hart(s) online:", n);
	for (i = 0; i < n; i++)
		printf(" %lu", ids[i]);
	printf("\n");
	if (!n)
		skip(&t, "ipi: no secondary harts (HSM knows no other id)");
	for (i = 0; i < n; i++)
		ipi_one(&t, ids[i]);
	if (n)
		ipi_broadcast(&t, ids, n);
	return tally_end(&t);
}

/* ---------------------------------------------------------------- hsm */

static void work_hart_stop(struct hart *h, unsigned long arg)
{
	(void)arg;
	irq_disable();
	h->online = 0;
	h->work_result = sbi_hart_stop().error;	/* returns only on error */
	h->online = 1;
	irq_enable();
}

/*
 * Suspend with SIE masked so that the wake-up IPI is taken only after the
 * call returned (retentive suspend resumes after the ecall, SBI §9.4).
 */
static void work_hart_suspend(struct hart *h, unsigned long type)
{
	irq_disable();
	h->work_result = sbi_hart_suspend(type,
			(unsigned long)_secondary_start,
			HART_OPAQUE_RESUME).error;
	irq_enable();
}

/* Poll hart_get_status until it reports state (or HSM_WAIT_MS pass). */
static long hsm_wait_state(unsigned long id, long state)
{
	uint64_t deadline = deadline_ms(HSM_WAIT_MS);
	struct sbiret r;

	for (;;) {
		r = sbi_hart_status(id);
		if ((!r.error && r.value == state) || rdtime() >= deadline)
			break;
		hart_nap();
	}
	timer_disarm(this_hart());
	return r.error ? r.error : r.value;
}

static void hsm_stop_start(struct tally *t, unsigned long id)
{
	struct hart *h = &harts[id];
	struct sbiret r;
	long st;
	int rc;

	st = hsm_wait_state(id, SBI_HSM_STARTED);
	check(t, st == SBI_HSM_STARTED, "hsm hart %lu status: %s", id,
	      sbi_hsm_state_str(st));
	check(t, hart_post_work(id, work_hart_stop, 0),
	      "hsm hart %lu: hart_stop posted", id);
	st = hsm_wait_state(id, SBI_HSM_STOPPED);
	check(t, st == SBI_HSM_STOPPED && !h->work_result,
	      "hsm hart %lu hart_stop (called on itself): status %s", id,
	      sbi_hsm_state_str(st));
	rc = hart_start(id, HART_OPAQUE_START);
	check(t, rc == 0, "hsm hart %lu hart_start: %s, running again (boot "
	      "count %lu)", id, sbi_err_str(rc), h->boot_count);
	st = sbi_hart_status(id).value;
	check(t, st == SBI_HSM_STARTED, "hsm hart %lu status: %s", id,
	      sbi_hsm_state_str(st));
	r = sbi_hart_start(id, (unsigned long)_secondary_start, 0);
	check(t, r.error == SBI_ERR_ALREADY_AVAILABLE,
	      "hsm hart %lu hart_start while started: %s, want "
	      "ERR_ALREADY_AVAILABLE", id, sbi_err_str(r.error));
}

/*
 * Post a suspend of the given type and wait until HSM reports the target
 * SUSPENDED, or the call already returned (an error); the state seen.
 */
static long hsm_post_suspend(unsigned long id, unsigned long type)
{
	struct hart *h = &harts[id];
	uint64_t deadline = deadline_ms(HSM_WAIT_MS);
	struct sbiret r;

	if (!hart_post_work(id, work_hart_suspend, type))
		return SBI_ERR_FAILED;
	for (;;) {
		r = sbi_hart_status(id);
		if ((!r.error && r.value == SBI_HSM_SUSPENDED) ||
		    h->work_done == h->work_seq || rdtime() >= deadline)
			break;
		hart_nap();
	}
	timer_disarm(this_hart());
	return r.error ? r.error : r.value;
}

/* Retentive suspend, woken by an IPI: the call returns 0 on the target. */
static void hsm_suspend_retentive(struct tally *t, unsigned long id)
{
	struct hart *h = &harts[id];
	long st;
	bool done;

	st = hsm_post_suspend(id, SBI_HSM_SUSPEND_RET);
	check(t, st == SBI_HSM_SUSPENDED, "hsm hart %lu retentive suspend: "
	      "status %s", id, sbi_hsm_state_str(st));
	sbi_send_ipi(1, id);
	done = hart_wait_work(id, deadline_ms(HSM_WAIT_MS));
	st = sbi_hart_status(id).value;
	check(t, done && !h->work_result && st == SBI_HSM_STARTED,
	      "hsm hart %lu woken by IPI: hart_suspend returned %s, status %s",
	      id, done ? sbi_err_str(h->work_result) : "(no return)",
	      sbi_hsm_state_str(st));
}

/* Non-retentive suspend resumes at _secondary_start with the opaque. */
static void hsm_suspend_nonretentive(struct tally *t, unsigned long id)
{
	struct hart *h = &harts[id];
	unsigned long want = h->resume_count + 1;
	long st;
	bool ok;

	st = hsm_post_suspend(id, SBI_HSM_SUSPEND_NONRET);
	if (st != SBI_HSM_SUSPENDED) {
		if (hart_wait_work(id, deadline_ms(HSM_WAIT_MS)) &&
		    h->work_result == SBI_ERR_NOT_SUPPORTED)
			skip(t, "hsm hart %lu non-retentive suspend: "
			     "ERR_NOT_SUPPORTED", id);
		else
			check(t, false, "hsm hart %lu non-retentive suspend: "
			      "status %s, hart_suspend returned %s", id,
			      sbi_hsm_state_str(st),
			      sbi_err_str(h->work_result));
		return;
	}
	sbi_send_ipi(1, id);
	ok = hart_wait_ge(&h->resume_count, want, deadline_ms(HSM_WAIT_MS));
	check(t, ok, "hsm hart %lu non-retentive suspend: status SUSPENDED, "
	      "%s", id, ok ? "woken by IPI, resumed at resume_addr" :
	      "did not resume");
}

int cmd_hsm(int argc, char **argv)
{
	struct tally t = TALLY("hsm");
	unsigned long ids[MAX_HARTS];
	int n;

	(void)argc;
	(void)argv;
	n = smp_bring_up(ids, MAX_HARTS);
	if (!n) {
		skip(&t, "hsm: no secondary harts");
		return tally_end(&t);
	}
	printf("hsm: testing hart %lu\n", ids[0]);
	hsm_stop_start(&t, ids[0]);
	hsm_suspend_retentive(&t, ids[0]);
	hsm_suspend_nonretentive(&t, ids[0]);
	return tally_end(&t);
}
