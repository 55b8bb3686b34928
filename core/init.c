/* The boot sequence on the boot hart, from the first C code to the console
 * thread and the shell. */
#include <arch/irqflags.h>
#include <arch/mmu.h>
#include <keel/console.h>
#include <keel/driver.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/init.h>
#include <keel/irq.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/ram.h>
#include <keel/sched.h>
#include <keel/shell.h>
#include <keel/smp.h>
#include <keel/string.h>
#include <keel/timer.h>
#include <keel/version.h>
#include <keel/cmdline.h>
#include <keel/devtree.h>
#include <keel/blockdev.h>
#include <arch/hyp.h>
#include <libfdt.h>

extern char boot_stack[];

static char bootcmd[1024];
uint64_t boot_done_ticks;

static void read_bootcmd(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	int ret;

	if (!args)
		return;
	ret = bootargs_get(args, "vmm.bootcmd", bootcmd, sizeof(bootcmd));
	if (ret == -E2BIG)
		pr_err("vmm.bootcmd is longer than %zu bytes, ignored\n", sizeof(bootcmd) - 1);
	if (ret < 0)
		bootcmd[0] = '\0';
}

/* Thread context: things that may sleep (block I/O) come here. */
static void late_init(void)
{
	int ret = ramdisk_init_initrd(host_fdt);

	if (ret == -ENOENT)
		printk("initrd: none given (QEMU -initrd), no boot disk\n");
	else if (ret < 0)
		pr_err("initrd: %s\n", strerror(ret));
}

static void console_thread(void *arg)
{
	late_init();
	boot_done_ticks = timer_now();
	shell_main(bootcmd[0] ? bootcmd : NULL);
}

static void check_fdt(const void *fdt)
{
	int ret = fdt_check_header(fdt);

	if (ret)
		panic("no valid device tree at %p: %s", fdt, fdt_strerror(ret));
	host_fdt = fdt;
}

void kernel_start(unsigned long hartid, const void *fdt)
{
	struct vcpu *shell;
	int ret;

	printk("\n%s", keel_banner);
	printk("Keel %s (%s) starting on hart %lu\n", KEEL_VERSION_STRING,
	       keel_build_info, hartid);
	check_fdt(fdt);
	ret = ram_init(fdt);
	if (ret)
		panic("cannot set up RAM: %s", strerror(ret));
	ret = arch_mmu_init();
	if (ret)
		panic("cannot build the host page table: %s", strerror(ret));
	ret = devtree_init(fdt);
	if (ret)
		panic("cannot copy the device tree: %s", strerror(ret));
	if (timer_init(fdt))
		panic("no timebase-frequency in /cpus");
	smp_enumerate(fdt, hartid);
	arch_hyp_init();
	arch_hyp_cpu_init();
	read_bootcmd(fdt);
	sched_init_cpu(&cpus[0], (unsigned long)boot_stack, CONFIG_STACK_SIZE);
	timer_cpu_init();
	drivers_probe(fdt);
	irq_cpu_init();
	cpus[0].stats.busy_since = timer_now();
	cpus[0].state = CPU_ONLINE;
	arch_irq_enable();
	smp_boot_secondaries();
	shell = thread_create("console", console_thread, NULL, PRIO_HIGH, 1);
	if (!shell)
		panic("cannot create the console thread");
	thread_start(shell);
	sched_idle_loop();
}
