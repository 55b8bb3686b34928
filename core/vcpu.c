/* Guest vCPUs as Keel threads: the run loop, parking while the guest is not
 * allowed to run, WFI, kicks, HSM start/stop, and loading the vCPU's arch
 * state around context switches. */
#include <arch/guest.h>
#include <arch/smp.h>
#include <keel/errno.h>
#include <keel/guest.h>
#include <keel/heap.h>
#include <keel/percpu.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/timer.h>
#include <keel/smp.h>

static struct guest_vcpu *loaded_vcpu[CONFIG_NR_CPUS];

void vcpu_switch_hook(struct cpu *c, struct vcpu *prev, struct vcpu *next)
{
	struct guest_vcpu *loaded = loaded_vcpu[c->id];

	if (!next->guest || to_guest_vcpu(next) == loaded)
		return;
	if (loaded)
		arch_vcpu_put(loaded);
	arch_vcpu_load(to_guest_vcpu(next));
	loaded_vcpu[c->id] = to_guest_vcpu(next);
}

static bool vcpu_may_run(const struct guest_vcpu *gv)
{
	return gv->guest->state == GUEST_RUNNING && gv->hsm != VCPU_HSM_STOPPED &&
	       !(gv->requests & VCPU_REQ_EXIT);
}

static bool may_run_or_exit(void *arg)
{
	struct guest_vcpu *gv = arg;

	return vcpu_may_run(gv) || (gv->requests & VCPU_REQ_EXIT);
}

static void vcpu_unload_self(struct guest_vcpu *gv)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();

	if (loaded_vcpu[c->id] == gv) {
		arch_vcpu_put(gv);
		loaded_vcpu[c->id] = NULL;
	}
	arch_irq_restore(flags);
}

/* Registers back to the reset state with pc/a1 from start_pc/start_arg. */
static void vcpu_apply_reset(struct guest_vcpu *gv)
{
	unsigned long flags = arch_irq_save();

	__atomic_and_fetch(&gv->requests, ~VCPU_REQ_RESET, __ATOMIC_SEQ_CST);
	vcpu_unload_self(gv);
	arch_vcpu_reset(gv, gv->start_pc, gv->start_arg);
	vcpu_switch_hook(this_cpu(), NULL, &gv->vcpu);
	arch_irq_restore(flags);
}

static void vcpu_thread(void *arg)
{
	struct guest_vcpu *gv = arg;
	struct guest *g = gv->guest;

	vcpu_switch_hook(this_cpu(), NULL, &gv->vcpu);
	while (!(gv->requests & VCPU_REQ_EXIT)) {
		if (gv->requests & VCPU_REQ_RESET)
			vcpu_apply_reset(gv);
		if (!vcpu_may_run(gv)) {
			gv->parked = true;
			waitqueue_wait(&gv->wq, may_run_or_exit, gv);
			gv->parked = false;
			continue;
		}
		arch_vcpu_run(gv);
	}
	timer_event_cancel(&gv->timer);
	vcpu_unload_self(gv);
	gv->parked = true;
	__atomic_sub_fetch(&g->live_threads, 1, __ATOMIC_SEQ_CST);
}

static void vcpu_release(struct vcpu *v)
{
	kfree(to_guest_vcpu(v));
}

static void vcpu_timer_expired(struct timer_event *ev, uint64_t now)
{
	struct guest_vcpu *gv = ev->data;

	vcpu_irq_assert(&gv->vcpu, VCPU_IRQ_TIMER);
}

static void vcpu_wfi_expired(struct timer_event *ev, uint64_t now)
{
	guest_vcpu_kick(ev->data);
}

struct guest_vcpu *guest_vcpu_create(struct guest *g, unsigned int index)
{
	const struct vcpu_config *vc = &g->cfg.vcpus[index];
	struct guest_vcpu *gv = kzalloc(sizeof(*gv));
	char name[32];

	if (!gv)
		return NULL;
	snprintf(name, sizeof(name), "%s/%s", g->name, vc->name);
	if (thread_init(&gv->vcpu, name, vcpu_thread, gv, vc->prio, vc->affinity)) {
		kfree(gv);
		return NULL;
	}
	gv->vcpu.guest = g;
	gv->vcpu.release = vcpu_release;
	gv->guest = g;
	gv->index = index;
	gv->hsm = VCPU_HSM_STOPPED;
	waitqueue_init(&gv->wq);
	timer_event_init(&gv->timer, vcpu_timer_expired, gv);
	timer_event_init(&gv->wfi_timer, vcpu_wfi_expired, gv);
	arch_vcpu_reset(gv, vc->start_pc, 0);
	__atomic_add_fetch(&g->live_threads, 1, __ATOMIC_SEQ_CST);
	thread_start(&gv->vcpu);
	return gv;
}

/* Ask the vCPU thread to end; it frees itself once off its stack. */
void guest_vcpu_destroy(struct guest_vcpu *gv)
{
	__atomic_or_fetch(&gv->requests, VCPU_REQ_EXIT, __ATOMIC_SEQ_CST);
	guest_vcpu_kick(gv);
}

void guest_vcpu_kick(struct guest_vcpu *gv)
{
	struct vcpu *v = &gv->vcpu;

	waitqueue_wake_all(&gv->wq);
	if (v->state == VCPU_RUNNING && v->cpu != this_cpu())
		arch_send_ipi(v->cpu);
}

int guest_vcpu_start(struct guest_vcpu *gv, uint64_t pc, uint64_t arg)
{
	if (gv->hsm != VCPU_HSM_STOPPED)
		return -EALREADY;
	gv->start_pc = pc;
	gv->start_arg = arg;
	__atomic_or_fetch(&gv->requests, VCPU_REQ_RESET, __ATOMIC_SEQ_CST);
	gv->hsm = VCPU_HSM_STARTED;
	guest_vcpu_kick(gv);
	return 0;
}

/* The vCPU thread resets its own registers when it next may run. */
static bool start_requested(void *arg)
{
	struct guest_vcpu *gv = arg;

	return gv->hsm != VCPU_HSM_STOPPED || (gv->requests & VCPU_REQ_EXIT) ||
	       gv->guest->state != GUEST_RUNNING;
}

void guest_vcpu_stop_self(struct guest_vcpu *gv)
{
	gv->hsm = VCPU_HSM_STOPPED;
	timer_event_cancel(&gv->timer);
	waitqueue_wait(&gv->wq, start_requested, gv);
}

static bool wfi_done(void *arg)
{
	struct guest_vcpu *gv = arg;

	return arch_vcpu_has_pending_irq(gv) || !vcpu_may_run(gv) ||
	       (gv->requests & VCPU_REQ_RESET);
}

void guest_vcpu_wfi(struct guest_vcpu *gv)
{
	uint64_t deadline;

	if (arch_vcpu_has_pending_irq(gv))
		return;
	deadline = arch_vcpu_timer_deadline(gv);
	if (deadline != UINT64_MAX)
		timer_event_arm(&gv->wfi_timer, deadline);
	gv->stats.wfi_blocked++;
	waitqueue_wait(&gv->wq, wfi_done, gv);
	timer_event_cancel(&gv->wfi_timer);
}

static void sync_on_hart(void *arg)
{
	struct guest_vcpu *gv = arg;

	if (loaded_vcpu[this_cpu()->id] == gv)
		arch_vcpu_save_csrs(gv);
}

/* Bring gv's saved register copies up to date for display: ask the hart
 * that has it loaded to copy its live CSRs. Thread context. */
void guest_vcpu_sync_state(struct guest_vcpu *gv)
{
	struct cpu *c;

	for_each_online_cpu(c)
		if (loaded_vcpu[c->id] == gv)
			smp_call_sync(c, sync_on_hart, gv);
}

struct guest_vcpu *guest_vcpu_by_index(struct guest *g, unsigned int index)
{
	return index < g->nr_vcpus ? g->vcpus[index] : NULL;
}
