# core/vfs: mount table and path walker, the vfs shell command, xscript
obj-y += core/vfs/vfs.o core/vfs/vfs_cmds.o core/vfs/xscript.o
