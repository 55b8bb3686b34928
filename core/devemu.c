/* Device emulation framework: emulator lookup by compatible, guest
 * interrupt lines routed to the guest's interrupt-controller emulator. */
#include <keel/devemu.h>
#include <keel/guest.h>
#include <keel/string.h>

extern const struct emulator __start_keel_emulators[], __stop_keel_emulators[];

const struct emulator *devemu_find(const char *compatible)
{
	for (const struct emulator *e = __start_keel_emulators; e < __stop_keel_emulators; e++)
		for (const char *const *c = e->compatible; *c; c++)
			if (!strcmp(*c, compatible))
				return e;
	return NULL;
}

bool devemu_known(const char *compatible)
{
	return devemu_find(compatible) != NULL;
}

void devemu_register_irqchip(struct guest *g, const struct devemu_irqchip *chip)
{
	g->irqchip = chip;
}

void devemu_irq_set(struct devemu_dev *dev, unsigned int line, bool level)
{
	const struct devemu_irqchip *chip = dev->guest->irqchip;

	if (chip)
		chip->set_line(chip->ctx, line, level);
}

unsigned int guest_nr_vcpus(const struct guest *g)
{
	return g->nr_vcpus;
}

struct vcpu *guest_vcpu(const struct guest *g, unsigned int index)
{
	return index < g->nr_vcpus ? &g->vcpus[index]->vcpu : NULL;
}

const char *guest_name(const struct guest *g)
{
	return g->name;
}

const struct guest_config *guest_config_of(const struct guest *g)
{
	return &g->cfg;
}
