/* Host stand-in for the device-emulation framework, guests, vCPU interrupt
 * lines, vserial and the timer, for the unit tests of emulators/. See
 * devemu_stub.h for what each part records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <keel/errno.h>
#include "devemu_stub.h"

#define UNIT_MAX_VSERIAL	8

/* ---------------------------------------------------------------- guests */

struct guest *unit_guest_create(const char *name, unsigned int nr_vcpus,
				const struct guest_config *cfg)
{
	struct guest *g = calloc(1, sizeof(*g));

	if (!g || nr_vcpus > GUEST_MAX_VCPUS)
		abort();
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->nr_vcpus = nr_vcpus;
	snprintf(g->own_cfg.name, sizeof(g->own_cfg.name), "%s", name);
	g->own_cfg.nr_vcpus = nr_vcpus;
	g->cfg = cfg ? cfg : &g->own_cfg;
	for (unsigned int i = 0; i < GUEST_MAX_VCPUS; i++)
		g->vcpus[i].index = i;
	memset(g->line, -1, sizeof(g->line));
	return g;
}

void unit_guest_destroy(struct guest *g)
{
	free(g);
}

unsigned int guest_nr_vcpus(const struct guest *g)
{
	return g->nr_vcpus;
}

struct vcpu *guest_vcpu(const struct guest *g, unsigned int index)
{
	return index < g->nr_vcpus ? (struct vcpu *)&g->vcpus[index] : NULL;
}

const char *guest_name(const struct guest *g)
{
	return g->name;
}

const struct guest_config *guest_config_of(const struct guest *g)
{
	return g->cfg;
}

/* ---------------------------------------------------------------- vCPU irqs */

void vcpu_irq_assert(struct vcpu *v, enum vcpu_irq irq)
{
	v->pending[irq] = true;
	v->asserts[irq]++;
}

void vcpu_irq_deassert(struct vcpu *v, enum vcpu_irq irq)
{
	v->pending[irq] = false;
	v->deasserts[irq]++;
}

bool vcpu_irq_is_pending(const struct vcpu *v, enum vcpu_irq irq)
{
	return v->pending[irq];
}

/* ---------------------------------------------------------------- devemu */

/* The emulators linked into the test binary (weak: a suite may have none). */
extern const struct emulator __start_keel_emulators[] __attribute__((weak));
extern const struct emulator __stop_keel_emulators[] __attribute__((weak));

void devemu_register_irqchip(struct guest *g, const struct devemu_irqchip *chip)
{
	g->has_chip = chip != NULL;
	if (chip)
		g->chip = *chip;
}

void devemu_irq_set(struct devemu_dev *dev, unsigned int line, bool level)
{
	struct guest *g = dev->guest;

	if (line >= UNIT_MAX_LINES)
		abort();
	g->line[line] = level;
	g->line_sets[line]++;
	if (g->has_chip)
		g->chip.set_line(g->chip.ctx, line, level);
}

const struct emulator *devemu_find(const char *compatible)
{
	for (const struct emulator *e = __start_keel_emulators;
	     e && e < __stop_keel_emulators; e++) {
		for (const char *const *c = e->compatible; *c; c++)
			if (!strcmp(*c, compatible))
				return e;
	}
	return NULL;
}

bool devemu_known(const char *compatible)
{
	return devemu_find(compatible) != NULL;
}

int unit_devemu_probe(struct devemu_dev *dev, struct guest *g,
		      const struct region_config *r, const char *compatible,
		      const void *fdt, int node)
{
	memset(dev, 0, sizeof(*dev));
	dev->guest = g;
	dev->region = r;
	dev->emu = devemu_find(compatible);
	if (!dev->emu)
		return -ENODEV;
	return dev->emu->probe(dev, fdt, node);
}

int unit_fdt_node(void *buf, int size, const char *name,
		  const struct unit_prop *props, unsigned int nr_props)
{
	int err = fdt_create(buf, size);

	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_begin_node(buf, name);
	for (unsigned int i = 0; i < nr_props; i++) {
		const struct unit_prop *p = &props[i];
		fdt32_t cells[2] = { cpu_to_fdt32(p->cells[0]), cpu_to_fdt32(p->cells[1]) };

		if (p->ncells)
			err |= fdt_property(buf, p->name, cells, 4 * p->ncells);
		else
			err |= fdt_property(buf, p->name, p->raw, p->len);
	}
	err |= fdt_end_node(buf);
	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	if (err)
		abort();
	return fdt_subnode_offset(buf, 0, name);
}

/* ---------------------------------------------------------------- vserial */

struct vserial {
	bool used;
	char name[2 * GUEST_NAME_MAX + 2];
	vserial_rx_t rx;
	void *ctx;
	char out[UNIT_VSERIAL_OUT + 1];
	size_t out_len;
	unsigned int rx_ready;
};

static struct vserial ports[UNIT_MAX_VSERIAL];

struct vserial *vserial_create(const char *name, vserial_rx_t rx, void *ctx)
{
	struct vserial *free_port = NULL;

	for (unsigned int i = 0; i < UNIT_MAX_VSERIAL; i++) {
		if (ports[i].used && !strcmp(ports[i].name, name))
			return NULL;
		if (!ports[i].used && !free_port)
			free_port = &ports[i];
	}
	if (!free_port)
		return NULL;
	memset(free_port, 0, sizeof(*free_port));
	free_port->used = true;
	snprintf(free_port->name, sizeof(free_port->name), "%s", name);
	free_port->rx = rx;
	free_port->ctx = ctx;
	return free_port;
}

void vserial_destroy(struct vserial *vs)
{
	if (vs)
		vs->used = false;
}

void vserial_output(struct vserial *vs, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && vs->out_len < UNIT_VSERIAL_OUT; i++)
		vs->out[vs->out_len++] = buf[i];
	vs->out[vs->out_len] = '\0';
}

void vserial_rx_ready(struct vserial *vs)
{
	vs->rx_ready++;
}

struct vserial *unit_vserial_find(const char *name)
{
	for (unsigned int i = 0; i < UNIT_MAX_VSERIAL; i++)
		if (ports[i].used && !strcmp(ports[i].name, name))
			return &ports[i];
	return NULL;
}

unsigned int unit_vserial_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < UNIT_MAX_VSERIAL; i++)
		n += ports[i].used;
	return n;
}

size_t unit_vserial_input(struct vserial *vs, const char *buf, size_t n)
{
	return vs->rx(vs->ctx, buf, n);
}

const char *unit_vserial_output(const struct vserial *vs, size_t *len)
{
	if (len)
		*len = vs->out_len;
	return vs->out;
}

void unit_vserial_clear(struct vserial *vs)
{
	vs->out_len = 0;
	vs->out[0] = '\0';
}

unsigned int unit_vserial_rx_ready(const struct vserial *vs)
{
	return vs->rx_ready;
}

/* ---------------------------------------------------------------- timer */

uint64_t timer_freq = UNIT_TIMER_FREQ;
unsigned int unit_timer_arms, unit_timer_cancels;
static uint64_t unit_now;
static struct timer_queue unit_queue = {
	.events = LIST_HEAD_INIT(unit_queue.events),
};

uint64_t timer_now(void)
{
	return unit_now;
}

uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return ms * timer_freq / 1000;
}

uint64_t timer_us_to_ticks(uint64_t us)
{
	return us * timer_freq / 1000000;
}

uint64_t timer_ticks_to_us(uint64_t ticks)
{
	return ticks / timer_freq * 1000000 + ticks % timer_freq * 1000000 / timer_freq;
}

uint64_t timer_ticks_to_ns(uint64_t ticks)
{
	return ticks / timer_freq * 1000000000 +
	       ticks % timer_freq * 1000000000 / timer_freq;
}

void timer_event_arm(struct timer_event *ev, uint64_t expiry)
{
	unit_timer_arms++;
	timer_queue_add(&unit_queue, ev, expiry);
}

void timer_event_cancel(struct timer_event *ev)
{
	unit_timer_cancels++;
	timer_queue_del(&unit_queue, ev);
}

void unit_timer_reset(uint64_t now)
{
	timer_queue_init(&unit_queue);
	unit_now = now;
	unit_timer_arms = unit_timer_cancels = 0;
}

unsigned int unit_timer_advance(uint64_t ticks)
{
	unit_now += ticks;
	return timer_queue_run(&unit_queue, unit_now);
}

uint64_t unit_timer_next(void)
{
	return timer_queue_next(&unit_queue);
}
