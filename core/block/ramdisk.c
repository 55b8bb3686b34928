/* RAM disks: a block device over memory. The initrd QEMU loads (found in
 * /chosen of the host FDT) becomes the ramdisk "initrd"; tests make their
 * own over images built in memory. A request is a memcpy that completes
 * before submit() returns. */
#include <keel/blockdev.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/ramdisk.h>
#include <keel/string.h>
#include <libfdt.h>

struct ramdisk {
	struct blockdev bdev;
	u8 *mem;
};

static int ramdisk_submit(struct blockdev *bdev, struct blk_request *req)
{
	struct ramdisk *rd = container_of(bdev, struct ramdisk, bdev);
	size_t off, len;

	/* blockdev_submit() checked the range; a direct caller may not have. */
	if (req->lba > bdev->nr_blocks || req->count > bdev->nr_blocks - req->lba)
		return -ERANGE;
	off = (size_t)req->lba * bdev->block_size;
	len = (size_t)req->count * bdev->block_size;
	if (req->write)
		memcpy(rd->mem + off, req->buf, len);
	else
		memcpy(req->buf, rd->mem + off, len);
	req->done(req, 0);
	return 0;
}

static const struct blockdev_ops ramdisk_ops = {
	.submit = ramdisk_submit,
};

int ramdisk_create(const char *name, void *mem, uint64_t size, bool read_only)
{
	struct ramdisk *rd;
	int ret;

	if (!name || !*name || !mem || size < RAMDISK_BLOCK_SIZE)
		return -EINVAL;
	if (strlen(name) >= sizeof(rd->bdev.name))
		return -ENAMETOOLONG;
	rd = kzalloc(sizeof(*rd));
	if (!rd)
		return -ENOMEM;
	snprintf(rd->bdev.name, sizeof(rd->bdev.name), "%s", name);
	rd->bdev.block_size = RAMDISK_BLOCK_SIZE;
	rd->bdev.nr_blocks = size / RAMDISK_BLOCK_SIZE;
	rd->bdev.read_only = read_only;
	rd->bdev.ops = &ramdisk_ops;
	rd->mem = mem;
	ret = blockdev_register(&rd->bdev);
	if (ret)
		kfree(rd);
	return ret;
}

int ramdisk_destroy(struct blockdev *bdev)
{
	if (!bdev || bdev->ops != &ramdisk_ops)
		return -EINVAL;
	blockdev_unregister(bdev);
	kfree(container_of(bdev, struct ramdisk, bdev));
	return 0;
}

/* The initrd's [start, end) from /chosen. -ENOENT (silently) when there is
 * none; -EINVAL, with a warning, when the properties make no sense. */
static int initrd_range(const void *fdt, uint64_t *start, uint64_t *end)
{
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen") : -1;
	int r1, r2;

	if (chosen < 0)
		return -ENOENT;
	r1 = fdt_get_u64(fdt, chosen, "linux,initrd-start", start);
	r2 = fdt_get_u64(fdt, chosen, "linux,initrd-end", end);
	if (r1 == -ENOENT && r2 == -ENOENT)
		return -ENOENT;
	if (r1 || r2) {
		pr_warn("initrd: /chosen has a missing or malformed linux,initrd-start/end\n");
		return -EINVAL;
	}
	if (*end <= *start || *end - *start < RAMDISK_BLOCK_SIZE) {
		pr_warn("initrd: 0x%llx-0x%llx is smaller than one %u-byte block\n",
			(unsigned long long)*start, (unsigned long long)*end,
			RAMDISK_BLOCK_SIZE);
		return -EINVAL;
	}
	return 0;
}

/* Register the initrd of /chosen as the read-write ramdisk "initrd" and
 * scan it for partitions (a scan failure is only reported). Boot, after the
 * heap and sched_init_cpu(). Returns 0, -ENOENT when there is no initrd
 * (nothing printed: the caller says so), or -EINVAL/-EEXIST/-ENOMEM. */
int ramdisk_init_initrd(const void *fdt)
{
	uint64_t start, end, tail;
	struct blockdev *bdev;
	int ret = initrd_range(fdt, &start, &end);

	if (ret)
		return ret;
	/* RAM is identity mapped and ram.c reserved the range already. */
	ret = ramdisk_create("initrd", (void *)(uintptr_t)start, end - start, false);
	if (ret) {
		pr_err("initrd: cannot register the ramdisk: %s\n", strerror(ret));
		return ret;
	}
	pr_info("initrd: 0x%llx-0x%llx (%llu KiB) is block device 'initrd'\n",
		(unsigned long long)start, (unsigned long long)end,
		(unsigned long long)((end - start) >> 10));
	tail = (end - start) % RAMDISK_BLOCK_SIZE;
	if (tail)
		pr_warn("initrd: the last %llu bytes are not a whole block and are not used\n",
			(unsigned long long)tail);
	bdev = blockdev_find("initrd");
	ret = bdev ? blockdev_scan_partitions(bdev) : -ENODEV;
	if (ret < 0)
		pr_warn("initrd: partition table not used: %s\n", strerror(ret));
	return 0;
}
