/* Unit tests of the VFS mount table and path walker (core/vfs/vfs.c).
 *
 * The test supplies a fake in-memory filesystem behind the vfs_fs_ops
 * interface, registered under the name the kernel's table uses
 * (ext2_fs_ops), and fake block devices whose first bytes say which fake
 * image they hold. kmalloc() is the C library's (heap_stub.c), so
 * AddressSanitizer checks every buffer at its exact size and reports leaks;
 * teardown unmounts everything, which fails if a mount reference leaked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <keel/blockdev.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/string.h>
#include <keel/vfs.h>

/* append()/append_n() stand-ins (glibc's <string.h> clashes with Keel's
 * strerror()): append at most n bytes of s to the string in dst. */
static void append_n(char *dst, const char *s, size_t n)
{
	size_t len = strlen(dst), k = strnlen(s, n);

	memcpy(dst + len, s, k);
	dst[len + k] = '\0';
}

static void append(char *dst, const char *s)
{
	append_n(dst, s, strlen(s));
}

/* ------------------------------------------------------------ fake images */

struct fnode {
	uint64_t ino, parent;
	const char *name;
	enum vfs_type type;
	const char *data;	/* file contents or symlink target */
};

#define LONG_TARGET \
	"././././././././././././././././././././././././././././././././././" \
	"././././././././././././././././././././././././././././././././././" \
	"././././././././././././././././././././././././././././././././././" \
	"././././././././././././././././././././././././././././././././././" \
	"././././././././././././././././././././././././././././././././././" \
	"././././././././././././././././././././././././././././././././././etc"

/* The filesystem mounted on "/". */
static const struct fnode image0[] = {
	{ 1, 1, "", VFS_TYPE_DIR, NULL },
	{ 2, 1, "etc", VFS_TYPE_DIR, NULL },
	{ 3, 2, "hosts", VFS_TYPE_FILE, "127.0.0.1 localhost\n" },
	{ 4, 1, "bin", VFS_TYPE_DIR, NULL },
	{ 5, 4, "sh", VFS_TYPE_FILE, "#!sh" },
	{ 6, 1, "mnt", VFS_TYPE_DIR, NULL },
	{ 7, 1, "lnk_abs", VFS_TYPE_SYMLINK, "/etc/hosts" },
	{ 8, 2, "rel", VFS_TYPE_SYMLINK, "hosts" },
	{ 9, 2, "up", VFS_TYPE_SYMLINK, "../bin" },
	{ 10, 1, "loop1", VFS_TYPE_SYMLINK, "/loop2" },
	{ 11, 1, "loop2", VFS_TYPE_SYMLINK, "loop1" },
	{ 12, 1, "self", VFS_TYPE_SYMLINK, "self" },
	{ 13, 1, "dangling", VFS_TYPE_SYMLINK, "/nonexistent" },
	{ 14, 1, "to_mnt", VFS_TYPE_SYMLINK, "mnt/sub" },
	{ 15, 2, "dirlink", VFS_TYPE_SYMLINK, "/bin" },
	{ 16, 1, "empty", VFS_TYPE_SYMLINK, "" },
	{ 17, 1, "long", VFS_TYPE_SYMLINK, LONG_TARGET },
	/* c0 -> c1 -> ... -> c8 -> /etc/hosts: 9 links */
	{ 20, 1, "c0", VFS_TYPE_SYMLINK, "c1" },
	{ 21, 1, "c1", VFS_TYPE_SYMLINK, "c2" },
	{ 22, 1, "c2", VFS_TYPE_SYMLINK, "c3" },
	{ 23, 1, "c3", VFS_TYPE_SYMLINK, "c4" },
	{ 24, 1, "c4", VFS_TYPE_SYMLINK, "c5" },
	{ 25, 1, "c5", VFS_TYPE_SYMLINK, "c6" },
	{ 26, 1, "c6", VFS_TYPE_SYMLINK, "c7" },
	{ 27, 1, "c7", VFS_TYPE_SYMLINK, "c8" },
	{ 28, 1, "c8", VFS_TYPE_SYMLINK, "/etc/hosts" },
	{ 30, 1, "dev", VFS_TYPE_OTHER, NULL },
	{ 0 }
};

/* The filesystem mounted on "/mnt" (and, nested, on its own "sub"). */
static const struct fnode image1[] = {
	{ 1, 1, "", VFS_TYPE_DIR, NULL },
	{ 2, 1, "sub", VFS_TYPE_DIR, NULL },
	{ 3, 2, "file", VFS_TYPE_FILE, "in mnt" },
	{ 4, 1, "up", VFS_TYPE_SYMLINK, "../etc" },
	{ 5, 1, "abs", VFS_TYPE_SYMLINK, "/etc/hosts" },
	{ 0 }
};

static const struct fnode *const images[] = { image0, image1 };

struct fake_fs {
	const struct fnode *nodes;
};

static unsigned int fake_mounts, fake_unmounts;
static int fake_stat_err;	/* when set, stat() fails with it */

static const struct fnode *fnode_get(const struct fake_fs *fs, uint64_t ino)
{
	for (const struct fnode *n = fs->nodes; n->ino; n++)
		if (n->ino == ino)
			return n;
	return NULL;
}

static int fake_mount(vfs_dev_read_t read, void *ctx, uint64_t dev_size, void **out)
{
	char magic[8];
	struct fake_fs *fs;
	int ret = read(ctx, 0, magic, sizeof(magic));

	if (ret)
		return ret;
	if (memcmp(magic, "FAKEFS", 6) || magic[6] < '0' || magic[6] > '1')
		return -EINVAL;
	fs = kmalloc(sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->nodes = images[magic[6] - '0'];
	*out = fs;
	fake_mounts++;
	return 0;
}

static void fake_unmount(void *fs)
{
	kfree(fs);
	fake_unmounts++;
}

static uint64_t fake_root(void *fs)
{
	return 1;
}

static int fake_lookup(void *vfs, uint64_t dir, const char *name, size_t len,
		       uint64_t *ino)
{
	const struct fake_fs *fs = vfs;
	const struct fnode *d = fnode_get(fs, dir);

	assert_non_null(d);
	assert_int_equal(d->type, VFS_TYPE_DIR);	/* the walker checks */
	assert_true(len > 0 && len <= VFS_NAME_MAX);
	assert_null(memchr(name, '/', len));
	for (const struct fnode *n = fs->nodes; n->ino; n++) {
		if (n->ino != 1 && n->parent == dir && strlen(n->name) == len &&
		    memcmp(n->name, name, len) == 0) {
			*ino = n->ino;
			return 0;
		}
	}
	return -ENOENT;
}

static int fake_stat(void *fs, uint64_t ino, struct vfs_stat *st)
{
	const struct fnode *n = fnode_get(fs, ino);

	if (fake_stat_err)
		return fake_stat_err;
	assert_non_null(n);
	*st = (struct vfs_stat){
		.ino = ino, .type = n->type, .links = 1, .mode = 0644,
		.size = n->data ? strlen(n->data) : 1024,
	};
	return 0;
}

static int64_t fake_read(void *fs, uint64_t ino, uint64_t off, void *buf, size_t len)
{
	const struct fnode *n = fnode_get(fs, ino);
	size_t size;

	assert_non_null(n);
	assert_int_equal(n->type, VFS_TYPE_FILE);
	size = strlen(n->data);
	if (off >= size)
		return 0;
	len = MIN(len, size - off);
	len = MIN(len, (size_t)3);	/* short reads: callers must loop */
	memcpy(buf, n->data + off, len);
	return (int64_t)len;
}

static int fake_readdir(void *vfs, uint64_t dir, vfs_dir_cb_t cb, void *ctx)
{
	const struct fake_fs *fs = vfs;

	if (cb(ctx, ".", 1, dir, VFS_TYPE_DIR) || cb(ctx, "..", 2, dir, VFS_TYPE_DIR))
		return 0;
	for (const struct fnode *n = fs->nodes; n->ino; n++)
		if (n->ino != 1 && n->parent == dir &&
		    cb(ctx, n->name, strlen(n->name), n->ino, n->type))
			return 0;
	return 0;
}

static int fake_readlink(void *fs, uint64_t ino, char *buf, size_t size)
{
	const struct fnode *n = fnode_get(fs, ino);

	assert_non_null(n);
	assert_int_equal(n->type, VFS_TYPE_SYMLINK);
	if (strlen(n->data) >= size)
		return -ENAMETOOLONG;
	memcpy(buf, n->data, strlen(n->data) + 1);
	return 0;
}

/* The one filesystem type vfs.c knows, under the name it knows it by. */
const struct vfs_fs_ops ext2_fs_ops = {
	.name = "fakefs",
	.mount = fake_mount, .unmount = fake_unmount, .root = fake_root,
	.lookup = fake_lookup, .stat = fake_stat, .read = fake_read,
	.readdir = fake_readdir, .readlink = fake_readlink,
};

/* ------------------------------------------------------------ fake disks */

static struct blockdev disks[] = {
	{ .name = "disk0", .block_size = 512, .nr_blocks = 1, .priv = "FAKEFS0" },
	{ .name = "disk1", .block_size = 512, .nr_blocks = 1, .priv = "FAKEFS1" },
	{ .name = "junk", .block_size = 512, .nr_blocks = 1, .priv = "JUNKJUNK" },
	{ .name = "broken", .block_size = 512, .nr_blocks = 1, .priv = NULL },
};

struct blockdev *blockdev_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(disks); i++)
		if (strcmp(disks[i].name, name) == 0)
			return &disks[i];
	return NULL;
}

int blockdev_read_bytes(struct blockdev *bdev, uint64_t off, void *buf, size_t len)
{
	const char *data = bdev->priv;

	if (!data)
		return -EIO;
	assert_true(off + len <= 8);
	memcpy(buf, data + off, len);
	return 0;
}

/* ------------------------------------------------------------ fixtures */

static void count_mount(const struct vfs_mount_info *mi, void *ctx)
{
	(*(unsigned int *)ctx)++;
}

static unsigned int nr_mounts(void)
{
	unsigned int n = 0;

	vfs_for_each_mount(count_mount, &n);
	return n;
}

/* Mount disk0 on "/" (and disk1 on /mnt when both). */
static int setup_root(void **state)
{
	fake_mounts = fake_unmounts = 0;
	fake_stat_err = 0;
	assert_int_equal(vfs_mount("disk0", "/"), 0);
	return 0;
}

static int setup_both(void **state)
{
	setup_root(state);
	assert_int_equal(vfs_mount("disk1", "/mnt"), 0);
	return 0;
}

/* Unmount everything (which fails while a reference is left). */
static int teardown(void **state)
{
	vfs_umount("/mnt");
	assert_int_equal(vfs_umount("/"), 0);
	assert_int_equal(nr_mounts(), 0);
	assert_int_equal(fake_mounts, fake_unmounts);
	return 0;
}

/* Resolve path; check the result's type, inode, canonical path and mount. */
static struct vfs_mount *check(const char *path, bool follow, enum vfs_type type,
			       uint64_t ino, const char *canon)
{
	char buf[VFS_PATH_MAX];
	struct vfs_node node;
	struct vfs_mount *m;
	int ret = vfs_lookup_canon(path, &node, follow, buf, sizeof(buf));

	if (ret)
		fail_msg("%s: %s", path, strerror(ret));
	assert_int_equal(node.type, type);
	assert_int_equal(node.ino, ino);
	assert_string_equal(buf, canon);
	m = node.mnt;
	vfs_node_put(&node);
	assert_null(node.mnt);
	return m;
}

static void check_err(const char *path, bool follow, int err)
{
	struct vfs_node node = { 0 };

	assert_int_equal(vfs_lookup(path, &node, follow), err);
	assert_null(node.mnt);
}

/* ------------------------------------------------------------ walker */

static void test_no_root(void **state)
{
	check_err("/", true, -ENOENT);
	check_err("/etc", true, -ENOENT);
	assert_int_equal(vfs_mount("disk1", "/mnt"), -ENOENT);
	assert_int_equal(nr_mounts(), 0);
}

static void test_plain_paths(void **state)
{
	check("/", true, VFS_TYPE_DIR, 1, "/");
	check("/etc", true, VFS_TYPE_DIR, 2, "/etc");
	check("/etc/hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check("//etc///hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check("etc/hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts");	/* from "/" */
	check("/dev", true, VFS_TYPE_OTHER, 30, "/dev");
}

static void test_dot_and_dotdot(void **state)
{
	check("/.", true, VFS_TYPE_DIR, 1, "/");
	check("/..", true, VFS_TYPE_DIR, 1, "/");
	check("/../../..", true, VFS_TYPE_DIR, 1, "/");
	check("/etc/.", true, VFS_TYPE_DIR, 2, "/etc");
	check("/etc/./hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check("/etc/..", true, VFS_TYPE_DIR, 1, "/");
	check("/etc/../bin/sh", true, VFS_TYPE_FILE, 5, "/bin/sh");
	check("/bin/../../etc/./../etc/hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check_err("/nope/..", true, -ENOENT);
	check_err("/etc/hosts/..", true, -ENOTDIR);
	check_err("/etc/hosts/.", true, -ENOTDIR);
}

static void test_trailing_slashes(void **state)
{
	check("/etc/", true, VFS_TYPE_DIR, 2, "/etc");
	check("/etc//", false, VFS_TYPE_DIR, 2, "/etc");
	check_err("/etc/hosts/", true, -ENOTDIR);
	check_err("/etc/hosts//", false, -ENOTDIR);
	/* a trailing slash follows a last symlink even without follow_last */
	check("/etc/dirlink/", false, VFS_TYPE_DIR, 4, "/bin");
	check("/etc/dirlink", false, VFS_TYPE_SYMLINK, 15, "/etc/dirlink");
	check_err("/lnk_abs/", false, -ENOTDIR);
}

static void test_errors(void **state)
{
	char longname[VFS_NAME_MAX + 3], longpath[VFS_PATH_MAX + 10];

	check_err("", true, -ENOENT);
	check_err("/nope", true, -ENOENT);
	check_err("/nope/x", true, -ENOENT);
	check_err("/etc/hosts/x", true, -ENOTDIR);
	check_err("/dev/x", true, -ENOTDIR);
	longname[0] = '/';
	memset(longname + 1, 'a', VFS_NAME_MAX + 1);
	longname[VFS_NAME_MAX + 2] = '\0';
	check_err(longname, true, -ENAMETOOLONG);
	longname[VFS_NAME_MAX + 1] = '\0';	/* exactly VFS_NAME_MAX: just absent */
	check_err(longname, true, -ENOENT);
	memset(longpath, '/', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	check_err(longpath, true, -ENAMETOOLONG);
	longpath[VFS_PATH_MAX - 1] = '\0';	/* 511 slashes: "/" */
	check(longpath, true, VFS_TYPE_DIR, 1, "/");
}

static void test_symlinks(void **state)
{
	check("/lnk_abs", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check("/lnk_abs", false, VFS_TYPE_SYMLINK, 7, "/lnk_abs");
	check("/etc/rel", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check("/etc/up", true, VFS_TYPE_DIR, 4, "/bin");
	check("/etc/up/sh", false, VFS_TYPE_FILE, 5, "/bin/sh");
	/* ".." after a symlinked directory is the target's parent */
	check("/etc/dirlink/../etc/hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check("/etc/up/..", true, VFS_TYPE_DIR, 1, "/");
	check("/long", true, VFS_TYPE_DIR, 2, "/etc");
	check("/long/hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts");
}

static void test_symlink_errors(void **state)
{
	char path[VFS_PATH_MAX];

	check_err("/loop1", true, -ELOOP);
	check_err("/loop1/x", false, -ELOOP);
	check("/loop1", false, VFS_TYPE_SYMLINK, 10, "/loop1");
	check_err("/self", true, -ELOOP);
	check_err("/dangling", true, -ENOENT);
	check("/dangling", false, VFS_TYPE_SYMLINK, 13, "/dangling");
	check_err("/empty", true, -ENOENT);
	/* c1 .. c8: eight links is the limit; c0 makes nine */
	check("/c1", true, VFS_TYPE_FILE, 3, "/etc/hosts");
	check_err("/c0", true, -ELOOP);
	check("/c0", false, VFS_TYPE_SYMLINK, 20, "/c0");
	/* link target + the rest of the path longer than a path */
	assert_true(strlen(LONG_TARGET) > 300);
	path[0] = '\0';
	append(path, "/long/");
	for (int i = 0; i < 60; i++)
		append(path, "./");
	append(path, "hosts");
	check_err(path, true, -ENAMETOOLONG);
}

static void test_fs_error_propagates(void **state)
{
	fake_stat_err = -EIO;
	check_err("/etc", true, -EIO);
	fake_stat_err = 0;
}

/* ------------------------------------------------------------ mounts */

static void test_mount_points(void **state)
{
	struct vfs_mount *root = check("/", true, VFS_TYPE_DIR, 1, "/");
	struct vfs_mount *mnt = check("/mnt", true, VFS_TYPE_DIR, 1, "/mnt");

	assert_ptr_not_equal(root, mnt);
	assert_ptr_equal(check("/mnt/", true, VFS_TYPE_DIR, 1, "/mnt"), mnt);
	assert_ptr_equal(check("/mnt/sub/file", true, VFS_TYPE_FILE, 3, "/mnt/sub/file"), mnt);
	assert_ptr_equal(check("/mnt/..", true, VFS_TYPE_DIR, 1, "/"), root);
	assert_ptr_equal(check("/mnt/sub/../../etc/hosts", true, VFS_TYPE_FILE, 3,
			       "/etc/hosts"), root);
	/* into a mount through a symlink, and out of it through one */
	assert_ptr_equal(check("/to_mnt/file", true, VFS_TYPE_FILE, 3, "/mnt/sub/file"), mnt);
	assert_ptr_equal(check("/mnt/up/hosts", true, VFS_TYPE_FILE, 3, "/etc/hosts"), root);
	assert_ptr_equal(check("/mnt/abs", true, VFS_TYPE_FILE, 3, "/etc/hosts"), root);
	check_err("/mnt/hosts", true, -ENOENT);	/* covered directory's view gone */
}

static void test_nested_mounts_and_full_table(void **state)
{
	char path[VFS_PATH_MAX] = "/mnt";
	unsigned int n = 2;

	/* /mnt/sub, /mnt/sub/sub, ...: each a new mount of image1 */
	while (n < VFS_MOUNT_MAX) {
		append(path, "/sub");
		assert_int_equal(vfs_mount("disk1", path), 0);
		n++;
	}
	assert_int_equal(nr_mounts(), VFS_MOUNT_MAX);
	check(path, true, VFS_TYPE_DIR, 1, path);
	append(path, "/sub");
	assert_int_equal(vfs_mount("disk1", path), -ENOSPC);
	path[strlen(path) - 4] = '\0';
	assert_int_equal(vfs_umount("/mnt"), -EBUSY);	/* mounts below it */
	while (n > 2) {
		assert_int_equal(vfs_umount(path), 0);
		path[strlen(path) - 4] = '\0';
		n--;
	}
	assert_int_equal(nr_mounts(), 2);
}

static void test_mount_errors(void **state)
{
	assert_int_equal(vfs_mount("nodev", "/mnt"), -ENODEV);
	assert_int_equal(vfs_mount("junk", "/mnt"), -EINVAL);
	assert_int_equal(vfs_mount("broken", "/mnt"), -EIO);
	assert_int_equal(vfs_mount("disk1", "/"), -EBUSY);
	assert_int_equal(vfs_mount("disk1", "/etc/../"), -EBUSY);
	assert_int_equal(vfs_mount("disk1", "/etc/hosts"), -ENOTDIR);
	assert_int_equal(vfs_mount("disk1", "/nope"), -ENOENT);
	assert_int_equal(vfs_mount("disk1", "/mnt"), 0);
	assert_int_equal(vfs_mount("disk1", "/mnt/"), -EBUSY);
	assert_int_equal(vfs_mount("disk1", "/to_mnt/.."), -EBUSY);	/* = /mnt */
	assert_int_equal(nr_mounts(), 2);
	assert_int_equal(fake_mounts, 2);
}

static void list_mount(const struct vfs_mount_info *mi, void *ctx)
{
	char *out = ctx;

	append(out, mi->path);
	append(out, "=");
	append(out, mi->bdev);
	append(out, ":");
	append(out, mi->fs);
	append(out, " ");
}

static void test_mount_list(void **state)
{
	char out[256] = "";

	assert_int_equal(vfs_mount("disk1", "/bin"), 0);
	vfs_for_each_mount(list_mount, out);
	assert_string_equal(out, "/=disk0:fakefs /mnt=disk1:fakefs /bin=disk1:fakefs ");
	assert_int_equal(vfs_umount("/bin"), 0);
	assert_string_equal(vfs_fs_type_name(0), "fakefs");
	assert_null(vfs_fs_type_name(1));
}

static void test_umount(void **state)
{
	struct vfs_node node;

	assert_int_equal(vfs_umount("/nope"), -EINVAL);
	assert_int_equal(vfs_umount("/etc"), -EINVAL);
	assert_int_equal(vfs_umount(""), -ENOENT);
	assert_int_equal(vfs_lookup("/mnt/sub/file", &node, true), 0);
	assert_int_equal(vfs_umount("/mnt"), -EBUSY);	/* node in use */
	assert_int_equal(vfs_umount("/"), -EBUSY);	/* /mnt below it */
	vfs_node_put(&node);
	vfs_node_put(&node);	/* harmless twice: the node was cleared */
	assert_int_equal(vfs_umount("//mnt/./"), 0);
	assert_int_equal(fake_unmounts, 1);
	check("/mnt", true, VFS_TYPE_DIR, 6, "/mnt");	/* the covered directory */
	assert_int_equal(vfs_mount("disk1", "/mnt"), 0);	/* again */
}

/* ------------------------------------------------------------ reading */

static void test_read(void **state)
{
	char buf[64];
	struct vfs_stat st;

	memset(buf, 0, sizeof(buf));
	assert_int_equal(vfs_read("/etc/hosts", 4, buf, 5), 3);	/* fs reads 3 at most */
	assert_string_equal(buf, "0.0");
	assert_int_equal(vfs_read("/etc/hosts", 100, buf, 5), 0);
	assert_int_equal(vfs_read("/etc/hosts", 0, buf, 0), 0);
	assert_int_equal(vfs_read("/etc", 0, buf, 5), -EISDIR);
	assert_int_equal(vfs_read("/nope", 0, buf, 5), -ENOENT);
	assert_int_equal(vfs_stat("/lnk_abs", &st), 0);
	assert_int_equal(st.type, VFS_TYPE_FILE);
	assert_int_equal(st.size, 20);
	assert_int_equal(vfs_lstat("/lnk_abs", &st), 0);
	assert_int_equal(st.type, VFS_TYPE_SYMLINK);
	assert_int_equal(vfs_readlink("/etc/up", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "../bin");
	assert_int_equal(vfs_readlink("/etc/hosts", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(vfs_readlink("/long", buf, sizeof(buf)), -ENAMETOOLONG);
}

static void test_read_file(void **state)
{
	void *data = NULL;
	size_t len = 0;

	assert_int_equal(vfs_read_file("/lnk_abs", &data, &len, 1024), 0);
	assert_int_equal(len, 20);
	assert_string_equal(data, "127.0.0.1 localhost\n");	/* NUL-terminated */
	kfree(data);
	assert_int_equal(vfs_read_file("/mnt/sub/file", &data, &len, 6), 0);
	assert_memory_equal(data, "in mnt", 6);
	kfree(data);
	data = NULL;
	assert_int_equal(vfs_read_file("/mnt/sub/file", &data, &len, 5), -E2BIG);
	assert_int_equal(vfs_read_file("/etc", &data, &len, 1024), -EISDIR);
	assert_int_equal(vfs_read_file("/dev", &data, &len, 1024), -EINVAL);
	assert_int_equal(vfs_read_file("/loop1", &data, &len, 1024), -ELOOP);
	assert_null(data);
}

static int collect(void *ctx, const char *name, size_t len, uint64_t ino,
		   enum vfs_type type)
{
	char *out = ctx;

	append_n(out, name, len);
	append(out, type == VFS_TYPE_DIR ? "/ " : " ");
	return strcmp(name, "c0") == 0;	/* stop early */
}

static void test_readdir(void **state)
{
	char out[256] = "";

	assert_int_equal(vfs_readdir("/etc/", collect, out), 0);
	assert_string_equal(out, "./ ../ hosts rel up dirlink ");
	out[0] = '\0';
	assert_int_equal(vfs_readdir("/mnt", collect, out), 0);
	assert_string_equal(out, "./ ../ sub/ up abs ");
	out[0] = '\0';
	assert_int_equal(vfs_readdir("/etc/up", collect, out), 0);	/* follows */
	assert_string_equal(out, "./ ../ sh ");
	out[0] = '\0';
	assert_int_equal(vfs_readdir("/", collect, out), 0);
	assert_non_null(strstr(out, "loop1 "));
	assert_null(strstr(out, "c1"));
	assert_int_equal(vfs_readdir("/etc/hosts", collect, out), -ENOTDIR);
	assert_int_equal(vfs_readdir("/nope", collect, out), -ENOENT);
}

static void test_type_names(void **state)
{
	assert_string_equal(vfs_type_name(VFS_TYPE_FILE), "file");
	assert_string_equal(vfs_type_name(VFS_TYPE_DIR), "dir");
	assert_string_equal(vfs_type_name(VFS_TYPE_SYMLINK), "symlink");
	assert_string_equal(vfs_type_name(VFS_TYPE_OTHER), "other");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_root),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test_setup_teardown(test_plain_paths, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_dot_and_dotdot, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slashes, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_symlinks, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_errors, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_fs_error_propagates, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_mount_points, setup_both, teardown),
		cmocka_unit_test_setup_teardown(test_nested_mounts_and_full_table,
						setup_both, teardown),
		cmocka_unit_test_setup_teardown(test_mount_errors, setup_root, teardown),
		cmocka_unit_test_setup_teardown(test_mount_list, setup_both, teardown),
		cmocka_unit_test_setup_teardown(test_umount, setup_both, teardown),
		cmocka_unit_test_setup_teardown(test_read, setup_both, teardown),
		cmocka_unit_test_setup_teardown(test_read_file, setup_both, teardown),
		cmocka_unit_test_setup_teardown(test_readdir, setup_both, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
