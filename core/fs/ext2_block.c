/* Read-only ext2: block access. Whole-block reads through the device
 * callback, a small LRU cache of metadata blocks (indirect blocks and
 * inode-table blocks), and the block map that turns a file's logical block
 * into a device block through the direct and single/double/triple indirect
 * pointers. The map walks at most three levels, iteratively, and refuses a
 * pointer that leads back to a block already on its path, so corrupted
 * indirect blocks can neither loop nor recurse. */
#include <keel/errno.h>
#include <keel/string.h>

#include "ext2_internal.h"

/*
 * Read count blocks starting at device block blk into buf. The range must
 * lie inside the filesystem (callers have checked; this is the last guard).
 * Returns 0, -EIO for an out-of-range request, or the callback's error.
 */
int ext2_read_blocks(struct ext2_fs *fs, u32 blk, u32 count, void *buf)
{
	int ret;

	if (blk >= fs->blocks_count || count > fs->blocks_count - blk)
		return -EIO;
	ret = fs->dev_read(fs->dev_ctx, (u64)blk << fs->block_shift, buf,
			   (size_t)count << fs->block_shift);
	return ret < 0 ? ret : 0;
}

/*
 * Get block blk through the metadata cache. *data stays valid until the next
 * ext2_cache_get() on this filesystem. Returns 0 or a read error (the slot
 * is then left empty).
 */
int ext2_cache_get(struct ext2_fs *fs, u32 blk, const u8 **data)
{
	struct ext2_cache_slot *victim = &fs->cache[0];
	struct ext2_cache_slot *s;
	int ret;

	for (s = fs->cache; s < fs->cache + EXT2_CACHE_SLOTS; s++) {
		if (s->valid && s->blk == blk) {
			s->last_use = ++fs->cache_clock;
			*data = s->data;
			return 0;
		}
		if (victim->valid && (!s->valid || s->last_use < victim->last_use))
			victim = s;
	}
	victim->valid = false;
	ret = ext2_read_blocks(fs, blk, 1, victim->data);
	if (ret)
		return ret;
	victim->blk = blk;
	victim->valid = true;
	victim->last_use = ++fs->cache_clock;
	*data = victim->data;
	return 0;
}

/* A non-zero block pointer of inode ino must name a data-area block. */
static int ext2_check_ptr(struct ext2_fs *fs, u32 ino, u32 blk, const char *what)
{
	if (blk >= fs->meta_end && blk < fs->blocks_count)
		return 0;
	ext2_corrupt(fs, ino, "%s block %u outside the data area [%u, %u)", what,
		     blk, fs->meta_end, fs->blocks_count);
	return -EIO;
}

/* Depth of the indirect tree holding logical block *lblk (0: direct), and
 * *lblk made relative to that tree. */
static int ext2_map_depth(struct ext2_fs *fs, u64 *lblk)
{
	int depth;

	if (*lblk < EXT2_NDIR_BLOCKS)
		return 0;
	*lblk -= EXT2_NDIR_BLOCKS;
	for (depth = 1; depth <= EXT2_MAX_DEPTH; depth++) {
		u64 span = 1ull << (fs->addr_shift * depth);

		if (*lblk < span)
			return depth;
		*lblk -= span;
	}
	return -1;
}

/* Entry idx of the cached indirect block blk. */
static int ext2_ind_entry(struct ext2_fs *fs, u32 blk, u64 idx, u32 *out)
{
	const u8 *table;
	u32 v;
	int ret = ext2_cache_get(fs, blk, &table);

	if (ret)
		return ret;
	memcpy(&v, table + idx * sizeof(u32), sizeof(v));
	*out = ext2_le32(v);
	return 0;
}

/*
 * Map logical block lblk of inode ip to a device block in *pblk; 0 means a
 * hole (reads as zeros). Returns 0, -EIO for a pointer outside the data area,
 * an indirect chain that revisits one of its blocks or a block beyond the
 * format's reach, or a read error.
 */
int ext2_bmap(struct ext2_fs *fs, const struct ext2_inode *ip, u64 lblk, u32 *pblk)
{
	int depth = ext2_map_depth(fs, &lblk);
	u32 path[EXT2_MAX_DEPTH];
	u32 blk;
	int level, i, ret;

	if (depth < 0) {
		ext2_corrupt(fs, ip->ino, "block beyond the triple-indirect range");
		return -EIO;
	}
	blk = depth ? ip->block[EXT2_NDIR_BLOCKS + depth - 1] : ip->block[lblk];
	for (level = depth; level > 0 && blk; level--) {
		ret = ext2_check_ptr(fs, ip->ino, blk, "indirect");
		if (ret)
			return ret;
		path[depth - level] = blk;
		ret = ext2_ind_entry(fs, blk, (lblk >> (fs->addr_shift * (level - 1))) &
				     ((1u << fs->addr_shift) - 1), &blk);
		if (ret)
			return ret;
		for (i = 0; blk && i <= depth - level; i++) {
			if (path[i] == blk) {
				ext2_corrupt(fs, ip->ino, "indirect chain revisits block %u",
					     blk);
				return -EIO;
			}
		}
	}
	if (blk && (ret = ext2_check_ptr(fs, ip->ino, blk, "data")))
		return ret;
	*pblk = blk;
	return 0;
}
