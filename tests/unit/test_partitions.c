/* Unit tests of the partition-table scanner (core/block/partitions.c) and
 * lib/crc32.c. MBR and GPT disk images are built in memory here (with an
 * independent bit-by-bit CRC-32), served by a ramdisk (512-byte blocks) or a
 * test device with 4096-byte blocks, scanned, and the registered partitions
 * checked: names, start, size, mode, data seen through them.
 *
 * Every test destroys its disk, which must unregister and free the
 * partitions: the teardown checks that nothing is registered and the heap
 * is empty. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <keel/blockdev.h>
#include <keel/crc32.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/printk.h>
#include <keel/ramdisk.h>

extern unsigned int unit_log_count[];

#define ZONE_PAGES	((size_t)1 << 12)
#define ZONE_BYTES	(ZONE_PAGES * PAGE_SIZE)

#define DISK_BLOCKS	8192		/* 4 MiB of 512-byte blocks */
#define NR_ENTRIES	128
#define ENTRY_SIZE	128

static uint8_t *zone_mem;
static void *zone_meta;
static uint8_t *img;			/* the disk image of the current test */
static size_t img_size;

/* ------------------------------------------------------------ image builders */

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* Reference CRC-32, one bit at a time (IEEE 802.3, reflected). */
static uint32_t ref_crc32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = 0xffffffff;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320 : 0);
	}
	return ~crc;
}

static void mbr_entry(uint8_t *disk, int i, uint8_t status, uint8_t type, uint32_t start,
		      uint32_t count)
{
	uint8_t *e = disk + 446 + i * 16;

	e[0] = status;
	e[4] = type;
	put_le32(e + 8, start);
	put_le32(e + 12, count);
	disk[510] = 0x55;
	disk[511] = 0xaa;
}

struct gpt_part {
	uint8_t type;		/* every byte of the type GUID; 0 = unused entry */
	uint64_t first, last;
};

struct gpt_disk {
	uint8_t *mem;
	uint32_t bs;
	uint64_t blocks;
	uint32_t nr_entries, entry_size;
};

static uint64_t gpt_array_blocks(const struct gpt_disk *d)
{
	return ((uint64_t)d->nr_entries * d->entry_size + d->bs - 1) / d->bs;
}

static uint64_t gpt_first_usable(const struct gpt_disk *d)
{
	return 2 + gpt_array_blocks(d);
}

static uint64_t gpt_last_usable(const struct gpt_disk *d)
{
	return d->blocks - 2 - gpt_array_blocks(d);
}

static uint8_t *block(const struct gpt_disk *d, uint64_t lba)
{
	return d->mem + lba * d->bs;
}

/* Recompute the header CRC of the header in block lba. */
static void gpt_fix_crc(const struct gpt_disk *d, uint64_t lba)
{
	uint8_t *h = block(d, lba);
	uint32_t size = (uint32_t)h[12] | (uint32_t)h[13] << 8;

	put_le32(h + 16, 0);
	put_le32(h + 16, ref_crc32(h, size > d->bs ? 92 : size));
}

static void gpt_write_array(const struct gpt_disk *d, uint64_t lba, const struct gpt_part *p,
			    int n)
{
	uint8_t *a = block(d, lba);

	memset(a, 0, gpt_array_blocks(d) * d->bs);
	for (int i = 0; i < n; i++) {
		uint8_t *e = a + (size_t)i * d->entry_size;

		if (!p[i].type)
			continue;
		memset(e, p[i].type, 16);
		memset(e + 16, i + 1, 16);		/* unique partition GUID */
		put_le64(e + 32, p[i].first);
		put_le64(e + 40, p[i].last);
		e[56] = 'p';				/* name, UTF-16LE */
		e[58] = (uint8_t)('1' + i);
	}
}

static void gpt_write_header(const struct gpt_disk *d, uint64_t lba, uint64_t alt,
			     uint64_t entries_lba)
{
	uint8_t *h = block(d, lba);
	size_t array_bytes = (size_t)d->nr_entries * d->entry_size;

	memset(h, 0, d->bs);
	memcpy(h, "EFI PART", 8);
	put_le32(h + 8, 0x00010000);
	put_le32(h + 12, 92);
	put_le64(h + 24, lba);
	put_le64(h + 32, alt);
	put_le64(h + 40, gpt_first_usable(d));
	put_le64(h + 48, gpt_last_usable(d));
	memset(h + 56, 0x5a, 16);			/* disk GUID */
	put_le64(h + 72, entries_lba);
	put_le32(h + 80, d->nr_entries);
	put_le32(h + 84, d->entry_size);
	put_le32(h + 88, ref_crc32(block(d, entries_lba), array_bytes));
	gpt_fix_crc(d, lba);
}

/* Protective MBR, primary table and (if backup) the backup table. */
static void gpt_build(const struct gpt_disk *d, const struct gpt_part *p, int n, bool backup)
{
	uint64_t last = d->blocks - 1, backup_array = last - gpt_array_blocks(d);

	memset(d->mem, 0, d->blocks * d->bs);
	mbr_entry(d->mem, 0, 0, 0xee, 1, last > 0xffffffff ? 0xffffffff : (uint32_t)last);
	gpt_write_array(d, 2, p, n);
	gpt_write_header(d, 1, last, 2);
	if (backup) {
		gpt_write_array(d, backup_array, p, n);
		gpt_write_header(d, last, 1, backup_array);
	}
}

static struct gpt_disk gpt_disk512(void)
{
	struct gpt_disk d = {
		.mem = img, .bs = 512, .blocks = DISK_BLOCKS,
		.nr_entries = NR_ENTRIES, .entry_size = ENTRY_SIZE,
	};

	return d;
}

/* ------------------------------------------------------------ devices */

static struct blockdev *make_ramdisk(const char *name, bool ro)
{
	assert_int_equal(ramdisk_create(name, img, img_size, ro), 0);
	return blockdev_find(name);
}

/* A memory disk with 4096-byte blocks (ramdisks have 512). */
struct memdisk {
	struct blockdev bdev;
	uint8_t *mem;
};

static int memdisk_submit(struct blockdev *bdev, struct blk_request *req)
{
	struct memdisk *m = container_of(bdev, struct memdisk, bdev);
	size_t off = req->lba * bdev->block_size, n = (size_t)req->count * bdev->block_size;

	if (req->write)
		memcpy(m->mem + off, req->buf, n);
	else
		memcpy(req->buf, m->mem + off, n);
	req->done(req, 0);
	return 0;
}

static const struct blockdev_ops memdisk_ops = { .submit = memdisk_submit };

static void expect_part(struct blockdev *disk, const char *name, uint64_t start, uint64_t blocks)
{
	struct blockdev *p = blockdev_find(name);

	assert_non_null(p);
	assert_ptr_equal(p->parent, disk);
	assert_int_equal(p->start_lba, start);
	assert_int_equal(p->nr_blocks, blocks);
	assert_int_equal(p->block_size, disk->block_size);
	assert_int_equal(p->read_only, disk->read_only);
	assert_null(p->ops);
}

static void count_children(struct blockdev *b, void *ctx)
{
	if (b->parent)
		(*(unsigned int *)ctx)++;
}

static unsigned int nr_partitions(void)
{
	unsigned int n = 0;

	blockdev_for_each(count_children, &n);
	return n;
}

/* ------------------------------------------------------------ fixtures */

static int group_setup(void **state)
{
	zone_mem = aligned_alloc(ZONE_BYTES, ZONE_BYTES);
	zone_meta = malloc(page_alloc_meta_bytes(ZONE_PAGES));
	img_size = (size_t)DISK_BLOCKS * 512;
	img = malloc(img_size);
	if (!zone_mem || !zone_meta || !img)
		return -1;
	page_alloc_init((phys_addr_t)(uintptr_t)zone_mem, ZONE_PAGES, zone_meta);
	page_alloc_add_free((phys_addr_t)(uintptr_t)zone_mem,
			    (phys_addr_t)(uintptr_t)zone_mem + ZONE_BYTES);
	return 0;
}

static int group_teardown(void **state)
{
	free(img);
	free(zone_mem);
	free(zone_meta);
	return 0;
}

static int setup(void **state)
{
	memset(img, 0, img_size);
	return 0;
}

static void count_dev(struct blockdev *b, void *ctx)
{
	(*(unsigned int *)ctx)++;
}

static int teardown(void **state)
{
	struct heap_stats hs;
	unsigned int n = 0;

	blockdev_for_each(count_dev, &n);
	assert_int_equal(n, 0);
	heap_get_stats(&hs);
	assert_int_equal(hs.bytes_in_use, 0);
	return 0;
}

/* ------------------------------------------------------------ crc32 */

static void test_crc32(void **state)
{
	static const char fox[] = "The quick brown fox jumps over the lazy dog";
	uint8_t buf[1000];

	assert_int_equal(crc32("123456789", 9), 0xcbf43926);
	assert_int_equal(crc32(fox, strlen(fox)), 0x414fa339);
	assert_int_equal(crc32(buf, 0), 0);
	assert_int_equal(crc32_continue(crc32("12345", 5), "6789", 4), 0xcbf43926);
	srand(7);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rand();
	for (size_t n = 0; n <= sizeof(buf); n += 37)
		assert_int_equal(crc32(buf, n), ref_crc32(buf, n));
}

/* ------------------------------------------------------------ MBR */

static void test_no_table(void **state)
{
	struct blockdev *d = make_ramdisk("rd", false);

	assert_int_equal(blockdev_scan_partitions(d), 0);	/* all zero */
	/* A FAT boot sector ends in 0x55AA too; its "status" bytes are code. */
	mbr_entry(img, 0, 0x00, 0x83, 1, 100);
	img[446] = 0xeb;
	assert_int_equal(blockdev_scan_partitions(d), 0);
	assert_int_equal(nr_partitions(), 0);
	assert_int_equal(blockdev_scan_partitions(NULL), -EINVAL);
	assert_int_equal(ramdisk_destroy(d), 0);
}

static void test_mbr(void **state)
{
	struct blockdev *d, *p3;
	uint8_t buf[512], data[512];

	mbr_entry(img, 0, 0x80, 0x83, 2048, 4096);
	mbr_entry(img, 1, 0x00, 0x00, 0, 0);			/* empty */
	mbr_entry(img, 2, 0x00, 0x0c, 6144, 1000);
	mbr_entry(img, 3, 0x00, 0x83, 7144, DISK_BLOCKS - 7144);	/* to the end */
	memset(img + 6144 * 512, 0x77, 512);
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	assert_int_equal(nr_partitions(), 3);
	expect_part(d, "vdap1", 2048, 4096);
	assert_null(blockdev_find("vdap2"));
	expect_part(d, "vdap3", 6144, 1000);
	expect_part(d, "vdap4", 7144, DISK_BLOCKS - 7144);

	p3 = blockdev_find("vdap3");
	assert_int_equal(blockdev_read(p3, 0, 1, buf), 0);
	assert_int_equal(buf[0], 0x77);
	assert_int_equal(blockdev_read(p3, 1000, 1, buf), -ERANGE);
	memset(data, 0x12, sizeof(data));
	assert_int_equal(blockdev_write(blockdev_find("vdap1"), 5, 1, data), 0);
	assert_memory_equal(img + (2048 + 5) * 512, data, 512);
	assert_int_equal(p3->reads, 1);
	assert_int_equal(d->reads, 2);		/* block 0 by the scan, then p3's */
	assert_int_equal(d->writes, 1);

	assert_int_equal(blockdev_scan_partitions(d), -EEXIST);	/* already done */
	assert_int_equal(ramdisk_destroy(d), 0);
	assert_null(blockdev_find("vdap1"));
}

static void test_mbr_bad_entries(void **state)
{
	unsigned int warns = unit_log_count[LOG_WARN], infos = unit_log_count[LOG_INFO];
	struct blockdev *d;

	mbr_entry(img, 0, 0x00, 0x83, 8000, 500);		/* past the end */
	mbr_entry(img, 1, 0x00, 0x83, 0, 100);			/* over the MBR */
	mbr_entry(img, 2, 0x00, 0x05, 4000, 100);		/* extended */
	mbr_entry(img, 3, 0x00, 0x83, 100, 0);			/* no blocks */
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 0);
	assert_int_equal(nr_partitions(), 0);
	assert_int_equal(unit_log_count[LOG_WARN], warns + 3);
	assert_int_equal(unit_log_count[LOG_INFO], infos + 1);	/* extended */
	assert_int_equal(ramdisk_destroy(d), 0);

	mbr_entry(img, 0, 0x00, 0x83, 8000, 192);		/* exactly to the end */
	mbr_entry(img, 3, 0x00, 0x83, 0xffffff00, 0x1000);	/* would wrap 32 bits */
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 1);
	expect_part(d, "vdap1", 8000, 192);
	assert_int_equal(ramdisk_destroy(d), 0);
}

static void test_read_only_disk(void **state)
{
	struct blockdev *d;
	uint8_t buf[512] = { 0 };

	mbr_entry(img, 0, 0x00, 0x83, 64, 64);
	d = make_ramdisk("ro", true);
	assert_int_equal(blockdev_scan_partitions(d), 1);
	expect_part(d, "rop1", 64, 64);
	assert_true(blockdev_find("rop1")->read_only);
	assert_int_equal(blockdev_write(blockdev_find("rop1"), 0, 1, buf), -EPERM);
	assert_int_equal(ramdisk_destroy(d), 0);
}

static void test_name_too_long(void **state)
{
	const char *name = "abcdefghijklmnopqrstuvwxyz01234";	/* 31 characters */
	struct blockdev *d;

	mbr_entry(img, 0, 0x00, 0x83, 64, 64);
	d = make_ramdisk(name, false);
	assert_int_equal(blockdev_scan_partitions(d), 0);
	assert_int_equal(nr_partitions(), 0);
	assert_int_equal(ramdisk_destroy(d), 0);
}

/* ------------------------------------------------------------ GPT */

static const struct gpt_part three_parts[] = {
	{ 0xa1, 34, 2047 },
	{ 0, 0, 0 },			/* unused entries keep their number */
	{ 0xa2, 2048, 4095 },
	{ 0, 0, 0 },
	{ 0, 0, 0 },
	{ 0xa3, 4096, DISK_BLOCKS - 34 },	/* the last usable block */
};

static void expect_three_parts(struct blockdev *d)
{
	assert_int_equal(nr_partitions(), 3);
	expect_part(d, "vdap1", 34, 2014);
	assert_null(blockdev_find("vdap2"));
	expect_part(d, "vdap3", 2048, 2048);
	expect_part(d, "vdap6", 4096, DISK_BLOCKS - 34 - 4096 + 1);
}

static void test_gpt(void **state)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;
	uint8_t buf[512];

	gpt_build(&g, three_parts, 6, true);
	memset(img + 2048 * 512, 0x99, 512);
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	expect_three_parts(d);
	assert_int_equal(blockdev_read(blockdev_find("vdap3"), 0, 1, buf), 0);
	assert_int_equal(buf[0], 0x99);
	assert_int_equal(ramdisk_destroy(d), 0);
}

/* An MBR with a 0xEE entry among others (hybrid): the GPT wins. */
static void test_gpt_hybrid_mbr(void **state)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;

	gpt_build(&g, three_parts, 6, false);
	memset(img + 446, 0, 16);
	mbr_entry(img, 0, 0x80, 0x0c, 34, 100);
	mbr_entry(img, 1, 0x00, 0xee, 1, DISK_BLOCKS - 1);
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	expect_three_parts(d);
	assert_int_equal(ramdisk_destroy(d), 0);
}

static void test_gpt_4k_blocks(void **state)
{
	struct memdisk m = { .mem = img };
	struct gpt_disk g = {
		.mem = img, .bs = 4096, .blocks = img_size / 4096,
		.nr_entries = NR_ENTRIES, .entry_size = ENTRY_SIZE,
	};
	const struct gpt_part parts[] = { { 0xb1, 6, 99 }, { 0xb2, 100, 1018 } };

	assert_int_equal(gpt_first_usable(&g), 6);	/* 16 KiB of entries: 4 blocks */
	assert_int_equal(gpt_last_usable(&g), 1018);
	gpt_build(&g, parts, 2, true);
	strcpy(m.bdev.name, "sda");
	m.bdev.block_size = 4096;
	m.bdev.nr_blocks = g.blocks;
	m.bdev.ops = &memdisk_ops;
	assert_int_equal(blockdev_register(&m.bdev), 0);
	assert_int_equal(blockdev_scan_partitions(&m.bdev), 2);
	expect_part(&m.bdev, "sdap1", 6, 94);
	expect_part(&m.bdev, "sdap2", 100, 919);
	blockdev_unregister(&m.bdev);
}

static void test_gpt_entries_outside(void **state)
{
	unsigned int warns = unit_log_count[LOG_WARN];
	struct gpt_disk g = gpt_disk512();
	const struct gpt_part parts[] = {
		{ 0xa1, 100, 199 },
		{ 0xa2, 8000, DISK_BLOCKS + 10 },	/* past the end */
		{ 0xa3, 300, 299 },			/* last before first */
		{ 0xa4, 10, 50 },			/* over the entry array */
		{ 0xa5, 8100, DISK_BLOCKS - 1 },	/* over the backup table */
		{ 0xa6, UINT64_MAX - 1, UINT64_MAX },
		{ 0xa7, 200, 299 },
	};
	struct blockdev *d;

	gpt_build(&g, parts, 7, true);
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 2);
	assert_int_equal(nr_partitions(), 2);
	expect_part(d, "vdap1", 100, 100);
	expect_part(d, "vdap7", 200, 100);
	assert_int_equal(unit_log_count[LOG_WARN], warns + 5);
	assert_int_equal(ramdisk_destroy(d), 0);
}

static void test_gpt_bad_header_crc(void **state)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;

	gpt_build(&g, three_parts, 6, false);
	img[512 + 40] ^= 1;			/* first usable LBA, CRC not updated */
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), -EINVAL);
	assert_int_equal(nr_partitions(), 0);
	assert_int_equal(ramdisk_destroy(d), 0);
}

static void test_gpt_bad_entries_crc(void **state)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;

	gpt_build(&g, three_parts, 6, false);
	img[2 * 512 + 2 * ENTRY_SIZE + 32] ^= 1;	/* entry 3's first LBA */
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), -EINVAL);
	assert_int_equal(nr_partitions(), 0);
	assert_int_equal(ramdisk_destroy(d), 0);
}

/* A damaged primary table: the backup at the end of the disk is used. */
static void test_gpt_backup(void **state)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;

	gpt_build(&g, three_parts, 6, true);
	img[512 + 40] ^= 1;				/* primary header */
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	expect_three_parts(d);
	assert_int_equal(ramdisk_destroy(d), 0);

	gpt_build(&g, three_parts, 6, true);
	img[2 * 512 + 5] ^= 1;				/* primary entries */
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	expect_three_parts(d);
	assert_int_equal(ramdisk_destroy(d), 0);

	memset(img + 512, 0, 512);			/* no primary header at all */
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	assert_int_equal(ramdisk_destroy(d), 0);
}

/* Set a header field of the primary table (size bytes at off), fix the CRC
 * and expect the scan to refuse the table. */
static void expect_bad_header(unsigned int off, unsigned int size, uint64_t value)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;

	gpt_build(&g, three_parts, 6, false);
	if (size == 4)
		put_le32(img + 512 + off, (uint32_t)value);
	else
		put_le64(img + 512 + off, value);
	gpt_fix_crc(&g, 1);
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), -EINVAL);
	assert_int_equal(nr_partitions(), 0);
	assert_int_equal(ramdisk_destroy(d), 0);
}

static void test_gpt_header_sanity(void **state)
{
	expect_bad_header(12, 4, 91);			/* header size too small */
	expect_bad_header(12, 4, 513);			/* more than a block */
	expect_bad_header(24, 8, 2);			/* my LBA */
	expect_bad_header(40, 8, DISK_BLOCKS - 33);	/* first usable > last usable */
	expect_bad_header(40, 8, 1);			/* first usable over the header */
	expect_bad_header(48, 8, DISK_BLOCKS);		/* last usable past the end */
	expect_bad_header(72, 8, DISK_BLOCKS - 4);	/* entry array past the end */
	expect_bad_header(72, 8, 40);			/* entry array in usable space */
	expect_bad_header(72, 8, UINT64_MAX);
	expect_bad_header(84, 4, 100);			/* entry size not 128 * 2^n */
	expect_bad_header(84, 4, 64);
	expect_bad_header(84, 4, 192);
	expect_bad_header(80, 4, 0xffffffff);		/* entry array too large */
	expect_bad_header(80, 4, 200);			/* array runs into usable blocks */
}

static void test_gpt_no_entries(void **state)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;

	g.nr_entries = 0;
	gpt_build(&g, NULL, 0, false);
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 0);
	assert_int_equal(ramdisk_destroy(d), 0);
}

/* Partitions of a disk that goes away are unregistered and freed (the
 * teardown checks the heap). */
static void test_unregister_disk_frees_partitions(void **state)
{
	struct gpt_disk g = gpt_disk512();
	struct blockdev *d;

	gpt_build(&g, three_parts, 6, true);
	d = make_ramdisk("vda", false);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	blockdev_unregister(d);
	assert_int_equal(nr_partitions(), 0);
	assert_null(blockdev_find("vdap1"));
	/* Registered again: the partitions can be found again. */
	assert_int_equal(blockdev_register(d), 0);
	assert_int_equal(blockdev_scan_partitions(d), 3);
	assert_int_equal(ramdisk_destroy(d), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_crc32),
		T(test_no_table),
		T(test_mbr),
		T(test_mbr_bad_entries),
		T(test_read_only_disk),
		T(test_name_too_long),
		T(test_gpt),
		T(test_gpt_hybrid_mbr),
		T(test_gpt_4k_blocks),
		T(test_gpt_entries_outside),
		T(test_gpt_bad_header_crc),
		T(test_gpt_bad_entries_crc),
		T(test_gpt_backup),
		T(test_gpt_header_sanity),
		T(test_gpt_no_entries),
		T(test_unregister_disk_frees_partitions),
	};
#undef T

	return cmocka_run_group_tests_name("partitions", tests, group_setup, group_teardown);
}
