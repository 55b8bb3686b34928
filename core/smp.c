/* Hart enumeration, secondary start-up and cross-hart calls over IPIs. */
#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <arch/hyp.h>
#include <arch/barrier.h>
#include <arch/trap.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/heap.h>
#include <keel/init.h>
#include <keel/irq.h>
#include <keel/percpu.h>
#include <keel/printk.h>
#include <keel/sched.h>
#include <keel/smp.h>
#include <keel/stack.h>
#include <keel/timer.h>
#include <keel/string.h>
#include <libfdt.h>

struct cpu cpus[CONFIG_NR_CPUS];
unsigned int nr_cpus_possible = 1;
static volatile bool halt_all;
unsigned int nr_cpus_online = 1;

static void cpu_init_common(struct cpu *c)
{
	spin_lock_init(&c->call_lock);
	list_init(&c->calls);
}

int smp_enumerate(const void *fdt, unsigned long boot_hartid)
{
	int cpus_node = fdt_path_offset(fdt, "/cpus"), node;

	cpu_init_common(&cpus[0]);
	if (cpus_node < 0)
		return -ENODEV;
	fdt_for_each_subnode(node, fdt, cpus_node) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		long hartid = fdt_cpu_hartid(fdt, node);

		if (!type || strcmp(type, "cpu") || hartid < 0 || !fdt_node_enabled(fdt, node))
			continue;
		if ((unsigned long)hartid == boot_hartid) {
			arch_cpu_probe(&cpus[0], fdt, node);
			continue;
		}
		if (nr_cpus_possible == CONFIG_NR_CPUS) {
			pr_warn("smp: hart %ld above CONFIG_NR_CPUS=%d left stopped\n",
				hartid, CONFIG_NR_CPUS);
			continue;
		}
		cpus[nr_cpus_possible].id = nr_cpus_possible;
		cpus[nr_cpus_possible].hartid = hartid;
		cpu_init_common(&cpus[nr_cpus_possible]);
		arch_cpu_probe(&cpus[nr_cpus_possible], fdt, node);
		nr_cpus_possible++;
	}
	return 0;
}

static bool wait_online(struct cpu *c)
{
	uint64_t deadline = timer_now() + timer_ms_to_ticks(2000);

	while (c->state != CPU_ONLINE && timer_now() < deadline)
		cpu_relax();
	return c->state == CPU_ONLINE;
}

void smp_boot_secondaries(void)
{
	for (unsigned int i = 1; i < nr_cpus_possible; i++) {
		struct cpu *c = &cpus[i];
		unsigned long stack = stack_alloc(CONFIG_STACK_SIZE);
		int ret;

		if (!stack) {
			pr_err("smp: no memory for hart %lu's stack\n", c->hartid);
			continue;
		}
		c->state = CPU_STARTING;
		c->idle = NULL;
		c->arch.stack_limit = stack + 512;
		c->boot_stack = stack;
		ret = arch_cpu_start(c, stack + CONFIG_STACK_SIZE);
		if (ret || !wait_online(c)) {
			pr_err("smp: hart %lu did not start (%s)\n", c->hartid,
			       ret ? strerror(ret) : "timed out");
			c->state = CPU_OFFLINE;
		}
	}
}

void secondary_start(struct cpu *c)
{
	sched_init_cpu(c, c->boot_stack, CONFIG_STACK_SIZE);
	arch_hyp_cpu_init();
	timer_cpu_init();
	irq_cpu_init();
	c->stats.busy_since = timer_now();
	__atomic_fetch_add(&nr_cpus_online, 1, __ATOMIC_SEQ_CST);
	c->state = CPU_ONLINE;
	arch_irq_enable();
	sched_idle_loop();
}

static void run_calls(struct cpu *c)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&c->call_lock);
		struct smp_call *call = NULL;

		if (!list_empty(&c->calls)) {
			call = list_first_entry(&c->calls, struct smp_call, node);
			list_del(&call->node);
		}
		spin_unlock_irqrestore(&c->call_lock, flags);
		if (!call)
			return;
		call->fn(call->arg);
		if (call->async)
			kfree(call);
		else
			__atomic_store_n(&call->done, true, __ATOMIC_RELEASE);
	}
}

/* Software interrupt (IRQ context): run queued calls, maybe reschedule. */
void ipi_handle(void)
{
	struct cpu *c = this_cpu();

	arch_ipi_clear();
	c->stats.ipis++;
	if (halt_all)
		arch_cpu_halt();
	run_calls(c);
	if (c->rq.nr_ready)
		c->need_resched = true;
}

static void queue_call(struct cpu *c, struct smp_call *call)
{
	unsigned long flags = spin_lock_irqsave(&c->call_lock);

	list_add_tail(&call->node, &c->calls);
	spin_unlock_irqrestore(&c->call_lock, flags);
	arch_send_ipi(c);
}

int smp_call_sync(struct cpu *c, void (*fn)(void *arg), void *arg)
{
	struct smp_call call = { .fn = fn, .arg = arg };

	if (c->state != CPU_ONLINE && c != this_cpu())
		return -ENODEV;
	if (c == this_cpu()) {
		unsigned long flags = arch_irq_save();

		fn(arg);
		arch_irq_restore(flags);
		return 0;
	}
	queue_call(c, &call);
	while (!__atomic_load_n(&call.done, __ATOMIC_ACQUIRE))
		cpu_relax();
	return 0;
}

int smp_call_async(struct cpu *c, void (*fn)(void *arg), void *arg)
{
	struct smp_call *call = kzalloc(sizeof(*call));

	if (!call)
		return -ENOMEM;
	call->fn = fn;
	call->arg = arg;
	call->async = true;
	queue_call(c, call);
	return 0;
}

void smp_halt_others(void)
{
	struct cpu *c;

	halt_all = true;
	for_each_online_cpu(c)
		if (c != this_cpu())
			arch_send_ipi(c);
}
