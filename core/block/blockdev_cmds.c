/* `blockdev`: the host's block devices (disks, the initrd ramdisk and their
 * partitions) — list them, show one, dump bytes from one. */
#include <keel/blockdev.h>
#include <keel/compiler.h>
#include <keel/ctype.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/string.h>

#define DUMP_DEFAULT_LEN	256
#define DUMP_MAX_LEN		4096
#define DUMP_PER_LINE		16

/* "512 B", "1.5 KiB", "64.0 MiB": binary units, one decimal, rounded. */
static char *format_size(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	uint64_t whole = bytes, rem = 0;
	unsigned int u = 0, tenths;

	while (whole >= 1024 && u < ARRAY_SIZE(units) - 1) {
		rem = whole % 1024;
		whole /= 1024;
		u++;
	}
	if (!u) {
		snprintf(buf, size, "%llu B", (unsigned long long)bytes);
		return buf;
	}
	tenths = (unsigned int)((rem * 10 + 512) / 1024);
	if (tenths == 10) {
		whole++;
		tenths = 0;
	}
	snprintf(buf, size, "%llu.%u %s", (unsigned long long)whole, tenths, units[u]);
	return buf;
}

static uint64_t bdev_bytes(const struct blockdev *bdev)
{
	return bdev->nr_blocks * bdev->block_size;
}

static void list_one(struct blockdev *bdev, void *ctx)
{
	unsigned int *count = ctx;
	char size[24];

	if (!(*count)++)
		printk("NAME             BLOCK SIZE           BLOCKS        SIZE  MODE  PARENT\n");
	printk("%-16s %10u %16llu %11s  %-4s  %s\n", bdev->name, bdev->block_size,
	       (unsigned long long)bdev->nr_blocks,
	       format_size(size, sizeof(size), bdev_bytes(bdev)),
	       bdev->read_only ? "RO" : "RW", bdev->parent ? bdev->parent->name : "-");
}

static int cmd_blockdev_list(int argc, char **argv)
{
	unsigned int count = 0;

	if (argc > 1)
		return -E2BIG;
	blockdev_for_each(list_one, &count);
	if (!count)
		printk("No block devices.\n");
	return 0;
}

static struct blockdev *find_or_error(const char *name, int *err)
{
	struct blockdev *bdev = blockdev_find(name);

	if (!bdev)
		*err = shell_error(-ENOENT, "no block device named '%s' (see 'blockdev list')",
				   name);
	return bdev;
}

struct child_count {
	const struct blockdev *disk;
	unsigned int n;
};

static void count_child(struct blockdev *bdev, void *ctx)
{
	struct child_count *c = ctx;

	if (bdev->parent == c->disk)
		c->n++;
}

static void print_placement(const struct blockdev *bdev)
{
	struct child_count c = { .disk = bdev, .n = 0 };

	if (bdev->parent) {
		printk("Type:        partition of %s\n", bdev->parent->name);
		printk("Start LBA:   %llu (byte %llu of %s)\n",
		       (unsigned long long)bdev->start_lba,
		       (unsigned long long)(bdev->start_lba * bdev->block_size),
		       bdev->parent->name);
	} else {
		printk("Type:        disk\n");
	}
	blockdev_for_each(count_child, &c);
	printk("Partitions:  %u\n", c.n);
}

static int cmd_blockdev_info(int argc, char **argv)
{
	struct blockdev *bdev;
	char size[24];
	int err = 0;

	if (argc < 2)
		return -EINVAL;
	if (argc > 2)
		return -E2BIG;
	bdev = find_or_error(argv[1], &err);
	if (!bdev)
		return err;
	printk("Name:        %s\n", bdev->name);
	print_placement(bdev);
	printk("Block size:  %u bytes\n", bdev->block_size);
	printk("Blocks:      %llu\n", (unsigned long long)bdev->nr_blocks);
	printk("Size:        %s (%llu bytes)\n", format_size(size, sizeof(size), bdev_bytes(bdev)),
	       (unsigned long long)bdev_bytes(bdev));
	printk("Mode:        %s\n", bdev->read_only ? "read-only" : "read-write");
	printk("Requests:    %llu reads, %llu writes, %llu errors\n",
	       (unsigned long long)READ_ONCE(bdev->reads),
	       (unsigned long long)READ_ONCE(bdev->writes),
	       (unsigned long long)READ_ONCE(bdev->errors));
	return 0;
}

/* Parse argv[i] as a number if present; keep *out otherwise. */
static int parse_arg(int argc, char **argv, int i, const char *what, uint64_t *out)
{
	if (i >= argc)
		return 0;
	if (parse_u64(argv[i], out))
		return shell_error(-EINVAL, "bad %s '%s' (a number, 0x.. for hex, K/M/G suffix)",
				   what, argv[i]);
	return 0;
}

/* One printk per line, so that other harts' messages do not cut into it. */
static void dump_lines(const u8 *buf, uint64_t offset, size_t len)
{
	for (size_t i = 0; i < len; i += DUMP_PER_LINE) {
		size_t n = MIN(len - i, (size_t)DUMP_PER_LINE), pos;
		char line[24 + DUMP_PER_LINE * 4 + 8];

		pos = (size_t)snprintf(line, sizeof(line), "%010llx:",
				       (unsigned long long)(offset + i));
		for (size_t j = 0; j < n; j++)
			pos += (size_t)snprintf(line + pos, sizeof(line) - pos, " %02x",
						buf[i + j]);
		for (size_t j = n; j < DUMP_PER_LINE; j++)
			pos += (size_t)snprintf(line + pos, sizeof(line) - pos, "   ");
		line[pos++] = ' ';
		line[pos++] = ' ';
		for (size_t j = 0; j < n; j++)
			line[pos++] = isprint(buf[i + j]) ? (char)buf[i + j] : '.';
		line[pos] = '\0';
		printk("%s\n", line);
	}
}

static int cmd_blockdev_dump(int argc, char **argv)
{
	uint64_t offset = 0, len = DUMP_DEFAULT_LEN;
	struct blockdev *bdev;
	int err = 0;
	u8 *buf;

	if (argc < 2)
		return -EINVAL;
	if (argc > 4)
		return -E2BIG;
	err = parse_arg(argc, argv, 2, "offset", &offset);
	if (!err)
		err = parse_arg(argc, argv, 3, "length", &len);
	if (err)
		return err;
	if (!len || len > DUMP_MAX_LEN)
		return shell_error(-EINVAL, "length must be 1..%d bytes", DUMP_MAX_LEN);
	bdev = find_or_error(argv[1], &err);
	if (!bdev)
		return err;
	if (offset >= bdev_bytes(bdev))
		return shell_error(-ERANGE, "offset %llu is past the end of %s (%llu bytes)",
				   (unsigned long long)offset, bdev->name,
				   (unsigned long long)bdev_bytes(bdev));
	len = MIN(len, bdev_bytes(bdev) - offset);
	buf = kmalloc((size_t)len);
	if (!buf)
		return -ENOMEM;
	err = blockdev_read_bytes(bdev, offset, buf, (size_t)len);
	if (!err)
		dump_lines(buf, offset, (size_t)len);
	kfree(buf);
	return err;
}

static void complete_one(struct blockdev *bdev, void *ctx)
{
	shell_complete_add(ctx, bdev->name);
}

/* The first argument of info and dump is a device name. */
static void complete_name(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		blockdev_for_each(complete_one, c);
}

static const struct shell_cmd blockdev_sub[] = {
	{ .name = "list", .summary = "List block devices: size, mode, parent disk",
	  .help = "Disks, the initrd ramdisk and their partitions (named <disk>p<N>).\n"
		  "Examples:\n  blockdev list",
	  .exec = cmd_blockdev_list },
	{ .name = "info", .args = "<name>",
	  .summary = "Geometry, placement on the disk and request counters of one device",
	  .help = "Examples:\n  blockdev info initrd\n  blockdev info vdap1",
	  .exec = cmd_blockdev_info, .complete = complete_name },
	{ .name = "dump", .args = "<name> [offset] [length]",
	  .summary = "Hex dump of bytes of a device (default: 256 at offset 0)",
	  .help = "offset and length are in bytes (any alignment); length at most 4096.\n"
		  "Examples:\n  blockdev dump initrd\n  blockdev dump initrd 0x400 128\n"
		  "  blockdev dump vda 1K 512",
	  .exec = cmd_blockdev_dump, .complete = complete_name },
	{ 0 }
};

SHELL_COMMAND(blockdev) = {
	.name = "blockdev",
	.summary = "Host block devices",
	.sub = blockdev_sub,
};
