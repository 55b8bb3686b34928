/* SBI for guests (SBI spec v2.0): BASE, legacy v0.1, TIME, IPI, RFENCE, HSM,
 * SRST and DBCN, dispatched through a table by extension id. Internal errors
 * are turned into SBI error codes here and nowhere else. */
#include <arch/guest.h>
#include <arch/timer.h>
#include <arch/barrier.h>
#include <asm/sbi.h>
#include <asm/vcpu_internal.h>
#include <keel/devemu.h>
#include <keel/timer.h>
#include <keel/version.h>
#include <keel/vserial.h>

/* Keel is not in the SBI implementation-ID registry: an unregistered id. */
#define KEEL_SBI_IMPL_ID	0x4b45454cUL	/* "KEEL" */
#define SBI_SPEC_2_0		(2UL << 24)
#define DBCN_MAX_CHUNK		4096

enum sbi_action {
	SBI_ADVANCE,		/* write a0/a1, step over the ecall */
	SBI_LEGACY,		/* write a0 only, step over */
	SBI_NO_RETURN,		/* the vCPU was stopped or restarted elsewhere */
};

struct sbi_call {
	struct guest_vcpu *gv;
	unsigned long ext, fid;
	unsigned long *a;		/* a0..a5 of the guest */
	struct sbiret ret;
};

typedef enum sbi_action (*sbi_handler_t)(struct sbi_call *c);

struct sbi_ext {
	unsigned long min, max;
	unsigned int stat;
	sbi_handler_t handle;
};

const char *const sbi_stat_names[SBI_STAT_EXTS] = {
	"base", "legacy", "time", "ipi", "rfence", "hsm", "srst", "dbcn", "unknown",
};

/* Apply fn to every vCPU named by an SBI hart mask; validate all first. */
static long for_each_hart(struct guest *g, unsigned long mask, unsigned long base,
			  void (*fn)(struct guest_vcpu *t, void *ctx), void *ctx)
{
	if (base == -1UL) {
		for (unsigned int i = 0; i < g->nr_vcpus; i++)
			fn(g->vcpus[i], ctx);
		return SBI_SUCCESS;
	}
	if (base >= g->nr_vcpus || (mask && (base + 63 - __builtin_clzl(mask)) >= g->nr_vcpus))
		return SBI_ERR_INVALID_PARAM;
	for (unsigned int b = 0; mask; b++, mask >>= 1)
		if (mask & 1)
			fn(g->vcpus[base + b], ctx);
	return SBI_SUCCESS;
}

static enum sbi_action sbi_base(struct sbi_call *c)
{
	switch (c->fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		c->ret.value = SBI_SPEC_2_0;
		break;
	case SBI_BASE_GET_IMPL_ID:
		c->ret.value = KEEL_SBI_IMPL_ID;
		break;
	case SBI_BASE_GET_IMPL_VERSION:
		c->ret.value = (KEEL_VERSION_MAJOR << 16) | KEEL_VERSION_MINOR;
		break;
	case SBI_BASE_PROBE_EXT:
		c->ret.value = vcpu_sbi_probe(c->a[0]);
		break;
	case SBI_BASE_GET_MVENDORID:
	case SBI_BASE_GET_MARCHID:
	case SBI_BASE_GET_MIMPID:
		c->ret.value = 0;
		break;
	default:
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_ADVANCE;
}

static enum sbi_action sbi_time(struct sbi_call *c)
{
	if (c->fid != 0) {
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
		return SBI_ADVANCE;
	}
	vcpu_timer_set(c->gv, c->a[0]);
	return SBI_ADVANCE;
}

static void raise_soft(struct guest_vcpu *t, void *ctx)
{
	vcpu_irq_assert(&t->vcpu, VCPU_IRQ_SOFT);
}

static enum sbi_action sbi_ipi(struct sbi_call *c)
{
	if (c->fid != 0)
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
	else
		c->ret.error = for_each_hart(c->gv->guest, c->a[0], c->a[1], raise_soft, NULL);
	return SBI_ADVANCE;
}

/* Ask a vCPU to fence before it next runs guest code, and wait until a
 * vCPU running on another hart has done so. */
static void request_fence(struct guest_vcpu *t, void *ctx)
{
	uint32_t req = *(uint32_t *)ctx;
	uint64_t deadline = timer_now() + timer_ms_to_ticks(100);

	struct guest_vcpu *self = to_guest_vcpu(current_vcpu());

	__atomic_or_fetch(&t->requests, req, __ATOMIC_SEQ_CST);
	if (t == self)
		return;
	guest_vcpu_kick(t);
	/* Wait for a vCPU in its guest on another hart; meanwhile do what
	 * others ask of this one, so two vCPUs fencing each other finish. */
	while ((__atomic_load_n(&t->requests, __ATOMIC_SEQ_CST) & req) &&
	       t->vcpu.state == VCPU_RUNNING && !t->parked && timer_now() < deadline) {
		if (self->requests & (VCPU_REQ_FENCE_I | VCPU_REQ_SFENCE))
			vcpu_do_fences(self);
		cpu_relax();
	}
}

static enum sbi_action sbi_rfence(struct sbi_call *c)
{
	uint32_t req;

	switch (c->fid) {
	case SBI_RFENCE_FENCE_I:
		req = VCPU_REQ_FENCE_I;
		break;
	case SBI_RFENCE_SFENCE_VMA:
	case SBI_RFENCE_SFENCE_VMA_ASID:
		req = VCPU_REQ_SFENCE;
		break;
	default:	/* the HFENCE functions: guests have no H extension */
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
		return SBI_ADVANCE;
	}
	c->ret.error = for_each_hart(c->gv->guest, c->a[0], c->a[1], request_fence, &req);
	return SBI_ADVANCE;
}

static bool valid_entry(struct guest *g, uint64_t pc)
{
	int idx = guest_region_index(g, pc);

	return idx >= 0 && g->cfg.regions[idx].kind != REGION_VIRTUAL;
}

static enum sbi_action hsm_start(struct sbi_call *c)
{
	struct guest_vcpu *t = guest_vcpu_by_index(c->gv->guest, c->a[0]);

	if (!t)
		c->ret.error = SBI_ERR_INVALID_PARAM;
	else if (!valid_entry(c->gv->guest, c->a[1]))
		c->ret.error = SBI_ERR_INVALID_ADDRESS;
	else if (t->hsm != VCPU_HSM_STOPPED)
		c->ret.error = SBI_ERR_ALREADY_AVAILABLE;
	else
		c->ret.error = guest_vcpu_start(t, c->a[1], c->a[2]) ? SBI_ERR_FAILED : SBI_SUCCESS;
	return SBI_ADVANCE;
}

static enum sbi_action hsm_suspend(struct sbi_call *c)
{
	struct guest_vcpu *gv = c->gv;
	unsigned long type = c->a[0];

	if (type != SBI_HSM_SUSPEND_RETENTIVE && type != SBI_HSM_SUSPEND_NON_RETENTIVE) {
		c->ret.error = type >= 0x10000000 && type < 0x80000000 ?
			       SBI_ERR_NOT_SUPPORTED : SBI_ERR_INVALID_PARAM;
		return SBI_ADVANCE;
	}
	if (type == SBI_HSM_SUSPEND_NON_RETENTIVE && !valid_entry(gv->guest, c->a[1])) {
		c->ret.error = SBI_ERR_INVALID_ADDRESS;
		return SBI_ADVANCE;
	}
	gv->hsm = VCPU_HSM_SUSPENDED;
	guest_vcpu_wfi(gv);
	gv->hsm = VCPU_HSM_STARTED;
	if (type == SBI_HSM_SUSPEND_RETENTIVE)
		return SBI_ADVANCE;
	gv->start_pc = c->a[1];		/* resume like a fresh start */
	gv->start_arg = c->a[2];
	__atomic_or_fetch(&gv->requests, VCPU_REQ_RESET, __ATOMIC_SEQ_CST);
	return SBI_NO_RETURN;
}

static enum sbi_action sbi_hsm(struct sbi_call *c)
{
	struct guest_vcpu *t;

	switch (c->fid) {
	case SBI_HSM_HART_START:
		return hsm_start(c);
	case SBI_HSM_HART_STOP:
		guest_vcpu_stop_self(c->gv);
		return SBI_NO_RETURN;
	case SBI_HSM_HART_GET_STATUS:
		t = guest_vcpu_by_index(c->gv->guest, c->a[0]);
		if (!t)
			c->ret.error = SBI_ERR_INVALID_PARAM;
		else
			c->ret.value = t->hsm == VCPU_HSM_STARTED ? SBI_HSM_STATE_STARTED :
				       t->hsm == VCPU_HSM_STOPPED ? SBI_HSM_STATE_STOPPED :
				       SBI_HSM_STATE_SUSPENDED;
		return SBI_ADVANCE;
	case SBI_HSM_HART_SUSPEND:
		return hsm_suspend(c);
	default:
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
		return SBI_ADVANCE;
	}
}

static enum sbi_action sbi_srst(struct sbi_call *c)
{
	unsigned long type = c->a[0], reason = c->a[1];

	if (c->fid != 0) {
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
		return SBI_ADVANCE;
	}
	if (type > SBI_SRST_WARM_REBOOT || (reason > SBI_SRST_REASON_FAILURE &&
					    reason < 0xF0000000UL)) {
		c->ret.error = SBI_ERR_INVALID_PARAM;
		return SBI_ADVANCE;
	}
	guest_request_shutdown(c->gv->guest, type != SBI_SRST_SHUTDOWN);
	return SBI_NO_RETURN;
}

static enum sbi_action sbi_dbcn(struct sbi_call *c)
{
	struct guest *g = c->gv->guest;
	uint64_t gpa = c->a[1] | ((uint64_t)c->a[2] << 32);
	void *hva;

	switch (c->fid) {
	case SBI_DBCN_WRITE:
	case SBI_DBCN_READ:
		/* SBI 2.0 §12.1: fewer bytes may be written; a bounded chunk keeps
		 * a guest from holding the console (and its hart) for long. */
		if (c->a[0] > DBCN_MAX_CHUNK)
			c->a[0] = DBCN_MAX_CHUNK;
		hva = guest_gpa_to_hva(g, gpa, c->a[0], c->fid == SBI_DBCN_READ);
		if (!hva || !c->a[0]) {
			c->ret.error = c->a[0] ? SBI_ERR_INVALID_PARAM : SBI_SUCCESS;
			return SBI_ADVANCE;
		}
		if (c->fid == SBI_DBCN_WRITE && g->console)
			vserial_output(g->console, hva, c->a[0]);
		c->ret.value = c->fid == SBI_DBCN_WRITE ? (long)c->a[0] : 0;
		return SBI_ADVANCE;
	case SBI_DBCN_WRITE_BYTE:
		if (g->console) {
			char ch = (char)c->a[0];

			vserial_output(g->console, &ch, 1);
		}
		return SBI_ADVANCE;
	default:
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
		return SBI_ADVANCE;
	}
}

static void clear_soft(struct guest_vcpu *gv)
{
	vcpu_irq_deassert(&gv->vcpu, VCPU_IRQ_SOFT);
}

/* Legacy v0.1 extensions: one function each, result in a0 only. */
static enum sbi_action sbi_legacy(struct sbi_call *c)
{
	struct guest *g = c->gv->guest;
	unsigned long mask = -1UL;
	uint32_t req;
	char ch;

	if (c->ext >= SBI_EXT_LEGACY_SEND_IPI && c->ext <= SBI_EXT_LEGACY_REMOTE_SFENCE_ASID &&
	    c->a[0] && vcpu_read_guest_ulong(c->a[0], &mask)) {
		c->ret.error = SBI_ERR_INVALID_ADDRESS;
		return SBI_LEGACY;
	}
	switch (c->ext) {
	case SBI_EXT_LEGACY_SET_TIMER:
		vcpu_timer_set(c->gv, c->a[0]);
		break;
	case SBI_EXT_LEGACY_PUTCHAR:
		ch = (char)c->a[0];
		if (g->console)
			vserial_output(g->console, &ch, 1);
		break;
	case SBI_EXT_LEGACY_GETCHAR:
		c->ret.error = -1;	/* no input through the legacy console */
		break;
	case SBI_EXT_LEGACY_CLEAR_IPI:
		clear_soft(c->gv);
		break;
	case SBI_EXT_LEGACY_SEND_IPI:
		c->ret.error = for_each_hart(g, mask, c->a[0] ? 0 : -1UL, raise_soft, NULL);
		break;
	case SBI_EXT_LEGACY_REMOTE_FENCE_I:
		req = VCPU_REQ_FENCE_I;
		c->ret.error = for_each_hart(g, mask, c->a[0] ? 0 : -1UL, request_fence, &req);
		break;
	case SBI_EXT_LEGACY_REMOTE_SFENCE:
	case SBI_EXT_LEGACY_REMOTE_SFENCE_ASID:
		req = VCPU_REQ_SFENCE;
		c->ret.error = for_each_hart(g, mask, c->a[0] ? 0 : -1UL, request_fence, &req);
		break;
	case SBI_EXT_LEGACY_SHUTDOWN:
		guest_request_shutdown(g, false);
		return SBI_NO_RETURN;
	}
	return SBI_LEGACY;
}

static enum sbi_action sbi_unknown(struct sbi_call *c)
{
	c->ret.error = SBI_ERR_NOT_SUPPORTED;
	return SBI_ADVANCE;
}

/* Slots of sbi_exts[], also the index into vcpu_stats.sbi[]. */
enum { SLOT_BASE, SLOT_LEGACY, SLOT_TIME, SLOT_IPI };

static const struct sbi_ext sbi_exts[] = {
	[SLOT_BASE] = { SBI_EXT_BASE, SBI_EXT_BASE, 0, sbi_base },
	[SLOT_LEGACY] = { SBI_EXT_LEGACY_SET_TIMER, SBI_EXT_LEGACY_SHUTDOWN, 1, sbi_legacy },
	[SLOT_TIME] = { SBI_EXT_TIME, SBI_EXT_TIME, 2, sbi_time },
	[SLOT_IPI] = { SBI_EXT_IPI, SBI_EXT_IPI, 3, sbi_ipi },
	{ SBI_EXT_RFENCE, SBI_EXT_RFENCE, 4, sbi_rfence },
	{ SBI_EXT_HSM, SBI_EXT_HSM, 5, sbi_hsm },
	{ SBI_EXT_SRST, SBI_EXT_SRST, 6, sbi_srst },
	{ SBI_EXT_DBCN, SBI_EXT_DBCN, 7, sbi_dbcn },
};

static const struct sbi_ext unknown_ext = { 0, 0, 8, sbi_unknown };

static const struct sbi_ext *find_ext(unsigned long id)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(sbi_exts); i++)
		if (id >= sbi_exts[i].min && id <= sbi_exts[i].max)
			return &sbi_exts[i];
	return &unknown_ext;
}

long vcpu_sbi_probe(unsigned long ext)
{
	return find_ext(ext) != &unknown_ext;
}

void vcpu_sbi_ecall(struct guest_vcpu *gv)
{
	unsigned long *x = gv->arch.guest.x;
	struct sbi_call c = { .gv = gv, .ext = x[17], .fid = x[16], .a = &x[10] };
	const struct sbi_ext *e;
	enum sbi_action act;

	/* The hottest extensions go straight to their (inlined) handler;
	 * the others are looked up in the table. */
	switch (c.ext) {
	case SBI_EXT_BASE:
		e = &sbi_exts[SLOT_BASE];
		act = sbi_base(&c);
		break;
	case SBI_EXT_TIME:
		e = &sbi_exts[SLOT_TIME];
		act = sbi_time(&c);
		break;
	default:
		e = find_ext(c.ext);
		act = e->handle(&c);
	}
	gv->stats.sbi[e->stat]++;
	if (act == SBI_NO_RETURN)
		return;
	x[10] = (unsigned long)c.ret.error;
	if (act == SBI_ADVANCE)
		x[11] = (unsigned long)c.ret.value;
	gv->arch.guest.sepc += 4;
}
