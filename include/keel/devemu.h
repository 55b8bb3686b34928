/* Device emulation framework: a guest's virtual regions map to emulator
 * instances. An emulator is a state machine with probe/reset/read/write/
 * remove, configured from its region's guest-config node, and raises guest
 * interrupt lines with devemu_irq_set(). Emulators are registered with
 * EMULATOR() and matched by compatible string; they build and are tested on
 * the host. */
#ifndef KEEL_DEVEMU_H
#define KEEL_DEVEMU_H

#include <keel/compiler.h>
#include <keel/guest_config.h>

struct guest;
struct devemu_dev;

struct emulator {
	const char *name;
	const char *const *compatible;		/* NULL-terminated */
	/* Set up dev->priv from the region's config node (fdt, node). Thread
	 * context. Return 0 or -errno (the guest is not created). */
	int (*probe)(struct devemu_dev *dev, const void *fdt, int node);
	/* Back to power-on state. Thread context, guest not running. */
	int (*reset)(struct devemu_dev *dev);
	/* Access of `width` bytes (1, 2, 4 or 8) at `offset` in the region.
	 * Called on the exit path with interrupts enabled, from the faulting
	 * vCPU's thread. Return 0, or -errno to reflect an access fault. */
	int (*read)(struct devemu_dev *dev, uint64_t offset, unsigned int width, uint64_t *val);
	int (*write)(struct devemu_dev *dev, uint64_t offset, unsigned int width, uint64_t val);
	void (*remove)(struct devemu_dev *dev);
};

#define EMULATOR(id) \
	static const struct emulator emulator_##id __section("keel_emulators") __used __aligned(8)

struct devemu_dev {
	struct guest *guest;
	const struct emulator *emu;
	const struct region_config *region;	/* name, gpa, size, irqs */
	void *priv;
	uint64_t reads, writes;		/* MMIO accesses, for vcpu dumpstat */
};

/* Interrupt controller emulators register how device lines reach them
 * (chip must live until unregistered: NULL unregisters, from remove). */
struct devemu_irqchip {
	void (*set_line)(void *ctx, unsigned int line, bool level);
	void *ctx;
};
void devemu_register_irqchip(struct guest *g, const struct devemu_irqchip *chip);

/* Drive guest interrupt line `line` (the number in the region's
 * "interrupts"). Level-triggered. Any context. */
void devemu_irq_set(struct devemu_dev *dev, unsigned int line, bool level);

/* Find the emulator for a compatible string. */
const struct emulator *devemu_find(const char *compatible);
bool devemu_known(const char *compatible);

/* Guest facts emulators may use. */
unsigned int guest_nr_vcpus(const struct guest *g);
struct vcpu *guest_vcpu(const struct guest *g, unsigned int index);
const char *guest_name(const struct guest *g);
/* The guest's validated configuration (regions sorted by gpa); lives as
 * long as the guest. Any context. */
const struct guest_config *guest_config_of(const struct guest *g);

#endif
