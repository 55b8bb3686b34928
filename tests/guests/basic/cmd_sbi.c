/*
 * `sbi`: exercise every SBI extension a guest of Keel may use and report
 * one PASS/FAIL/SKIP line per check (SBI spec v2.0 chapter numbers in the
 * comments). SRST is only probed and given a reserved type here: the real
 * calls are `shutdown` and `reboot`.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"
#include "sbi.h"
#include "test.h"

#define SBI_EXT_UNKNOWN		0x5a5a5a5aUL	/* no SBI range uses it */
#define HART_ID_INVALID		0x10000UL
#define ADDR_OUTSIDE_RAM	0x60000000UL	/* a hole in both maps */
#define SRST_TYPE_RESERVED	0x100UL		/* SBI §10.1: reserved */

/* Buffers SBI reads or writes must be in RAM (non-static: lib.h). */
unsigned long sbi_legacy_mask;
char sbi_dbcn_buf[64];

static const char *err(long e)
{
	return sbi_err_str(e);
}

/* §4: BASE. */
static void check_base(struct tally *t)
{
	static const char *const id_names[] = {
		"mvendorid", "marchid", "mimpid",
	};
	struct sbiret r = sbi_spec_version();
	char ver[16];
	unsigned int i;

	check(t, !r.error && (r.value & 0x7fffffff) >= 2,
	      "base get_spec_version: %s (0x%lx), need >= v0.2",
	      sbi_version_str(r.value, ver, sizeof(ver)), r.value);
	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_IMPL_ID, 0, 0, 0, 0, 0);
	check(t, !r.error, "base get_impl_id: %ld (%s)", r.value,
	      sbi_impl_str(r.value));
	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_IMPL_VERSION, 0, 0, 0, 0, 0);
	check(t, !r.error, "base get_impl_version: 0x%lx", r.value);
	for (i = 0; i < ARRAY_SIZE(id_names); i++) {
		r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_MVENDORID + i,
			      0, 0, 0, 0, 0);
		check(t, !r.error, "base get_%s: 0x%lx (%s)", id_names[i],
		      r.value, err(r.error));
	}
	r = sbi_ecall(SBI_EXT_BASE, 99, 0, 0, 0, 0, 0);
	check(t, r.error == SBI_ERR_NOT_SUPPORTED,
	      "base unknown function 99: %s, want ERR_NOT_SUPPORTED",
	      err(r.error));
}

struct sbi_ext_name {
	const char *name;
	unsigned long eid;
	bool optional;		/* SKIP rather than FAIL when absent */
};

static const struct sbi_ext_name sbi_exts[] = {
	{ .name = "TIME", .eid = SBI_EXT_TIME },
	{ .name = "IPI", .eid = SBI_EXT_IPI },
	{ .name = "RFENCE", .eid = SBI_EXT_RFENCE },
	{ .name = "HSM", .eid = SBI_EXT_HSM },
	{ .name = "SRST", .eid = SBI_EXT_SRST },
	{ .name = "DBCN", .eid = SBI_EXT_DBCN, .optional = true },
};

static void check_probes(struct tally *t)
{
	static const char *const legacy[] = {
		"set_timer", "console_putchar", "console_getchar",
		"clear_ipi", "send_ipi", "remote_fence_i",
		"remote_sfence_vma", "remote_sfence_vma_asid", "shutdown",
	};
	const struct sbi_ext_name *e;
	unsigned long i;
	long v;

	for (e = sbi_exts; e < sbi_exts + ARRAY_SIZE(sbi_exts); e++) {
		v = sbi_probe(e->eid);
		if (!v && e->optional)
			skip(t, "base probe %s (0x%lx): absent", e->name,
			     e->eid);
		else
			check(t, v != 0, "base probe %s (0x%lx): %ld",
			      e->name, e->eid, v);
	}
	for (i = 0; i < ARRAY_SIZE(legacy); i++) {
		v = sbi_probe(i);
		check(t, v != 0, "base probe legacy 0x%02lx %s: %ld", i,
		      legacy[i], v);
	}
	v = sbi_probe(SBI_EXT_UNKNOWN);
	check(t, v == 0, "base probe unknown 0x%lx: %ld, want 0",
	      SBI_EXT_UNKNOWN, v);
}

/* §5: legacy console calls. */
static void check_legacy_console(struct tally *t)
{
	long rc = 0;
	const char *s;

	printf("legacy console_putchar: [");
	for (s = "ok"; *s; s++)
		rc |= sbi_legacy(SBI_LEGACY_CONSOLE_PUTCHAR, *s, 0, 0, 0);
	printf("]\n");
	check(t, rc == 0, "legacy console_putchar: printed [ok], returned %ld",
	      rc);
	rc = sbi_legacy(SBI_LEGACY_CONSOLE_GETCHAR, 0, 0, 0, 0);
	check(t, rc == -1, "legacy console_getchar: %ld (no input: -1)", rc);
}

/* Spin with SIE masked until sip.SSIP shows up (or 100 ms pass). */
static bool ssip_arrives(void)
{
	uint64_t deadline = deadline_ms(100);

	while (!(csr_read(sip) & SIP_SSIP))
		if (rdtime() >= deadline)
			return false;
	return true;
}

/* §5: legacy timer and IPI calls; hart masks are pointers into RAM. */
static void check_legacy_ipi_timer(struct tally *t, struct hart *h)
{
	unsigned long old = h->sti_count;
	bool ok;
	long rc;

	h->timer_sstc = false;
	rc = sbi_legacy(SBI_LEGACY_SET_TIMER, rdtime() + ms_to_ticks(1),
			0, 0, 0);
	ok = spin_wait_ge(&h->sti_count, old + 1, deadline_ms(500));
	check(t, ok, "legacy set_timer: +1 ms, returned %ld, STI %s", rc,
	      ok ? "taken" : "not taken within 500 ms");

	irq_disable();
	csr_set(sip, SIP_SSIP);
	rc = sbi_legacy(SBI_LEGACY_CLEAR_IPI, 0, 0, 0, 0);
	ok = !(csr_read(sip) & SIP_SSIP);
	csr_clear(sip, SIP_SSIP);
	irq_enable();
	check(t, ok, "legacy clear_ipi: returned %ld, sip.SSIP %s", rc,
	      ok ? "cleared" : "still set");

	sbi_legacy_mask = 1UL << h->hartid;
	irq_disable();
	rc = sbi_legacy(SBI_LEGACY_SEND_IPI, (unsigned long)&sbi_legacy_mask,
			0, 0, 0);
	ok = ssip_arrives();
	csr_clear(sip, SIP_SSIP);
	irq_enable();
	check(t, ok, "legacy send_ipi(self, mask in RAM): returned %ld, "
	      "sip.SSIP %s", rc, ok ? "set" : "not set within 100 ms");
}

static void check_legacy_fences(struct tally *t)
{
	unsigned long m = (unsigned long)&sbi_legacy_mask;
	long rc;

	rc = sbi_legacy(SBI_LEGACY_REMOTE_FENCE_I, m, 0, 0, 0);
	check(t, rc == 0, "legacy remote_fence_i(self): %ld", rc);
	rc = sbi_legacy(SBI_LEGACY_REMOTE_SFENCE_VMA, m, 0, -1UL, 0);
	check(t, rc == 0, "legacy remote_sfence_vma(self, all): %ld", rc);
	rc = sbi_legacy(SBI_LEGACY_REMOTE_SFENCE_ASID, m, 0, -1UL, 0);
	check(t, rc == 0, "legacy remote_sfence_vma_asid(self, all, 0): %ld",
	      rc);
}

/* §6 TIME, §7 IPI. */
static void check_time_ipi(struct tally *t, struct hart *h)
{
	unsigned long old = h->sti_count;
	struct sbiret r;
	bool ok;

	h->timer_sstc = false;
	r = sbi_set_timer(rdtime() + ms_to_ticks(1));
	ok = spin_wait_ge(&h->sti_count, old + 1, deadline_ms(500));
	check(t, !r.error && ok, "time set_timer(+1 ms): %s, STI %s",
	      err(r.error), ok ? "taken" : "not taken within 500 ms");

	old = h->ssi_count;
	r = sbi_send_ipi(1, h->hartid);
	ok = spin_wait_ge(&h->ssi_count, old + 1, deadline_ms(100));
	check(t, !r.error && ok, "ipi send_ipi(self): %s, SSI %s",
	      err(r.error), ok ? "taken" : "not taken within 100 ms");
	r = sbi_send_ipi(1, HART_ID_INVALID);
	check(t, r.error == SBI_ERR_INVALID_PARAM,
	      "ipi send_ipi(mask 1, base 0x%lx): %s, want ERR_INVALID_PARAM",
	      HART_ID_INVALID, err(r.error));
}

/* §8 RFENCE on all harts (hart_mask_base -1), whole address space. */
static void check_rfence(struct tally *t)
{
	struct sbiret r;

	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, 0, -1UL, 0, 0, 0);
	check(t, !r.error, "rfence remote_fence_i(all): %s", err(r.error));
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 0, -1UL,
		      0, -1UL, 0);
	check(t, !r.error, "rfence remote_sfence_vma(all, all): %s",
	      err(r.error));
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_ASID, 0, -1UL,
		      0, -1UL, 0);
	check(t, !r.error, "rfence remote_sfence_vma_asid(all, all, 0): %s",
	      err(r.error));
}

/* §9 HSM seen from the boot hart; `hsm` tests the secondaries. */
static void check_hsm(struct tally *t, struct hart *h)
{
	struct sbiret r = sbi_hart_status(h->hartid);

	check(t, !r.error && r.value == SBI_HSM_STARTED,
	      "hsm hart_get_status(self %lu): %s %s", h->hartid,
	      err(r.error), sbi_hsm_state_str(r.value));
	r = sbi_hart_status(HART_ID_INVALID);
	check(t, r.error == SBI_ERR_INVALID_PARAM,
	      "hsm hart_get_status(0x%lx): %s, want ERR_INVALID_PARAM",
	      HART_ID_INVALID, err(r.error));
	r = sbi_hart_start(h->hartid, (unsigned long)_secondary_start, 0);
	check(t, r.error == SBI_ERR_ALREADY_AVAILABLE,
	      "hsm hart_start(self): %s, want ERR_ALREADY_AVAILABLE",
	      err(r.error));
}

/* §10 SRST: a reserved reset type must be refused, not acted on. */
static void check_srst(struct tally *t)
{
	struct sbiret r;

	if (!sbi_probe(SBI_EXT_SRST)) {
		skip(t, "srst: extension absent");
		return;
	}
	r = sbi_system_reset(SRST_TYPE_RESERVED, 0);
	check(t, r.error == SBI_ERR_INVALID_PARAM,
	      "srst system_reset(reserved type 0x%lx): %s, want "
	      "ERR_INVALID_PARAM (shutdown/reboot: own commands)",
	      SRST_TYPE_RESERVED, err(r.error));
}

/* §12 DBCN: buffers are guest physical addresses (base_hi = 0). */
static void check_dbcn(struct tally *t)
{
	static const char msg[] = "dbcn write: hello through DBCN\n";
	struct sbiret r;

	if (!sbi_probe(SBI_EXT_DBCN)) {
		skip(t, "dbcn write: extension absent");
		skip(t, "dbcn write_byte: extension absent");
		skip(t, "dbcn read: extension absent");
		skip(t, "dbcn write outside RAM: extension absent");
		return;
	}
	memcpy(sbi_dbcn_buf, msg, sizeof(msg));
	r = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE, sizeof(msg) - 1,
		      (unsigned long)sbi_dbcn_buf, 0, 0, 0);
	check(t, !r.error && r.value == (long)sizeof(msg) - 1,
	      "dbcn write(%zu bytes from RAM): %s, wrote %ld",
	      sizeof(msg) - 1, err(r.error), r.value);
	printf("dbcn write_byte: [");
	r = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, '*', 0, 0, 0, 0);
	printf("]\n");
	check(t, !r.error, "dbcn write_byte('*'): %s", err(r.error));
	r = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_READ, sizeof(sbi_dbcn_buf),
		      (unsigned long)sbi_dbcn_buf, 0, 0, 0);
	check(t, !r.error && r.value == 0,
	      "dbcn read(no input): %s, %ld bytes", err(r.error), r.value);
	r = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE, 8, ADDR_OUTSIDE_RAM,
		      0, 0, 0);
	check(t, r.error == SBI_ERR_INVALID_PARAM ||
		 r.error == SBI_ERR_INVALID_ADDRESS,
	      "dbcn write(8 bytes at 0x%lx, outside RAM): %s, want "
	      "ERR_INVALID_PARAM or ERR_INVALID_ADDRESS", ADDR_OUTSIDE_RAM,
	      err(r.error));
}

int cmd_sbi(int argc, char **argv)
{
	struct tally t = TALLY("sbi");
	struct hart *h = this_hart();
	struct sbiret r;

	(void)argc;
	(void)argv;
	check_base(&t);
	check_probes(&t);
	check_legacy_console(&t);
	check_legacy_ipi_timer(&t, h);
	check_legacy_fences(&t);
	check_time_ipi(&t, h);
	check_rfence(&t);
	check_hsm(&t, h);
	check_srst(&t);
	check_dbcn(&t);
	r = sbi_ecall(SBI_EXT_UNKNOWN, 0, 0, 0, 0, 0, 0);
	check(&t, r.error == SBI_ERR_NOT_SUPPORTED,
	      "unknown extension 0x%lx: %s, want ERR_NOT_SUPPORTED",
	      SBI_EXT_UNKNOWN, err(r.error));
	return tally_end(&t);
}
