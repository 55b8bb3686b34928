/* Virtual file system: mount points, a path walker, and the operations a
 * filesystem (ext2 today) provides. Read-only for now. */
#ifndef KEEL_VFS_H
#define KEEL_VFS_H

#include <keel/types.h>

#define VFS_NAME_MAX	255
#define VFS_PATH_MAX	512
#define VFS_SYMLINK_MAX	8	/* symlinks followed in one walk before -ELOOP */

enum vfs_type { VFS_TYPE_FILE, VFS_TYPE_DIR, VFS_TYPE_SYMLINK, VFS_TYPE_OTHER };

struct vfs_stat {
	uint64_t ino;
	enum vfs_type type;
	uint32_t mode;		/* permission bits and type as on disk */
	uint64_t size;
	uint32_t links;
	uint32_t uid, gid;
	uint64_t mtime;		/* seconds since 1970 */
	uint64_t blocks;	/* 512-byte units allocated */
};

/* Read len bytes at offset off of the device under a filesystem. */
typedef int (*vfs_dev_read_t)(void *ctx, uint64_t off, void *buf, size_t len);

/* Called per directory entry; return non-zero to stop early. */
typedef int (*vfs_dir_cb_t)(void *ctx, const char *name, size_t len, uint64_t ino,
			    enum vfs_type type);

struct vfs_fs_ops {
	const char *name;	/* "ext2" */
	/* Recognise and mount: returns 0 and a private handle, -EINVAL if
	 * it is not this filesystem or it is corrupt (with a message). */
	int (*mount)(vfs_dev_read_t read, void *ctx, uint64_t dev_size, void **fs);
	void (*unmount)(void *fs);
	uint64_t (*root)(void *fs);
	int (*lookup)(void *fs, uint64_t dir, const char *name, size_t len, uint64_t *ino);
	int (*stat)(void *fs, uint64_t ino, struct vfs_stat *st);
	/* Returns bytes read (0 at end of file) or -errno. */
	int64_t (*read)(void *fs, uint64_t ino, uint64_t off, void *buf, size_t len);
	int (*readdir)(void *fs, uint64_t dir, vfs_dir_cb_t cb, void *ctx);
	/* Copies the target NUL-terminated; -ENAMETOOLONG if it does not fit. */
	int (*readlink)(void *fs, uint64_t ino, char *buf, size_t size);
};

extern const struct vfs_fs_ops ext2_fs_ops;

/* ------------------------------------------------------------ VFS layer
 * core/vfs/vfs.c: a small table of mount points and a path walker over it.
 *
 * Paths are absolute; a relative path is taken from "/" (there is no
 * current directory). The walker handles repeated slashes, "." and "..",
 * mount points and symbolic links (relative and absolute targets, at most
 * VFS_SYMLINK_MAX per walk). ".." is physical: after following a link to
 * /x/y, ".." is /x; ".." of "/" is "/".
 *
 * Locking: one spinlock guards the mount table only; filesystem calls run
 * outside it and may sleep, so every function below needs thread context.
 * A node returned by vfs_lookup() holds a reference on its mount, which
 * makes vfs_umount() of that mount fail with -EBUSY until vfs_node_put().
 */

#define VFS_MOUNT_MAX	8	/* mounted filesystems at one time */

struct vfs_mount;

/* A resolved file, directory or symlink. */
struct vfs_node {
	struct vfs_mount *mnt;	/* holds a reference while the node lives */
	uint64_t ino;
	enum vfs_type type;
};

/* One mount point as listed by vfs_for_each_mount(). */
struct vfs_mount_info {
	const char *path;	/* canonical absolute path */
	const char *bdev;	/* block device name */
	const char *fs;		/* filesystem type name */
};

/* Mount the filesystem found on block device bdev_name at path: each known
 * filesystem type is tried in turn. path must be "/" or an existing
 * directory on a mounted filesystem. Thread context (reads the device).
 * Returns 0, -ENODEV (no such block device), -EBUSY (already a mount
 * point), -ENOSPC (mount table full), -EINVAL (no known filesystem), or the
 * walker's error for path. */
int vfs_mount(const char *bdev_name, const char *path);

/* Unmount the filesystem mounted at path (compared after removing "." and
 * ".." and repeated slashes; symlinks are not followed). Thread context.
 * Returns 0, -EINVAL (not a mount point) or -EBUSY (nodes of it in use, or
 * another filesystem is mounted below it). */
int vfs_umount(const char *path);

/* Call fn for each mount point, in mount order. The info is valid during
 * the call only (a reference keeps that mount from being unmounted while
 * fn runs). Thread context. */
void vfs_for_each_mount(void (*fn)(const struct vfs_mount_info *mi, void *ctx),
			void *ctx);

/* Name of the i-th filesystem type vfs_mount() knows, NULL past the last. */
const char *vfs_fs_type_name(unsigned int i);

/* Resolve path to a node. follow_last: follow a symlink in the last
 * component (always followed when the path ends in '/'). A path ending in
 * '/' must name a directory. On success *out holds a mount reference:
 * release it with vfs_node_put(). Thread context. Returns 0, -ENOENT,
 * -ENOTDIR, -ENAMETOOLONG (path, name or link expansion too long), -ELOOP
 * (more than VFS_SYMLINK_MAX links), -ENOMEM, or the filesystem's error. */
int vfs_lookup(const char *path, struct vfs_node *out, bool follow_last);

/* As vfs_lookup(), also copying the canonical path of the node (no
 * symlinks, no "." or "..") into canon (size bytes, VFS_PATH_MAX enough). */
int vfs_lookup_canon(const char *path, struct vfs_node *out, bool follow_last,
		     char *canon, size_t size);

/* Drop the mount reference of a node from vfs_lookup(); *node is cleared.
 * Any context. */
void vfs_node_put(struct vfs_node *node);

/* Operations on a node. Thread context. */
int vfs_node_stat(const struct vfs_node *node, struct vfs_stat *st);
/* Returns bytes read (0 at end of file), -EISDIR for a directory. */
int64_t vfs_node_read(const struct vfs_node *node, uint64_t off, void *buf,
		      size_t len);
/* -ENOTDIR unless node is a directory. */
int vfs_node_readdir(const struct vfs_node *node, vfs_dir_cb_t cb, void *ctx);
/* -EINVAL unless node is a symlink. */
int vfs_node_readlink(const struct vfs_node *node, char *buf, size_t size);

/* The same by path: stat and read follow symlinks, lstat and readlink do
 * not. Thread context; the walker's errors as for vfs_lookup(). */
int vfs_stat(const char *path, struct vfs_stat *st);
int vfs_lstat(const char *path, struct vfs_stat *st);
int64_t vfs_read(const char *path, uint64_t off, void *buf, size_t len);
int vfs_readdir(const char *path, vfs_dir_cb_t cb, void *ctx);
int vfs_readlink(const char *path, char *buf, size_t size);

/* Read a whole regular file into a kmalloc()ed buffer (free with kfree();
 * one extra byte past the end is set to NUL for text users). Thread
 * context. Returns 0 with *data and *len set, -EISDIR, -EINVAL (not a
 * regular file), -E2BIG (larger than max bytes), -ENOMEM, or the walker's
 * or filesystem's error. */
int vfs_read_file(const char *path, void **data, size_t *len, size_t max);

/* Short name of a node type: "file", "dir", "symlink", "other". */
const char *vfs_type_name(enum vfs_type type);

#endif
