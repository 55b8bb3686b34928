/* Unit tests of the block-device layer (core/block/blockdev.c) and ramdisks
 * (core/block/ramdisk.c): registry rules, request checks, forwarding of
 * partition requests, asynchronous and synchronous completion, statistics,
 * blockdev_read_bytes() at any alignment, and the initrd from an FDT.
 *
 * kmalloc() is the real heap over a zone of host memory; every test must
 * unregister what it registered and free what it allocated (the teardown
 * checks that the heap is empty). Wait queues come from
 * tests/unit/stubs/sched_stub.c: a "sleeping" waiter runs unit_wait_hook. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <keel/blockdev.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/printk.h>
#include <keel/ramdisk.h>
#include <libfdt.h>

extern void (*unit_wait_hook)(void *ctx);
extern void *unit_wait_hook_ctx;
extern unsigned int unit_wait_sleeps;
extern unsigned int unit_log_count[];

#define ZONE_PAGES	((size_t)1 << 12)
#define ZONE_BYTES	(ZONE_PAGES * PAGE_SIZE)

static uint8_t *zone_mem;
static void *zone_meta;

/* ------------------------------------------------------------ fake disk */

enum fake_mode {
	FAKE_SYNC,	/* complete inside submit() */
	FAKE_DEFER,	/* keep the request; fake_finish() completes it */
	FAKE_REJECT,	/* submit() fails */
	FAKE_FAIL,	/* complete with -EIO */
};

struct fake_disk {
	struct blockdev bdev;
	uint8_t *mem;
	enum fake_mode mode;
	struct blk_request *pending;
	struct blk_request seen;	/* copy of the last request submitted */
	unsigned int submits;
};

static struct fake_disk *to_fake(struct blockdev *b)
{
	return (struct fake_disk *)((char *)b - offsetof(struct fake_disk, bdev));
}

static void fake_transfer(struct fake_disk *f, struct blk_request *req)
{
	size_t off = req->lba * f->bdev.block_size, n = (size_t)req->count * f->bdev.block_size;

	if (req->write)
		memcpy(f->mem + off, req->buf, n);
	else
		memcpy(req->buf, f->mem + off, n);
}

static int fake_submit(struct blockdev *bdev, struct blk_request *req)
{
	struct fake_disk *f = to_fake(bdev);

	assert_ptr_equal(req->bdev, bdev);
	f->seen = *req;
	f->submits++;
	switch (f->mode) {
	case FAKE_REJECT:
		return -EIO;
	case FAKE_DEFER:
		assert_null(f->pending);
		f->pending = req;
		return 0;
	case FAKE_FAIL:
		req->done(req, -EIO);
		return 0;
	default:
		fake_transfer(f, req);
		req->done(req, 0);
		return 0;
	}
}

static const struct blockdev_ops fake_ops = { .submit = fake_submit };

/* Complete the deferred request, as the device's interrupt would. */
static void fake_finish(void *ctx)
{
	struct fake_disk *f = ctx;
	struct blk_request *req = f->pending;

	assert_non_null(req);
	f->pending = NULL;
	fake_transfer(f, req);
	req->done(req, 0);
}

static struct fake_disk *fake_new(const char *name, uint32_t bs, uint64_t blocks)
{
	struct fake_disk *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = calloc(blocks, bs);
	assert_non_null(f->mem);
	strcpy(f->bdev.name, name);
	f->bdev.block_size = bs;
	f->bdev.nr_blocks = blocks;
	f->bdev.ops = &fake_ops;
	return f;
}

static void fake_free(struct fake_disk *f)
{
	blockdev_unregister(&f->bdev);
	free(f->mem);
	free(f);
}

/* A partition of disk, owned by the test (not by the partition scanner). */
static void part_init(struct blockdev *p, const char *name, struct blockdev *disk,
		      uint64_t start, uint64_t blocks)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->name, name);
	p->block_size = disk->block_size;
	p->nr_blocks = blocks;
	p->parent = disk;
	p->start_lba = start;
}

/* ------------------------------------------------------------ completion */

struct done_rec {
	unsigned int calls;
	int status;
	struct blk_request *req;
};

static void rec_done(struct blk_request *req, int status)
{
	struct done_rec *r = req->priv;

	r->calls++;
	r->status = status;
	r->req = req;
}

static struct blk_request mkreq(struct blockdev *b, bool write, uint64_t lba, uint32_t count,
				void *buf, struct done_rec *r)
{
	struct blk_request req = {
		.bdev = b, .write = write, .lba = lba, .count = count, .buf = buf,
		.done = rec_done, .priv = r,
	};

	return req;
}

/* ------------------------------------------------------------ fixtures */

static int group_setup(void **state)
{
	zone_mem = aligned_alloc(ZONE_BYTES, ZONE_BYTES);
	zone_meta = malloc(page_alloc_meta_bytes(ZONE_PAGES));
	if (!zone_mem || !zone_meta)
		return -1;
	page_alloc_init((phys_addr_t)(uintptr_t)zone_mem, ZONE_PAGES, zone_meta);
	page_alloc_add_free((phys_addr_t)(uintptr_t)zone_mem,
			    (phys_addr_t)(uintptr_t)zone_mem + ZONE_BYTES);
	return 0;
}

static int group_teardown(void **state)
{
	free(zone_mem);
	free(zone_meta);
	return 0;
}

static void count_dev(struct blockdev *b, void *ctx)
{
	(*(unsigned int *)ctx)++;
}

static unsigned int nr_devices(void)
{
	unsigned int n = 0;

	blockdev_for_each(count_dev, &n);
	return n;
}

/* Every test leaves no device registered and the heap empty. */
static int teardown(void **state)
{
	struct heap_stats hs;

	unit_wait_hook = NULL;
	assert_int_equal(nr_devices(), 0);
	heap_get_stats(&hs);
	assert_int_equal(hs.bytes_in_use, 0);
	return 0;
}

/* ------------------------------------------------------------ registry */

static void test_register_rules(void **state)
{
	struct fake_disk *f = fake_new("vda", 512, 64);
	struct fake_disk *g = fake_new("vda", 512, 64);

	f->bdev.block_size = 256;
	assert_int_equal(blockdev_register(&f->bdev), -EINVAL);
	f->bdev.block_size = 1536;
	assert_int_equal(blockdev_register(&f->bdev), -EINVAL);
	f->bdev.block_size = 0;
	assert_int_equal(blockdev_register(&f->bdev), -EINVAL);
	f->bdev.block_size = 512;
	f->bdev.nr_blocks = 0;
	assert_int_equal(blockdev_register(&f->bdev), -EINVAL);
	f->bdev.nr_blocks = UINT64_MAX / 256;	/* bytes overflow 64 bits */
	assert_int_equal(blockdev_register(&f->bdev), -EOVERFLOW);
	f->bdev.nr_blocks = 64;
	f->bdev.ops = NULL;
	assert_int_equal(blockdev_register(&f->bdev), -EINVAL);
	f->bdev.ops = &fake_ops;
	f->bdev.name[0] = '\0';
	assert_int_equal(blockdev_register(&f->bdev), -EINVAL);
	memset(f->bdev.name, 'x', sizeof(f->bdev.name));	/* no terminator */
	assert_int_equal(blockdev_register(&f->bdev), -EINVAL);
	assert_int_equal(blockdev_register(NULL), -EINVAL);
	assert_int_equal(nr_devices(), 0);

	strcpy(f->bdev.name, "vda");
	f->bdev.reads = 7;
	assert_int_equal(blockdev_register(&f->bdev), 0);
	assert_int_equal(f->bdev.reads, 0);
	assert_int_equal(blockdev_register(&g->bdev), -EEXIST);
	assert_ptr_equal(blockdev_find("vda"), &f->bdev);
	assert_null(blockdev_find("vdb"));
	assert_null(blockdev_find(NULL));
	fake_free(g);
	fake_free(f);
	assert_null(blockdev_find("vda"));
}

static void collect(struct blockdev *b, void *ctx)
{
	strcat(ctx, b->name);
	strcat(ctx, ",");
}

static void test_for_each_order_and_reregister(void **state)
{
	struct fake_disk *a = fake_new("b", 4096, 8), *b = fake_new("a", 512, 8);
	char names[64] = "";

	assert_int_equal(blockdev_register(&a->bdev), 0);
	assert_int_equal(blockdev_register(&b->bdev), 0);
	blockdev_for_each(collect, names);
	assert_string_equal(names, "b,a,");
	blockdev_unregister(&a->bdev);
	blockdev_unregister(&a->bdev);	/* twice: ignored */
	assert_int_equal(blockdev_register(&a->bdev), 0);
	names[0] = '\0';
	blockdev_for_each(collect, names);
	assert_string_equal(names, "a,b,");
	fake_free(a);
	fake_free(b);
}

static void test_partition_register_rules(void **state)
{
	struct fake_disk *f = fake_new("vda", 512, 100);
	struct blockdev p, q;

	part_init(&p, "vdap1", &f->bdev, 10, 90);
	assert_int_equal(blockdev_register(&p), -ENODEV);	/* disk not registered */
	assert_int_equal(blockdev_register(&f->bdev), 0);
	part_init(&p, "vdap1", &f->bdev, 10, 91);
	assert_int_equal(blockdev_register(&p), -ERANGE);
	part_init(&p, "vdap1", &f->bdev, 101, 1);
	assert_int_equal(blockdev_register(&p), -ERANGE);
	part_init(&p, "vdap1", &f->bdev, UINT64_MAX, 2);
	assert_int_equal(blockdev_register(&p), -ERANGE);
	part_init(&p, "vdap1", &f->bdev, 10, 90);
	p.block_size = 1024;
	assert_int_equal(blockdev_register(&p), -EINVAL);
	part_init(&p, "vdap1", &f->bdev, 10, 90);
	p.ops = &fake_ops;
	assert_int_equal(blockdev_register(&p), -EINVAL);
	part_init(&p, "vdap1", &f->bdev, 10, 90);
	assert_int_equal(blockdev_register(&p), 0);
	part_init(&q, "vdap1p1", &p, 5, 5);	/* nested */
	assert_int_equal(blockdev_register(&q), 0);

	/* The disk takes its partitions with it (the test owns their memory). */
	blockdev_unregister(&f->bdev);
	assert_null(blockdev_find("vdap1"));
	assert_null(blockdev_find("vdap1p1"));
	assert_int_equal(nr_devices(), 0);
	fake_free(f);
}

/* ------------------------------------------------------------ requests */

static void test_submit_checks(void **state)
{
	struct fake_disk *f = fake_new("vda", 512, 100);
	struct done_rec r = { 0 };
	uint8_t buf[1024];
	struct blk_request req;

	assert_int_equal(blockdev_register(&f->bdev), 0);
	req = mkreq(&f->bdev, false, 100, 1, buf, &r);
	assert_int_equal(blockdev_submit(&req), -ERANGE);
	req = mkreq(&f->bdev, false, 99, 2, buf, &r);
	assert_int_equal(blockdev_submit(&req), -ERANGE);
	req = mkreq(&f->bdev, false, UINT64_MAX, 2, buf, &r);	/* lba + count wraps */
	assert_int_equal(blockdev_submit(&req), -ERANGE);
	req = mkreq(&f->bdev, false, 1, UINT32_MAX, buf, &r);
	assert_int_equal(blockdev_submit(&req), -ERANGE);
	req = mkreq(&f->bdev, false, 0, 0, buf, &r);
	assert_int_equal(blockdev_submit(&req), -EINVAL);
	req = mkreq(&f->bdev, false, 0, 1, NULL, &r);
	assert_int_equal(blockdev_submit(&req), -EINVAL);
	req = mkreq(NULL, false, 0, 1, buf, &r);
	assert_int_equal(blockdev_submit(&req), -EINVAL);
	req = mkreq(&f->bdev, false, 0, 1, buf, &r);
	req.done = NULL;
	assert_int_equal(blockdev_submit(&req), -EINVAL);
	assert_int_equal(blockdev_submit(NULL), -EINVAL);
	assert_int_equal(f->submits, 0);
	assert_int_equal(r.calls, 0);

	req = mkreq(&f->bdev, false, 98, 2, buf, &r);	/* the last two blocks */
	assert_int_equal(blockdev_submit(&req), 0);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.status, 0);
	assert_ptr_equal(r.req, &req);
	assert_int_equal(f->bdev.reads, 1);
	fake_free(f);
}

static void test_read_only(void **state)
{
	struct fake_disk *f = fake_new("vda", 512, 100);
	struct done_rec r = { 0 };
	uint8_t buf[512] = { 0 };
	struct blockdev p;
	struct blk_request req;

	f->bdev.read_only = true;
	assert_int_equal(blockdev_register(&f->bdev), 0);
	part_init(&p, "vdap1", &f->bdev, 10, 10);	/* read_only false itself */
	assert_int_equal(blockdev_register(&p), 0);
	req = mkreq(&f->bdev, true, 0, 1, buf, &r);
	assert_int_equal(blockdev_submit(&req), -EPERM);
	req = mkreq(&p, true, 0, 1, buf, &r);
	assert_int_equal(blockdev_submit(&req), -EPERM);
	assert_int_equal(blockdev_write(&f->bdev, 0, 1, buf), -EPERM);
	assert_int_equal(f->submits, 0);
	assert_int_equal(blockdev_read(&p, 0, 1, buf), 0);
	assert_int_equal(f->submits, 1);
	assert_int_equal(f->bdev.errors, 0);
	blockdev_unregister(&p);
	fake_free(f);
}

/* A partition's request reaches the disk's driver with an absolute LBA; the
 * submitter's request is not changed; completion may come later. */
static void test_partition_forwarding_async(void **state)
{
	struct fake_disk *f = fake_new("vda", 512, 100);
	struct done_rec r = { 0 };
	uint8_t buf[1024];
	struct blockdev p;
	struct blk_request req;

	memset(f->mem + 30 * 512, 0xa5, 1024);
	assert_int_equal(blockdev_register(&f->bdev), 0);
	part_init(&p, "vdap2", &f->bdev, 20, 50);
	assert_int_equal(blockdev_register(&p), 0);
	f->mode = FAKE_DEFER;
	req = mkreq(&p, false, 10, 2, buf, &r);
	assert_int_equal(blockdev_submit(&req), 0);
	assert_int_equal(r.calls, 0);
	assert_ptr_equal(f->seen.bdev, &f->bdev);
	assert_int_equal(f->seen.lba, 30);
	assert_int_equal(f->seen.count, 2);
	assert_ptr_equal(f->seen.buf, buf);
	assert_false(f->seen.write);
	assert_int_equal(p.reads, 0);

	fake_finish(f);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.status, 0);
	assert_ptr_equal(r.req, &req);
	assert_ptr_equal(req.bdev, &p);
	assert_int_equal(req.lba, 10);
	assert_ptr_equal(req.done, rec_done);
	assert_int_equal(buf[0], 0xa5);
	assert_int_equal(buf[1023], 0xa5);
	/* Counted on the partition and on its disk. */
	assert_int_equal(p.reads, 1);
	assert_int_equal(f->bdev.reads, 1);
	blockdev_unregister(&p);
	fake_free(f);
}

static void test_errors_counted(void **state)
{
	struct fake_disk *f = fake_new("vda", 512, 10);
	struct done_rec r = { 0 };
	uint8_t buf[512];
	struct blk_request req;

	assert_int_equal(blockdev_register(&f->bdev), 0);
	f->mode = FAKE_REJECT;
	req = mkreq(&f->bdev, true, 0, 1, buf, &r);
	assert_int_equal(blockdev_submit(&req), -EIO);
	assert_int_equal(r.calls, 0);
	assert_int_equal(f->bdev.errors, 1);
	assert_int_equal(blockdev_read(&f->bdev, 0, 1, buf), -EIO);

	f->mode = FAKE_FAIL;
	req = mkreq(&f->bdev, true, 0, 1, buf, &r);
	assert_int_equal(blockdev_submit(&req), 0);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.status, -EIO);
	assert_int_equal(blockdev_write(&f->bdev, 0, 1, buf), -EIO);
	assert_int_equal(blockdev_read_bytes(&f->bdev, 3, buf, 5), -EIO);
	assert_int_equal(f->bdev.errors, 5);
	assert_int_equal(f->bdev.reads, 0);
	assert_int_equal(f->bdev.writes, 0);
	fake_free(f);
}

/* blockdev_read() sleeps until an interrupt-like completion comes. */
static void test_sync_waits_for_completion(void **state)
{
	struct fake_disk *f = fake_new("vda", 512, 10);
	uint8_t buf[512];
	unsigned int sleeps = unit_wait_sleeps;

	memset(f->mem + 512 * 3, 0x3c, 512);
	assert_int_equal(blockdev_register(&f->bdev), 0);
	f->mode = FAKE_DEFER;
	unit_wait_hook = fake_finish;
	unit_wait_hook_ctx = f;
	assert_int_equal(blockdev_read(&f->bdev, 3, 1, buf), 0);
	assert_int_equal(unit_wait_sleeps, sleeps + 1);
	assert_int_equal(buf[0], 0x3c);
	assert_int_equal(buf[511], 0x3c);
	assert_null(f->pending);
	fake_free(f);
}

/* ------------------------------------------------------------ ramdisk */

static void test_ramdisk_round_trip(void **state)
{
	uint8_t *mem = calloc(64, 512), wbuf[3 * 512], rbuf[3 * 512];
	struct blockdev *rd;

	assert_int_equal(ramdisk_create("rd0", mem, 64 * 512 + 100, false), 0);
	rd = blockdev_find("rd0");
	assert_non_null(rd);
	assert_int_equal(rd->block_size, 512);
	assert_int_equal(rd->nr_blocks, 64);	/* the partial block is not used */
	assert_false(rd->read_only);
	for (size_t i = 0; i < sizeof(wbuf); i++)
		wbuf[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(blockdev_write(rd, 61, 3, wbuf), 0);
	assert_memory_equal(mem + 61 * 512, wbuf, sizeof(wbuf));
	assert_int_equal(blockdev_read(rd, 61, 3, rbuf), 0);
	assert_memory_equal(rbuf, wbuf, sizeof(wbuf));
	assert_int_equal(blockdev_write(rd, 62, 3, wbuf), -ERANGE);
	assert_int_equal(rd->reads, 1);
	assert_int_equal(rd->writes, 1);
	assert_int_equal(rd->errors, 0);
	assert_int_equal(ramdisk_destroy(rd), 0);
	assert_null(blockdev_find("rd0"));
	free(mem);
}

static void test_ramdisk_create_rules(void **state)
{
	uint8_t *mem = calloc(4, 512);
	struct fake_disk *f = fake_new("fake", 512, 4);

	assert_int_equal(ramdisk_create("rd", mem, 511, false), -EINVAL);
	assert_int_equal(ramdisk_create("rd", NULL, 2048, false), -EINVAL);
	assert_int_equal(ramdisk_create("", mem, 2048, false), -EINVAL);
	assert_int_equal(ramdisk_create(NULL, mem, 2048, false), -EINVAL);
	assert_int_equal(ramdisk_create("0123456789abcdef0123456789abcdef", mem, 2048, false),
			 -ENAMETOOLONG);
	assert_int_equal(ramdisk_create("rd", mem, 2048, true), 0);
	assert_int_equal(ramdisk_create("rd", mem, 2048, true), -EEXIST);
	assert_true(blockdev_find("rd")->read_only);
	assert_int_equal(blockdev_write(blockdev_find("rd"), 0, 1, mem), -EPERM);
	assert_int_equal(blockdev_register(&f->bdev), 0);
	assert_int_equal(ramdisk_destroy(&f->bdev), -EINVAL);	/* not a ramdisk */
	assert_int_equal(ramdisk_destroy(NULL), -EINVAL);
	assert_int_equal(ramdisk_destroy(blockdev_find("rd")), 0);
	fake_free(f);
	free(mem);
}

/* ------------------------------------------------------------ read_bytes */

static void check_read_bytes(struct blockdev *b, const uint8_t *img, uint64_t off, size_t len)
{
	uint8_t *buf = malloc(len + 2);

	buf[0] = buf[len + 1] = 0xee;
	assert_int_equal(blockdev_read_bytes(b, off, buf + 1, len), 0);
	assert_memory_equal(buf + 1, img + off, len);
	assert_int_equal(buf[0], 0xee);		/* nothing written around it */
	assert_int_equal(buf[len + 1], 0xee);
	free(buf);
}

static void read_bytes_cases(struct blockdev *b, const uint8_t *img)
{
	uint32_t bs = b->block_size;
	uint64_t size = b->nr_blocks * bs;
	static const struct { uint64_t off; size_t len; } fixed[] = {
		{ 0, 1 }, { 1, 1 }, { 511, 2 }, { 510, 4 }, { 0, 512 }, { 3, 512 },
		{ 100, 3000 }, { 1, 4095 }, { 4095, 2 }, { 4096, 4096 }, { 17, 10000 },
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_read_bytes(b, img, fixed[i].off, fixed[i].len);
	check_read_bytes(b, img, size - 1, 1);			/* last byte */
	check_read_bytes(b, img, size - bs - 7, bs + 7);		/* to the end */
	check_read_bytes(b, img, 7, (size_t)size - 7);			/* almost all */
	check_read_bytes(b, img, 0, (size_t)size);			/* all, aligned */
	srand(1);
	for (int i = 0; i < 200; i++) {
		uint64_t off = (uint64_t)rand() % size;
		size_t len = (size_t)rand() % (size_t)(size - off) + 1;

		check_read_bytes(b, img, off, len);
	}
}

static void test_read_bytes(void **state)
{
	size_t size = 40 * 4096;
	uint8_t *img = malloc(size), byte;
	struct fake_disk *f = fake_new("big", 4096, 40);
	struct blockdev *rd;

	for (size_t i = 0; i < size; i++)
		img[i] = (uint8_t)(i ^ (i >> 8) ^ (i >> 16));
	memcpy(f->mem, img, size);
	assert_int_equal(ramdisk_create("rd", img, size, true), 0);
	assert_int_equal(blockdev_register(&f->bdev), 0);
	rd = blockdev_find("rd");
	read_bytes_cases(rd, img);
	read_bytes_cases(&f->bdev, img);

	assert_int_equal(blockdev_read_bytes(rd, 5, &byte, 0), 0);
	assert_int_equal(blockdev_read_bytes(rd, size, &byte, 0), 0);
	assert_int_equal(blockdev_read_bytes(rd, size, &byte, 1), -ERANGE);
	assert_int_equal(blockdev_read_bytes(rd, size - 1, img, 2), -ERANGE);
	assert_int_equal(blockdev_read_bytes(rd, UINT64_MAX, &byte, 2), -ERANGE);
	assert_int_equal(blockdev_read_bytes(rd, 1, NULL, 2), -EINVAL);
	assert_int_equal(blockdev_read_bytes(NULL, 1, &byte, 2), -EINVAL);
	assert_int_equal(ramdisk_destroy(rd), 0);
	fake_free(f);
	free(img);
}

/* ------------------------------------------------------------ initrd */

/* A minimal FDT with /chosen holding the given properties (cells: 1 or 2;
 * 0 leaves the property out). */
static void *make_fdt(uint64_t start, int start_cells, uint64_t end, int end_cells)
{
	size_t size = 4096;
	void *fdt = malloc(size);
	fdt32_t v[2];

	assert_int_equal(fdt_create(fdt, (int)size), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_begin_node(fdt, "chosen"), 0);
	if (start_cells) {
		v[0] = cpu_to_fdt32((uint32_t)(start >> 32));
		v[1] = cpu_to_fdt32((uint32_t)start);
		assert_int_equal(fdt_property(fdt, "linux,initrd-start", &v[2 - start_cells],
					      start_cells * 4), 0);
	}
	if (end_cells) {
		v[0] = cpu_to_fdt32((uint32_t)(end >> 32));
		v[1] = cpu_to_fdt32((uint32_t)end);
		assert_int_equal(fdt_property(fdt, "linux,initrd-end", &v[2 - end_cells],
					      end_cells * 4), 0);
	}
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	return fdt;
}

static void test_initrd(void **state)
{
	size_t size = 64 * 512;
	uint8_t *img = calloc(1, size + 512);
	uint64_t start = (uint64_t)(uintptr_t)img;
	unsigned int warns = unit_log_count[LOG_WARN];
	void *fdt;
	struct blockdev *rd;
	uint8_t buf[512];

	img[512 * 5] = 0x42;
	fdt = make_fdt(start, 2, start + size + 100, 2);	/* 64-bit cells */
	assert_int_equal(ramdisk_init_initrd(fdt), 0);
	rd = blockdev_find("initrd");
	assert_non_null(rd);
	assert_int_equal(rd->nr_blocks, 64);
	assert_false(rd->read_only);
	assert_int_equal(unit_log_count[LOG_WARN], warns + 1);	/* 100-byte tail */
	assert_int_equal(blockdev_read(rd, 5, 1, buf), 0);
	assert_int_equal(buf[0], 0x42);
	assert_int_equal(ramdisk_init_initrd(fdt), -EEXIST);
	assert_int_equal(ramdisk_destroy(rd), 0);
	free(fdt);
	free(img);
}

static void test_initrd_missing_or_bad(void **state)
{
	unsigned int warns = unit_log_count[LOG_WARN], errs = unit_log_count[LOG_ERR];
	void *fdt;

	fdt = make_fdt(0, 0, 0, 0);
	assert_int_equal(ramdisk_init_initrd(fdt), -ENOENT);
	assert_int_equal(ramdisk_init_initrd(NULL), -ENOENT);
	assert_int_equal(unit_log_count[LOG_WARN], warns);	/* silent */
	free(fdt);
	fdt = make_fdt(0x1000, 1, 0, 0);			/* no end */
	assert_int_equal(ramdisk_init_initrd(fdt), -EINVAL);
	free(fdt);
	fdt = make_fdt(0x2000, 1, 0x1000, 1);			/* inverted */
	assert_int_equal(ramdisk_init_initrd(fdt), -EINVAL);
	free(fdt);
	fdt = make_fdt(0x2000, 1, 0x2100, 1);			/* < one block */
	assert_int_equal(ramdisk_init_initrd(fdt), -EINVAL);
	free(fdt);
	assert_int_equal(unit_log_count[LOG_WARN], warns + 3);
	assert_int_equal(unit_log_count[LOG_ERR], errs);
	assert_null(blockdev_find("initrd"));
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(test_register_rules),
		T(test_for_each_order_and_reregister),
		T(test_partition_register_rules),
		T(test_submit_checks),
		T(test_read_only),
		T(test_partition_forwarding_async),
		T(test_errors_counted),
		T(test_sync_waits_for_completion),
		T(test_ramdisk_round_trip),
		T(test_ramdisk_create_rules),
		T(test_read_bytes),
		T(test_initrd),
		T(test_initrd_missing_or_bad),
	};
#undef T

	return cmocka_run_group_tests_name("blockdev", tests, group_setup, group_teardown);
}
