/*
 * `bench`: microbenchmarks timed with rdtime. Each item prints a machine-
 * readable line "BENCH <name> <iterations> <ticks>" as it completes, then a
 * table follows and "BENCH done" ends the output.
 *
 * vcpu_switch is a ping-pong between the boot hart and the first secondary:
 * both sleep in wfi and answer each IPI with one back. It reports 2N
 * iterations (one-way trips) for N round trips, so ticks/iteration is the
 * round trip / 2; it measures a vCPU switch when the hypervisor runs both
 * vCPUs on one physical hart.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"
#include "plic.h"
#include "sbi.h"
#include "uart.h"

#define N_CHEAP		10000
#define N_RTT		1000
#define WATCHDOG_MS	10000
#define BENCH_MAX	12

struct bench_result {
	const char *name;
	unsigned long iters;
	uint64_t ticks;
};

/* Bench state (non-static: lib.h). */
struct bench_result bench_results[BENCH_MAX];
unsigned int bench_count;
volatile unsigned long bench_ping, bench_pong, bench_pong_ready;

static void bench_record(const char *name, unsigned long iters,
			 uint64_t ticks)
{
	if (bench_count < BENCH_MAX)
		bench_results[bench_count++] = (struct bench_result){
			.name = name, .iters = iters, .ticks = ticks };
	printf("BENCH %s %lu %lu\n", name, iters, (unsigned long)ticks);
}

static void bench_cheap(void)
{
	uint64_t t;
	unsigned long i;

	t = rdtime();
	for (i = 0; i < N_CHEAP; i++)
		sbi_spec_version();
	bench_record("sbi_null", N_CHEAP, rdtime() - t);
	t = rdtime();
	for (i = 0; i < N_CHEAP; i++)
		sbi_probe(SBI_EXT_TIME);
	bench_record("sbi_probe", N_CHEAP, rdtime() - t);
	t = rdtime();
	for (i = 0; i < N_CHEAP; i++)
		(void)mmio_lb(UART_BASE + UART_SCR);
	bench_record("mmio_read", N_CHEAP, rdtime() - t);
	t = rdtime();
	for (i = 0; i < N_CHEAP; i++)
		mmio_sb(UART_BASE + UART_SCR, (uint8_t)i);
	bench_record("mmio_write", N_CHEAP, rdtime() - t);
	t = rdtime();
	for (i = 0; i < N_CHEAP; i++)
		(void)mmio_lw(PLIC_PRIORITY(UART_IRQ));
	bench_record("plic_read", N_CHEAP, rdtime() - t);
}

/* Timer armed at "now": pending at once; the STI handler disarms it. */
static void bench_timer_rtt(struct hart *h, bool sstc)
{
	uint64_t t = rdtime();
	unsigned long i, old;

	for (i = 0; i < N_RTT; i++) {
		old = h->sti_count;
		timer_arm(h, rdtime(), sstc);
		wfi_wait_ge(&h->sti_count, old + 1, TIME_FOREVER);
	}
	bench_record(sstc ? "timer_rtt_sstc" : "timer_rtt", N_RTT,
		     rdtime() - t);
	h->timer_sstc = false;
}

static void bench_ipi_self(struct hart *h)
{
	uint64_t t = rdtime();
	unsigned long i, old;

	for (i = 0; i < N_RTT; i++) {
		old = h->ssi_count;
		sbi_send_ipi(1, h->hartid);
		wfi_wait_ge(&h->ssi_count, old + 1, TIME_FOREVER);
	}
	bench_record("ipi_self_rtt", N_RTT, rdtime() - t);
}

/* Secondary side of vcpu_switch; a watchdog timer bounds each wfi. */
static void work_pong(struct hart *h, unsigned long n)
{
	uint64_t deadline = deadline_ms(WATCHDOG_MS);
	unsigned long i;

	timer_arm(h, deadline, false);
	__atomic_store_n(&bench_pong_ready, 1, __ATOMIC_RELEASE);
	for (i = 1; i <= n; i++) {
		if (!wfi_wait_ge(&bench_ping, i, deadline))
			break;
		__atomic_store_n(&bench_pong, i, __ATOMIC_RELEASE);
		sbi_send_ipi(1, boot_hartid);
	}
	timer_disarm(h);
	h->work_result = (long)i - 1;
}

static void bench_vcpu_switch(struct hart *h)
{
	unsigned long ids[MAX_HARTS], i, id;
	uint64_t t, deadline;

	if (smp_bring_up(ids, MAX_HARTS) < 1) {
		bench_record("vcpu_switch", 0, 0);
		printf("  (vcpu_switch needs a second vCPU: none)\n");
		return;
	}
	id = ids[0];
	bench_ping = bench_pong = bench_pong_ready = 0;
	if (!hart_post_work(id, work_pong, N_RTT) ||
	    !hart_wait_ge(&bench_pong_ready, 1, deadline_ms(1000))) {
		bench_record("vcpu_switch", 0, 0);
		printf("  (vcpu_switch: hart %lu did not take the work)\n", id);
		return;
	}
	deadline = deadline_ms(WATCHDOG_MS);
	timer_arm(h, deadline, false);
	t = rdtime();
	for (i = 1; i <= N_RTT; i++) {
		__atomic_store_n(&bench_ping, i, __ATOMIC_RELEASE);
		sbi_send_ipi(1, id);
		if (!wfi_wait_ge(&bench_pong, i, deadline))
			break;
	}
	t = rdtime() - t;
	timer_disarm(h);
	hart_wait_work(id, deadline_ms(1000));
	if (i <= N_RTT)
		printf("  (vcpu_switch: stalled after %lu round trips)\n", i - 1);
	bench_record("vcpu_switch", 2 * (i - 1), t);
}

static void bench_table(void)
{
	const struct bench_result *r;
	uint64_t milli, ns10;

	printf("%-16s %10s %12s %14s %12s\n", "item", "iterations", "ticks",
	       "ticks/iter", "ns/iter");
	for (r = bench_results; r < bench_results + bench_count; r++) {
		milli = r->iters ? r->ticks * 1000 / r->iters : 0;
		ns10 = milli * 10000000 / timebase_hz;
		printf("%-16s %10lu %12lu %10lu.%03lu %10lu.%lu\n", r->name,
		       r->iters, (unsigned long)r->ticks,
		       (unsigned long)(milli / 1000),
		       (unsigned long)(milli % 1000),
		       (unsigned long)(ns10 / 10), (unsigned long)(ns10 % 10));
	}
	printf("(timebase %lu Hz)\n", (unsigned long)timebase_hz);
}

int cmd_bench(int argc, char **argv)
{
	struct hart *h = this_hart();

	(void)argc;
	(void)argv;
	bench_count = 0;
	bench_cheap();
	bench_timer_rtt(h, false);
	if (fw.sstc)
		bench_timer_rtt(h, true);
	bench_ipi_self(h);
	bench_vcpu_switch(h);
	bench_table();
	printf("BENCH done\n");
	return 0;
}
