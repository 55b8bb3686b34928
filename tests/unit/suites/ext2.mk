# Unit tests of the read-only ext2 filesystem (core/fs/ext2_*.c) on real
# images that tests/unit/make_ext2_images.sh builds with genext2fs and mke2fs
# into $(EXT2_IMG_DIR); the test binary finds them through EXT2_IMG_DIR
# (relative: unit-test runs binaries from the repository root). The heap is
# the malloc-backed stub, so ASan sees every kmalloc() at its exact size.
UNIT_SUITES += test_ext2

EXT2_IMG_DIR := $(BUILD)/unit/ext2
EXT2_IMAGES := $(addprefix $(EXT2_IMG_DIR)/,gen1k.img gen4k.img rev0.img \
	mke1k.img mke2k.img mke4k.img)

test_ext2_SRCS := tests/unit/test_ext2.c tests/unit/test_ext2_corrupt.c \
	core/fs/ext2_super.c core/fs/ext2_block.c core/fs/ext2_inode.c \
	core/fs/ext2_dir.c \
	tests/unit/stubs/heap_stub.c tests/unit/stubs/printk_stub.c \
	tests/unit/stubs/unit_stubs.c
test_ext2_CFLAGS := -DEXT2_IMG_DIR='"$(EXT2_IMG_DIR)"' \
	-Wmissing-prototypes -Wstrict-prototypes -Wshadow

$(BUILD)/unit/test_ext2: $(EXT2_IMAGES) tests/unit/test_ext2.h \
	core/fs/ext2_internal.h include/keel/vfs.h

$(EXT2_IMAGES) &: tests/unit/make_ext2_images.sh | deps
	@mkdir -p $(EXT2_IMG_DIR)
	@echo "  GEN     $(EXT2_IMG_DIR)/*.img"
	$(Q)sh tests/unit/make_ext2_images.sh $(EXT2_IMG_DIR) >/dev/null
