/* vminfo: xvisor's read-only "Guest/VM info" device, so that guest
 * software written for xvisor (its basic firmware, U-Boot board code) finds
 * its vCPU count and RAM banks the same way under Keel.
 *
 * Register layout (xvisor's emulators/misc/vminfo.c and the vminfo.c
 * driver of its basic test firmware), 32-bit little-endian registers:
 *   0x00 MAGIC        0xa4a297a6 ("virt")
 *   0x04 VENDOR       0x52535658 ("XVSR": xvisor's value, which guest
 *                     software may check)
 *   0x08 VERSION      1 (vminfo-0.1)
 *   0x0c VCPU_COUNT
 *   0x10 BOOT_DELAY   "boot_delay" attribute, 0xffffffff when absent
 *   0x18 CLOCKSOURCE_FREQ_MS, 0x1c _LS   timebase frequency (Hz)
 *   0x20 CLOCKCHIP_FREQ_MS,   0x24 _LS   timer event frequency (Hz): the
 *                     same timebase on RISC-V
 *   0x40 + 0x10*n     RAMn_BASE_MS, _BASE_LS, RAMn_SIZE_MS, _SIZE_LS
 *                     for banks n = 0..3
 *   others up to 0x7f reserved, read 0.
 *
 * RAM bank n is described when the config node has "ramN_base" (one or
 * two cells): its base is that address and its size runs from there to the
 * end of the guest region containing it, as in xvisor. An address outside
 * every memory region is a config error. Banks without the attribute read 0.
 *
 * Reads of width 1, 2, 4 or 8, naturally aligned, return the bytes of the
 * register file; reads past 0x7f return 0. The device is read-only: writes
 * fail with -EPERM (xvisor rejects them too). The contents are computed at
 * probe and never change, so accesses need no lock.
 */
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/guest_config.h>
#include <keel/heap.h>
#include <keel/printk.h>
#include <keel/timer.h>
#include <libfdt.h>

#define VMINFO_MAGIC		0xa4a297a6u
#define VMINFO_VENDOR		0x52535658u
#define VMINFO_VERSION_0_1	1u

#define VMINFO_REG_MAGIC	0x00
#define VMINFO_REG_VENDOR	0x04
#define VMINFO_REG_VERSION	0x08
#define VMINFO_REG_VCPU_COUNT	0x0c
#define VMINFO_REG_BOOT_DELAY	0x10
#define VMINFO_REG_CLKSRC_FREQ	0x18	/* MS word, LS word at +4 */
#define VMINFO_REG_CLKCHIP_FREQ	0x20
#define VMINFO_REG_RAM0		0x40
#define VMINFO_RAM_STRIDE	0x10
#define VMINFO_RAM_BANKS	4
#define VMINFO_SIZE		0x80

struct vminfo {
	uint8_t regs[VMINFO_SIZE];	/* little-endian register file */
};

static void vminfo_put32(struct vminfo *vi, unsigned int off, uint32_t val)
{
	for (unsigned int i = 0; i < 4; i++)
		vi->regs[off + i] = (uint8_t)(val >> (8 * i));
}

/* A 64-bit value as an MS word followed by an LS word. */
static void vminfo_put64(struct vminfo *vi, unsigned int off, uint64_t val)
{
	vminfo_put32(vi, off, (uint32_t)(val >> 32));
	vminfo_put32(vi, off + 4, (uint32_t)val);
}

/* The memory (non-virtual) region containing gpa, or NULL. */
static const struct region_config *vminfo_ram_region(const struct guest_config *cfg,
						      uint64_t gpa)
{
	for (unsigned int i = 0; i < cfg->nr_regions; i++) {
		const struct region_config *r = &cfg->regions[i];

		if (r->kind != REGION_VIRTUAL && gpa >= r->gpa &&
		    gpa - r->gpa < r->size)
			return r;
	}
	return NULL;
}

/* Fill bank n from "ram<n>_base". Returns 0 or -EINVAL (message logged). */
static int vminfo_ram_bank(struct devemu_dev *dev, struct vminfo *vi,
			   const void *fdt, int node, unsigned int n)
{
	char attr[] = "ram0_base";
	const struct guest_config *cfg = guest_config_of(dev->guest);
	const struct region_config *r;
	const fdt32_t *prop;
	uint64_t base;
	int len;

	attr[3] = (char)('0' + n);
	prop = fdt_getprop(fdt, node, attr, &len);
	if (!prop)
		return 0;
	if (len != 4 && len != 8)
		goto bad;
	base = len == 4 ? fdt32_to_cpu(prop[0]) :
	       (uint64_t)fdt32_to_cpu(prop[0]) << 32 | fdt32_to_cpu(prop[1]);
	r = vminfo_ram_region(cfg, base);
	if (!r)
		goto bad;
	vminfo_put64(vi, VMINFO_REG_RAM0 + n * VMINFO_RAM_STRIDE, base);
	vminfo_put64(vi, VMINFO_REG_RAM0 + n * VMINFO_RAM_STRIDE + 8,
		     r->gpa + r->size - base);
	return 0;
bad:
	pr_err("%s/%s: %s is not an address in a memory region\n",
	       guest_name(dev->guest), dev->region->name, attr);
	return -EINVAL;
}

static int vminfo_fill(struct devemu_dev *dev, struct vminfo *vi,
		       const void *fdt, int node)
{
	uint32_t boot_delay = 0xffffffffu;
	const fdt32_t *prop;
	int len;

	prop = fdt_getprop(fdt, node, "boot_delay", &len);
	if (prop && len == 4) {
		boot_delay = fdt32_to_cpu(*prop);
	} else if (prop) {
		pr_err("%s/%s: boot_delay must be one cell\n",
		       guest_name(dev->guest), dev->region->name);
		return -EINVAL;
	}
	vminfo_put32(vi, VMINFO_REG_MAGIC, VMINFO_MAGIC);
	vminfo_put32(vi, VMINFO_REG_VENDOR, VMINFO_VENDOR);
	vminfo_put32(vi, VMINFO_REG_VERSION, VMINFO_VERSION_0_1);
	vminfo_put32(vi, VMINFO_REG_VCPU_COUNT, guest_config_of(dev->guest)->nr_vcpus);
	vminfo_put32(vi, VMINFO_REG_BOOT_DELAY, boot_delay);
	vminfo_put64(vi, VMINFO_REG_CLKSRC_FREQ, timer_freq);
	vminfo_put64(vi, VMINFO_REG_CLKCHIP_FREQ, timer_freq);
	for (unsigned int n = 0; n < VMINFO_RAM_BANKS; n++) {
		int ret = vminfo_ram_bank(dev, vi, fdt, node, n);

		if (ret)
			return ret;
	}
	return 0;
}

/* Thread context, at guest creation (the guest config is complete). */
static int vminfo_probe(struct devemu_dev *dev, const void *fdt, int node)
{
	struct vminfo *vi = kzalloc(sizeof(*vi));
	int ret;

	if (!vi)
		return -ENOMEM;
	ret = vminfo_fill(dev, vi, fdt, node);
	if (ret) {
		kfree(vi);
		return ret;
	}
	dev->priv = vi;
	return 0;
}

/* Nothing changes at run time. */
static int vminfo_reset(struct devemu_dev *dev)
{
	return 0;
}

static int vminfo_read(struct devemu_dev *dev, uint64_t offset, unsigned int width,
		       uint64_t *val)
{
	const struct vminfo *vi = dev->priv;

	if ((width != 1 && width != 2 && width != 4 && width != 8) || offset % width)
		return -EINVAL;
	*val = 0;
	if (offset >= VMINFO_SIZE)
		return 0;
	for (unsigned int i = 0; i < width; i++)
		*val |= (uint64_t)vi->regs[offset + i] << (8 * i);
	return 0;
}

static int vminfo_write(struct devemu_dev *dev, uint64_t offset, unsigned int width,
			uint64_t val)
{
	return -EPERM;
}

static void vminfo_remove(struct devemu_dev *dev)
{
	kfree(dev->priv);
	dev->priv = NULL;
}

static const char *const vminfo_compat[] = { "vminfo-0.1", NULL };

EMULATOR(vminfo) = {
	.name = "vminfo",
	.compatible = vminfo_compat,
	.probe = vminfo_probe,
	.reset = vminfo_reset,
	.read = vminfo_read,
	.write = vminfo_write,
	.remove = vminfo_remove,
};
