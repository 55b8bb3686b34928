/* Unit tests of the read-only ext2 filesystem on corrupted copies of the
 * test images: each corruption must give an error (and a report naming
 * what is wrong), never a crash, an access outside the device or a hang;
 * then a bounded fuzz run that flips bytes in the blocks the filesystem
 * reads. Registered per image by test_ext2.c. */
#include <stdio.h>
#include <stdlib.h>

#include <keel/errno.h>
#include <keel/string.h>

#include "test_ext2.h"

static u64 rng_state;

static u64 rng(void)
{
	return test_rng(&rng_state);
}

static u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static void put32(u8 *p, u32 v)
{
	put16(p, (u16)v);
	put16(p + 2, (u16)(v >> 16));
}

/* Superblock field offsets (ext2 on-disk format). */
enum {
	SB_INODES_COUNT = 0, SB_BLOCKS_COUNT = 4, SB_FIRST_DATA_BLOCK = 20,
	SB_LOG_BLOCK_SIZE = 24, SB_BLOCKS_PER_GROUP = 32, SB_INODES_PER_GROUP = 40,
	SB_MAGIC = 56, SB_REV_LEVEL = 76, SB_INODE_SIZE = 88, SB_INCOMPAT = 96,
	SB_RO_COMPAT = 100,
};
/* Inode field offsets. */
enum {
	I_MODE = 0, I_SIZE = 4, I_LINKS = 26, I_BLOCKS = 28, I_FLAGS = 32,
	I_BLOCK = 40, I_SIZE_HIGH = 108,
};

/* A fresh copy of the fixture's image, to corrupt (the image's scratch
 * buffer: reused, so that no test pays for mapping 16 MiB again). */
static struct dev dev_copy(struct fixture *fx)
{
	struct dev d = { .data = fx->img->scratch, .size = fx->img->size,
			 .bs = fx->img->bs };

	memcpy(d.data, fx->img->data, d.size);
	return d;
}

static u8 *sb_of(struct dev *d)
{
	return d->data + 1024;
}

/* Device address of group g's descriptor. */
static u8 *gd_of(struct dev *d, u32 g)
{
	return d->data + (u64)(get32(sb_of(d) + SB_FIRST_DATA_BLOCK) + 1) * d->bs + g * 32;
}

static u8 *inode_of(struct dev *d, u64 ino)
{
	const u8 *sb = sb_of(d);
	u32 ipg = get32(sb + SB_INODES_PER_GROUP);
	u32 isz = get32(sb + SB_REV_LEVEL) ? get16(sb + SB_INODE_SIZE) : 128;

	return d->data + (u64)get32(gd_of(d, (u32)((ino - 1) / ipg)) + 8) * d->bs +
	       (ino - 1) % ipg * isz;
}

static u8 *block_of(struct dev *d, u32 blk)
{
	return d->data + (u64)blk * d->bs;
}

/* Revision 0 has no feature fields: turn it into revision 1 (same layout). */
static void make_rev1(struct dev *d)
{
	u8 *sb = sb_of(d);

	if (get32(sb + SB_REV_LEVEL))
		return;
	put32(sb + SB_REV_LEVEL, 1);
	put16(sb + SB_INODE_SIZE, 128);
	put32(sb + SB_INCOMPAT, 0);
	put32(sb + SB_RO_COMPAT, 0);
}

static int mount_copy(struct dev *d, void **fs)
{
	return ops->mount(dev_read, d, d->size, fs);
}

/* Mounting the corrupted copy must fail with -EINVAL; frees the copy. */
static void expect_mount_fails(struct dev *d)
{
	void *fs = (void *)1;

	assert_int_equal(mount_copy(d, &fs), -EINVAL);
	assert_null(fs);
	assert_int_equal(d->oob, 0);
}

void test_bad_super(void **state)
{
	struct fixture *fx = *state;
	static const struct { u32 off, size, value; } cases[] = {
		{ SB_MAGIC, 2, 0xef54 },
		{ SB_LOG_BLOCK_SIZE, 4, 30 },
		{ SB_LOG_BLOCK_SIZE, 4, 3 },			/* 8 KiB */
		{ SB_LOG_BLOCK_SIZE, 4, 0xffffffff },
		{ SB_BLOCKS_COUNT, 4, 0 },
		{ SB_BLOCKS_COUNT, 4, 1 },
		{ SB_BLOCKS_COUNT, 4, 0xffffffff },		/* beyond the device */
		{ SB_INODES_COUNT, 4, 0 },
		{ SB_INODES_PER_GROUP, 4, 0 },
		{ SB_INODES_PER_GROUP, 4, 0xffffffff },
		{ SB_BLOCKS_PER_GROUP, 4, 0 },
		{ SB_BLOCKS_PER_GROUP, 4, 7 },
		{ SB_FIRST_DATA_BLOCK, 4, 5 },
		{ SB_REV_LEVEL, 4, 2 },
		{ SB_INCOMPAT, 4, 0x80000000 },			/* unknown bit */
		{ SB_INCOMPAT, 4, 0x10 },			/* meta_bg */
	};
	unsigned int before;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dev d = dev_copy(fx);
		u8 *p = sb_of(&d) + cases[i].off;

		if (cases[i].off == SB_INCOMPAT)
			make_rev1(&d);
		if (cases[i].size == 2)
			put16(p, (u16)cases[i].value);
		else
			put32(p, cases[i].value);
		before = unit_log_errors();
		expect_mount_fails(&d);
		if (cases[i].off != SB_MAGIC)	/* not ext2 at all: only noted */
			assert_true(unit_log_errors() > before);
	}
}

void test_bad_inode_size_field(void **state)
{
	struct fixture *fx = *state;
	static const u16 sizes[] = { 0, 64, 100, 129, 8192 };
	size_t i;

	if (!get32(fx->img->data + 1024 + SB_REV_LEVEL))
		skip();		/* revision 0 has no s_inode_size */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct dev d = dev_copy(fx);

		put16(sb_of(&d) + SB_INODE_SIZE, sizes[i]);
		expect_mount_fails(&d);
	}
}

void test_incompat_extents(void **state)
{
	struct fixture *fx = *state;
	struct dev d = dev_copy(fx);
	u8 *sb = sb_of(&d);
	void *fs;

	make_rev1(&d);
	put32(sb + SB_INCOMPAT, get32(sb + SB_INCOMPAT) | 0x40 | 0x80);
	expect_mount_fails(&d);
	assert_non_null(strstr(unit_log_last, "0xc0"));
	assert_non_null(strstr(unit_log_last, "extents"));
	assert_non_null(strstr(unit_log_last, "64bit"));
	/* Unknown read-only-compatible features are fine for reading. */
	d = dev_copy(fx);
	sb = sb_of(&d);
	make_rev1(&d);
	put32(sb + SB_RO_COMPAT, get32(sb + SB_RO_COMPAT) | 0x400 | 0x8000);
	assert_int_equal(mount_copy(&d, &fs), 0);
	assert_int_equal(must_stat(fs, must_lookup(fs, "a/b/c/d/file")).size, NESTED_SIZE);
	ops->unmount(fs);
}

void test_bad_group_desc(void **state)
{
	struct fixture *fx = *state;
	u32 blocks = get32(fx->img->data + 1024 + SB_BLOCKS_COUNT);
	u32 groups = DIV_ROUND_UP(blocks - get32(fx->img->data + 1024 + SB_FIRST_DATA_BLOCK),
				  get32(fx->img->data + 1024 + SB_BLOCKS_PER_GROUP));
	static const u32 fields[] = { 0, 4, 8 };	/* bitmaps, inode table */
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		struct dev d = dev_copy(fx);

		put32(gd_of(&d, groups - 1) + fields[i], blocks + 5);
		expect_mount_fails(&d);
		d = dev_copy(fx);
		put32(gd_of(&d, 0) + fields[i], 0);
		expect_mount_fails(&d);
	}
	/* Inode table running off the end of the filesystem. */
	{
		struct dev d = dev_copy(fx);

		put32(gd_of(&d, groups - 1) + 8, blocks - 1);
		expect_mount_fails(&d);
	}
}

void test_device_too_small(void **state)
{
	struct fixture *fx = *state;
	static const u64 sizes[] = { 0, 1000, 2047, 2048, 4096, 65536 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct dev d = dev_copy(fx);

		d.size = sizes[i];
		expect_mount_fails(&d);
	}
	/* Two groups of 8 blocks: the tables cannot fit 12 blocks. */
	{
		struct dev d = dev_copy(fx);
		u8 *sb = sb_of(&d);

		put32(sb + SB_BLOCKS_COUNT, 12);
		put32(sb + SB_BLOCKS_PER_GROUP, 8);
		put32(sb + SB_INODES_COUNT, 2 * get32(sb + SB_INODES_PER_GROUP));
		expect_mount_fails(&d);
		assert_non_null(strstr(unit_log_last, "do not fit 12 blocks"));
	}
}

/* The device fails every read after the first n: mount or a later read
 * returns the error. */
void test_device_errors(void **state)
{
	struct fixture *fx = *state;
	u64 ino = must_lookup(fx->fs, DOUBLE_FILE), n, off;
	u8 *buf = malloc(65536);
	int64_t ret;
	void *fs;

	assert_non_null(buf);
	for (n = 1; n < 8; n++) {
		struct dev d = dev_copy(fx);

		d.fail_after = n;
		fs = NULL;
		if (mount_copy(&d, &fs) == 0) {
			for (off = 0, ret = 1; ret > 0; off += (u64)ret)
				ret = ops->read(fs, ino, off, buf, 65536);
			assert_int_equal(ret, -EIO);
			ops->unmount(fs);
		} else {
			assert_null(fs);
		}
	}
	free(buf);
}

/* Corrupt the inode at path in a copy and mount it. */
static u8 *corrupt_inode(struct fixture *fx, struct dev *d, const char *path, void **fs)
{
	*d = dev_copy(fx);
	assert_int_equal(mount_copy(d, fs), 0);
	return inode_of(d, must_lookup(*fs, path));
}

/* Remount after modifying the copy (drops cached blocks). */
static void remount(struct dev *d, void **fs)
{
	ops->unmount(*fs);
	assert_int_equal(mount_copy(d, fs), 0);
}

static void finish(struct dev *d, void *fs)
{
	assert_int_equal(d->oob, 0);
	ops->unmount(fs);
}

/* The error message must name the inode. */
static void expect_inode_named(u64 ino)
{
	char want[32];

	snprintf(want, sizeof(want), "inode %llu", (unsigned long long)ino);
	if (!strstr(unit_log_last, want))
		fail_msg("last error \"%s\" does not name %s", unit_log_last, want);
}

void test_bad_block_pointer(void **state)
{
	struct fixture *fx = *state;
	u32 blocks = get32(fx->img->data + 1024 + SB_BLOCKS_COUNT);
	const u32 bad[] = { blocks, blocks + 1, 0xffffffff, 1 /* superblock area */ };
	u8 buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct dev d;
		void *fs;
		u8 *ip = corrupt_inode(fx, &d, "sizes/f4096", &fs);
		u64 ino = must_lookup(fs, "sizes/f4096");

		put32(ip + I_BLOCK, bad[i]);
		remount(&d, &fs);
		assert_int_equal(ops->read(fs, ino, 0, buf, sizeof(buf)), -EIO);
		expect_inode_named(ino);
		assert_int_equal(must_stat(fs, ino).size, 4096);
		finish(&d, fs);
	}
}

void test_indirect_loop(void **state)
{
	struct fixture *fx = *state;
	u64 bs = fx->img->bs, p = bs / 4;
	u8 buf[64];
	int slot;

	for (slot = 12; slot < 14; slot++) {
		struct dev d;
		void *fs;
		u8 *ip = corrupt_inode(fx, &d, DOUBLE_FILE, &fs);
		u64 ino = must_lookup(fs, DOUBLE_FILE);
		u32 ind = get32(ip + I_BLOCK + slot * 4);
		u64 off = slot == 12 ? 12 * bs : (12 + p) * bs;

		assert_int_not_equal(ind, 0);
		put32(block_of(&d, ind), ind);		/* first entry -> itself */
		remount(&d, &fs);
		assert_int_equal(ops->read(fs, ino, off, buf, sizeof(buf)), -EIO);
		expect_inode_named(ino);
		/* Blocks outside the broken subtree still read. */
		assert_int_equal(ops->read(fs, ino, 0, buf, sizeof(buf)), sizeof(buf));
		check_pattern(buf, 0, sizeof(buf), size_seed(DOUBLE_SIZE));
		finish(&d, fs);
	}
}

void test_bad_file_inode(void **state)
{
	struct fixture *fx = *state;
	static const struct { u32 off, size, value; int err; } cases[] = {
		{ I_SIZE_HIGH, 4, 0xffffffff, -EIO },	/* size huge */
		{ I_FLAGS, 4, 0x80000, -EIO },		/* extents */
		{ I_FLAGS, 4, 0x10000000, -EIO },	/* inline data */
		{ I_LINKS, 2, 0, -EIO },
		{ I_MODE, 2, 0x01a4, -EIO },		/* no file type */
		{ I_MODE, 2, 0xf1a4, -EIO },		/* unknown type */
	};
	u8 buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dev d;
		void *fs;
		struct vfs_stat st;
		u8 *ip = corrupt_inode(fx, &d, "sizes/f1", &fs);
		u64 ino = must_lookup(fs, "sizes/f1");

		if (cases[i].size == 2)
			put16(ip + cases[i].off, (u16)cases[i].value);
		else
			put32(ip + cases[i].off, cases[i].value);
		remount(&d, &fs);
		assert_int_equal(ops->stat(fs, ino, &st), cases[i].err);
		assert_int_equal(ops->read(fs, ino, 0, buf, sizeof(buf)), cases[i].err);
		expect_inode_named(ino);
		finish(&d, fs);
	}
}

/* Directory "a" corrupted: every way in must give -EIO. */
static void expect_dir_eio(struct fixture *fx, struct dev *d, void *fs)
{
	u64 ino, a;
	unsigned int n = 0;

	remount(d, &fs);
	a = must_lookup(fs, "a");
	assert_int_equal(ops->lookup(fs, a, "b", 1, &ino), -EIO);
	assert_int_equal(ops->readdir(fs, a, count_cb, &n), -EIO);
	expect_inode_named(a);
	finish(d, fs);
}

void test_bad_dirent(void **state)
{
	struct fixture *fx = *state;
	u32 bs = fx->img->bs, inodes = get32(fx->img->data + 1024 + SB_INODES_COUNT);
	/* { entry (0 '.', 1 '..'), field offset, size, value } */
	const struct { int entry; u32 off, size, value; } cases[] = {
		{ 0, 4, 2, 0 },			/* rec_len 0 */
		{ 0, 4, 2, 4 },			/* rec_len < header */
		{ 0, 4, 2, 13 },		/* rec_len not a multiple of 4 */
		{ 0, 4, 2, bs * 2 },		/* rec_len overruns the block */
		{ 1, 4, 2, bs },		/* '..' overruns the block */
		{ 0, 6, 1, 200 },		/* name_len > rec_len */
		{ 0, 6, 1, 0 },			/* name_len 0 */
		{ 0, 0, 4, inodes + 1 },	/* inode out of range */
		{ 0, 8, 1, '/' },		/* '/' in a name */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dev d;
		void *fs;
		u8 *ip = corrupt_inode(fx, &d, "a", &fs);
		u8 *blk = block_of(&d, get32(ip + I_BLOCK));
		u8 *de = blk + (cases[i].entry ? get16(blk + 4) : 0);

		assert_int_equal(get32(blk), must_lookup(fs, "a"));	/* '.' */
		if (cases[i].size == 1)
			de[cases[i].off] = (u8)cases[i].value;
		else if (cases[i].size == 2)
			put16(de + cases[i].off, (u16)cases[i].value);
		else
			put32(de + cases[i].off, cases[i].value);
		expect_dir_eio(fx, &d, fs);
	}
}

void test_bad_dir_inode(void **state)
{
	struct fixture *fx = *state;
	u32 bs = fx->img->bs;
	const struct { u32 off, value; } cases[] = {
		{ I_SIZE, 1 },			/* not a multiple of the block size */
		{ I_SIZE, bs + 1 },
		{ I_SIZE, 0xfffff000 & ~(bs - 1) },	/* larger than the fs */
		{ I_BLOCK, 0 },			/* hole in a directory */
		{ I_BLOCK, 0xfffffff0 },	/* block beyond the end */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dev d;
		void *fs;
		u8 *ip = corrupt_inode(fx, &d, "a", &fs);

		put32(ip + cases[i].off, cases[i].value);
		if (cases[i].off == I_SIZE) {
			u64 a = must_lookup(fs, "a"), ino;
			struct vfs_stat st;

			remount(&d, &fs);
			assert_int_equal(ops->stat(fs, a, &st), -EIO);
			assert_int_equal(ops->lookup(fs, a, "b", 1, &ino), -EIO);
			expect_inode_named(a);
			finish(&d, fs);
		} else {
			expect_dir_eio(fx, &d, fs);
		}
	}
}

void test_bad_symlink(void **state)
{
	struct fixture *fx = *state;
	u32 bs = fx->img->bs;
	char buf[8192];
	struct {
		const char *path;
		u32 off, value;
	} cases[] = {
		{ "links/slow", I_SIZE, bs },		/* longer than its block */
		{ "links/slow", I_SIZE, 0 },
		{ "links/slow", I_BLOCK, 0 },		/* no block */
		{ "links/fast", I_SIZE, 60 },		/* too long for i_block */
		{ "links/fast", I_BLOCK, 0x41004141 },	/* NUL in the target */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dev d;
		void *fs;
		u8 *ip = corrupt_inode(fx, &d, cases[i].path, &fs);
		u64 ino = must_lookup(fs, cases[i].path);

		put32(ip + cases[i].off, cases[i].value);
		remount(&d, &fs);
		assert_int_equal(ops->readlink(fs, ino, buf, sizeof(buf)), -EIO);
		expect_inode_named(ino);
		finish(&d, fs);
	}
}

void test_bad_root(void **state)
{
	struct fixture *fx = *state;
	struct dev d = dev_copy(fx);

	put16(inode_of(&d, 2) + I_MODE, 0x81a4);	/* a regular file */
	expect_mount_fails(&d);
	d = dev_copy(fx);
	put32(inode_of(&d, 2) + I_SIZE, 3);
	expect_mount_fails(&d);
}

/* ------------------------------------------------------------ fuzzing */

#define WALK_BUDGET	1500	/* filesystem calls per walk */
#define WALK_DEPTH	6
#define WALK_ENTRIES	48

struct walker {
	void *fs;
	int budget;
	u8 *buf;		/* WALK_BUF bytes */
};
#define WALK_BUF	8192

struct walk_names {
	unsigned int n;
	char name[WALK_ENTRIES][256];
	size_t len[WALK_ENTRIES];
};

static int walk_collect(void *ctx, const char *name, size_t len, uint64_t ino,
			enum vfs_type type)
{
	struct walk_names *w = ctx;

	/* The filesystem hands out only names it has checked. */
	assert_true(len >= 1 && len <= 255);
	assert_null(memchr(name, '/', len));
	assert_null(memchr(name, '\0', len));
	memcpy(w->name[w->n], name, len);
	w->len[w->n] = len;
	return ++w->n == WALK_ENTRIES;
}

static void walk_dir(struct walker *w, u64 dir, int depth);

static void walk_file(struct walker *w, u64 ino, u64 size)
{
	const u64 offs[] = { 0, size / 2, size > 100 ? size - 100 : 0, size + 1 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(offs) && w->budget-- > 0; i++) {
		int64_t n = ops->read(w->fs, ino, offs[i], w->buf, 4096 + 3);

		assert_true(n <= 4096 + 3 && n >= -4095);
	}
}

static void walk_entry(struct walker *w, u64 dir, const char *name, size_t len,
		       int depth)
{
	struct vfs_stat st;
	u64 ino;

	if ((len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2)))
		return;
	if ((w->budget -= 2) <= 0 || ops->lookup(w->fs, dir, name, len, &ino) ||
	    ops->stat(w->fs, ino, &st))
		return;
	if (st.type == VFS_TYPE_DIR && depth < WALK_DEPTH)
		walk_dir(w, ino, depth + 1);
	else if (st.type == VFS_TYPE_FILE)
		walk_file(w, ino, st.size);
	else if (st.type == VFS_TYPE_SYMLINK && ops->readlink(w->fs, ino, (char *)w->buf,
							      512) == 0)
		assert_true(strlen((char *)w->buf) < 512);
}

static void walk_dir(struct walker *w, u64 dir, int depth)
{
	struct walk_names *names;
	unsigned int i;

	if (w->budget-- <= 0)
		return;
	names = calloc(1, sizeof(*names));
	assert_non_null(names);
	ops->readdir(w->fs, dir, walk_collect, names);
	for (i = 0; i < names->n; i++)
		walk_entry(w, dir, names->name[i], names->len[i], depth);
	free(names);
}

struct fuzz_stats {
	unsigned int mounted;
	unsigned long calls;
};

/* Mount d and walk the whole tree within the budget. */
static void walk_all(struct dev *d, struct fuzz_stats *fst)
{
	struct walker w = { .budget = WALK_BUDGET };
	void *fs;

	if (mount_copy(d, &fs))
		return;
	fst->mounted++;
	w.fs = fs;
	w.buf = malloc(WALK_BUF);
	assert_non_null(w.buf);
	walk_dir(&w, ops->root(fs), 0);
	fst->calls += (unsigned long)(WALK_BUDGET - MAX(w.budget, 0));
	free(w.buf);
	ops->unmount(fs);
	assert_int_equal(d->oob, 0);
}

/* Longer runs: -DFUZZ_ROUNDS=20000 -DFUZZ_SEED=n, and EXT2_TEST_FILTER='*fuzz'. */
#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS	150
#endif
#ifndef FUZZ_SEED
#define FUZZ_SEED	0x5eed0000
#endif
#define FUZZ_MAX_FLIPS	2000

/* The blocks a walk of the good image reads, into meta[]: data-area blocks
 * first (*nsafe of them), then the superblock and descriptor blocks. */
static u64 fuzz_meta_blocks(struct dev *d, u32 *meta, u64 *nsafe)
{
	u64 nblocks = d->size / d->bs, n = 0, b;
	u32 gdt_end = get32(sb_of(d) + SB_FIRST_DATA_BLOCK) + 2;
	struct fuzz_stats fst = { 0 };
	unsigned int errors = unit_log_errors();

	d->block_reads = calloc(nblocks, 1);
	assert_non_null(d->block_reads);
	walk_all(d, &fst);
	assert_int_equal(unit_log_errors(), errors);
	for (b = gdt_end; b < nblocks; b++)
		if (d->block_reads[b])
			meta[n++] = (u32)b;
	*nsafe = n;
	for (b = 0; b < gdt_end; b++)
		if (d->block_reads[b])
			meta[n++] = (u32)b;
	free(d->block_reads);
	d->block_reads = NULL;
	assert_true(*nsafe > 10);
	return n;
}

/* XOR flips random bytes of the nmeta blocks in meta[] with non-zero values,
 * remembering them in pos[]/old[]; walk; put the bytes back. */
static void fuzz_round(struct dev *d, const u32 *meta, u64 nmeta, int flips,
		       struct fuzz_stats *fst)
{
	static u64 pos[FUZZ_MAX_FLIPS];
	static u8 old[FUZZ_MAX_FLIPS];
	int i;

	for (i = 0; i < flips; i++) {
		pos[i] = (u64)meta[rng() % nmeta] * d->bs + rng() % d->bs;
		old[i] = d->data[pos[i]];
		d->data[pos[i]] ^= (u8)(rng() % 255 + 1);
	}
	walk_all(d, fst);
	for (i = flips - 1; i >= 0; i--)
		d->data[pos[i]] = old[i];
}

/* Flip bytes in the blocks the filesystem reads (found by walking the good
 * image); each round walks the tree and must neither crash, nor read off
 * the device, nor hang. One round in three flips 2000 bytes anywhere in
 * them; the others spare the superblock and descriptors and flip fewer, so
 * that the walk gets deep. */
void test_fuzz(void **state)
{
	struct fixture *fx = *state;
	struct dev d = dev_copy(fx);
	u32 *meta = malloc(d.size / d.bs * sizeof(u32));
	struct fuzz_stats fst = { 0 };
	unsigned int errors = unit_log_errors();
	u64 nmeta, nsafe;
	int round;

	assert_non_null(meta);
	nmeta = fuzz_meta_blocks(&d, meta, &nsafe);
	rng_state = FUZZ_SEED + fx->img->bs;
	quiet_stdout(true);
	for (round = 0; round < FUZZ_ROUNDS; round++) {
		if (round % 3 == 0)
			fuzz_round(&d, meta, nmeta, FUZZ_MAX_FLIPS, &fst);
		else
			fuzz_round(&d, meta, nsafe, round % 3 == 1 ? 200 : 20, &fst);
	}
	quiet_stdout(false);
	print_message("%s: fuzz: %d rounds over %llu blocks, %u mounted, %lu calls, "
		      "%u errors reported\n", fx->img->name, FUZZ_ROUNDS,
		      (unsigned long long)nmeta, fst.mounted, fst.calls,
		      unit_log_errors() - errors);
	assert_memory_equal(d.data, fx->img->data, d.size);
	free(meta);
}

