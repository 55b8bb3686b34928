/* Unit tests of the read-only ext2 filesystem (core/fs/ext2_*.c) through its
 * VFS operations (ext2_fs_ops), on real images that
 * tests/unit/make_ext2_images.sh builds with genext2fs and mke2fs (1, 2 and
 * 4 KiB blocks, revisions 0 and 1, with and without the filetype and
 * large_file features). Every image gets the content tests here and the
 * corruption and fuzz tests of test_ext2_corrupt.c.
 *
 * The images are read from EXT2_IMG_DIR (set by ext2.mk). */
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

#include <keel/errno.h>
#include <keel/string.h>

#include "test_ext2.h"

#ifndef EXT2_IMG_DIR
#define EXT2_IMG_DIR "build/unit/ext2"
#endif

/* ------------------------------------------------------------ expected content */

/* File sizes/f<size> (seed size % 97), the sparse file's marker offsets and
 * the huge file's: as in make_ext2_images.sh. */
static const u64 file_sizes[] = {
	0, 1, 1023, 1024, 1025, 2048, 4096, 12288, 12289, 24576, 24577,
	49152, 49153, 4718592 + 777,
};

static const u64 sparse_marks[] = {
	0, 4093, 1048576 + 1000, 67108864 - 16, 67108864 + 12345,
	67383296, 67383296 + 1024 * 300 + 5, 90000000, SPARSE_SIZE - 32,
};

static const u64 huge_marks[] = { 4294967296ull + 100, HUGE_SIZE - 16 };

/* Expected content of the sparse file at [off, off + len). */
static void sparse_expect(u8 *buf, u64 off, size_t len)
{
	size_t i;
	u64 j;

	memset(buf, 0, len);
	for (i = 0; i < ARRAY_SIZE(sparse_marks); i++)
		for (j = sparse_marks[i]; j < sparse_marks[i] + SPARSE_LEN; j++)
			if (j >= off && j < off + len)
				buf[j - off] = pattern(j, SPARSE_SEED);
}

static u64 rng_state;

static u64 rng(void)
{
	return test_rng(&rng_state);
}

/* ------------------------------------------------------------ images and device */

static struct image images[] = {
	{ .name = "gen1k", .bs = 1024 },
	{ .name = "gen4k", .bs = 4096 },
	{ .name = "rev0", .bs = 1024 },
	{ .name = "mke1k", .bs = 1024, .huge = true },
	{ .name = "mke2k", .bs = 2048, .huge = true },
	{ .name = "mke4k", .bs = 4096, .huge = true },
};

int dev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct dev *d = ctx;
	u64 b;

	d->reads++;
	if (d->fail_after && d->reads > d->fail_after)
		return -EIO;
	if (off > d->size || len > d->size - off) {
		d->oob++;
		return -EIO;
	}
	memcpy(buf, d->data + off, len);
	if (d->block_reads)
		for (b = off / d->bs; b < (off + len + d->bs - 1) / d->bs; b++)
			if (d->block_reads[b] < 255)
				d->block_reads[b]++;
	return 0;
}

static int load_image(struct image *img)
{
	char path[256];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s.img", EXT2_IMG_DIR, img->name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s (run make_ext2_images.sh)\n", path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	img->data = malloc((size_t)n);
	img->scratch = malloc((size_t)n);
	img->size = (size_t)n;
	if (!img->data || !img->scratch || fread(img->data, 1, img->size, f) != img->size) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* The fuzz test silences the (rate-limited, but many) corruption reports;
 * teardown restores stdout even when an assertion cut the test short. */
static int saved_stdout = -1;

void quiet_stdout(bool quiet)
{
	int fd;

	fflush(stdout);
	if (quiet && saved_stdout < 0) {
		saved_stdout = dup(1);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		close(fd);
	} else if (!quiet && saved_stdout >= 0) {
		dup2(saved_stdout, 1);
		close(saved_stdout);
		saved_stdout = -1;
	}
}

static int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	fx->img = *state;
	fx->dev = (struct dev){ .data = fx->img->data, .size = fx->img->size,
				.bs = fx->img->bs };
	fx->errors = unit_log_errors();
	if (ops->mount(dev_read, &fx->dev, fx->dev.size, &fx->fs)) {
		free(fx);
		return -1;
	}
	if (unit_log_errors() != fx->errors) {
		ops->unmount(fx->fs);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *fx = *state;

	quiet_stdout(false);
	ops->unmount(fx->fs);
	free(fx->dev.block_reads);
	*state = fx->img;
	free(fx);
	return 0;
}

/* A good image must not log errors. */
void expect_no_errors(struct fixture *fx)
{
	assert_int_equal(unit_log_errors(), fx->errors);
	assert_int_equal(fx->dev.oob, 0);
}

/* Resolve a relative path from the root without following symlinks. */
int path_ino(void *fs, const char *path, u64 *ino)
{
	u64 cur = ops->root(fs);
	const char *p = path;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		int ret = ops->lookup(fs, cur, p, n, &cur);

		if (ret)
			return ret;
		p += n;
		if (*p == '/')
			p++;
	}
	*ino = cur;
	return 0;
}

u64 must_lookup(void *fs, const char *path)
{
	u64 ino = 0;

	assert_int_equal(path_ino(fs, path, &ino), 0);
	return ino;
}

struct vfs_stat must_stat(void *fs, u64 ino)
{
	struct vfs_stat st;

	assert_int_equal(ops->stat(fs, ino, &st), 0);
	return st;
}

void check_pattern(const u8 *buf, u64 off, size_t len, u32 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != pattern(off + i, seed))
			fail_msg("byte at %llu is 0x%02x, expected 0x%02x",
				 (unsigned long long)(off + i), buf[i],
				 pattern(off + i, seed));
}

/* Read all of ino in chunks of chunk bytes; returns a malloc'd buffer. */
static u8 *read_all(void *fs, u64 ino, u64 size, size_t chunk)
{
	u8 *buf = malloc(size + 1);
	u64 off = 0;

	assert_non_null(buf);
	while (off < size) {
		size_t want = (size_t)MIN((u64)chunk, size - off);
		int64_t n = ops->read(fs, ino, off, buf + off, want);

		assert_int_equal(n, want);
		off += (u64)n;
	}
	assert_int_equal(ops->read(fs, ino, size, buf + size, 1), 0);
	return buf;
}

/* ------------------------------------------------------------ content tests */

static void test_mount_root(void **state)
{
	struct fixture *fx = *state;
	u64 root = ops->root(fx->fs), ino;
	struct vfs_stat st = must_stat(fx->fs, root);

	assert_int_equal(root, 2);
	assert_int_equal(st.type, VFS_TYPE_DIR);
	assert_int_equal(st.mode & 0xf000, 0x4000);
	assert_int_equal(st.size % fx->img->bs, 0);
	assert_true(st.links >= 3);
	assert_int_equal(ops->lookup(fx->fs, root, ".", 1, &ino), 0);
	assert_int_equal(ino, root);
	assert_int_equal(ops->lookup(fx->fs, root, "..", 2, &ino), 0);
	assert_int_equal(ino, root);
	expect_no_errors(fx);
}

static void test_nested_path(void **state)
{
	struct fixture *fx = *state;
	const char *dirs[] = { "a", "a/b", "a/b/c", "a/b/c/d" };
	u64 ino, parent, dotdot;
	struct vfs_stat st;
	size_t i;
	u8 *buf;

	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		assert_int_equal(must_stat(fx->fs, must_lookup(fx->fs, dirs[i])).type,
				 VFS_TYPE_DIR);
	parent = must_lookup(fx->fs, "a/b/c");
	assert_int_equal(ops->lookup(fx->fs, must_lookup(fx->fs, "a/b/c/d"), "..", 2,
				     &dotdot), 0);
	assert_int_equal(dotdot, parent);
	ino = must_lookup(fx->fs, "a/b/c/d/file");
	st = must_stat(fx->fs, ino);
	assert_int_equal(st.type, VFS_TYPE_FILE);
	assert_int_equal(st.size, NESTED_SIZE);
	assert_int_equal(st.links, 1);
	buf = read_all(fx->fs, ino, st.size, 100000);
	check_pattern(buf, 0, st.size, NESTED_SEED);
	free(buf);
	assert_int_equal(path_ino(fx->fs, "a/b/c/d/file/x", &ino), -ENOTDIR);
	assert_int_equal(path_ino(fx->fs, "a/b/nope", &ino), -ENOENT);
	assert_int_equal(path_ino(fx->fs, "a/b/c/d/fil", &ino), -ENOENT);
	assert_int_equal(path_ino(fx->fs, "a/b/c/d/file2", &ino), -ENOENT);
	expect_no_errors(fx);
}

static void test_file_sizes(void **state)
{
	struct fixture *fx = *state;
	char path[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(file_sizes); i++) {
		u64 size = file_sizes[i], ino;
		struct vfs_stat st;
		u8 *buf;

		snprintf(path, sizeof(path), "sizes/f%llu", (unsigned long long)size);
		ino = must_lookup(fx->fs, path);
		st = must_stat(fx->fs, ino);
		assert_int_equal(st.type, VFS_TYPE_FILE);
		assert_int_equal(st.size, size);
		assert_true(st.blocks * 512 >= size);
		/* One call for the whole file, then odd-sized chunks. */
		buf = read_all(fx->fs, ino, size, size + 100);
		check_pattern(buf, 0, size, size_seed(size));
		free(buf);
		buf = read_all(fx->fs, ino, size, 3 * fx->img->bs + 7);
		check_pattern(buf, 0, size, size_seed(size));
		free(buf);
	}
	expect_no_errors(fx);
}

static void check_read_at(void *fs, u64 ino, u64 size, u64 off, size_t len)
{
	u8 *buf = malloc(len + 1);
	u64 expect = off >= size ? 0 : MIN((u64)len, size - off);

	assert_non_null(buf);
	assert_int_equal(ops->read(fs, ino, off, buf, len), expect);
	check_pattern(buf, off, (size_t)expect, size_seed(size));
	free(buf);
}

static void test_odd_offsets(void **state)
{
	struct fixture *fx = *state;
	u64 ino = must_lookup(fx->fs, DOUBLE_FILE), bs = fx->img->bs, p = bs / 4;
	u64 s = DOUBLE_SIZE;
	int i;

	check_read_at(fx->fs, ino, s, 0, 0);
	check_read_at(fx->fs, ino, s, 0, 1);
	check_read_at(fx->fs, ino, s, 1, 1);
	check_read_at(fx->fs, ino, s, bs - 1, 2);
	check_read_at(fx->fs, ino, s, 12 * bs - 3, 7);		/* into single */
	check_read_at(fx->fs, ino, s, (12 + p) * bs - 5, 10);	/* into double */
	check_read_at(fx->fs, ino, s, (12 + p) * bs - 5, 3 * bs + 10);
	check_read_at(fx->fs, ino, s, s - 1, 10);
	check_read_at(fx->fs, ino, s, s, 10);
	check_read_at(fx->fs, ino, s, s + 1000, 10);
	check_read_at(fx->fs, ino, s, ~0ull - 5, 10);
	rng_state = 0x1234567;
	for (i = 0; i < 300; i++)
		check_read_at(fx->fs, ino, s, rng() % (s + 100), rng() % (3 * bs + 1));
	expect_no_errors(fx);
}

static void test_sparse(void **state)
{
	struct fixture *fx = *state;
	u64 ino = must_lookup(fx->fs, "sparse"), off, i;
	struct vfs_stat st = must_stat(fx->fs, ino);
	size_t chunk = 1 << 20;
	u8 *buf = malloc(chunk), *want = malloc(chunk);

	assert_non_null(buf);
	assert_non_null(want);
	assert_int_equal(st.size, SPARSE_SIZE);
	assert_true(st.blocks * 512 < SPARSE_SIZE / 100);	/* really sparse */
	fx->dev.block_reads = calloc(fx->img->size / fx->img->bs, 1);
	for (off = 0; off < SPARSE_SIZE; off += chunk) {
		assert_int_equal(ops->read(fx->fs, ino, off, buf, chunk), chunk);
		sparse_expect(want, off, chunk);
		assert_memory_equal(buf, want, chunk);
	}
	/* Sequential reading touches every block (indirect ones too) once. */
	for (i = 0; i < fx->img->size / fx->img->bs; i++)
		assert_true(fx->dev.block_reads[i] <= 1);
	for (i = 0; i < ARRAY_SIZE(sparse_marks); i++) {
		off = sparse_marks[i];
		assert_int_equal(ops->read(fx->fs, ino, off - (off > 0), buf, SPARSE_LEN + 2),
				 MIN(SPARSE_LEN + 2, SPARSE_SIZE - off + (off > 0)));
		assert_int_equal(buf[off > 0 ? 1 : 0], pattern(off, SPARSE_SEED));
	}
	free(buf);
	free(want);
	expect_no_errors(fx);
}

static void test_huge(void **state)
{
	struct fixture *fx = *state;
	u8 buf[4096], zeros[4096] = { 0 };
	struct vfs_stat st;
	u64 ino;
	size_t i;

	if (!fx->img->huge) {
		assert_int_equal(path_ino(fx->fs, "huge", &ino), -ENOENT);
		return;
	}
	ino = must_lookup(fx->fs, "huge");
	st = must_stat(fx->fs, ino);
	assert_int_equal(st.size, HUGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(huge_marks); i++) {
		assert_int_equal(ops->read(fx->fs, ino, huge_marks[i], buf, HUGE_LEN), HUGE_LEN);
		check_pattern(buf, huge_marks[i], HUGE_LEN, HUGE_SEED);
	}
	assert_int_equal(ops->read(fx->fs, ino, 3ull << 30, buf, sizeof(buf)), sizeof(buf));
	assert_memory_equal(buf, zeros, sizeof(buf));
	assert_int_equal(ops->read(fx->fs, ino, HUGE_SIZE - 10, buf, sizeof(buf)), 10);
	assert_int_equal(ops->read(fx->fs, ino, HUGE_SIZE, buf, sizeof(buf)), 0);
	expect_no_errors(fx);
}

static void check_link(void *fs, const char *path, const char *target, bool fast)
{
	u64 ino = must_lookup(fs, path);
	struct vfs_stat st = must_stat(fs, ino);
	size_t len = strlen(target);
	char buf[256];

	assert_int_equal(st.type, VFS_TYPE_SYMLINK);
	assert_int_equal(st.mode & 0xf000, 0xa000);
	assert_int_equal(st.size, len);
	assert_int_equal(st.blocks == 0, fast);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(ops->readlink(fs, ino, buf, sizeof(buf)), 0);
	assert_string_equal(buf, target);
	assert_int_equal(ops->readlink(fs, ino, buf, len + 1), 0);
	assert_string_equal(buf, target);
	assert_int_equal(ops->readlink(fs, ino, buf, len), -ENAMETOOLONG);
	assert_int_equal(ops->readlink(fs, ino, buf, 0), -ENAMETOOLONG);
	assert_int_equal(ops->read(fs, ino, 0, buf, sizeof(buf)), -EINVAL);
}

static void test_symlinks(void **state)
{
	struct fixture *fx = *state;
	char buf[64];

	assert_true(strlen(SLOW_TARGET) > 60);
	check_link(fx->fs, "links/fast", FAST_TARGET, true);
	check_link(fx->fs, "links/slow", SLOW_TARGET, false);
	check_link(fx->fs, "links/dir", DIR_TARGET, true);
	assert_int_equal(ops->readlink(fx->fs, must_lookup(fx->fs, "sizes/f1"), buf,
				       sizeof(buf)), -EINVAL);
	assert_int_equal(ops->readlink(fx->fs, 2, buf, sizeof(buf)), -EINVAL);
	expect_no_errors(fx);
}

/* readdir collector: names and types, with a seen count per expected name. */
struct listing {
	unsigned int n, stop_after;
	unsigned int seen[MANY_COUNT];
	unsigned int dots, other;
	u64 ino[MANY_COUNT];
	enum vfs_type type[MANY_COUNT];
};

static int many_cb(void *ctx, const char *name, size_t len, uint64_t ino,
		   enum vfs_type type)
{
	static const char prefix[] = "many_entries_file_number_";
	struct listing *l = ctx;
	unsigned int idx;

	l->n++;
	if ((len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2))) {
		assert_int_equal(type, VFS_TYPE_DIR);
		l->dots++;
	} else if (len == sizeof(prefix) + 2 && !memcmp(name, prefix, sizeof(prefix) - 1)) {
		char num[4] = { 0 };

		memcpy(num, name + sizeof(prefix) - 1, 3);	/* name has no NUL */
		idx = (unsigned int)strtoul(num, NULL, 10);
		assert_true(idx < MANY_COUNT);
		l->seen[idx]++;
		l->ino[idx] = ino;
		l->type[idx] = type;
	} else {
		l->other++;
	}
	return l->stop_after && l->n >= l->stop_after;
}

static void test_many_entries(void **state)
{
	struct fixture *fx = *state;
	u64 dir = must_lookup(fx->fs, "many"), ino;
	struct listing *l = calloc(1, sizeof(*l));
	char name[64];
	unsigned int i;

	assert_non_null(l);
	assert_true(must_stat(fx->fs, dir).size >= 3ull * fx->img->bs);
	assert_int_equal(ops->readdir(fx->fs, dir, many_cb, l), 0);
	assert_int_equal(l->n, MANY_COUNT + 2);
	assert_int_equal(l->dots, 2);
	assert_int_equal(l->other, 0);
	for (i = 0; i < MANY_COUNT; i++) {
		assert_int_equal(l->seen[i], 1);
		assert_int_equal(l->type[i], VFS_TYPE_FILE);
		snprintf(name, sizeof(name), "many_entries_file_number_%03u", i);
		assert_int_equal(ops->lookup(fx->fs, dir, name, strlen(name), &ino), 0);
		assert_int_equal(ino, l->ino[i]);
		assert_int_equal(must_stat(fx->fs, ino).size, 0);
	}
	/* A non-zero callback return stops the walk at once. */
	memset(l, 0, sizeof(*l));
	l->stop_after = 5;
	assert_int_equal(ops->readdir(fx->fs, dir, many_cb, l), 0);
	assert_int_equal(l->n, 5);
	free(l);
	expect_no_errors(fx);
}

struct root_listing {
	const char *names[10];
	enum vfs_type types[10];
	unsigned int seen[10];
	unsigned int unexpected;
	void *fs;
};

static int root_cb(void *ctx, const char *name, size_t len, uint64_t ino,
		   enum vfs_type type)
{
	struct root_listing *r = ctx;
	struct vfs_stat st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(r->names) && r->names[i]; i++) {
		if (strlen(r->names[i]) == len && !memcmp(r->names[i], name, len)) {
			r->seen[i]++;
			assert_int_equal(type, r->types[i]);
			/* Re-entering the filesystem from the callback is allowed. */
			assert_int_equal(ops->stat(r->fs, ino, &st), 0);
			assert_int_equal(st.type, type);
			return 0;
		}
	}
	r->unexpected++;
	return 0;
}

static void test_readdir_root(void **state)
{
	struct fixture *fx = *state;
	struct root_listing r = {
		.names = { ".", "..", "lost+found", "a", "sizes", "sparse", "many",
			   "links", "fifo", "huge" },
		.types = { VFS_TYPE_DIR, VFS_TYPE_DIR, VFS_TYPE_DIR, VFS_TYPE_DIR,
			   VFS_TYPE_DIR, VFS_TYPE_FILE, VFS_TYPE_DIR, VFS_TYPE_DIR,
			   VFS_TYPE_OTHER, VFS_TYPE_FILE },
		.fs = fx->fs,
	};
	size_t i;

	assert_int_equal(ops->readdir(fx->fs, ops->root(fx->fs), root_cb, &r), 0);
	assert_int_equal(r.unexpected, 0);
	for (i = 0; i < ARRAY_SIZE(r.names); i++)
		assert_int_equal(r.seen[i], (i == 9 && !fx->img->huge) ? 0 : 1);
	expect_no_errors(fx);
}

int count_cb(void *ctx, const char *name, size_t len, uint64_t ino,
		    enum vfs_type type)
{
	(*(unsigned int *)ctx)++;
	return 0;
}

static void test_api_errors(void **state)
{
	struct fixture *fx = *state;
	u64 file = must_lookup(fx->fs, "sizes/f1"), root = ops->root(fx->fs), ino;
	char longname[300];
	unsigned int n = 0;
	struct vfs_stat st;
	u8 buf[16];

	assert_int_equal(ops->lookup(fx->fs, file, "x", 1, &ino), -ENOTDIR);
	assert_int_equal(ops->readdir(fx->fs, file, count_cb, &n), -ENOTDIR);
	assert_int_equal(n, 0);
	assert_int_equal(ops->read(fx->fs, root, 0, buf, sizeof(buf)), -EISDIR);
	assert_int_equal(ops->lookup(fx->fs, root, "", 0, &ino), -EINVAL);
	memset(longname, 'a', sizeof(longname));
	assert_int_equal(ops->lookup(fx->fs, root, longname, 256, &ino), -ENAMETOOLONG);
	assert_int_equal(ops->lookup(fx->fs, root, longname, 255, &ino), -ENOENT);
	assert_int_equal(ops->lookup(fx->fs, root, "a/b", 3, &ino), -ENOENT);
	/* A FIFO is neither read nor listed nor followed. */
	ino = must_lookup(fx->fs, "fifo");
	st = must_stat(fx->fs, ino);
	assert_int_equal(st.type, VFS_TYPE_OTHER);
	assert_int_equal(st.mode & 0xf000, 0x1000);
	assert_int_equal(ops->read(fx->fs, ino, 0, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(ops->readlink(fx->fs, ino, (char *)buf, sizeof(buf)), -EINVAL);
	assert_int_equal(ops->readdir(fx->fs, ino, count_cb, &n), -ENOTDIR);
	expect_no_errors(fx);
	/* Out-of-range inode numbers are reported and refused. */
	assert_int_equal(ops->stat(fx->fs, 0, &st), -EIO);
	assert_int_equal(ops->stat(fx->fs, 1ull << 40, &st), -EIO);
	assert_int_equal(ops->read(fx->fs, 0, 0, buf, 1), -EIO);
	assert_int_equal(ops->readdir(fx->fs, ~0ull, count_cb, &n), -EIO);
	assert_true(unit_log_errors() > fx->errors);
}

/* Sequential reading in 64 KiB chunks: every block is read once, and
 * physically contiguous blocks are read together. */
static void test_read_efficiency(void **state)
{
	struct fixture *fx = *state;
	u64 ino = must_lookup(fx->fs, DOUBLE_FILE), nblocks, i;
	u8 *buf;

	nblocks = DIV_ROUND_UP(DOUBLE_SIZE, fx->img->bs);
	fx->dev.block_reads = calloc(fx->img->size / fx->img->bs, 1);
	fx->dev.reads = 0;
	buf = read_all(fx->fs, ino, DOUBLE_SIZE, 65536);
	check_pattern(buf, 0, DOUBLE_SIZE, size_seed(DOUBLE_SIZE));
	free(buf);
	for (i = 0; i < fx->img->size / fx->img->bs; i++)
		assert_true(fx->dev.block_reads[i] <= 1);
	print_message("%s: %llu device reads for %llu blocks\n", fx->img->name,
		      (unsigned long long)fx->dev.reads, (unsigned long long)nblocks);
	assert_true(fx->dev.reads < nblocks / 4 + DOUBLE_SIZE / 65536 + 64);
	expect_no_errors(fx);
}

/* ------------------------------------------------------------ registration */

static const struct {
	const char *name;
	CMUnitTestFunction fn;
} per_image_tests[] = {
	{ "mount_root", test_mount_root },
	{ "nested_path", test_nested_path },
	{ "file_sizes", test_file_sizes },
	{ "odd_offsets", test_odd_offsets },
	{ "sparse", test_sparse },
	{ "huge", test_huge },
	{ "symlinks", test_symlinks },
	{ "many_entries", test_many_entries },
	{ "readdir_root", test_readdir_root },
	{ "api_errors", test_api_errors },
	{ "read_efficiency", test_read_efficiency },
	{ "bad_super", test_bad_super },
	{ "bad_inode_size_field", test_bad_inode_size_field },
	{ "incompat_extents", test_incompat_extents },
	{ "bad_group_desc", test_bad_group_desc },
	{ "device_too_small", test_device_too_small },
	{ "device_errors", test_device_errors },
	{ "bad_block_pointer", test_bad_block_pointer },
	{ "indirect_loop", test_indirect_loop },
	{ "bad_file_inode", test_bad_file_inode },
	{ "bad_dirent", test_bad_dirent },
	{ "bad_dir_inode", test_bad_dir_inode },
	{ "bad_symlink", test_bad_symlink },
	{ "bad_root", test_bad_root },
	{ "fuzz", test_fuzz },
};

#define NR_TESTS	(ARRAY_SIZE(images) * ARRAY_SIZE(per_image_tests))

static char test_names[NR_TESTS][64];
static struct CMUnitTest tests[NR_TESTS];

int main(void)
{
	const char *filter = getenv("EXT2_TEST_FILTER");
	size_t i, j, n = 0;

	alarm(600);		/* a hang fails the suite instead of stalling it */
	if (filter)
		cmocka_set_test_filter(filter);
	for (i = 0; i < ARRAY_SIZE(images); i++) {
		if (load_image(&images[i]))
			return 1;
		for (j = 0; j < ARRAY_SIZE(per_image_tests); j++, n++) {
			snprintf(test_names[n], sizeof(test_names[n]), "%s/%s",
				 images[i].name, per_image_tests[j].name);
			tests[n] = (struct CMUnitTest){
				.name = test_names[n],
				.test_func = per_image_tests[j].fn,
				.setup_func = fx_setup,
				.teardown_func = fx_teardown,
				.initial_state = &images[i],
			};
		}
	}
	n = (size_t)cmocka_run_group_tests(tests, NULL, NULL);
	for (i = 0; i < ARRAY_SIZE(images); i++) {
		free(images[i].data);
		free(images[i].scratch);
	}
	return (int)n;
}
