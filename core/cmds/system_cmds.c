/* Shell commands about Keel itself: version, reset, shutdown. */
#include <arch/reset.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/version.h>

static int cmd_version(int argc, char **argv)
{
	printk("Keel %s (%s)\n", KEEL_VERSION_STRING, keel_build_info);
	return 0;
}

static int cmd_reset(int argc, char **argv)
{
	printk("Resetting the machine...\n");
	arch_system_reboot();
}

static int cmd_shutdown(int argc, char **argv)
{
	printk("Shutting down...\n");
	arch_system_shutdown();
}

SHELL_COMMAND(version) = {
	.name = "version",
	.summary = "Show Keel's version and build",
	.exec = cmd_version,
};

SHELL_COMMAND(reset) = {
	.name = "reset",
	.summary = "Reset the whole machine (every guest stops)",
	.exec = cmd_reset,
};

SHELL_COMMAND(shutdown) = {
	.name = "shutdown",
	.summary = "Power the machine off (QEMU exits with status 0)",
	.exec = cmd_shutdown,
};
