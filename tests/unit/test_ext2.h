/* Shared by the ext2 unit tests (test_ext2.c: images, device, fixture and
 * content tests; test_ext2_corrupt.c: corrupted copies and fuzzing). The
 * file contents follow pattern(); keep the constants here in sync with
 * tests/unit/make_ext2_images.sh. */
#ifndef TEST_EXT2_H
#define TEST_EXT2_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <keel/compiler.h>
#include <keel/vfs.h>

extern char unit_log_last[];
unsigned int unit_log_errors(void);

static const struct vfs_fs_ops *const ops = &ext2_fs_ops;

/* Expected content (see make_ext2_images.sh). */
#define DOUBLE_FILE	"sizes/f4719369"	/* needs double indirect at 4 KiB */
#define DOUBLE_SIZE	(4718592ull + 777)

#define SPARSE_SIZE	104857600ull
#define SPARSE_SEED	0x33
#define SPARSE_LEN	32

#define HUGE_SIZE	(5ull * 1024 * 1024 * 1024 + 4097)
#define HUGE_SEED	0x44
#define HUGE_LEN	16

#define NESTED_SIZE	5000
#define NESTED_SEED	7
#define MANY_COUNT	300

#define FAST_TARGET	"../sizes/f1"
#define SLOW_TARGET	"../sizes/../sizes/../sizes/../sizes/../sizes/../sizes/../sizes/f4096"
#define DIR_TARGET	"../a/b"

/* Byte at offset i of a file with the given seed (as in the script). */
static inline u8 pattern(u64 i, u32 seed)
{
	return (u8)(i % 251 + i / 251 + seed);
}

static inline u32 size_seed(u64 size)
{
	return (u32)(size % 97);
}

/* Deterministic PRNG (xorshift64*), so runs are repeatable everywhere. */
static inline u64 test_rng(u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dull;
}

/* An image file, loaded once. */
struct image {
	const char *name;
	u32 bs;
	bool huge;		/* holds the 5 GiB file (large_file) */
	u8 *data;
	size_t size;
	u8 *scratch;		/* the corrupted copy (one at a time) */
};

/* An in-memory device with read accounting. */
struct dev {
	u8 *data;
	u64 size;
	u32 bs;
	u64 reads;		/* callback calls */
	u64 oob;		/* requests beyond the device */
	u64 fail_after;		/* fail every read after this many; 0: never */
	u8 *block_reads;	/* optional per-block read counts (saturating) */
};

/* A test's state: the good image mounted. */
struct fixture {
	struct image *img;
	struct dev dev;
	void *fs;
	unsigned int errors;	/* unit_log_errors() after mounting */
};

/* test_ext2.c */
int dev_read(void *ctx, uint64_t off, void *buf, size_t len);
void quiet_stdout(bool quiet);
void expect_no_errors(struct fixture *fx);
int path_ino(void *fs, const char *path, u64 *ino);
u64 must_lookup(void *fs, const char *path);
struct vfs_stat must_stat(void *fs, u64 ino);
void check_pattern(const u8 *buf, u64 off, size_t len, u32 seed);
int count_cb(void *ctx, const char *name, size_t len, uint64_t ino,
	     enum vfs_type type);

/* test_ext2_corrupt.c: each takes a mounted fixture */
void test_bad_super(void **state);
void test_bad_inode_size_field(void **state);
void test_incompat_extents(void **state);
void test_bad_group_desc(void **state);
void test_device_too_small(void **state);
void test_device_errors(void **state);
void test_bad_block_pointer(void **state);
void test_indirect_loop(void **state);
void test_bad_file_inode(void **state);
void test_bad_dirent(void **state);
void test_bad_dir_inode(void **state);
void test_bad_symlink(void **state);
void test_bad_root(void **state);
void test_fuzz(void **state);

#endif
