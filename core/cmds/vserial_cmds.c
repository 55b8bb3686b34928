/* `vserial`: the console side of guest UARTs. */
#include <keel/console.h>
#include <keel/errno.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include "../vserial_internal.h"

static void list_one(struct vserial *vs, void *ctx)
{
	printk("  %-24s %10llu %10llu\n", vs->name, (unsigned long long)vs->tx_bytes,
	       (unsigned long long)vs->rx_bytes);
}

static int cmd_list(int argc, char **argv)
{
	printk("  PORT                       OUT-BYTES   IN-BYTES\n");
	vserial_for_each(list_one, NULL);
	return 0;
}

static struct vserial *arg_port(int argc, char **argv)
{
	struct vserial *vs;

	if (argc != 2) {
		shell_error(-EINVAL, "%s: which port? (see 'vserial list')", argv[0]);
		return NULL;
	}
	vs = vserial_find(argv[1]);
	if (!vs)
		shell_error(-ENOENT, "no port '%s' (see 'vserial list')", argv[1]);
	return vs;
}

/* Console thread: forward typed bytes to the port until Ctrl-]. */
static int cmd_bind(int argc, char **argv)
{
	struct vserial *vs = arg_port(argc, argv);

	if (!vs)
		return -ENOENT;
	printk("[bound to %s: Ctrl-] returns to keel#]\n", vs->name);
	vserial_print_log(vs, true);
	vserial_set_bound(vs);
	for (;;) {
		char c = (char)console_getc();

		if (c == VSERIAL_ESCAPE)
			break;
		vserial_input(vs, &c, 1);
	}
	vserial_set_bound(NULL);
	printk("\n[back to keel]\n");
	return 0;
}

static int cmd_dump(int argc, char **argv)
{
	struct vserial *vs = arg_port(argc, argv);

	if (!vs)
		return -ENOENT;
	vserial_print_log(vs, false);
	printk("\n");
	return 0;
}

static void complete_one(struct vserial *vs, void *ctx)
{
	shell_complete_add(ctx, vs->name);
}

static void complete_port(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		vserial_for_each(complete_one, c);
}

static const struct shell_cmd vserial_sub[] = {
	{ .name = "list", .exec = cmd_list, .summary = "Virtual serial ports" },
	{ .name = "bind", .args = "<port>", .exec = cmd_bind, .complete = complete_port,
	  .summary = "Talk to a guest's UART; Ctrl-] returns to keel#",
	  .help = "The console's input goes to the guest and its output to the console.\n"
		  "Output the guest wrote while unbound is shown first.\n"
		  "Press Ctrl-] (0x1d) to return to the keel# prompt.\n"
		  "Example:\n  vserial bind guest0/uart0" },
	{ .name = "dump", .args = "<port>", .exec = cmd_dump, .complete = complete_port,
	  .summary = "Print the last 4 KiB the guest wrote to a port",
	  .help = "Example:\n  vserial dump guest0/uart0" },
	{ 0 }
};

SHELL_COMMAND(vserial) = {
	.name = "vserial",
	.summary = "Virtual serial ports of guests",
	.sub = vserial_sub,
};
