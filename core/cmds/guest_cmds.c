/* `guest`: create, run and inspect guests. */
#include <arch/guest.h>
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/guest.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <keel/timer.h>

static struct guest *arg_guest(int argc, char **argv)
{
	struct guest *g;

	if (argc < 2) {
		shell_error(-EINVAL, "%s: which guest?", argv[0]);
		return NULL;
	}
	g = guest_find(argv[1]);
	if (!g)
		shell_error(-ENOENT, "no guest '%s' (see 'guest list')", argv[1]);
	return g;
}

static int cmd_create(int argc, char **argv)
{
	char err[128];
	int ret;

	if (argc != 2)
		return -EINVAL;
	ret = guest_create(argv[1], err, sizeof(err));
	if (ret == -EEXIST)
		return shell_error(ret, "guest '%s' exists already", argv[1]);
	if (ret)
		return shell_error(ret, "cannot create %s: %s", argv[1], err[0] ? err : strerror(ret));
	printk("%s: created\n", argv[1]);
	return 0;
}

#define GUEST_OP(fn_name, op, done)					\
static int fn_name(int argc, char **argv)				\
{									\
	struct guest *g = arg_guest(argc, argv);			\
	int ret;							\
									\
	if (!g)								\
		return -ENOENT;						\
	ret = op(g);							\
	if (ret)							\
		return shell_error(ret, "%s %s: %s (guest is %s)", argv[0], argv[1], \
				   strerror(ret), guest_state_name(g->state)); \
	printk("%s: %s\n", argv[1], done);				\
	return 0;							\
}

GUEST_OP(cmd_destroy, guest_destroy, "destroyed")
GUEST_OP(cmd_kick, guest_kick, "kicked")
GUEST_OP(cmd_pause, guest_pause, "paused")
GUEST_OP(cmd_resume, guest_resume, "resumed")
GUEST_OP(cmd_halt, guest_halt, "halted")
GUEST_OP(cmd_reset, guest_reset, "reset")

static void list_one(struct guest *g, void *ctx)
{
	printk("%3u  %-16s %-8s %5u  %s\n", g->id, g->name, guest_state_name(g->state),
	       g->nr_vcpus, g->console ? "yes" : "no");
}

static int cmd_list(int argc, char **argv)
{
	printk(" ID  NAME             STATE    VCPUS  CONSOLE\n");
	guest_for_each(list_one, NULL);
	return 0;
}

static const char *kind_name(enum region_kind k)
{
	return k == REGION_REAL ? "real" : k == REGION_VIRTUAL ? "virtual" : "alias";
}

static int cmd_region_list(int argc, char **argv)
{
	struct guest *g = arg_guest(argc, argv);

	if (!g)
		return -ENOENT;
	printk(" GUEST PHYS           SIZE         KIND     NAME            DEVICE\n");
	for (unsigned int i = 0; i < g->cfg.nr_regions; i++) {
		const struct region_config *r = &g->cfg.regions[i];

		printk(" 0x%010llx  0x%010llx  %-8s %-15s %s%s%s\n",
		       (unsigned long long)r->gpa, (unsigned long long)r->size,
		       kind_name(r->kind), r->name,
		       r->kind == REGION_VIRTUAL ? r->compatible : r->device_type,
		       r->read_only ? " (ro)" : "", "");
	}
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	struct guest *g = arg_guest(argc, argv);
	uint64_t ram = 0;

	if (!g)
		return -ENOENT;
	for (unsigned int i = 0; i < g->cfg.nr_regions; i++)
		if (g->cfg.regions[i].kind == REGION_REAL)
			ram += g->cfg.regions[i].size;
	printk("Name:     %s (id %u)\n", g->name, g->id);
	printk("State:    %s\n", guest_state_name(g->state));
	printk("vCPUs:    %u\n", g->nr_vcpus);
	printk("Memory:   %llu KiB in real regions\n", (unsigned long long)(ram >> 10));
	printk("Regions:  %u\n", g->cfg.nr_regions);
	printk("Console:  %s\n", g->console ? "yes (SBI console output goes to the first UART)" : "none");
	printk("G-stage:  %zu table pages, VMID %lu\n", g->arch.gstage.table_pages, g->arch.vmid);
	return 0;
}

static int cmd_dumpmem(int argc, char **argv)
{
	struct guest *g = arg_guest(argc, argv);
	uint64_t gpa, len;
	uint8_t line[16];

	if (!g)
		return -ENOENT;
	if (argc != 4 || parse_u64(argv[2], &gpa) || parse_u64(argv[3], &len))
		return -EINVAL;
	if (len > 4096)
		return shell_error(-E2BIG, "dumpmem shows at most 4096 bytes");
	for (uint64_t off = 0; off < len; off += 16) {
		size_t n = MIN(16, len - off);

		if (guest_memory_read(g, gpa + off, line, n))
			return shell_error(-EFAULT, "0x%llx is not guest memory",
					   (unsigned long long)(gpa + off));
		printk("%010llx:", (unsigned long long)(gpa + off));
		for (size_t i = 0; i < n; i++)
			printk(" %02x", line[i]);
		printk("\n");
	}
	return 0;
}

static void complete_guest_one(struct guest *g, void *ctx)
{
	shell_complete_add(ctx, g->name);
}

static void complete_guest(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		guest_for_each(complete_guest_one, c);
}

static const struct shell_cmd region_sub[] = {
	{ .name = "list", .args = "<guest>", .summary = "The guest's address space regions",
	  .exec = cmd_region_list, .complete = complete_guest },
	{ 0 }
};

static const struct shell_cmd guest_sub[] = {
	{ .name = "create", .args = "<guest>", .exec = cmd_create,
	  .summary = "Create a guest from its config under /guests/<guest>",
	  .help = "The configuration is loaded first, e.g.:\n"
		  "  vfs guest_fdt_load guest0 /images/riscv/virt64-guest.dtb 2\n"
		  "  guest create guest0" },
	{ .name = "destroy", .args = "<guest>", .exec = cmd_destroy, .complete = complete_guest,
	  .summary = "Stop a guest and give back all its memory" },
	{ .name = "list", .exec = cmd_list, .summary = "List the guests" },
	{ .name = "info", .args = "<guest>", .exec = cmd_info, .complete = complete_guest,
	  .summary = "State, vCPUs, memory and G-stage of a guest" },
	{ .name = "kick", .args = "<guest>", .exec = cmd_kick, .complete = complete_guest,
	  .summary = "Start a guest: its boot vCPU runs from its start_pc" },
	{ .name = "pause", .args = "<guest>", .exec = cmd_pause, .complete = complete_guest,
	  .summary = "Stop running the guest's vCPUs, keeping their state" },
	{ .name = "resume", .args = "<guest>", .exec = cmd_resume, .complete = complete_guest,
	  .summary = "Continue a paused guest" },
	{ .name = "halt", .args = "<guest>", .exec = cmd_halt, .complete = complete_guest,
	  .summary = "Stop a guest (kick restarts it from reset)" },
	{ .name = "reset", .args = "<guest>", .exec = cmd_reset, .complete = complete_guest,
	  .summary = "Put a guest back in its reset state (memory is kept)" },
	{ .name = "dumpmem", .args = "<guest> <gpa> <len>", .exec = cmd_dumpmem,
	  .complete = complete_guest, .summary = "Hex dump of guest memory",
	  .help = "Example:\n  guest dumpmem guest0 0x80000000 64" },
	{ .name = "region", .summary = "Guest address space", .sub = region_sub },
	{ 0 }
};

SHELL_COMMAND(guest) = {
	.name = "guest",
	.summary = "Guests",
	.sub = guest_sub,
};
