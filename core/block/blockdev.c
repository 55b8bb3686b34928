/* Block-device layer: the registry of named devices, request checks,
 * forwarding of partition requests to their disk, completion statistics,
 * and synchronous helpers on top of the asynchronous submit.
 *
 * Every request goes to the driver as a copy (struct blk_fwd) made here:
 * the driver sees the whole disk and an absolute LBA, the submitter's request
 * is never modified, and the completion passes through blockdev_complete(),
 * which counts it before calling the submitter's done().
 *
 * Locking: blockdev_lock (irqsave) guards the registry list. A registered
 * device's geometry never changes, so submit reads it without the lock; the
 * statistics are updated with atomic adds, from any context. */
#include <keel/blockdev.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printk.h>
#include <keel/sched.h>
#include <keel/spinlock.h>
#include <keel/string.h>
#include "block_internal.h"

/* blockdev_read_bytes() reads the aligned middle of a range directly, in
 * requests of at most this many blocks. */
#define READ_BYTES_MAX_BLOCKS	(1u << 16)

static LIST_HEAD(blockdevs);
static DEFINE_SPINLOCK(blockdev_lock);

/* Every synchronous waiter sleeps on this one queue and checks its own flag.
 * A queue that outlives the waiters lets a completion call wake_all after
 * the waiter (whose stack held the flag) may already have returned. */
static struct waitqueue sync_wq = WAITQUEUE_INIT(sync_wq);

/* The request the driver sees, and the submitter's it stands for. */
struct blk_fwd {
	struct blk_request req;
	struct blk_request *orig;
};

/* ------------------------------------------------------------ registry */

static bool is_pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

/* Everything about bdev that can be checked without the registry. */
static int check_geometry(const struct blockdev *bdev)
{
	const struct blockdev *p = bdev->parent;
	size_t len = strnlen(bdev->name, sizeof(bdev->name));

	if (len == 0 || len == sizeof(bdev->name))
		return -EINVAL;
	if (bdev->block_size < 512 || !is_pow2(bdev->block_size) || !bdev->nr_blocks)
		return -EINVAL;
	if (bdev->nr_blocks > UINT64_MAX / bdev->block_size)
		return -EOVERFLOW;	/* its size in bytes must fit in 64 bits */
	if (!p)
		return bdev->ops && bdev->ops->submit ? 0 : -EINVAL;
	if (bdev->ops || bdev->block_size != p->block_size)
		return -EINVAL;
	if (bdev->start_lba > p->nr_blocks || bdev->nr_blocks > p->nr_blocks - bdev->start_lba)
		return -ERANGE;
	return 0;
}

static struct blockdev *find_locked(const char *name)
{
	struct blockdev *b;

	list_for_each_entry(b, &blockdevs, node)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

static bool registered_locked(const struct blockdev *bdev)
{
	struct blockdev *b;

	list_for_each_entry(b, &blockdevs, node)
		if (b == bdev)
			return true;
	return false;
}

/* Register bdev (zeroes its counters). A partition (parent set, ops NULL)
 * must lie inside its registered parent and share its block size. Thread
 * context; takes blockdev_lock. Returns 0, -EINVAL (bad name, geometry or
 * ops), -EOVERFLOW (size in bytes over 64 bits), -ERANGE (partition outside
 * its parent), -ENODEV (parent not registered) or -EEXIST (name taken). */
int blockdev_register(struct blockdev *bdev)
{
	unsigned long flags;
	int ret;

	if (!bdev)
		return -EINVAL;
	ret = check_geometry(bdev);
	if (ret)
		return ret;
	bdev->reads = bdev->writes = bdev->errors = 0;
	flags = spin_lock_irqsave(&blockdev_lock);
	if (find_locked(bdev->name))
		ret = -EEXIST;
	else if (bdev->parent && !registered_locked(bdev->parent))
		ret = -ENODEV;
	else
		list_add_tail(&bdev->node, &blockdevs);
	spin_unlock_irqrestore(&blockdev_lock, flags);
	return ret;
}

/* A registered device whose parent is on the gone list, or NULL. */
static struct blockdev *orphan_locked(struct list_head *gone)
{
	struct blockdev *b, *g;

	list_for_each_entry(b, &blockdevs, node)
		list_for_each_entry(g, gone, node)
			if (b->parent == g)
				return b;
	return NULL;
}

/* Unregister bdev and every device below it (its partitions, theirs...);
 * partitions made by blockdev_scan_partitions() are freed, bdev and other
 * devices belong to their owners. Requests in flight must have completed.
 * An unregistered bdev is ignored. Thread context; takes blockdev_lock. */
void blockdev_unregister(struct blockdev *bdev)
{
	LIST_HEAD(gone);
	struct blockdev *b, *tmp;
	unsigned long flags;

	flags = spin_lock_irqsave(&blockdev_lock);
	if (!bdev || !registered_locked(bdev)) {
		spin_unlock_irqrestore(&blockdev_lock, flags);
		return;
	}
	/* The device, then its partitions and theirs, in that order. */
	list_del(&bdev->node);
	list_add_tail(&bdev->node, &gone);
	while ((b = orphan_locked(&gone))) {
		list_del(&b->node);
		list_add_tail(&b->node, &gone);
	}
	spin_unlock_irqrestore(&blockdev_lock, flags);

	list_for_each_entry_safe(b, tmp, &gone, node) {
		list_del(&b->node);
		if (b != bdev)
			partition_release(b);
	}
}

/* The registered device called name, or NULL. Any context; takes
 * blockdev_lock. */
struct blockdev *blockdev_find(const char *name)
{
	struct blockdev *b;
	unsigned long flags;

	if (!name)
		return NULL;
	flags = spin_lock_irqsave(&blockdev_lock);
	b = find_locked(name);
	spin_unlock_irqrestore(&blockdev_lock, flags);
	return b;
}

/* fn runs with blockdev_lock held and interrupts off: it must not sleep
 * nor register, unregister, find or walk devices. */
void blockdev_for_each(void (*fn)(struct blockdev *bdev, void *ctx), void *ctx)
{
	struct blockdev *b;
	unsigned long flags = spin_lock_irqsave(&blockdev_lock);

	list_for_each_entry(b, &blockdevs, node)
		fn(b, ctx);
	spin_unlock_irqrestore(&blockdev_lock, flags);
}

/* ------------------------------------------------------------ requests */

static int check_request(const struct blk_request *req)
{
	const struct blockdev *b;

	if (!req || !req->bdev || !req->buf || !req->done || !req->count)
		return -EINVAL;
	b = req->bdev;
	if (req->lba > b->nr_blocks || req->count > b->nr_blocks - req->lba)
		return -ERANGE;
	/* A partition of a read-only disk is read-only too. */
	for (; req->write && b; b = b->parent)
		if (b->read_only)
			return -EPERM;
	return 0;
}

/* Count one finished request on the device and every device below it. */
static void count_request(struct blockdev *bdev, bool write, int status)
{
	for (; bdev; bdev = bdev->parent) {
		uint64_t *ctr = status ? &bdev->errors : write ? &bdev->writes : &bdev->reads;

		__atomic_fetch_add(ctr, 1, __ATOMIC_RELAXED);
	}
}

/* The driver finished f->req: count it, then hand it to the submitter. */
static void blockdev_complete(struct blk_request *req, int status)
{
	struct blk_fwd *f = container_of(req, struct blk_fwd, req);
	struct blk_request *orig = f->orig;

	kfree(f);
	if (status > 0)
		status = -EIO;	/* a driver bug; never report success for it */
	count_request(orig->bdev, orig->write, status);
	/* Last use of orig: the submitter may free it once done() runs. */
	orig->done(orig, status);
}

/* Check req and pass it to the driver of its disk (a partition's LBA made
 * absolute); req->done runs exactly once if this returns 0, perhaps before
 * it returns. Any context. Returns 0, -EINVAL (no device, buffer, done or
 * blocks), -ERANGE (beyond the device), -EPERM (write to a read-only device
 * or a partition of one), -ENOMEM, or the driver's error. */
int blockdev_submit(struct blk_request *req)
{
	struct blockdev *disk;
	struct blk_fwd *f;
	int ret = check_request(req);

	if (ret)
		return ret;
	f = kmalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->orig = req;
	f->req = (struct blk_request){
		.write = req->write, .lba = req->lba, .count = req->count,
		.buf = req->buf, .done = blockdev_complete,
	};
	list_init(&f->req.node);
	/* Registration keeps every partition inside its parent: no overflow. */
	for (disk = req->bdev; disk->parent; disk = disk->parent)
		f->req.lba += disk->start_lba;
	f->req.bdev = disk;
	ret = disk->ops->submit(disk, &f->req);
	if (ret) {
		kfree(f);
		count_request(req->bdev, req->write, ret);
	}
	return ret;
}

/* ------------------------------------------------------------ synchronous */

struct blk_sync {
	bool done;
	int status;
};

static bool sync_finished(void *arg)
{
	const struct blk_sync *s = arg;

	return s->done;
}

static void sync_complete(struct blk_request *req, int status)
{
	struct blk_sync *s = req->priv;
	unsigned long flags = spin_lock_irqsave(&sync_wq.lock);

	s->status = status;
	s->done = true;
	spin_unlock_irqrestore(&sync_wq.lock, flags);
	/* req and s may be gone from here on: only the queue is touched. */
	waitqueue_wake_all(&sync_wq);
}

static int blockdev_rw_sync(struct blockdev *bdev, bool write, uint64_t lba,
			    uint32_t count, void *buf)
{
	struct blk_sync s = { .done = false, .status = 0 };
	struct blk_request req = {
		.bdev = bdev, .write = write, .lba = lba, .count = count,
		.buf = buf, .done = sync_complete, .priv = &s,
	};
	int ret;

	list_init(&req.node);
	ret = blockdev_submit(&req);
	if (ret)
		return ret;
	/* Also right when the request completed before submit returned. */
	waitqueue_wait(&sync_wq, sync_finished, &s);
	return s.status;
}

/* Synchronous read/write: submit, then sleep until done. Thread context (the
 * boot context too, for devices that complete inside submit). Returns 0, a
 * blockdev_submit() error or the request's completion status. */
int blockdev_read(struct blockdev *bdev, uint64_t lba, uint32_t count, void *buf)
{
	return blockdev_rw_sync(bdev, false, lba, count, buf);
}

int blockdev_write(struct blockdev *bdev, uint64_t lba, uint32_t count, const void *buf)
{
	/* The request type has one buffer pointer; a write only reads it. */
	return blockdev_rw_sync(bdev, true, lba, count, (void *)buf);
}

/* Read the block holding byte offset into *bounce (allocated on first use)
 * and copy out the part of [offset, offset + len) it holds. Returns the
 * bytes copied or -errno. */
static long read_partial(struct blockdev *bdev, uint64_t offset, u8 *out,
			 size_t len, u8 **bounce)
{
	uint32_t bs = bdev->block_size;
	size_t in = (size_t)(offset & (bs - 1));
	size_t n = MIN(len, (size_t)bs - in);
	int ret;

	if (!*bounce && !(*bounce = kmalloc(bs)))
		return -ENOMEM;
	ret = blockdev_read(bdev, offset / bs, 1, *bounce);
	if (ret)
		return ret;
	memcpy(out, *bounce + in, n);
	return (long)n;
}

/* Read whole blocks at the block-aligned offset straight into out. Returns
 * the bytes read or -errno. */
static long read_direct(struct blockdev *bdev, uint64_t offset, u8 *out, size_t len)
{
	uint32_t bs = bdev->block_size;
	size_t blocks = MIN(len / bs, (size_t)READ_BYTES_MAX_BLOCKS);
	int ret = blockdev_read(bdev, offset / bs, (uint32_t)blocks, out);

	return ret ? ret : (long)(blocks * bs);
}

/* Read len bytes at byte offset: partial blocks at either end go through a
 * one-block bounce buffer, whole blocks straight into buf. Thread context.
 * Returns 0, -EINVAL, -ERANGE (not inside the device), -ENOMEM or a read
 * error (buf then holds part of the data). */
int blockdev_read_bytes(struct blockdev *bdev, uint64_t offset, void *buf, size_t len)
{
	u8 *out = buf, *bounce = NULL;
	uint64_t size;
	long n = 0;

	if (!bdev || (!buf && len))
		return -EINVAL;
	size = bdev->nr_blocks * bdev->block_size;
	if (offset > size || len > size - offset)
		return -ERANGE;
	while (len) {
		if ((offset & (bdev->block_size - 1)) || len < bdev->block_size)
			n = read_partial(bdev, offset, out, len, &bounce);
		else
			n = read_direct(bdev, offset, out, len);
		if (n < 0)
			break;
		out += n;
		offset += (uint64_t)n;
		len -= (size_t)n;
	}
	kfree(bounce);
	return n < 0 ? (int)n : 0;
}
