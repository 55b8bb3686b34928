/* Read-only ext2: linear directories. Walks a directory block by block
 * (each block copied to a private buffer, so callbacks may re-enter the
 * filesystem), checks every entry before using it, and implements the VFS
 * lookup and readdir operations. Hash-indexed (dir_index) directories read
 * correctly too: their index blocks look like empty entries. */
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/string.h>

#include "ext2_internal.h"

/* A checked directory entry, as handed to an iteration callback. */
struct ext2_dirent {
	u32 ino;
	const char *name;
	u32 name_len;
	u8 file_type;		/* 0 without the filetype feature */
};

/* Called for each live entry; non-zero stops the walk (negative: error). */
typedef int (*ext2_dirent_fn)(struct ext2_fs *fs, const struct ext2_dirent *de,
			      void *ctx);

/* What is wrong with entry h (rec_len len, name length nlen) at offset off,
 * or NULL when it is sound. */
static const char *ext2_dirent_error(struct ext2_fs *fs, const struct ext2_disk_dirent *h,
				     const u8 *name, u32 off, u32 len, u32 nlen)
{
	u32 ino = ext2_le32(h->inode);

	if (len < EXT2_DIRENT_HDR + nlen || len % 4 || len > fs->block_size - off)
		return "bad rec_len";
	if (!ino)
		return NULL;
	if (nlen == 0 || nlen > EXT2_NAME_MAX)
		return "bad name length";
	if (ino > fs->inodes_count)
		return "inode number out of range";
	if (memchr(name, '/', nlen) || memchr(name, '\0', nlen))
		return "bad character in name";
	return NULL;
}

/* Decode and check the entry at offset off of a directory block (logical
 * block lblk of dir). Sets *de and *rec_len; returns 0 or -EIO. */
static int ext2_parse_dirent(struct ext2_fs *fs, const struct ext2_inode *dir,
			     const u8 *blk, u64 lblk, u32 off,
			     struct ext2_dirent *de, u32 *rec_len)
{
	struct ext2_disk_dirent h = { 0 };
	const char *err = "entry header overruns the block";
	u32 nlen = 0;

	if (fs->block_size - off >= EXT2_DIRENT_HDR) {
		memcpy(&h, blk + off, sizeof(h));
		*rec_len = ext2_le16(h.rec_len);
		nlen = fs->filetype ? h.name_len : (u32)h.name_len | (u32)h.file_type << 8;
		err = ext2_dirent_error(fs, &h, blk + off + EXT2_DIRENT_HDR, off,
					*rec_len, nlen);
	}
	if (err) {
		ext2_corrupt(fs, dir->ino, "directory block %llu offset %u: %s (rec_len %u, name_len %u)",
			     (unsigned long long)lblk, off, err, ext2_le16(h.rec_len), nlen);
		return -EIO;
	}
	de->ino = ext2_le32(h.inode);
	de->name = (const char *)blk + off + EXT2_DIRENT_HDR;
	de->name_len = nlen;
	de->file_type = fs->filetype ? h.file_type : 0;
	return 0;
}

/* Hand every live entry of one directory block to fn. Returns 0, fn's
 * non-zero value, or -EIO. */
static int ext2_dir_block(struct ext2_fs *fs, const struct ext2_inode *dir,
			  const u8 *blk, u64 lblk, ext2_dirent_fn fn, void *ctx)
{
	struct ext2_dirent de;
	u32 off, rec_len;
	int ret;

	/* rec_len >= 8 is checked, so the walk advances on every step. */
	for (off = 0; off < fs->block_size; off += rec_len) {
		ret = ext2_parse_dirent(fs, dir, blk, lblk, off, &de, &rec_len);
		if (ret)
			return ret;
		if (!de.ino)
			continue;
		ret = fn(fs, &de, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

/* Read logical block lblk of directory dir into blk; a hole is corruption. */
static int ext2_dir_read_block(struct ext2_fs *fs, const struct ext2_inode *dir,
			       u64 lblk, u8 *blk)
{
	u32 pblk;
	int ret = ext2_bmap(fs, dir, lblk, &pblk);

	if (ret)
		return ret;
	if (!pblk) {
		ext2_corrupt(fs, dir->ino, "hole at directory block %llu",
			     (unsigned long long)lblk);
		return -EIO;
	}
	return ext2_read_blocks(fs, pblk, 1, blk);
}

/* Walk every entry of directory dir (i_size, checked a multiple of the block
 * size and at most the filesystem's size, bounds the work). Returns 0 (also
 * when fn stopped the walk), fn's negative value, -EIO or -ENOMEM. */
static int ext2_dir_iterate(struct ext2_fs *fs, const struct ext2_inode *dir,
			    ext2_dirent_fn fn, void *ctx)
{
	u64 nblocks = dir->size >> fs->block_shift, lblk;
	u8 *blk = kmalloc(fs->block_size);
	int ret = 0;

	if (!blk)
		return -ENOMEM;
	for (lblk = 0; !ret && lblk < nblocks; lblk++) {
		ret = ext2_dir_read_block(fs, dir, lblk, blk);
		if (!ret)
			ret = ext2_dir_block(fs, dir, blk, lblk, fn, ctx);
	}
	kfree(blk);
	return ret < 0 ? ret : 0;
}

/* Load inode ino, which must be a directory (-ENOTDIR otherwise). */
static int ext2_dir_open(struct ext2_fs *fs, uint64_t ino, struct ext2_inode *dir)
{
	int ret = ext2_iget(fs, ino, dir);

	if (ret)
		return ret;
	return (dir->mode & EXT2_S_IFMT) == EXT2_S_IFDIR ? 0 : -ENOTDIR;
}

struct ext2_lookup_ctx {
	const char *name;
	size_t len;
	u32 ino;
};

static int ext2_lookup_fn(struct ext2_fs *fs, const struct ext2_dirent *de, void *ctx)
{
	struct ext2_lookup_ctx *c = ctx;

	if (de->name_len != c->len || memcmp(de->name, c->name, c->len))
		return 0;
	c->ino = de->ino;
	return 1;
}

/*
 * VFS lookup: find name (len bytes, no NUL needed) in directory dir; "." and
 * ".." are ordinary entries. Returns 0 and the inode number in *ino,
 * -ENOENT, -ENOTDIR when dir is not a directory, -EINVAL for an empty name,
 * -ENAMETOOLONG, -EIO on corruption or a read error, -ENOMEM.
 */
int ext2_lookup(void *handle, uint64_t dir, const char *name, size_t len,
		uint64_t *ino)
{
	struct ext2_lookup_ctx c = { .name = name, .len = len };
	struct ext2_inode dip;
	int ret;

	if (len == 0)
		return -EINVAL;
	if (len > EXT2_NAME_MAX)
		return -ENAMETOOLONG;
	ret = ext2_dir_open(handle, dir, &dip);
	if (!ret)
		ret = ext2_dir_iterate(handle, &dip, ext2_lookup_fn, &c);
	if (ret)
		return ret;
	if (!c.ino)
		return -ENOENT;
	*ino = c.ino;
	return 0;
}

/* Type of an entry: from the entry itself with the filetype feature, else
 * from its inode (VFS_TYPE_OTHER if that cannot be read; using the entry
 * will report why). */
static enum vfs_type ext2_dirent_type(struct ext2_fs *fs, const struct ext2_dirent *de)
{
	struct ext2_inode ip;

	switch (de->file_type) {
	case EXT2_FT_REG_FILE:
		return VFS_TYPE_FILE;
	case EXT2_FT_DIR:
		return VFS_TYPE_DIR;
	case EXT2_FT_SYMLINK:
		return VFS_TYPE_SYMLINK;
	case 3 ... 6:			/* chr, blk, fifo, sock */
		return VFS_TYPE_OTHER;
	default:
		return ext2_iget(fs, de->ino, &ip) ? VFS_TYPE_OTHER : ext2_mode_type(ip.mode);
	}
}

struct ext2_readdir_ctx {
	vfs_dir_cb_t cb;
	void *ctx;
};

static int ext2_readdir_fn(struct ext2_fs *fs, const struct ext2_dirent *de, void *ctx)
{
	struct ext2_readdir_ctx *c = ctx;

	return c->cb(c->ctx, de->name, de->name_len, de->ino,
		     ext2_dirent_type(fs, de)) ? 1 : 0;
}

/*
 * VFS readdir: call cb for every entry of directory dir, "." and ".."
 * included, in on-disk order, until cb returns non-zero. The name passed to
 * cb is not NUL-terminated and is valid only during the call; cb may call
 * back into this filesystem. Returns 0, -ENOTDIR, -EIO on corruption (after
 * the entries before it were delivered) or a read error, -ENOMEM.
 */
int ext2_readdir(void *handle, uint64_t dir, vfs_dir_cb_t cb, void *ctx)
{
	struct ext2_readdir_ctx c = { .cb = cb, .ctx = ctx };
	struct ext2_inode dip;
	int ret = ext2_dir_open(handle, dir, &dip);

	if (ret)
		return ret;
	return ext2_dir_iterate(handle, &dip, ext2_readdir_fn, &c);
}
