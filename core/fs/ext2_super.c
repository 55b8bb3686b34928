/* Read-only ext2: mounting. Reads and validates the superblock and the group
 * descriptor table once, keeps what later lookups need (geometry, features,
 * one inode-table address per group) and exports ext2_fs_ops to the VFS.
 * Nothing on disk is trusted: every field used is range-checked here or
 * where it is used. */
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printk.h>
#include <keel/string.h>

#include "ext2_internal.h"

#define EXT2_ERR_BURST		16	/* corruption reports printed in full */
#define EXT2_ERR_EVERY		1024	/* then one in this many */

bool ext2_err_ratelimit(struct ext2_fs *fs)
{
	u32 n = fs->nr_errors++;

	if (n < EXT2_ERR_BURST)
		return true;
	if (n == EXT2_ERR_BURST)
		pr_err("ext2: further corruption reports are rate limited\n");
	return n % EXT2_ERR_EVERY == 0;
}

static const struct {
	u32 bit;
	const char *name;
} ext2_incompat_names[] = {
	{ EXT2_INCOMPAT_COMPRESSION, "compression" },
	{ EXT2_INCOMPAT_RECOVER, "needs_recovery" },
	{ EXT2_INCOMPAT_JOURNAL_DEV, "journal_dev" },
	{ EXT2_INCOMPAT_META_BG, "meta_bg" },
	{ EXT2_INCOMPAT_EXTENTS, "extents" },
	{ EXT2_INCOMPAT_64BIT, "64bit" },
	{ EXT2_INCOMPAT_MMP, "mmp" },
	{ EXT2_INCOMPAT_EA_INODE, "ea_inode" },
	{ EXT2_INCOMPAT_DIRDATA, "dirdata" },
	{ EXT2_INCOMPAT_CSUM_SEED, "metadata_csum_seed" },
	{ EXT2_INCOMPAT_LARGEDIR, "large_dir" },
	{ EXT2_INCOMPAT_INLINE_DATA, "inline_data" },
	{ EXT2_INCOMPAT_ENCRYPT, "encrypt" },
	{ EXT2_INCOMPAT_CASEFOLD, "casefold" },
};

/* Append s to the NUL-terminated string in buf (size bytes), truncating. */
static void ext2_append(char *buf, size_t size, const char *s)
{
	size_t used = 0, n;

	while (used < size - 1 && buf[used])
		used++;
	n = 0;
	while (s[n] && used + n < size - 1)
		n++;
	memcpy(buf + used, s, n);
	buf[used + n] = '\0';
}

/* Refuse incompatible features Keel cannot read, naming them. */
static int ext2_check_incompat(u32 incompat)
{
	u32 bad = incompat & ~(u32)EXT2_INCOMPAT_SUPPORTED;
	char names[160] = "";
	size_t i;

	if (!bad)
		return 0;
	for (i = 0; i < ARRAY_SIZE(ext2_incompat_names); i++) {
		if (!(bad & ext2_incompat_names[i].bit))
			continue;
		ext2_append(names, sizeof(names), " ");
		ext2_append(names, sizeof(names), ext2_incompat_names[i].name);
	}
	pr_err("ext2: unsupported incompatible features 0x%x:%s\n", bad,
	       names[0] ? names : " (unknown)");
	return -EINVAL;
}

/* Revision, inode size and feature flags. */
static int ext2_check_revision(struct ext2_fs *fs, const struct ext2_disk_super *sb)
{
	u32 rev = ext2_le32(sb->s_rev_level);
	u32 incompat, ro_compat;
	int ret;

	fs->inode_size = EXT2_OLD_INODE_SIZE;
	if (rev == EXT2_GOOD_OLD_REV)
		return 0;	/* no feature fields before revision 1 */
	if (rev != EXT2_DYNAMIC_REV) {
		pr_err("ext2: unsupported revision %u\n", rev);
		return -EINVAL;
	}
	fs->inode_size = ext2_le16(sb->s_inode_size);
	if (fs->inode_size < EXT2_OLD_INODE_SIZE || fs->inode_size > fs->block_size ||
	    (fs->inode_size & (fs->inode_size - 1))) {
		pr_err("ext2: bad inode size %u\n", fs->inode_size);
		return -EINVAL;
	}
	incompat = ext2_le32(sb->s_feature_incompat);
	ro_compat = ext2_le32(sb->s_feature_ro_compat);
	ret = ext2_check_incompat(incompat);
	if (ret)
		return ret;
	if (ro_compat & ~(u32)EXT2_RO_COMPAT_KNOWN)
		pr_info("ext2: ignoring read-only-compatible features 0x%x\n",
			ro_compat & ~(u32)EXT2_RO_COMPAT_KNOWN);
	fs->filetype = incompat & EXT2_INCOMPAT_FILETYPE;
	fs->large_file = ro_compat & EXT2_RO_COMPAT_LARGE_FILE;
	return 0;
}

/* Block size and the block-map limits derived from it. */
static int ext2_check_block_size(struct ext2_fs *fs, const struct ext2_disk_super *sb)
{
	u32 log = ext2_le32(sb->s_log_block_size);
	u64 p, max_blocks;

	if (log > EXT2_MAX_BLOCK_LOG - EXT2_MIN_BLOCK_LOG) {
		pr_err("ext2: unsupported block size (log %u)\n", log);
		return -EINVAL;
	}
	fs->block_shift = EXT2_MIN_BLOCK_LOG + log;
	fs->block_size = 1u << fs->block_shift;
	fs->addr_shift = fs->block_shift - 2;
	p = 1ull << fs->addr_shift;
	max_blocks = EXT2_NDIR_BLOCKS + p + p * p + p * p * p;
	fs->max_file_size = max_blocks << fs->block_shift;
	return 0;
}

/* Block, inode and group counts, checked against each other and the device. */
static int ext2_check_counts(struct ext2_fs *fs, const struct ext2_disk_super *sb,
			     u64 dev_size)
{
	u32 max_per_group = fs->block_size * 8;	/* one bitmap block */

	fs->blocks_count = ext2_le32(sb->s_blocks_count);
	fs->inodes_count = ext2_le32(sb->s_inodes_count);
	fs->first_data_block = ext2_le32(sb->s_first_data_block);
	fs->blocks_per_group = ext2_le32(sb->s_blocks_per_group);
	fs->inodes_per_group = ext2_le32(sb->s_inodes_per_group);
	if (fs->first_data_block != (fs->block_size == 1024 ? 1u : 0u) ||
	    fs->blocks_count <= fs->first_data_block + 1) {
		pr_err("ext2: bad block count %u (first data block %u)\n",
		       fs->blocks_count, fs->first_data_block);
		return -EINVAL;
	}
	if ((u64)fs->blocks_count << fs->block_shift > dev_size) {
		pr_err("ext2: %u blocks do not fit the %llu-byte device\n",
		       fs->blocks_count, (unsigned long long)dev_size);
		return -EINVAL;
	}
	if (fs->blocks_per_group < 8 || fs->blocks_per_group > max_per_group ||
	    fs->blocks_per_group % 8 || fs->inodes_per_group == 0 ||
	    fs->inodes_per_group > max_per_group) {
		pr_err("ext2: bad group geometry (%u blocks, %u inodes per group)\n",
		       fs->blocks_per_group, fs->inodes_per_group);
		return -EINVAL;
	}
	fs->groups = DIV_ROUND_UP((u64)fs->blocks_count - fs->first_data_block,
				  fs->blocks_per_group);
	if ((u64)fs->groups * fs->inodes_per_group != fs->inodes_count) {
		pr_err("ext2: inode count %u is not %u groups of %u\n",
		       fs->inodes_count, fs->groups, fs->inodes_per_group);
		return -EINVAL;
	}
	return 0;
}

/* Decode and validate the superblock into fs. */
static int ext2_parse_super(struct ext2_fs *fs, const struct ext2_disk_super *sb,
			    u64 dev_size)
{
	u16 state = ext2_le16(sb->s_state);
	int ret;

	if (ext2_le16(sb->s_magic) != EXT2_MAGIC) {
		pr_info("ext2: no ext2 superblock (magic 0x%04x)\n",
			ext2_le16(sb->s_magic));
		return -EINVAL;
	}
	ret = ext2_check_block_size(fs, sb);
	if (!ret)
		ret = ext2_check_revision(fs, sb);
	if (!ret)
		ret = ext2_check_counts(fs, sb, dev_size);
	if (ret)
		return ret;
	fs->itable_blocks = DIV_ROUND_UP(fs->inodes_per_group * fs->inode_size,
					 fs->block_size);
	fs->creator_os = ext2_le32(sb->s_creator_os);
	if (!(state & 1) || (state & 2))
		pr_warn("ext2: filesystem not clean (state 0x%x), reading anyway\n",
			state);
	return 0;
}

/* Check one group descriptor and keep its inode-table address. */
static int ext2_parse_group(struct ext2_fs *fs, u32 g, const struct ext2_disk_group *gd)
{
	u32 bb = ext2_le32(gd->bg_block_bitmap);
	u32 ib = ext2_le32(gd->bg_inode_bitmap);
	u32 it = ext2_le32(gd->bg_inode_table);

	if (bb < fs->meta_end || bb >= fs->blocks_count ||
	    ib < fs->meta_end || ib >= fs->blocks_count ||
	    it < fs->meta_end || it > fs->blocks_count - fs->itable_blocks) {
		pr_err("ext2: group %u descriptor out of range (bitmaps %u/%u, inode table %u)\n",
		       g, bb, ib, it);
		return -EINVAL;
	}
	fs->inode_tables[g] = it;
	return 0;
}

/* Read the group descriptor table (the blocks after the superblock's). */
static int ext2_load_groups(struct ext2_fs *fs)
{
	u64 gdt_bytes = (u64)fs->groups * EXT2_DESC_SIZE;
	u32 gdt_blocks = DIV_ROUND_UP(gdt_bytes, fs->block_size);
	struct ext2_disk_group gd;
	u8 *gdt;
	u32 g;
	int ret;

	if ((u64)fs->first_data_block + 1 + gdt_blocks + fs->itable_blocks >
	    fs->blocks_count) {
		pr_err("ext2: descriptor table (%u blocks) and inode table (%u blocks) do not fit %u blocks\n",
		       gdt_blocks, fs->itable_blocks, fs->blocks_count);
		return -EINVAL;
	}
	fs->meta_end = fs->first_data_block + 1 + gdt_blocks;
	fs->inode_tables = kcalloc(fs->groups, sizeof(u32));
	gdt = kmalloc((size_t)gdt_blocks << fs->block_shift);
	if (!fs->inode_tables || !gdt) {
		kfree(gdt);
		return -ENOMEM;
	}
	ret = ext2_read_blocks(fs, fs->first_data_block + 1, gdt_blocks, gdt);
	for (g = 0; !ret && g < fs->groups; g++) {
		memcpy(&gd, gdt + (size_t)g * EXT2_DESC_SIZE, sizeof(gd));
		ret = ext2_parse_group(fs, g, &gd);
	}
	kfree(gdt);
	return ret;
}

static int ext2_alloc_buffers(struct ext2_fs *fs)
{
	size_t i;

	fs->bounce = kmalloc(fs->block_size);
	if (!fs->bounce)
		return -ENOMEM;
	for (i = 0; i < EXT2_CACHE_SLOTS; i++) {
		fs->cache[i].data = kmalloc(fs->block_size);
		if (!fs->cache[i].data)
			return -ENOMEM;
	}
	return 0;
}

/* Release a filesystem handle (also a partly mounted one). */
static void ext2_unmount(void *handle)
{
	struct ext2_fs *fs = handle;
	size_t i;

	if (!fs)
		return;
	for (i = 0; i < EXT2_CACHE_SLOTS; i++)
		kfree(fs->cache[i].data);
	kfree(fs->bounce);
	kfree(fs->inode_tables);
	kfree(fs);
}

/* The root must be a readable directory, or nothing else will work. */
static int ext2_check_root(struct ext2_fs *fs)
{
	struct ext2_inode root;
	int ret = ext2_iget(fs, EXT2_ROOT_INO, &root);

	if (ret)
		return ret == -ENOMEM ? ret : -EINVAL;
	if ((root.mode & EXT2_S_IFMT) != EXT2_S_IFDIR) {
		pr_err("ext2: root inode is not a directory (mode 0%o)\n", root.mode);
		return -EINVAL;
	}
	return 0;
}

static int ext2_mount_fs(struct ext2_fs *fs, u64 dev_size)
{
	struct ext2_disk_super sb;
	int ret;

	if (dev_size < EXT2_SUPER_OFFSET + EXT2_SUPER_SIZE)
		return -EINVAL;
	ret = fs->dev_read(fs->dev_ctx, EXT2_SUPER_OFFSET, &sb, sizeof(sb));
	if (ret < 0)
		return ret;
	ret = ext2_parse_super(fs, &sb, dev_size);
	if (!ret)
		ret = ext2_alloc_buffers(fs);
	if (!ret)
		ret = ext2_load_groups(fs);
	if (!ret)
		ret = ext2_check_root(fs);
	return ret;
}

/*
 * Mount the ext2 filesystem on the device reached through read(ctx, ...),
 * dev_size bytes long. Thread context (the callback may sleep). Returns 0
 * and the handle in *handle; -EINVAL when the device does not hold a
 * supported, consistent ext2 filesystem (a missing magic number is noted
 * with pr_info, anything else reported with pr_err), -ENOMEM, or the
 * callback's error.
 */
static int ext2_mount(vfs_dev_read_t read, void *ctx, uint64_t dev_size, void **handle)
{
	struct ext2_fs *fs = kzalloc(sizeof(*fs));
	int ret;

	*handle = NULL;
	if (!fs)
		return -ENOMEM;
	fs->dev_read = read;
	fs->dev_ctx = ctx;
	ret = ext2_mount_fs(fs, dev_size);
	if (ret) {
		ext2_unmount(fs);
		return ret;
	}
	*handle = fs;
	return 0;
}

/* The root directory's inode number (always 2 in ext2). */
static uint64_t ext2_root(void *handle)
{
	return EXT2_ROOT_INO;
}

const struct vfs_fs_ops ext2_fs_ops = {
	.name = "ext2",
	.mount = ext2_mount,
	.unmount = ext2_unmount,
	.root = ext2_root,
	.lookup = ext2_lookup,
	.stat = ext2_stat,
	.read = ext2_read,
	.readdir = ext2_readdir,
	.readlink = ext2_readlink,
};
