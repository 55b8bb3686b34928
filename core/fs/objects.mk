# core/fs: filesystems behind the VFS. ext2 is read-only (ext2_*.c).
obj-y += core/fs/ext2_super.o core/fs/ext2_block.o core/fs/ext2_inode.o \
	core/fs/ext2_dir.o
