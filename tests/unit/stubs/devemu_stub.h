/* Host stand-in for what guest device emulators see of the kernel
 * (tests/unit/stubs/devemu_stub.c): fake guests and vCPUs, the irqchip
 * routing of <keel/devemu.h>, vCPU interrupt lines, vserial ports and a
 * controllable clock with timer events.
 *
 * - A fake guest has N vCPUs; vcpu_irq_assert/deassert set and clear
 *   vcpu->pending[] and count calls per vCPU and interrupt.
 * - devemu_irq_set() records each line's last level and the number of
 *   calls, then forwards to the irqchip registered for the guest, if any
 *   (devemu_register_irqchip(g, NULL) unregisters it).
 * - devemu_find()/devemu_known() walk the emulators the test binary links
 *   (the keel_emulators section, as in the kernel).
 * - vserial ports keep the guest's output in a buffer; a test feeds input
 *   through the port's receive callback with unit_vserial_input().
 * - timer_now() returns a clock the test sets or advances; timer_freq is
 *   UNIT_TIMER_FREQ. Armed events live in one real timer_queue
 *   (core/time/timer_queue.c); advancing the clock runs the expired ones.
 */
#ifndef UNIT_DEVEMU_STUB_H
#define UNIT_DEVEMU_STUB_H

#include <keel/devemu.h>
#include <keel/guest_config.h>
#include <keel/timer.h>
#include <keel/vcpu_irq.h>
#include <keel/vserial.h>

#define UNIT_TIMER_FREQ		10000000ull	/* 10 MHz, as QEMU virt */
#define UNIT_MAX_LINES		1024
#define UNIT_VSERIAL_OUT	4096

struct vcpu {
	unsigned int index;
	bool pending[VCPU_IRQ_NR];
	unsigned int asserts[VCPU_IRQ_NR];
	unsigned int deasserts[VCPU_IRQ_NR];
};

struct guest {
	char name[GUEST_NAME_MAX];
	unsigned int nr_vcpus;
	struct vcpu vcpus[GUEST_MAX_VCPUS];
	const struct guest_config *cfg;		/* guest_config_of() */
	struct guest_config own_cfg;		/* cfg when none was given */
	struct devemu_irqchip chip;
	bool has_chip;
	int8_t line[UNIT_MAX_LINES];		/* last level, -1: never driven */
	unsigned int line_sets[UNIT_MAX_LINES];
};

/* A guest named name with nr_vcpus vCPUs and config cfg; with cfg NULL,
 * guest_config_of() gives a config with just the name and nr_vcpus.
 * Like the kernel, guest_vcpu() returns NULL past g->nr_vcpus, which a test
 * may change (the kernel creates vCPUs after probing the emulators). */
struct guest *unit_guest_create(const char *name, unsigned int nr_vcpus,
				const struct guest_config *cfg);
void unit_guest_destroy(struct guest *g);

/* Probe emulator `compatible` into dev for guest g and region r, with the
 * config node at node of fdt. Returns probe()'s result (-ENODEV when no
 * linked emulator matches). */
int unit_devemu_probe(struct devemu_dev *dev, struct guest *g,
		      const struct region_config *r, const char *compatible,
		      const void *fdt, int node);

/* Build a blob with one node /name holding props (1 or 2 cells each, or
 * an arbitrary byte string when ncells is 0) into buf. Returns the node's
 * offset. */
struct unit_prop {
	const char *name;
	uint32_t cells[2];
	int ncells;
	const void *raw;		/* ncells == 0: len bytes at raw */
	int len;
};
int unit_fdt_node(void *buf, int size, const char *name,
		  const struct unit_prop *props, unsigned int nr_props);

/* vserial ports */
struct vserial *unit_vserial_find(const char *name);
unsigned int unit_vserial_count(void);
/* Console input: calls the port's receive callback; returns what it took. */
size_t unit_vserial_input(struct vserial *vs, const char *buf, size_t n);
/* Guest output so far (NUL-terminated) and its length. */
const char *unit_vserial_output(const struct vserial *vs, size_t *len);
void unit_vserial_clear(struct vserial *vs);
unsigned int unit_vserial_rx_ready(const struct vserial *vs);

/* Clock and timer events */
void unit_timer_reset(uint64_t now);	/* set the clock, drop all events */
/* Advance the clock and run the events that expired; returns how many. */
unsigned int unit_timer_advance(uint64_t ticks);
uint64_t unit_timer_next(void);		/* earliest expiry, UINT64_MAX if none */
extern unsigned int unit_timer_arms, unit_timer_cancels;

#endif
