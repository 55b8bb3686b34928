# core/block: block-device layer, partition tables, ramdisks (the initrd)
# and the `blockdev` shell command.
obj-y += core/block/blockdev.o core/block/partitions.o core/block/ramdisk.o \
	core/block/blockdev_cmds.o
