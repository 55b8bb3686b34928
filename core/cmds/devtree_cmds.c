/* `devtree`: look at Keel's device tree. */
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/printk.h>
#include <keel/shell.h>

static int cmd_devtree_print(int argc, char **argv)
{
	if (argc > 2)
		return -E2BIG;
	return fdt_print(host_fdt, argc > 1 ? argv[1] : "/");
}

static const struct shell_cmd devtree_sub[] = {
	{ .name = "print", .args = "[path]",
	  .summary = "Print a device-tree node and its subtree in dts syntax",
	  .help = "Examples:\n  devtree print\n  devtree print /cpus\n"
		  "  devtree print /soc/serial@10000000",
	  .exec = cmd_devtree_print },
	{ 0 }
};

SHELL_COMMAND(devtree) = {
	.name = "devtree",
	.summary = "Device tree",
	.sub = devtree_sub,
};
