/* Read-only ext2: inodes and what they hold. Loads an inode from its group's
 * inode table, decodes and checks it (number, type, flags, size against the
 * type and the block map's reach), and implements the VFS stat, read and
 * readlink operations on top of the block map. */
#include <keel/errno.h>
#include <keel/string.h>

#include "ext2_internal.h"

/* Full 64-bit size of a regular file, or -EIO when the high word is set on
 * a filesystem without large_file. */
static int ext2_file_size(struct ext2_fs *fs, const struct ext2_disk_inode *d,
			  u64 *size)
{
	u32 hi = ext2_le32(d->i_size_high);

	if (hi && !fs->large_file)
		return -EIO;
	*size = (u64)hi << 32 | ext2_le32(d->i_size);
	return 0;
}

static void ext2_decode_inode(struct ext2_fs *fs, u32 ino,
			      const struct ext2_disk_inode *d, struct ext2_inode *ip)
{
	bool linux_os = fs->creator_os == EXT2_OS_LINUX;
	int i;

	ip->ino = ino;
	ip->mode = ext2_le16(d->i_mode);
	ip->links = ext2_le16(d->i_links_count);
	ip->uid = ext2_le16(d->i_uid) | (linux_os ? (u32)ext2_le16(d->i_uid_high) << 16 : 0);
	ip->gid = ext2_le16(d->i_gid) | (linux_os ? (u32)ext2_le16(d->i_gid_high) << 16 : 0);
	ip->size = ext2_le32(d->i_size);
	ip->blocks = ext2_le32(d->i_blocks);
	ip->flags = ext2_le32(d->i_flags);
	ip->mtime = ext2_le32(d->i_mtime);
	ip->file_acl = ext2_le32(d->i_file_acl);
	for (i = 0; i < EXT2_N_BLOCKS; i++)
		ip->block[i] = ext2_le32(d->i_block[i]);
}

/* Check the type-dependent size of a decoded inode. */
static int ext2_check_size(struct ext2_fs *fs, const struct ext2_disk_inode *d,
			   struct ext2_inode *ip)
{
	switch (ip->mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG:
		if (ext2_file_size(fs, d, &ip->size) || ip->size > fs->max_file_size) {
			ext2_corrupt(fs, ip->ino, "file size (high word 0x%x) out of range",
				     ext2_le32(d->i_size_high));
			return -EIO;
		}
		return 0;
	case EXT2_S_IFDIR:
		if (ip->size & (fs->block_size - 1) ||
		    ip->size > (u64)fs->blocks_count << fs->block_shift) {
			ext2_corrupt(fs, ip->ino, "bad directory size %llu",
				     (unsigned long long)ip->size);
			return -EIO;
		}
		return 0;
	case EXT2_S_IFLNK:
		if (ip->size == 0 || ip->size >= fs->block_size) {
			ext2_corrupt(fs, ip->ino, "bad symlink length %llu",
				     (unsigned long long)ip->size);
			return -EIO;
		}
		return 0;
	case EXT2_S_IFCHR: case EXT2_S_IFBLK: case EXT2_S_IFIFO: case EXT2_S_IFSOCK:
		return 0;
	default:
		ext2_corrupt(fs, ip->ino, "unknown file type (mode 0%o)", ip->mode);
		return -EIO;
	}
}

/*
 * Load inode ino into *ip, decoded and checked. Returns 0, -EIO for an inode
 * number out of range or a corrupt inode (reported), or a read error.
 */
int ext2_iget(struct ext2_fs *fs, u64 ino, struct ext2_inode *ip)
{
	struct ext2_disk_inode d;
	const u8 *data;
	u64 index, byte;
	u32 blk;
	int ret;

	if (ino == 0 || ino > fs->inodes_count) {
		ext2_corrupt(fs, ino, "inode number out of range (1..%u)",
			     fs->inodes_count);
		return -EIO;
	}
	index = ino - 1;
	byte = (index % fs->inodes_per_group) * fs->inode_size;
	blk = fs->inode_tables[index / fs->inodes_per_group] +
	      (u32)(byte >> fs->block_shift);
	ret = ext2_cache_get(fs, blk, &data);
	if (ret)
		return ret;
	memcpy(&d, data + (byte & (fs->block_size - 1)), sizeof(d));
	ext2_decode_inode(fs, (u32)ino, &d, ip);
	if (ip->links == 0) {
		ext2_corrupt(fs, ino, "in use but has no links (deleted?)");
		return -EIO;
	}
	if (ip->flags & (EXT2_EXTENTS_FL | EXT2_INLINE_DATA_FL)) {
		ext2_corrupt(fs, ino, "uses ext4 extents or inline data (flags 0x%x)",
			     ip->flags);
		return -EIO;
	}
	return ext2_check_size(fs, &d, ip);
}

/* VFS type of an i_mode. */
enum vfs_type ext2_mode_type(u16 mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG:
		return VFS_TYPE_FILE;
	case EXT2_S_IFDIR:
		return VFS_TYPE_DIR;
	case EXT2_S_IFLNK:
		return VFS_TYPE_SYMLINK;
	default:
		return VFS_TYPE_OTHER;
	}
}

/* VFS stat: describe inode ino. Returns 0, -EIO or a read error. */
int ext2_stat(void *handle, uint64_t ino, struct vfs_stat *st)
{
	struct ext2_inode ip;
	int ret = ext2_iget(handle, ino, &ip);

	if (ret)
		return ret;
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->type = ext2_mode_type(ip.mode);
	st->mode = ip.mode;
	st->size = ip.size;
	st->links = ip.links;
	st->uid = ip.uid;
	st->gid = ip.gid;
	st->mtime = ip.mtime;
	st->blocks = ip.blocks;
	return 0;
}

/* Copy the part of one block that [off, off + len) touches. */
static int64_t ext2_read_partial(struct ext2_fs *fs, const struct ext2_inode *ip,
				 u64 off, u8 *buf, size_t len)
{
	u32 boff = off & (fs->block_size - 1);
	size_t n = MIN(len, (size_t)(fs->block_size - boff));
	u32 pblk;
	int ret = ext2_bmap(fs, ip, off >> fs->block_shift, &pblk);

	if (ret)
		return ret;
	if (!pblk) {
		memset(buf, 0, n);
		return n;
	}
	ret = ext2_read_blocks(fs, pblk, 1, fs->bounce);
	if (ret)
		return ret;
	memcpy(buf, fs->bounce + boff, n);
	return n;
}

/* Read whole blocks from the block-aligned offset off into buf: one
 * physically contiguous run (or one run of holes) per call. */
static int64_t ext2_read_run(struct ext2_fs *fs, const struct ext2_inode *ip,
			     u64 off, u8 *buf, size_t len)
{
	u64 lblk = off >> fs->block_shift;
	size_t max = len >> fs->block_shift, n = 1;
	u32 pblk, next;
	int ret = ext2_bmap(fs, ip, lblk, &pblk);

	if (ret)
		return ret;
	/* A failed map ends the run; the next call reports the error. */
	while (n < max && !ext2_bmap(fs, ip, lblk + n, &next) &&
	       next == (pblk ? (u64)pblk + n : 0))
		n++;
	if (!pblk)
		memset(buf, 0, n << fs->block_shift);
	else if ((ret = ext2_read_blocks(fs, pblk, n, buf)))
		return ret;
	return (int64_t)(n << fs->block_shift);
}

/*
 * VFS read: up to len bytes of regular file ino from offset off. Returns the
 * bytes read (short only at end of file; 0 at or past it), -EISDIR for a
 * directory, -EINVAL for another non-regular inode, -EIO on corruption or a
 * read error.
 */
int64_t ext2_read(void *handle, uint64_t ino, uint64_t off, void *buf, size_t len)
{
	struct ext2_fs *fs = handle;
	struct ext2_inode ip;
	u64 done = 0;
	int64_t n;
	int ret = ext2_iget(fs, ino, &ip);

	if (ret)
		return ret;
	if ((ip.mode & EXT2_S_IFMT) != EXT2_S_IFREG)
		return (ip.mode & EXT2_S_IFMT) == EXT2_S_IFDIR ? -EISDIR : -EINVAL;
	if (off >= ip.size)
		return 0;
	len = MIN((u64)len, ip.size - off);	/* size < 2^63: fits int64_t */
	while (done < len) {
		if ((off + done) & (fs->block_size - 1) || len - done < fs->block_size)
			n = ext2_read_partial(fs, &ip, off + done, (u8 *)buf + done,
					      len - done);
		else
			n = ext2_read_run(fs, &ip, off + done, (u8 *)buf + done,
					  len - done);
		if (n < 0)
			return n;
		done += n;
	}
	return (int64_t)done;
}

/* Find the target of symlink ip (ip->size bytes, checked < block size):
 * in i_block (copied to fast[]) or in its data block (left in fs->bounce). */
static int ext2_link_target(struct ext2_fs *fs, const struct ext2_inode *ip,
			    char fast[EXT2_FAST_LINK_MAX], const char **target)
{
	u32 ea_blocks = ip->file_acl ? fs->block_size >> 9 : 0;
	u32 pblk;
	int i, ret;

	if (ip->blocks == ea_blocks) {
		if (ip->size >= EXT2_FAST_LINK_MAX)
			return -EIO;
		for (i = 0; i < EXT2_N_BLOCKS; i++) {
			u32 v = ext2_le32(ip->block[i]);	/* back to disk order */

			memcpy(fast + i * sizeof(v), &v, sizeof(v));
		}
		*target = fast;
		return 0;
	}
	ret = ext2_bmap(fs, ip, 0, &pblk);
	if (!ret && !pblk)
		ret = -EIO;
	if (!ret)
		ret = ext2_read_blocks(fs, pblk, 1, fs->bounce);
	*target = (const char *)fs->bounce;
	return ret;
}

/*
 * VFS readlink: copy the target of symlink ino, NUL-terminated, into buf of
 * size bytes. Returns 0, -EINVAL when ino is not a symlink, -ENAMETOOLONG
 * when the target and its NUL do not fit, -EIO on corruption (a target with
 * a NUL byte, a bad fast symlink, a missing block) or a read error.
 */
int ext2_readlink(void *handle, uint64_t ino, char *buf, size_t size)
{
	struct ext2_fs *fs = handle;
	struct ext2_inode ip;
	char fast[EXT2_FAST_LINK_MAX];
	const char *target;
	int ret = ext2_iget(fs, ino, &ip);

	if (ret)
		return ret;
	if ((ip.mode & EXT2_S_IFMT) != EXT2_S_IFLNK)
		return -EINVAL;
	if (ip.size >= size)
		return -ENAMETOOLONG;
	ret = ext2_link_target(fs, &ip, fast, &target);
	if (!ret && memchr(target, '\0', ip.size))
		ret = -EIO;
	if (ret == -EIO)
		ext2_corrupt(fs, ino, "bad symlink target");
	if (ret)
		return ret;
	memcpy(buf, target, ip.size);
	buf[ip.size] = '\0';
	return 0;
}
