/* Read-only ext2: private definitions shared by core/fs/ext2_*.c — the
 * on-disk layout (little endian, from the ext2 format), the state of a
 * mounted filesystem and the decoded in-memory inode.
 *
 * Concurrency: a mounted filesystem keeps a small block cache, so calls on
 * one ext2_fs must be serialized by the caller (the VFS). Distinct mounts
 * are independent. Every function here may sleep in the device callback. */
#ifndef KEEL_CORE_FS_EXT2_INTERNAL_H
#define KEEL_CORE_FS_EXT2_INTERNAL_H

#include <keel/compiler.h>
#include <keel/printk.h>
#include <keel/types.h>
#include <keel/vfs.h>

#define EXT2_SUPER_OFFSET	1024	/* byte offset of the superblock */
#define EXT2_SUPER_SIZE		1024
#define EXT2_MAGIC		0xef53
#define EXT2_ROOT_INO		2
#define EXT2_MIN_BLOCK_LOG	10	/* 1 KiB */
#define EXT2_MAX_BLOCK_LOG	12	/* 4 KiB: the sizes Keel supports */
#define EXT2_DESC_SIZE		32	/* group descriptor without 64bit */
#define EXT2_OLD_INODE_SIZE	128	/* revision 0, and the part Keel reads */
#define EXT2_NAME_MAX		255
#define EXT2_DIRENT_HDR		8	/* inode, rec_len, name_len(, type) */

/* i_block[]: 12 direct pointers, then single, double, triple indirect. */
#define EXT2_NDIR_BLOCKS	12
#define EXT2_N_BLOCKS		15
#define EXT2_MAX_DEPTH		3
#define EXT2_FAST_LINK_MAX	(EXT2_N_BLOCKS * 4)	/* target in i_block */

/* s_rev_level */
#define EXT2_GOOD_OLD_REV	0
#define EXT2_DYNAMIC_REV	1

/* s_feature_incompat bits */
#define EXT2_INCOMPAT_COMPRESSION	0x0001
#define EXT2_INCOMPAT_FILETYPE		0x0002
#define EXT2_INCOMPAT_RECOVER		0x0004
#define EXT2_INCOMPAT_JOURNAL_DEV	0x0008
#define EXT2_INCOMPAT_META_BG		0x0010
#define EXT2_INCOMPAT_EXTENTS		0x0040
#define EXT2_INCOMPAT_64BIT		0x0080
#define EXT2_INCOMPAT_MMP		0x0100
#define EXT2_INCOMPAT_FLEX_BG		0x0200
#define EXT2_INCOMPAT_EA_INODE		0x0400
#define EXT2_INCOMPAT_DIRDATA		0x1000
#define EXT2_INCOMPAT_CSUM_SEED		0x2000
#define EXT2_INCOMPAT_LARGEDIR		0x4000
#define EXT2_INCOMPAT_INLINE_DATA	0x8000
#define EXT2_INCOMPAT_ENCRYPT		0x10000
#define EXT2_INCOMPAT_CASEFOLD		0x20000
/* Flex_bg only moves bitmaps and inode tables, which the descriptors give. */
#define EXT2_INCOMPAT_SUPPORTED	(EXT2_INCOMPAT_FILETYPE | EXT2_INCOMPAT_FLEX_BG)

/* s_feature_ro_compat bits Keel interprets (others are harmless read-only) */
#define EXT2_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_RO_COMPAT_KNOWN	(EXT2_RO_COMPAT_SPARSE_SUPER | \
				 EXT2_RO_COMPAT_LARGE_FILE | 0x0004 /* btree_dir */)

/* i_mode file types */
#define EXT2_S_IFMT	0xf000
#define EXT2_S_IFSOCK	0xc000
#define EXT2_S_IFLNK	0xa000
#define EXT2_S_IFREG	0x8000
#define EXT2_S_IFBLK	0x6000
#define EXT2_S_IFDIR	0x4000
#define EXT2_S_IFCHR	0x2000
#define EXT2_S_IFIFO	0x1000

/* i_flags that need ext4 code to read the inode */
#define EXT2_EXTENTS_FL		0x00080000
#define EXT2_INLINE_DATA_FL	0x10000000

/* Directory entry file_type (with the filetype feature) */
#define EXT2_FT_REG_FILE	1
#define EXT2_FT_DIR		2
#define EXT2_FT_SYMLINK		7

#define EXT2_OS_LINUX		0

/* Superblock: the leading fields Keel reads (1024 bytes at byte 1024). */
struct ext2_disk_super {
	u32 s_inodes_count;
	u32 s_blocks_count;
	u32 s_r_blocks_count;
	u32 s_free_blocks_count;
	u32 s_free_inodes_count;
	u32 s_first_data_block;
	u32 s_log_block_size;		/* block size = 1024 << this */
	u32 s_log_frag_size;
	u32 s_blocks_per_group;
	u32 s_frags_per_group;
	u32 s_inodes_per_group;
	u32 s_mtime;
	u32 s_wtime;
	u16 s_mnt_count;
	u16 s_max_mnt_count;
	u16 s_magic;
	u16 s_state;
	u16 s_errors;
	u16 s_minor_rev_level;
	u32 s_lastcheck;
	u32 s_checkinterval;
	u32 s_creator_os;
	u32 s_rev_level;
	u16 s_def_resuid;
	u16 s_def_resgid;
	/* EXT2_DYNAMIC_REV only */
	u32 s_first_ino;
	u16 s_inode_size;
	u16 s_block_group_nr;
	u32 s_feature_compat;
	u32 s_feature_incompat;
	u32 s_feature_ro_compat;
} __packed;

/* Block group descriptor (32 bytes; an array of them follows the superblock
 * block). */
struct ext2_disk_group {
	u32 bg_block_bitmap;
	u32 bg_inode_bitmap;
	u32 bg_inode_table;
	u16 bg_free_blocks_count;
	u16 bg_free_inodes_count;
	u16 bg_used_dirs_count;
	u16 bg_pad;
	u32 bg_reserved[3];
} __packed;

/* Inode: the first 128 bytes (larger inodes only add ext4 fields). */
struct ext2_disk_inode {
	u16 i_mode;
	u16 i_uid;
	u32 i_size;
	u32 i_atime;
	u32 i_ctime;
	u32 i_mtime;
	u32 i_dtime;
	u16 i_gid;
	u16 i_links_count;
	u32 i_blocks;			/* 512-byte units */
	u32 i_flags;
	u32 i_osd1;
	u32 i_block[EXT2_N_BLOCKS];
	u32 i_generation;
	u32 i_file_acl;
	u32 i_size_high;		/* i_dir_acl for directories */
	u32 i_faddr;
	u8 i_frag;
	u8 i_fsize;
	u16 i_pad1;
	u16 i_uid_high;			/* Linux creator OS */
	u16 i_gid_high;
	u32 i_reserved2;
} __packed;

/* The fixed header of a directory entry; the name follows. Without the
 * filetype feature, name_len is 16 bits (file_type is its high byte). */
struct ext2_disk_dirent {
	u32 inode;
	u16 rec_len;
	u8 name_len;
	u8 file_type;
} __packed;

BUILD_BUG_ON(sizeof(struct ext2_disk_super) != 104);
BUILD_BUG_ON(sizeof(struct ext2_disk_group) != EXT2_DESC_SIZE);
BUILD_BUG_ON(sizeof(struct ext2_disk_inode) != EXT2_OLD_INODE_SIZE);
BUILD_BUG_ON(sizeof(struct ext2_disk_dirent) != EXT2_DIRENT_HDR);

static inline u16 ext2_le16(u16 v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap16(v);
#else
	return v;
#endif
}

static inline u32 ext2_le32(u32 v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

/* Blocks kept by the per-filesystem cache: indirect blocks and inode-table
 * blocks. Sequential reads of a triple-indirect file touch three of them. */
#define EXT2_CACHE_SLOTS	8

struct ext2_cache_slot {
	u32 blk;
	bool valid;
	u64 last_use;			/* LRU clock value */
	u8 *data;			/* one block */
};

/* A mounted filesystem: the validated superblock and group descriptors. */
struct ext2_fs {
	vfs_dev_read_t dev_read;
	void *dev_ctx;
	u32 block_size;
	u32 block_shift;		/* log2(block_size) */
	u32 addr_shift;			/* log2(block pointers per block) */
	u32 blocks_count;
	u32 inodes_count;
	u32 first_data_block;
	u32 blocks_per_group;
	u32 inodes_per_group;
	u32 inode_size;
	u32 groups;
	u32 meta_end;			/* first block after superblock + GDT */
	u32 itable_blocks;		/* blocks in one group's inode table */
	u32 creator_os;
	bool filetype;			/* dirents carry a file type */
	bool large_file;		/* i_size_high is valid for files */
	u64 max_file_size;		/* bytes the block map can address */
	u32 *inode_tables;		/* first inode-table block, per group */
	struct ext2_cache_slot cache[EXT2_CACHE_SLOTS];
	u64 cache_clock;
	u8 *bounce;			/* one block, for partial-block reads */
	u32 nr_errors;			/* corruption reports, for rate limiting */
};

/* An inode decoded to host order and checked (ext2_iget). */
struct ext2_inode {
	u32 ino;
	u16 mode;
	u16 links;
	u32 uid, gid;
	u64 size;
	u32 blocks;			/* 512-byte units */
	u32 flags;
	u32 mtime;
	u32 file_acl;
	u32 block[EXT2_N_BLOCKS];
};

/* Count a corruption report; true when it may be printed (the first few,
 * then one in 1024). */
bool ext2_err_ratelimit(struct ext2_fs *fs);

/* Report on-disk corruption found while using inode ino (rate limited). */
#define ext2_corrupt(fs, ino, fmt, ...)					\
	do {								\
		if (ext2_err_ratelimit(fs))				\
			pr_err("ext2: inode %llu: " fmt "\n",		\
			       (unsigned long long)(ino), ##__VA_ARGS__); \
	} while (0)

/* ext2_block.c */
int ext2_read_blocks(struct ext2_fs *fs, u32 blk, u32 count, void *buf);
int ext2_cache_get(struct ext2_fs *fs, u32 blk, const u8 **data);
int ext2_bmap(struct ext2_fs *fs, const struct ext2_inode *ip, u64 lblk, u32 *pblk);

/* ext2_inode.c */
int ext2_iget(struct ext2_fs *fs, u64 ino, struct ext2_inode *ip);
enum vfs_type ext2_mode_type(u16 mode);
int ext2_stat(void *handle, uint64_t ino, struct vfs_stat *st);
int64_t ext2_read(void *handle, uint64_t ino, uint64_t off, void *buf, size_t len);
int ext2_readlink(void *handle, uint64_t ino, char *buf, size_t size);

/* ext2_dir.c */
int ext2_lookup(void *handle, uint64_t dir, const char *name, size_t len,
		uint64_t *ino);
int ext2_readdir(void *handle, uint64_t dir, vfs_dir_cb_t cb, void *ctx);

#endif
