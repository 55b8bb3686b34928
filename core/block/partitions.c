/* Partition tables: find the partitions of a block device and register each
 * as a block device "<disk>p<N>" that forwards to the disk.
 *
 * MBR: the four primary entries of block 0 (signature 0x55 0xAA at byte
 * 510). Extended partitions (their logical drives) are not followed. An
 * entry of type 0xEE is a protective MBR: the disk has a GPT.
 * GPT (UEFI spec 2.10 §5.3): the header at LBA 1 (or, when that one is
 * unusable, the backup in the last block), its CRC32, the partition entry
 * array and its CRC32. N is the entry's index + 1 in either scheme.
 *
 * Everything read from the disk is checked against the disk's size before
 * use; a partition that does not fit is skipped with a warning. All on-disk
 * integers are little endian. */
#include <keel/blockdev.h>
#include <keel/compiler.h>
#include <keel/crc32.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/string.h>
#include "block_internal.h"

/* MBR layout (offsets in block 0) */
#define MBR_TABLE		446
#define MBR_ENTRY_SIZE		16
#define MBR_NR_ENTRIES		4
#define MBR_SIGNATURE		510
#define MBR_E_STATUS		0
#define MBR_E_TYPE		4
#define MBR_E_START		8
#define MBR_E_COUNT		12
#define MBR_TYPE_EMPTY		0x00
#define MBR_TYPE_GPT		0xee

/* GPT header layout (UEFI spec 2.10 table 5.5) */
#define GPT_H_SIGNATURE		0
#define GPT_H_SIZE		12
#define GPT_H_CRC		16
#define GPT_H_MY_LBA		24
#define GPT_H_FIRST_USABLE	40
#define GPT_H_LAST_USABLE	48
#define GPT_H_ENTRIES_LBA	72
#define GPT_H_NR_ENTRIES	80
#define GPT_H_ENTRY_SIZE	84
#define GPT_H_ENTRIES_CRC	88
#define GPT_HEADER_MIN		92
/* GPT partition entry layout (table 5.6) */
#define GPT_E_TYPE		0
#define GPT_E_FIRST		32
#define GPT_E_LAST		40
#define GPT_ENTRY_MIN		128
#define GPT_ENTRY_MAX		4096
/* A bound on the entry array we read: sgdisk's default is 16 KiB. */
#define GPT_ARRAY_MAX		(1024 * 1024)

/* priv of the partitions made here, so that they can be told apart (and
 * freed) when their disk goes away. */
static char scanned_tag;

struct gpt_header {
	uint64_t my_lba, first_usable, last_usable, entries_lba;
	uint32_t nr_entries, entry_size, entries_crc;
	uint64_t array_blocks;
};

static uint32_t get_le32(const u8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const u8 *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

void partition_release(struct blockdev *part)
{
	if (part && part->priv == &scanned_tag)
		kfree(part);
}

/* ------------------------------------------------------------ registering */

/* Register partition number nr of disk: blocks [start, start + count).
 * Returns true when it was registered. */
static bool add_partition(struct blockdev *disk, unsigned int nr, uint64_t start,
			  uint64_t count)
{
	struct blockdev *part;
	int ret;

	if (!count) {
		pr_warn("%s: partition %u is empty, skipped\n", disk->name, nr);
		return false;
	}
	if (start >= disk->nr_blocks || count > disk->nr_blocks - start) {
		pr_warn("%s: partition %u (%llu blocks at %llu) does not fit in the disk's %llu blocks, skipped\n",
			disk->name, nr, (unsigned long long)count,
			(unsigned long long)start, (unsigned long long)disk->nr_blocks);
		return false;
	}
	part = kzalloc(sizeof(*part));
	if (!part) {
		pr_warn("%s: partition %u: out of memory, skipped\n", disk->name, nr);
		return false;
	}
	if ((size_t)snprintf(part->name, sizeof(part->name), "%sp%u", disk->name, nr) >=
	    sizeof(part->name)) {
		ret = -ENAMETOOLONG;
	} else {
		part->block_size = disk->block_size;
		part->nr_blocks = count;
		part->read_only = disk->read_only;
		part->parent = disk;
		part->start_lba = start;
		part->priv = &scanned_tag;
		ret = blockdev_register(part);
	}
	if (ret) {
		pr_warn("%s: partition %u not registered: %s\n", disk->name, nr, strerror(ret));
		kfree(part);
		return false;
	}
	return true;
}

struct child_count {
	const struct blockdev *disk;
	unsigned int n;
};

static void count_children(struct blockdev *bdev, void *ctx)
{
	struct child_count *c = ctx;

	if (bdev->parent == c->disk)
		c->n++;
}

static unsigned int nr_children(const struct blockdev *disk)
{
	struct child_count c = { .disk = disk, .n = 0 };

	blockdev_for_each(count_children, &c);
	return c.n;
}

/* ------------------------------------------------------------ GPT */

/* Parse and check the GPT header in blk, read from block lba. */
static int gpt_parse_header(const struct blockdev *bdev, uint64_t lba, const u8 *blk,
			    struct gpt_header *h)
{
	static const u8 zero_crc[4];
	uint32_t size = get_le32(blk + GPT_H_SIZE), crc;

	if (memcmp(blk + GPT_H_SIGNATURE, "EFI PART", 8)) {
		pr_warn("%s: GPT: no header signature at LBA %llu\n", bdev->name,
			(unsigned long long)lba);
		return -EINVAL;
	}
	if (size < GPT_HEADER_MIN || size > bdev->block_size) {
		pr_warn("%s: GPT: bad header size %u\n", bdev->name, size);
		return -EINVAL;
	}
	/* The CRC covers the header with its own CRC field taken as zero. */
	crc = crc32(blk, GPT_H_CRC);
	crc = crc32_continue(crc, zero_crc, sizeof(zero_crc));
	crc = crc32_continue(crc, blk + GPT_H_CRC + 4, size - GPT_H_CRC - 4);
	if (crc != get_le32(blk + GPT_H_CRC)) {
		pr_warn("%s: GPT: header CRC mismatch at LBA %llu\n", bdev->name,
			(unsigned long long)lba);
		return -EINVAL;
	}
	h->my_lba = get_le64(blk + GPT_H_MY_LBA);
	h->first_usable = get_le64(blk + GPT_H_FIRST_USABLE);
	h->last_usable = get_le64(blk + GPT_H_LAST_USABLE);
	h->entries_lba = get_le64(blk + GPT_H_ENTRIES_LBA);
	h->nr_entries = get_le32(blk + GPT_H_NR_ENTRIES);
	h->entry_size = get_le32(blk + GPT_H_ENTRY_SIZE);
	h->entries_crc = get_le32(blk + GPT_H_ENTRIES_CRC);
	return 0;
}

static bool ranges_overlap(uint64_t a, uint64_t a_count, uint64_t b, uint64_t b_count)
{
	return a < b + b_count && b < a + a_count;
}

/* The header's numbers against the disk (no sum may overflow: each term is
 * bounded by nr_blocks first). */
static int gpt_check_layout(const struct blockdev *bdev, uint64_t lba, struct gpt_header *h)
{
	uint64_t bytes = (uint64_t)h->nr_entries * h->entry_size;
	uint64_t n = bdev->nr_blocks;

	if (h->my_lba != lba) {
		pr_warn("%s: GPT: the header at LBA %llu says it is at LBA %llu\n", bdev->name,
			(unsigned long long)lba, (unsigned long long)h->my_lba);
		return -EINVAL;
	}
	if (h->first_usable > h->last_usable || h->last_usable >= n || h->first_usable < 2 ||
	    (lba >= h->first_usable && lba <= h->last_usable)) {
		pr_warn("%s: GPT: usable blocks %llu..%llu do not fit the disk (%llu blocks)\n",
			bdev->name, (unsigned long long)h->first_usable,
			(unsigned long long)h->last_usable, (unsigned long long)n);
		return -EINVAL;
	}
	if (h->entry_size < GPT_ENTRY_MIN || h->entry_size > GPT_ENTRY_MAX ||
	    (h->entry_size & (h->entry_size - 1)) || bytes > GPT_ARRAY_MAX) {
		pr_warn("%s: GPT: bad entry array (%u entries of %u bytes)\n", bdev->name,
			h->nr_entries, h->entry_size);
		return -EINVAL;
	}
	h->array_blocks = DIV_ROUND_UP(bytes, bdev->block_size);
	if (h->entries_lba < 1 || h->entries_lba >= n || h->array_blocks > n - h->entries_lba ||
	    ranges_overlap(h->entries_lba, h->array_blocks, lba, 1) ||
	    ranges_overlap(h->entries_lba, h->array_blocks, h->first_usable,
			   h->last_usable - h->first_usable + 1)) {
		pr_warn("%s: GPT: entry array at LBA %llu does not fit the disk\n", bdev->name,
			(unsigned long long)h->entries_lba);
		return -EINVAL;
	}
	return 0;
}

static bool guid_is_zero(const u8 *guid)
{
	for (int i = 0; i < 16; i++)
		if (guid[i])
			return false;
	return true;
}

/* Register the used entries of a checked array. Returns how many. */
static int gpt_add_entries(struct blockdev *bdev, const struct gpt_header *h, const u8 *array)
{
	int found = 0;

	for (uint32_t i = 0; i < h->nr_entries; i++) {
		const u8 *e = array + (size_t)i * h->entry_size;
		uint64_t first = get_le64(e + GPT_E_FIRST), last = get_le64(e + GPT_E_LAST);

		if (guid_is_zero(e + GPT_E_TYPE))
			continue;
		if (first > last || first < h->first_usable || last > h->last_usable) {
			pr_warn("%s: GPT: partition %u (LBA %llu..%llu) is outside the usable blocks %llu..%llu, skipped\n",
				bdev->name, i + 1, (unsigned long long)first,
				(unsigned long long)last, (unsigned long long)h->first_usable,
				(unsigned long long)h->last_usable);
			continue;
		}
		found += add_partition(bdev, i + 1, first, last - first + 1);
	}
	return found;
}

/* Use the GPT whose header is in block lba. blk: a block buffer. Returns the
 * number of partitions registered or -errno (nothing registered). */
static int gpt_scan_at(struct blockdev *bdev, uint64_t lba, u8 *blk)
{
	struct gpt_header h;
	u8 *array;
	int ret = blockdev_read(bdev, lba, 1, blk);

	if (!ret)
		ret = gpt_parse_header(bdev, lba, blk, &h);
	if (!ret)
		ret = gpt_check_layout(bdev, lba, &h);
	if (ret)
		return ret;
	if (!h.nr_entries)
		return 0;	/* a valid, empty table */
	array = kmalloc(h.array_blocks * bdev->block_size);
	if (!array)
		return -ENOMEM;
	ret = blockdev_read(bdev, h.entries_lba, (uint32_t)h.array_blocks, array);
	if (!ret && crc32(array, (size_t)h.nr_entries * h.entry_size) != h.entries_crc) {
		pr_warn("%s: GPT: entry array CRC mismatch\n", bdev->name);
		ret = -EINVAL;
	}
	if (!ret)
		ret = gpt_add_entries(bdev, &h, array);
	kfree(array);
	return ret;
}

static int gpt_scan(struct blockdev *bdev, u8 *blk)
{
	uint64_t backup = bdev->nr_blocks - 1;
	int ret = gpt_scan_at(bdev, 1, blk), ret2;

	if (ret >= 0 || backup <= 1)
		return ret;
	pr_warn("%s: GPT: primary table unusable, trying the backup at LBA %llu\n",
		bdev->name, (unsigned long long)backup);
	ret2 = gpt_scan_at(bdev, backup, blk);
	return ret2 >= 0 ? ret2 : ret;
}

/* ------------------------------------------------------------ MBR */

/* Block 0 of something that is not partitioned may still end in 0x55AA (a
 * FAT boot sector): an MBR's status bytes are 0x00 or 0x80. */
static bool mbr_valid(const u8 *blk)
{
	if (blk[MBR_SIGNATURE] != 0x55 || blk[MBR_SIGNATURE + 1] != 0xaa)
		return false;
	for (int i = 0; i < MBR_NR_ENTRIES; i++) {
		u8 status = blk[MBR_TABLE + i * MBR_ENTRY_SIZE + MBR_E_STATUS];

		if (status != 0x00 && status != 0x80)
			return false;
	}
	return true;
}

static bool mbr_is_extended(u8 type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

static int mbr_scan(struct blockdev *bdev, u8 *blk)
{
	int found = 0;

	for (int i = 0; i < MBR_NR_ENTRIES; i++)
		if (blk[MBR_TABLE + i * MBR_ENTRY_SIZE + MBR_E_TYPE] == MBR_TYPE_GPT)
			return gpt_scan(bdev, blk);
	for (int i = 0; i < MBR_NR_ENTRIES; i++) {
		const u8 *e = blk + MBR_TABLE + i * MBR_ENTRY_SIZE;
		uint32_t start = get_le32(e + MBR_E_START), count = get_le32(e + MBR_E_COUNT);

		if (e[MBR_E_TYPE] == MBR_TYPE_EMPTY)
			continue;
		if (mbr_is_extended(e[MBR_E_TYPE])) {
			pr_info("%s: MBR: extended partition %d not followed (logical drives are not supported)\n",
				bdev->name, i + 1);
			continue;
		}
		if (start == 0) {
			pr_warn("%s: MBR: partition %d starts at block 0, skipped\n", bdev->name, i + 1);
			continue;
		}
		found += add_partition(bdev, i + 1, start, count);
	}
	return found;
}

/* Read bdev's partition table and register its partitions. Thread context
 * (reads the disk synchronously). Returns the number registered (0: no
 * table, or none usable), -EEXIST when bdev already has partitions, -EINVAL
 * for a corrupt GPT (primary and backup), or a read error. */
int blockdev_scan_partitions(struct blockdev *bdev)
{
	u8 *blk;
	int ret;

	if (!bdev)
		return -EINVAL;
	if (nr_children(bdev))
		return -EEXIST;
	blk = kmalloc(bdev->block_size);
	if (!blk)
		return -ENOMEM;
	ret = blockdev_read(bdev, 0, 1, blk);
	if (!ret)
		ret = mbr_valid(blk) ? mbr_scan(bdev, blk) : 0;
	kfree(blk);
	if (ret > 0)
		pr_info("%s: %d partition%s\n", bdev->name, ret, ret == 1 ? "" : "s");
	return ret;
}
