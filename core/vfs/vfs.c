/* Virtual file system: the mount table and the path walker (see vfs.h).
 *
 * A mount is known by the canonical path of the directory it covers ("/",
 * "/mnt/disk"). The walker keeps the canonical path of the directory it
 * stands in: entering a name whose canonical path is a mount point switches
 * to that filesystem's root, and ".." drops the last component and resolves
 * the shorter path again from the mount with the longest matching prefix.
 * That makes ".." cross mount points (and leave symlinked directories)
 * without relying on the filesystem's own ".." entries.
 *
 * The table is guarded by one irqsave spinlock, held only to find, count
 * or change entries: filesystem calls sleep and run without it. Each live
 * node holds a reference on its mount, so an unmount while another thread
 * walks or reads fails with -EBUSY instead of freeing the filesystem under
 * it. The walk state (three path buffers) lives on the heap, not the stack:
 * scripts nest walks a few levels deep. */
#include <keel/vfs.h>
#include <keel/blockdev.h>
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printk.h>
#include <keel/spinlock.h>
#include <keel/string.h>

enum mount_state {
	MOUNT_FREE,
	MOUNT_BUSY,	/* slot reserved while the filesystem is probed */
	MOUNT_ACTIVE,
};

struct vfs_mount {
	enum mount_state state;
	unsigned int refs;		/* live nodes and walks */
	unsigned int seq;		/* mount order */
	char path[VFS_PATH_MAX];	/* canonical, no trailing '/' but "/" */
	size_t path_len;
	const struct vfs_fs_ops *ops;
	void *fs;
	uint64_t root;
	struct blockdev *bdev;
	char bdev_name[32];
};

/* Every filesystem type Keel can mount, probed in this order. */
static const struct vfs_fs_ops *const fs_types[] = {
	&ext2_fs_ops,
};

static struct vfs_mount mounts[VFS_MOUNT_MAX];
static DEFINE_SPINLOCK(mount_lock);
static unsigned int mount_seq;

/* Resolution state of one walk. */
struct walk {
	struct vfs_node cur;		/* where the walk stands */
	char canon[VFS_PATH_MAX];	/* canonical path of cur */
	size_t canon_len;
	char path[VFS_PATH_MAX];	/* the path being walked, from pos */
	size_t pos;
	char link[VFS_PATH_MAX];	/* symlink target being spliced in */
	unsigned int hops;		/* symlinks followed */
	bool follow_last;
};

/* ------------------------------------------------------------ mount table */

/* Does mount path mp (length n) name the directory p (length len) or one of
 * its ancestors? */
static bool path_has_prefix(const char *p, size_t len, const char *mp, size_t n)
{
	if (n == 1)
		return true;	/* "/" */
	return len >= n && memcmp(p, mp, n) == 0 && (len == n || p[n] == '/');
}

/* The active mount at exactly canonical path p, with a reference taken. */
static struct vfs_mount *mount_get_exact(const char *p, size_t len)
{
	struct vfs_mount *found = NULL;
	unsigned long flags = spin_lock_irqsave(&mount_lock);

	for (unsigned int i = 0; i < VFS_MOUNT_MAX && !found; i++) {
		struct vfs_mount *m = &mounts[i];

		if (m->state == MOUNT_ACTIVE && m->path_len == len &&
		    memcmp(m->path, p, len) == 0)
			found = m;
	}
	if (found)
		found->refs++;
	spin_unlock_irqrestore(&mount_lock, flags);
	return found;
}

/* The active mount with the longest path that is p or an ancestor of it,
 * with a reference taken; *used = characters of p that path covers. */
static struct vfs_mount *mount_get_prefix(const char *p, size_t len, size_t *used)
{
	struct vfs_mount *best = NULL;
	unsigned long flags = spin_lock_irqsave(&mount_lock);

	for (unsigned int i = 0; i < VFS_MOUNT_MAX; i++) {
		struct vfs_mount *m = &mounts[i];

		if (m->state == MOUNT_ACTIVE &&
		    path_has_prefix(p, len, m->path, m->path_len) &&
		    (!best || m->path_len > best->path_len))
			best = m;
	}
	if (best) {
		best->refs++;
		*used = best->path_len == 1 ? 0 : best->path_len;
	}
	spin_unlock_irqrestore(&mount_lock, flags);
	return best;
}

static void mount_put(struct vfs_mount *m)
{
	unsigned long flags = spin_lock_irqsave(&mount_lock);

	if (m->refs)
		m->refs--;
	spin_unlock_irqrestore(&mount_lock, flags);
}

/* Drop the mount reference of a node (see vfs.h). */
void vfs_node_put(struct vfs_node *node)
{
	if (node && node->mnt) {
		mount_put(node->mnt);
		node->mnt = NULL;
	}
}

/* ------------------------------------------------------------ path helpers */

/* Length of the component at p (up to '/' or the end). */
static size_t comp_len(const char *p)
{
	size_t n = 0;

	while (p[n] && p[n] != '/')
		n++;
	return n;
}

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* Append /name to the canonical path buf (length *len, size bytes). */
static int canon_push(char *buf, size_t *len, size_t size, const char *name,
		      size_t n)
{
	size_t sep = *len > 1;

	if (*len + sep + n >= size)
		return -ENAMETOOLONG;
	if (sep)
		buf[(*len)++] = '/';
	memcpy(buf + *len, name, n);
	*len += n;
	buf[*len] = '\0';
	return 0;
}

/* Remove the last component of a canonical path ("/" stays "/"). */
static void canon_pop(char *buf, size_t *len)
{
	while (*len > 1 && buf[*len - 1] != '/')
		(*len)--;
	if (*len > 1)
		(*len)--;	/* the separator */
	buf[*len] = '\0';
}

/* Remove ".", ".." and repeated slashes from path without looking at any
 * filesystem; the result is absolute. Returns 0, -ENOENT for "", or
 * -ENAMETOOLONG. */
static int normalize(const char *path, char *out, size_t size)
{
	size_t len = 1, n;
	int ret;

	if (!path || !*path)
		return -ENOENT;
	out[0] = '/';
	out[1] = '\0';
	for (const char *p = path; *p; p += n) {
		while (*p == '/')
			p++;
		n = comp_len(p);
		if (!n || is_dot(p, n))
			continue;
		if (is_dotdot(p, n)) {
			canon_pop(out, &len);
			continue;
		}
		ret = canon_push(out, &len, size, p, n);
		if (ret)
			return ret;
	}
	return 0;
}

/* ------------------------------------------------------------ the walker */

/* Make (m, ino, type) the walk's position; m's reference passes to it. */
static void walk_set(struct walk *w, struct vfs_mount *m, uint64_t ino,
		     enum vfs_type type)
{
	struct vfs_mount *old = w->cur.mnt;

	w->cur = (struct vfs_node){ .mnt = m, .ino = ino, .type = type };
	if (old)
		mount_put(old);
}

/* Find name in the directory node; its inode and type. */
static int child_lookup(const struct vfs_node *dir, const char *name,
			size_t len, uint64_t *ino, enum vfs_type *type)
{
	const struct vfs_mount *m = dir->mnt;
	struct vfs_stat st;
	int ret;

	ret = m->ops->lookup(m->fs, dir->ino, name, len, ino);
	if (ret)
		return ret;
	ret = m->ops->stat(m->fs, *ino, &st);
	if (ret)
		return ret;
	*type = st.type;
	return 0;
}

/* Stand at the root of the filesystem mounted on "/". */
static int walk_root(struct walk *w)
{
	struct vfs_mount *m = mount_get_exact("/", 1);

	if (!m)
		return -ENOENT;
	walk_set(w, m, m->root, VFS_TYPE_DIR);
	w->canon[0] = '/';
	w->canon[1] = '\0';
	w->canon_len = 1;
	return 0;
}

/* Resolve w->canon again from scratch (after ".." shortened it): from the
 * deepest mount containing it, every remaining component is a directory. */
static int walk_canon(struct walk *w)
{
	struct vfs_mount *m;
	const char *p;
	size_t used = 0, n;
	uint64_t ino;
	enum vfs_type type;
	int ret;

	m = mount_get_prefix(w->canon, w->canon_len, &used);
	if (!m)
		return -ENOENT;
	walk_set(w, m, m->root, VFS_TYPE_DIR);
	for (p = w->canon + used; *p; p += n) {
		while (*p == '/')
			p++;
		n = comp_len(p);
		if (!n)
			break;
		ret = child_lookup(&w->cur, p, n, &ino, &type);
		if (ret)
			return ret;
		if (type != VFS_TYPE_DIR)
			return -ENOTDIR;	/* changed under us */
		w->cur.ino = ino;
	}
	return 0;
}

/* Replace the walked part of the path by the target of the symlink ino:
 * the walk goes on with target + what was left. */
static int walk_link(struct walk *w, uint64_t ino)
{
	const struct vfs_mount *m = w->cur.mnt;
	size_t tlen, rlen;
	int ret;

	if (++w->hops > VFS_SYMLINK_MAX)
		return -ELOOP;
	ret = m->ops->readlink(m->fs, ino, w->link, sizeof(w->link));
	if (ret < 0)
		return ret;
	tlen = strnlen(w->link, sizeof(w->link));
	if (tlen == 0)
		return -ENOENT;
	rlen = strlen(w->path + w->pos);
	if (tlen == sizeof(w->link) || tlen + rlen >= sizeof(w->path))
		return -ENAMETOOLONG;
	memmove(w->path + tlen, w->path + w->pos, rlen + 1);
	memcpy(w->path, w->link, tlen);
	w->pos = 0;
	if (w->link[0] == '/')
		return walk_root(w);
	return 0;	/* relative: from the directory holding the link */
}

/* Enter the entry name of the current directory; follow: resolve it if
 * it is a symlink. */
static int walk_name(struct walk *w, const char *name, size_t len, bool follow)
{
	struct vfs_mount *m;
	uint64_t ino;
	enum vfs_type type;
	int ret;

	ret = child_lookup(&w->cur, name, len, &ino, &type);
	if (ret)
		return ret;
	if (type == VFS_TYPE_SYMLINK && follow)
		return walk_link(w, ino);
	ret = canon_push(w->canon, &w->canon_len, sizeof(w->canon), name, len);
	if (ret)
		return ret;
	m = type == VFS_TYPE_DIR ? mount_get_exact(w->canon, w->canon_len) : NULL;
	if (m) {
		walk_set(w, m, m->root, VFS_TYPE_DIR);	/* a mount point */
	} else {
		w->cur.ino = ino;
		w->cur.type = type;
	}
	return 0;
}

/* Walk what is left of w->path. */
static int walk(struct walk *w)
{
	const char *name;
	size_t len, skipped;
	bool last;
	int ret;

	for (;;) {
		for (skipped = 0; w->path[w->pos] == '/'; skipped++)
			w->pos++;
		if (skipped && w->cur.type != VFS_TYPE_DIR)
			return -ENOTDIR;
		if (!w->path[w->pos])
			return 0;
		name = w->path + w->pos;
		len = comp_len(name);
		w->pos += len;
		last = w->path[w->pos] == '\0';
		if (len > VFS_NAME_MAX)
			return -ENAMETOOLONG;
		if (is_dot(name, len))
			continue;
		if (is_dotdot(name, len)) {
			canon_pop(w->canon, &w->canon_len);
			ret = walk_canon(w);
		} else {
			ret = walk_name(w, name, len, !last || w->follow_last);
		}
		if (ret)
			return ret;
	}
}

/* Resolve a path (see vfs.h). */
int vfs_lookup_canon(const char *path, struct vfs_node *out, bool follow_last,
		     char *canon, size_t size)
{
	struct walk *w;
	size_t len;
	int ret;

	if (!path || !*path)
		return -ENOENT;
	len = strnlen(path, VFS_PATH_MAX);
	if (len == VFS_PATH_MAX)
		return -ENAMETOOLONG;
	w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	memcpy(w->path, path, len + 1);
	w->follow_last = follow_last;
	ret = walk_root(w);
	if (!ret)
		ret = walk(w);
	if (!ret && canon && w->canon_len >= size)
		ret = -ENAMETOOLONG;
	else if (!ret && canon)
		memcpy(canon, w->canon, w->canon_len + 1);
	if (ret)
		vfs_node_put(&w->cur);
	else
		*out = w->cur;
	kfree(w);
	return ret;
}

int vfs_lookup(const char *path, struct vfs_node *out, bool follow_last)
{
	return vfs_lookup_canon(path, out, follow_last, NULL, 0);
}

/* ------------------------------------------------------------ mount/umount */

/* The device read callback handed to filesystems. */
static int bdev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	return blockdev_read_bytes(ctx, off, buf, len);
}

/* Canonical path of the directory to mount on: "/" needs nothing mounted
 * yet; any other path must be an existing directory. */
static int mount_point_path(const char *path, char *canon)
{
	struct vfs_node node;
	int ret;

	ret = normalize(path, canon, VFS_PATH_MAX);
	if (ret || strcmp(canon, "/") == 0)
		return ret;
	ret = vfs_lookup_canon(path, &node, true, canon, VFS_PATH_MAX);
	if (ret)
		return ret;
	if (node.type != VFS_TYPE_DIR)
		ret = -ENOTDIR;
	vfs_node_put(&node);
	return ret;
}

/* Reserve a free slot for canonical path p: -EBUSY when p is already a
 * mount point (or being mounted), -ENOSPC when the table is full. */
static int mount_reserve(const char *p, struct vfs_mount **slot)
{
	struct vfs_mount *free_slot = NULL;
	size_t len = strlen(p);
	unsigned long flags = spin_lock_irqsave(&mount_lock);
	int ret = 0;

	for (unsigned int i = 0; i < VFS_MOUNT_MAX; i++) {
		struct vfs_mount *m = &mounts[i];

		if (m->state == MOUNT_FREE) {
			if (!free_slot)
				free_slot = m;
		} else if (m->path_len == len && memcmp(m->path, p, len) == 0) {
			ret = -EBUSY;
		}
	}
	if (!ret && !free_slot)
		ret = -ENOSPC;
	if (!ret) {
		free_slot->state = MOUNT_BUSY;
		free_slot->refs = 0;
		memcpy(free_slot->path, p, len + 1);
		free_slot->path_len = len;
		*slot = free_slot;
	}
	spin_unlock_irqrestore(&mount_lock, flags);
	return ret;
}

/* Try each filesystem type on bdev; fills ops, fs and root of m. */
static int mount_probe(struct vfs_mount *m, struct blockdev *bdev)
{
	uint64_t size = bdev->nr_blocks * bdev->block_size;
	int ret;

	for (unsigned int i = 0; i < ARRAY_SIZE(fs_types); i++) {
		ret = fs_types[i]->mount(bdev_read, bdev, size, &m->fs);
		if (ret == 0) {
			m->ops = fs_types[i];
			m->root = m->ops->root(m->fs);
			return 0;
		}
		if (ret != -EINVAL)
			return ret;	/* an I/O error, out of memory... */
	}
	return -EINVAL;
}

/* Mount the filesystem on a block device (see vfs.h). */
int vfs_mount(const char *bdev_name, const char *path)
{
	struct blockdev *bdev = bdev_name ? blockdev_find(bdev_name) : NULL;
	struct vfs_mount *m = NULL;
	unsigned long flags;
	char *canon;
	size_t len;
	int ret;

	if (!bdev)
		return -ENODEV;
	canon = kmalloc(VFS_PATH_MAX);
	if (!canon)
		return -ENOMEM;
	ret = mount_point_path(path, canon);
	if (!ret)
		ret = mount_reserve(canon, &m);
	kfree(canon);
	if (ret)
		return ret;
	m->bdev = bdev;
	len = strnlen(bdev->name, sizeof(m->bdev_name) - 1);
	memcpy(m->bdev_name, bdev->name, len);
	m->bdev_name[len] = '\0';
	ret = mount_probe(m, bdev);
	flags = spin_lock_irqsave(&mount_lock);
	m->state = ret ? MOUNT_FREE : MOUNT_ACTIVE;
	m->seq = ++mount_seq;
	spin_unlock_irqrestore(&mount_lock, flags);
	return ret;
}

/* Under mount_lock: the active mount at canonical path p, or an error. */
static int umount_check(const char *p, struct vfs_mount **found)
{
	size_t len = strlen(p);
	struct vfs_mount *t = NULL;

	for (unsigned int i = 0; i < VFS_MOUNT_MAX; i++)
		if (mounts[i].state == MOUNT_ACTIVE && mounts[i].path_len == len &&
		    memcmp(mounts[i].path, p, len) == 0)
			t = &mounts[i];
	if (!t)
		return -EINVAL;
	if (t->refs)
		return -EBUSY;
	for (unsigned int i = 0; i < VFS_MOUNT_MAX; i++) {
		const struct vfs_mount *m = &mounts[i];

		if (m != t && m->state != MOUNT_FREE &&
		    path_has_prefix(m->path, m->path_len, t->path, t->path_len))
			return -EBUSY;	/* mounted below t */
	}
	*found = t;
	return 0;
}

/* Unmount (see vfs.h). */
int vfs_umount(const char *path)
{
	const struct vfs_fs_ops *ops = NULL;
	struct vfs_mount *m = NULL;
	unsigned long flags;
	void *fs = NULL;
	char *canon = kmalloc(VFS_PATH_MAX);
	int ret;

	if (!canon)
		return -ENOMEM;
	ret = normalize(path, canon, VFS_PATH_MAX);
	flags = spin_lock_irqsave(&mount_lock);
	if (!ret)
		ret = umount_check(canon, &m);
	if (!ret) {
		ops = m->ops;
		fs = m->fs;
		m->state = MOUNT_FREE;
	}
	spin_unlock_irqrestore(&mount_lock, flags);
	kfree(canon);
	if (!ret && ops->unmount)
		ops->unmount(fs);
	return ret;
}

/* The active mount with the smallest sequence number above seq, with a
 * reference taken, or NULL. */
static struct vfs_mount *mount_get_next(unsigned int seq)
{
	struct vfs_mount *best = NULL;
	unsigned long flags = spin_lock_irqsave(&mount_lock);

	for (unsigned int i = 0; i < VFS_MOUNT_MAX; i++) {
		struct vfs_mount *m = &mounts[i];

		if (m->state == MOUNT_ACTIVE && m->seq > seq &&
		    (!best || m->seq < best->seq))
			best = m;
	}
	if (best)
		best->refs++;
	spin_unlock_irqrestore(&mount_lock, flags);
	return best;
}

/* List the mount points in mount order (see vfs.h). The reference held
 * across fn keeps the entry from being unmounted meanwhile. */
void vfs_for_each_mount(void (*fn)(const struct vfs_mount_info *mi, void *ctx),
			void *ctx)
{
	struct vfs_mount_info mi;
	struct vfs_mount *m;
	unsigned int seq = 0;

	while ((m = mount_get_next(seq))) {
		seq = m->seq;
		mi = (struct vfs_mount_info){
			.path = m->path, .bdev = m->bdev_name, .fs = m->ops->name,
		};
		fn(&mi, ctx);
		mount_put(m);
	}
}

const char *vfs_fs_type_name(unsigned int i)
{
	return i < ARRAY_SIZE(fs_types) ? fs_types[i]->name : NULL;
}

/* ------------------------------------------------------------ node access */

int vfs_node_stat(const struct vfs_node *node, struct vfs_stat *st)
{
	if (!node || !node->mnt)
		return -EINVAL;
	return node->mnt->ops->stat(node->mnt->fs, node->ino, st);
}

int64_t vfs_node_read(const struct vfs_node *node, uint64_t off, void *buf,
		      size_t len)
{
	if (!node || !node->mnt)
		return -EINVAL;
	if (node->type == VFS_TYPE_DIR)
		return -EISDIR;
	if (len == 0)
		return 0;
	return node->mnt->ops->read(node->mnt->fs, node->ino, off, buf, len);
}

int vfs_node_readdir(const struct vfs_node *node, vfs_dir_cb_t cb, void *ctx)
{
	if (!node || !node->mnt)
		return -EINVAL;
	if (node->type != VFS_TYPE_DIR)
		return -ENOTDIR;
	return node->mnt->ops->readdir(node->mnt->fs, node->ino, cb, ctx);
}

int vfs_node_readlink(const struct vfs_node *node, char *buf, size_t size)
{
	if (!node || !node->mnt || node->type != VFS_TYPE_SYMLINK)
		return -EINVAL;
	return node->mnt->ops->readlink(node->mnt->fs, node->ino, buf, size);
}

/* ------------------------------------------------------------ by path */

static int stat_path(const char *path, struct vfs_stat *st, bool follow)
{
	struct vfs_node node;
	int ret = vfs_lookup(path, &node, follow);

	if (ret)
		return ret;
	ret = vfs_node_stat(&node, st);
	vfs_node_put(&node);
	return ret;
}

int vfs_stat(const char *path, struct vfs_stat *st)
{
	return stat_path(path, st, true);
}

int vfs_lstat(const char *path, struct vfs_stat *st)
{
	return stat_path(path, st, false);
}

int64_t vfs_read(const char *path, uint64_t off, void *buf, size_t len)
{
	struct vfs_node node;
	int64_t ret = vfs_lookup(path, &node, true);

	if (ret)
		return ret;
	ret = vfs_node_read(&node, off, buf, len);
	vfs_node_put(&node);
	return ret;
}

int vfs_readdir(const char *path, vfs_dir_cb_t cb, void *ctx)
{
	struct vfs_node node;
	int ret = vfs_lookup(path, &node, true);

	if (ret)
		return ret;
	ret = vfs_node_readdir(&node, cb, ctx);
	vfs_node_put(&node);
	return ret;
}

int vfs_readlink(const char *path, char *buf, size_t size)
{
	struct vfs_node node;
	int ret = vfs_lookup(path, &node, false);

	if (ret)
		return ret;
	ret = vfs_node_readlink(&node, buf, size);
	vfs_node_put(&node);
	return ret;
}

/* Read the size bytes of node into buf; returns the bytes read (fewer if
 * the file ended early) or -errno. */
static int64_t read_all(const struct vfs_node *node, void *buf, uint64_t size)
{
	uint64_t done = 0;
	int64_t n;

	while (done < size) {
		n = vfs_node_read(node, done, (char *)buf + done, size - done);
		if (n < 0)
			return n;
		if (n == 0)
			break;
		done += (uint64_t)n;
	}
	return (int64_t)done;
}

/* Read a whole file into the heap (see vfs.h). */
int vfs_read_file(const char *path, void **data, size_t *len, size_t max)
{
	struct vfs_node node;
	struct vfs_stat st;
	int64_t n;
	char *buf = NULL;
	int ret = vfs_lookup(path, &node, true);

	if (ret)
		return ret;
	if (node.type != VFS_TYPE_FILE)
		ret = node.type == VFS_TYPE_DIR ? -EISDIR : -EINVAL;
	if (!ret)
		ret = vfs_node_stat(&node, &st);
	if (!ret && (st.size > max || st.size >= SIZE_MAX))
		ret = -E2BIG;
	if (!ret && !(buf = kmalloc(st.size + 1)))
		ret = -ENOMEM;
	n = ret ? ret : read_all(&node, buf, st.size);
	vfs_node_put(&node);
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	buf[n] = '\0';
	*data = buf;
	*len = (size_t)n;
	return 0;
}

const char *vfs_type_name(enum vfs_type type)
{
	switch (type) {
	case VFS_TYPE_FILE:	return "file";
	case VFS_TYPE_DIR:	return "dir";
	case VFS_TYPE_SYMLINK:	return "symlink";
	default:		return "other";
	}
}
