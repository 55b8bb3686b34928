/* Guest lifecycle: create from the configuration under /guests/<name> in
 * Keel's device tree, kick, pause, resume, halt, reset, destroy — and the
 * accounting that makes destroy give back every page. */
#include <arch/guest.h>
#include <keel/devemu.h>
#include <keel/devtree.h>
#include <keel/errno.h>
#include <keel/guest.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/string.h>
#include <keel/timer.h>
#include <keel/vserial.h>
#include <libfdt.h>
#include "guest_internal.h"
#include "vserial_internal.h"

static LIST_HEAD(guests);
static DEFINE_SPINLOCK(guests_lock);
static unsigned int next_guest_id;

const char *guest_state_name(enum guest_state s)
{
	static const char *const names[] = { "reset", "running", "paused", "halted" };

	return (unsigned int)s < ARRAY_SIZE(names) ? names[s] : "?";
}

struct guest *guest_find(const char *name)
{
	unsigned long flags = spin_lock_irqsave(&guests_lock);
	struct guest *g, *found = NULL;

	list_for_each_entry(g, &guests, node)
		if (!strcmp(g->name, name))
			found = g;
	spin_unlock_irqrestore(&guests_lock, flags);
	return found;
}

void guest_for_each(void (*fn)(struct guest *g, void *ctx), void *ctx)
{
	struct guest *g;

	list_for_each_entry(g, &guests, node)
		fn(g, ctx);
}

/* Copy Keel's device tree so that the config's node offsets stay valid. */
static int snapshot_config(struct guest *g, char *err, size_t err_size)
{
	char path[64];
	size_t size;
	int node;

	snprintf(path, sizeof(path), "/guests/%s", g->name);
	g->config_blob = devtree_copy(&size);
	if (!g->config_blob)
		return -ENOMEM;
	node = fdt_path_offset(g->config_blob, path);
	if (node < 0) {
		snprintf(err, err_size, "no configuration at %s (load one with vfs guest_fdt_load)",
			 path);
		return -ENOENT;
	}
	return guest_config_parse(g->config_blob, node, &g->cfg, devemu_known, err, err_size);
}

/* The SBI console is the guest's first UART port, "<guest>/...". */
static struct vserial *guest_console_port(struct guest *g)
{
	char prefix[GUEST_NAME_MAX + 2];

	snprintf(prefix, sizeof(prefix), "%s/", g->name);
	return vserial_find_prefix(prefix);
}

static int create_vcpus(struct guest *g)
{
	for (unsigned int i = 0; i < g->cfg.nr_vcpus; i++) {
		g->vcpus[i] = guest_vcpu_create(g, i);
		if (!g->vcpus[i])
			return -ENOMEM;
		g->nr_vcpus++;
	}
	return 0;
}

static void guest_free(struct guest *g)
{
	guest_regions_remove_devices(g);
	for (unsigned int i = 0; i < g->nr_vcpus; i++)
		guest_vcpu_destroy(g->vcpus[i]);
	for (int ms = 0; g->live_threads && ms < 2000; ms++)
		thread_sleep_ms(1);
	if (g->live_threads)
		pr_err("%s: %d vCPU threads did not exit\n", g->name, g->live_threads);
	guest_regions_free_memory(g);
	arch_guest_destroy(g);
	kfree(g->config_blob);
	kfree(g);
}

int guest_create(const char *name, char *err, size_t err_size)
{
	struct guest *g;
	unsigned long flags;
	int ret;

	err[0] = '\0';
	if (strlen(name) >= GUEST_NAME_MAX || !name[0])
		return -ENAMETOOLONG;
	if (guest_find(name))
		return -EEXIST;
	g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	strlcpy(g->name, name, sizeof(g->name));
	spin_lock_init(&g->lock);
	g->state = GUEST_RESET;
	ret = snapshot_config(g, err, err_size);
	if (!ret)
		ret = arch_guest_init(g);
	if (!ret)
		ret = guest_regions_create(g, err, err_size);
	if (!ret)
		ret = create_vcpus(g);
	if (!ret)
		g->console = guest_console_port(g);
	if (ret) {
		guest_free(g);
		return ret;
	}
	g->created_ticks = timer_now();
	flags = spin_lock_irqsave(&guests_lock);
	g->id = next_guest_id++;
	list_add_tail(&g->node, &guests);
	spin_unlock_irqrestore(&guests_lock, flags);
	return 0;
}

static void kick_all(struct guest *g)
{
	for (unsigned int i = 0; i < g->nr_vcpus; i++)
		guest_vcpu_kick(g->vcpus[i]);
}

/* Wait until every vCPU is out of the guest (the state already forbids it). */
static int wait_parked(struct guest *g)
{
	for (int ms = 0; ms < 2000; ms++) {
		unsigned int parked = 0;

		for (unsigned int i = 0; i < g->nr_vcpus; i++)
			parked += g->vcpus[i]->parked || g->vcpus[i]->vcpu.state != VCPU_RUNNING;
		if (parked == g->nr_vcpus)
			return 0;
		kick_all(g);
		thread_sleep_ms(1);
	}
	return -ETIMEDOUT;
}

int guest_destroy(struct guest *g)
{
	unsigned long flags;

	g->state = GUEST_HALTED;
	kick_all(g);
	wait_parked(g);
	flags = spin_lock_irqsave(&guests_lock);
	list_del(&g->node);
	spin_unlock_irqrestore(&guests_lock, flags);
	guest_free(g);
	return 0;
}

static bool has_boot_vcpu(const struct guest *g)
{
	for (unsigned int i = 0; i < g->nr_vcpus; i++)
		if (g->cfg.vcpus[i].boot)
			return true;
	return false;
}

static void start_boot_vcpus(struct guest *g)
{
	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		struct guest_vcpu *gv = g->vcpus[i];

		if (g->cfg.vcpus[i].boot)
			guest_vcpu_start(gv, g->cfg.vcpus[i].start_pc, 0);
	}
}

int guest_kick(struct guest *g)
{
	if (g->state == GUEST_RUNNING)
		return -EALREADY;
	if (g->state == GUEST_PAUSED)
		return -EBUSY;
	if (!has_boot_vcpu(g)) {
		pr_err("%s: every vCPU has poweroff: nothing would start\n", g->name);
		return -ENODEV;
	}
	if (g->state == GUEST_HALTED) {
		int ret = guest_reset(g);

		if (ret)
			return ret;
	}
	g->state = GUEST_RUNNING;
	start_boot_vcpus(g);
	kick_all(g);
	return 0;
}

int guest_pause(struct guest *g)
{
	if (g->state != GUEST_RUNNING)
		return -EINVAL;
	g->state = GUEST_PAUSED;
	kick_all(g);
	return wait_parked(g);
}

int guest_resume(struct guest *g)
{
	if (g->state != GUEST_PAUSED)
		return -EINVAL;
	g->state = GUEST_RUNNING;
	kick_all(g);
	return 0;
}

int guest_halt(struct guest *g)
{
	if (g->state == GUEST_HALTED)
		return -EALREADY;
	g->state = GUEST_HALTED;
	kick_all(g);
	return wait_parked(g);
}

int guest_reset(struct guest *g)
{
	int ret;

	g->state = GUEST_RESET;
	kick_all(g);
	ret = wait_parked(g);
	if (ret)
		return ret;
	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		struct guest_vcpu *gv = g->vcpus[i];

		timer_event_cancel(&gv->timer);
		gv->hsm = VCPU_HSM_STOPPED;
		gv->start_pc = g->cfg.vcpus[i].start_pc;
		gv->start_arg = 0;
		__atomic_or_fetch(&gv->requests, VCPU_REQ_RESET, __ATOMIC_SEQ_CST);
		guest_vcpu_kick(gv);
	}
	guest_regions_reset(g);
	arch_guest_flush(g);
	return 0;
}

static void reset_worker(void *arg)
{
	struct guest *g = arg;

	if (!guest_reset(g))
		guest_kick(g);
}

void guest_request_shutdown(struct guest *g, bool reset)
{
	struct vcpu *worker;

	g->state = GUEST_HALTED;
	kick_all(g);
	printk("\n[%s] %s requested by the guest\n", g->name, reset ? "reset" : "shutdown");
	if (!reset)
		return;
	worker = thread_create("guest-reset", reset_worker, g, PRIO_HIGH, 0);
	if (worker)
		thread_start(worker);
}
