/* RAM disks: block devices of 512-byte blocks over a range of memory (the
 * initrd, test images). Requests complete before submit() returns. */
#ifndef KEEL_RAMDISK_H
#define KEEL_RAMDISK_H

#include <keel/blockdev.h>

#define RAMDISK_BLOCK_SIZE	512

/* Register a ramdisk called name over the size bytes at mem (a trailing
 * part smaller than a block is not used). mem must stay valid until the
 * ramdisk is destroyed. Thread context; takes the registry lock. Returns 0,
 * -EINVAL (bad name, NULL mem or size below one block), -ENAMETOOLONG,
 * -EEXIST (name taken) or -ENOMEM. */
int ramdisk_create(const char *name, void *mem, uint64_t size, bool read_only);

/* Unregister a ramdisk made by ramdisk_create() together with its
 * partitions, and free it (not the memory it served). The caller makes sure
 * nobody still uses them. Thread context. Returns 0 or -EINVAL when bdev is
 * not such a ramdisk. */
int ramdisk_destroy(struct blockdev *bdev);

#endif
