/* Block devices: named devices of fixed-size blocks (the initrd ramdisk, a
 * host virtio-blk disk, partitions of either). Requests are asynchronous:
 * submit() returns at once and done() runs when the device has finished
 * (possibly before submit returns, for a ramdisk). */
#ifndef KEEL_BLOCKDEV_H
#define KEEL_BLOCKDEV_H

#include <keel/types.h>
#include <keel/list.h>

struct blockdev;

struct blk_request {
	struct blockdev *bdev;
	bool write;
	uint64_t lba;		/* in the device's blocks, relative to the device */
	uint32_t count;		/* blocks */
	void *buf;
	void (*done)(struct blk_request *req, int status);	/* status 0 or -errno */
	void *priv;		/* the submitter's */
	struct list_head node;	/* the driver's while in flight */
};

struct blockdev_ops {
	/* Start req (already range-checked). Any context. Returns 0 or -errno
	 * (then done() is not called). */
	int (*submit)(struct blockdev *bdev, struct blk_request *req);
};

struct blockdev {
	char name[32];
	uint32_t block_size;		/* bytes, a power of two >= 512 */
	uint64_t nr_blocks;
	bool read_only;
	struct blockdev *parent;	/* partitions: the whole disk */
	uint64_t start_lba;		/* partitions: first block on the parent */
	const struct blockdev_ops *ops;	/* NULL for partitions (go to parent) */
	void *priv;
	struct list_head node;
	uint64_t reads, writes, errors;	/* completed requests */
};

/* Register a device (unique name). Thread context. */
int blockdev_register(struct blockdev *bdev);
void blockdev_unregister(struct blockdev *bdev);
struct blockdev *blockdev_find(const char *name);
/* Call fn for every device in registration order. */
void blockdev_for_each(void (*fn)(struct blockdev *bdev, void *ctx), void *ctx);

/* Submit asynchronously (range and read-only checked). Any context. */
int blockdev_submit(struct blk_request *req);
/* Synchronous helpers: submit and sleep until done. Thread context. */
int blockdev_read(struct blockdev *bdev, uint64_t lba, uint32_t count, void *buf);
int blockdev_write(struct blockdev *bdev, uint64_t lba, uint32_t count, const void *buf);
/* Read len bytes at a byte offset (any alignment). Thread context. */
int blockdev_read_bytes(struct blockdev *bdev, uint64_t offset, void *buf, size_t len);

/* Find MBR or GPT partitions and register each as "<name>p<N>". */
int blockdev_scan_partitions(struct blockdev *bdev);

/* The initrd ramdisk, "initrd", over the range QEMU handed over. Boot. */
int ramdisk_init_initrd(const void *fdt);

#endif
