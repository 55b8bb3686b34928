/* `host`: the machine Keel runs on — harts, interrupts, memory, time. */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/reset.h>
#include <arch/hyp.h>
#include <arch/timer.h>
#include <keel/driver.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/irq.h>
#include <keel/page_alloc.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/ram.h>
#include <keel/sched.h>
#include <keel/shell.h>
#include <keel/smp.h>
#include <keel/stack.h>
#include <keel/timer.h>
#include <keel/version.h>

#define KIB(x)	((unsigned long long)(x) >> 10)

extern uint64_t boot_done_ticks;

static const char *cpu_state_name(enum cpu_state s)
{
	static const char *const names[] = { "offline", "starting", "online", "halted" };

	return (unsigned int)s < 4 ? names[s] : "?";
}

static int cmd_host_info(int argc, char **argv)
{
	const struct bound_device *devs;
	unsigned int n = drivers_bound(&devs);

	printk("Keel:         %s\n", KEEL_VERSION_STRING);
	arch_print_info();
	printk("Harts:        %u online of %u\n", nr_cpus_online, nr_cpus_possible);
	printk("RAM:          %llu MiB\n", (unsigned long long)(ram_total() >> 20));
	printk("Timer:        %llu Hz, %s\n", (unsigned long long)timer_freq,
	       arch_timer_uses_sstc() ? "Sstc stimecmp" : "SBI TIME");
	printk("IRQ chip:     %s\n", irq_root_chip_name());
	arch_hyp_print_info();
	printk("Devices:\n");
	for (unsigned int i = 0; i < n; i++)
		printk("  %-14s %s\n", devs[i].driver, devs[i].path);
	return 0;
}

static int cmd_host_cpu_info(int argc, char **argv)
{
	struct cpu *c;
	uint64_t now = timer_now();

	printk("CPU HART STATE    CURRENT          SWITCHES     IRQS     IPIS    TIMER IDLE%% ISA\n");
	for_each_possible_cpu(c) {
		uint64_t up = c->stats.busy_since ? now - c->stats.busy_since : 0;
		uint64_t since = c->stats.idle_since;
		uint64_t idle_ticks = c->stats.idle_ticks + (since && since < now ? now - since : 0);
		unsigned int idle = up ? (unsigned int)(idle_ticks * 100 / up) : 0;

		printk("%3u %4lu %-8s %-16s %8llu %8llu %8llu %8llu %4u%% %s\n",
		       c->id, c->hartid, cpu_state_name(c->state),
		       c->current ? c->current->name : "-",
		       (unsigned long long)c->stats.switches,
		       (unsigned long long)c->stats.irqs,
		       (unsigned long long)c->stats.ipis,
		       (unsigned long long)c->stats.timer_irqs, idle, arch_cpu_isa(c));
	}
	return 0;
}

static int cmd_host_irq_stats(int argc, char **argv)
{
	struct irq_stat st[64];
	unsigned int n = irq_get_stats(st, 64);
	struct cpu *c;

	printk("Controller: %s\n", irq_root_chip_name());
	printk(" IRQ  CPU        COUNT  NAME\n");
	for (unsigned int i = 0; i < n; i++)
		printk("%4u %4u %12llu  %s\n", st[i].irq, st[i].cpu,
		       (unsigned long long)st[i].count, st[i].name);
	printk("Per hart:   external     timer      ipi\n");
	for_each_online_cpu(c)
		printk("  cpu%-3u %12llu %9llu %8llu\n", c->id,
		       (unsigned long long)c->stats.irqs,
		       (unsigned long long)c->stats.timer_irqs,
		       (unsigned long long)c->stats.ipis);
	return 0;
}

static void print_reserved(void)
{
	printk("Reserved:\n");
	for (unsigned int i = 0; i < ram.nr_reserved; i++) {
		const struct ram_reserved *r = &ram.reserved[i];

		printk("  0x%010llx-0x%010llx %8llu KiB  %s%s\n",
		       (unsigned long long)r->base, (unsigned long long)(r->base + r->size),
		       KIB(r->size), r->name, r->no_map ? " (no-map)" : "");
	}
}

/* Memory Keel itself holds: its image, allocator metadata and every page
 * allocated for it (not guests, not free memory). */
static uint64_t keel_bytes(const struct page_stats *st)
{
	extern char _start_image[], _end[];
	uint64_t b = (uint64_t)(_end - _start_image) + ram.meta_size;

	for (int o = 0; o < PAGE_OWNER_NR; o++)
		if (o != PAGE_OWNER_GUEST)
			b += (uint64_t)st->by_owner[o] * PAGE_SIZE;
	return b;
}

static int cmd_host_ram_info(int argc, char **argv)
{
	struct page_stats st;

	page_alloc_get_stats(&st);
	printk("Total:    %llu bytes (%llu MiB) in %u bank(s)\n",
	       (unsigned long long)ram_total(), (unsigned long long)(ram_total() >> 20),
	       ram.nr_banks);
	for (unsigned int i = 0; i < ram.nr_banks; i++)
		printk("  bank %u: 0x%010llx-0x%010llx\n", i,
		       (unsigned long long)ram.banks[i].base,
		       (unsigned long long)(ram.banks[i].base + ram.banks[i].size));
	print_reserved();
	printk("Free:     %llu KiB (%zu pages)\n", KIB(st.free_pages * PAGE_SIZE), st.free_pages);
	printk("Allocated by owner:\n");
	for (int o = 0; o < PAGE_OWNER_NR; o++)
		printk("  %-8s %8llu KiB\n", page_owner_name(o), KIB(st.by_owner[o] * PAGE_SIZE));
	printk("Keel uses: %llu KiB (image, page metadata and its allocations)\n",
	       KIB(keel_bytes(&st)));
	return 0;
}

static int cmd_host_heap_info(int argc, char **argv)
{
	struct heap_stats hs;

	heap_get_stats(&hs);
	printk(" CLASS     IN-USE       FREE   SLABS\n");
	for (int i = 0; i < HEAP_NR_CLASSES; i++)
		printk("%6zu %10zu %10zu %7zu\n", hs.cls[i].size, hs.cls[i].objs_in_use,
		       hs.cls[i].objs_free, hs.cls[i].slabs);
	printk("Large allocations: %zu (%zu KiB)\n", hs.large_allocs, hs.large_bytes >> 10);
	printk("Bytes in use:      %zu\n", hs.bytes_in_use);
	printk("Thread stacks:     %u\n", stack_count());
	return 0;
}

static int cmd_host_time(int argc, char **argv)
{
	uint64_t now = timer_now(), us = timer_ticks_to_us(now);

	printk("Uptime:     %llu.%06llu s\n", (unsigned long long)(us / 1000000),
	       (unsigned long long)(us % 1000000));
	printk("Timebase:   %llu Hz, now %llu ticks\n", (unsigned long long)timer_freq,
	       (unsigned long long)now);
	printk("Booted in:  %llu us (timebase count when the console thread started)\n",
	       (unsigned long long)timer_ticks_to_us(boot_done_ticks));
	printk("Hart timer: %s\n", arch_timer_uses_sstc() ? "Sstc stimecmp" : "SBI TIME");
	return 0;
}

static const struct shell_cmd host_cpu_sub[] = {
	{ .name = "info", .summary = "List every hart: state, current thread, counters, ISA",
	  .exec = cmd_host_cpu_info },
	{ 0 }
};
static const struct shell_cmd host_irq_sub[] = {
	{ .name = "stats", .summary = "Interrupt counts per line and per hart",
	  .exec = cmd_host_irq_stats },
	{ 0 }
};
static const struct shell_cmd host_ram_sub[] = {
	{ .name = "info", .summary = "RAM banks, reserved ranges, free and used memory",
	  .exec = cmd_host_ram_info },
	{ 0 }
};
static const struct shell_cmd host_heap_sub[] = {
	{ .name = "info", .summary = "Heap use per size class",
	  .exec = cmd_host_heap_info },
	{ 0 }
};
static const struct shell_cmd host_sub[] = {
	{ .name = "info", .summary = "Firmware, harts, RAM, timer and bound devices",
	  .exec = cmd_host_info },
	{ .name = "cpu", .summary = "Harts", .sub = host_cpu_sub },
	{ .name = "irq", .summary = "Host interrupts", .sub = host_irq_sub },
	{ .name = "ram", .summary = "Host memory", .sub = host_ram_sub },
	{ .name = "heap", .summary = "Keel's heap", .sub = host_heap_sub },
	{ .name = "time", .summary = "Uptime, timebase and timer mode", .exec = cmd_host_time },
	{ 0 }
};

SHELL_COMMAND(host) = {
	.name = "host",
	.summary = "The machine Keel runs on",
	.sub = host_sub,
};
