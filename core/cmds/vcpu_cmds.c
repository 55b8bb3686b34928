/* `vcpu`: every schedulable vCPU (guest vCPUs and Keel's own threads). */
#include <arch/guest.h>
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/guest.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <keel/timer.h>

static const char *const exit_names[EXIT_STAT_CAUSES] = {
	[10] = "ecall (SBI)", [20] = "fetch guest-page fault",
	[21] = "load guest-page fault", [22] = "virtual instruction",
	[23] = "store guest-page fault",
};

static const char *const hsm_names[] = { "stopped", "started", "suspended" };

/* A guest vCPU parked outside its guest shows why: the guest's state. */
static const char *state_of(struct vcpu *v)
{
	if (v->guest && to_guest_vcpu(v)->parked && v->guest->state != GUEST_RUNNING)
		return guest_state_name(v->guest->state);
	return vcpu_state_name(v->state);
}

static void list_one(struct vcpu *v, void *ctx)
{
	uint64_t ms = timer_ticks_to_us(v->run_ticks) / 1000;

	printk("%4u  %-20s %-8s %4u %4u  %-8s %10llu %8llu\n", v->id, v->name,
	       state_of(v), v->prio, v->cpu ? v->cpu->id : 0,
	       v->guest ? hsm_names[to_guest_vcpu(v)->hsm] : "host",
	       (unsigned long long)ms, (unsigned long long)v->nr_switches);
}

static int cmd_list(int argc, char **argv)
{
	printk("  ID  NAME                 STATE    PRIO  CPU  HART       RUN-MS SWITCHES\n");
	sched_for_each_vcpu(list_one, NULL);
	return 0;
}

struct find_ctx {
	const char *name;
	struct vcpu *found;
};

static void find_one(struct vcpu *v, void *ctx)
{
	struct find_ctx *f = ctx;

	if (!strcmp(v->name, f->name))
		f->found = v;
}

static struct guest_vcpu *arg_guest_vcpu(int argc, char **argv)
{
	struct find_ctx f = { .name = argc > 1 ? argv[1] : "" };

	if (argc != 2) {
		shell_error(-EINVAL, "%s: which vCPU? (e.g. guest0/vcpu0)", argv[0]);
		return NULL;
	}
	sched_for_each_vcpu(find_one, &f);
	if (!f.found || !f.found->guest) {
		shell_error(-ENOENT, "no guest vCPU '%s' (see 'vcpu list')", argv[1]);
		return NULL;
	}
	return to_guest_vcpu(f.found);
}

static int cmd_dumpreg(int argc, char **argv)
{
	struct guest_vcpu *gv = arg_guest_vcpu(argc, argv);

	if (!gv)
		return -ENOENT;
	guest_vcpu_sync_state(gv);
	printk("%s (%s, hart %s)\n", gv->vcpu.name, vcpu_state_name(gv->vcpu.state),
	       hsm_names[gv->hsm]);
	arch_vcpu_dump(gv);
	return 0;
}

static int cmd_dumpstat(int argc, char **argv)
{
	struct guest_vcpu *gv = arg_guest_vcpu(argc, argv);
	const struct vcpu_stats *s;

	if (!gv)
		return -ENOENT;
	s = &gv->stats;
	printk("%s: %llu exits, run %llu us, %llu switches\n", gv->vcpu.name,
	       (unsigned long long)s->exits,
	       (unsigned long long)timer_ticks_to_us(gv->vcpu.run_ticks),
	       (unsigned long long)gv->vcpu.nr_switches);
	printk("Exits by cause:\n  host interrupt            %10llu\n",
	       (unsigned long long)s->exit_irq);
	for (int i = 0; i < EXIT_STAT_CAUSES; i++)
		if (s->exit_cause[i])
			printk("  %-25s %10llu\n", exit_names[i] ? exit_names[i] : "other",
			       (unsigned long long)s->exit_cause[i]);
	printk("SBI calls by extension:\n");
	for (int i = 0; i < SBI_STAT_EXTS && sbi_stat_names[i]; i++)
		if (s->sbi[i])
			printk("  %-25s %10llu\n", sbi_stat_names[i], (unsigned long long)s->sbi[i]);
	printk("MMIO: %llu reads, %llu writes, %llu access faults reflected\n",
	       (unsigned long long)s->mmio_reads, (unsigned long long)s->mmio_writes,
	       (unsigned long long)s->mmio_faults);
	for (unsigned int i = 0; i < gv->guest->cfg.nr_regions; i++) {
		const struct devemu_dev *d = gv->guest->regions[i].dev;

		if (d && (d->reads || d->writes))
			printk("  %-25s %10llu reads %10llu writes (all vCPUs)\n",
			       gv->guest->cfg.regions[i].name, (unsigned long long)d->reads,
			       (unsigned long long)d->writes);
	}
	printk("WFI: %llu, blocked %llu times\n", (unsigned long long)s->wfi,
	       (unsigned long long)s->wfi_blocked);
	return 0;
}

static void complete_one(struct vcpu *v, void *ctx)
{
	if (v->guest)
		shell_complete_add(ctx, v->name);
}

static void complete_vcpu(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		sched_for_each_vcpu(complete_one, c);
}

static const struct shell_cmd vcpu_sub[] = {
	{ .name = "list", .exec = cmd_list,
	  .summary = "Every vCPU: guest vCPUs and Keel's threads, state, hart, run time" },
	{ .name = "dumpreg", .args = "<vcpu>", .exec = cmd_dumpreg, .complete = complete_vcpu,
	  .summary = "Registers of a guest vCPU", .help = "Example:\n  vcpu dumpreg guest0/vcpu0" },
	{ .name = "dumpstat", .args = "<vcpu>", .exec = cmd_dumpstat, .complete = complete_vcpu,
	  .summary = "Exits by cause, SBI calls, MMIO by device, time run",
	  .help = "Example:\n  vcpu dumpstat guest0/vcpu0" },
	{ 0 }
};

SHELL_COMMAND(vcpu) = {
	.name = "vcpu",
	.summary = "vCPUs",
	.sub = vcpu_sub,
};
