# Keel's boot disk, build/disk.img (tools/mkdisk.sh): an ext2 image used as
# the initrd (`qemu ... -initrd build/disk.img`). Included by the top
# Makefile; `make disk` builds it, and it is rebuilt whenever one of its
# inputs changes or a guest image appears in or leaves $(BUILD)/guests/
# (*.bin, and basic/firmware.bin: the basic test firmware, which is not
# built from here: add `$(DISK_IMG): $(BUILD)/guests/basic/firmware.bin`
# to make the disk build it).

DISK_IMG     := $(BUILD)/disk.img
DISK_SOURCES := tools/mkdisk.sh tools/disk.mk tools/disk/boot.xscript \
	tools/disk/virt64-README.txt core/version.c \
	tests/guests/virt64/virt64-guest.dts tests/guests/virt64/nor_flash.list
DISK_GUESTS  := $(sort $(wildcard $(BUILD)/guests/*.bin \
	$(BUILD)/guests/basic/firmware.bin))
DISK_STAMP   := $(BUILD)/disk.guests

.PHONY: disk disk-guests-check

disk: $(DISK_IMG)

# The list of guest images, rewritten only when it changes, so that adding
# or removing one rebuilds the disk (their contents are prerequisites too).
disk-guests-check:
	@mkdir -p $(dir $(DISK_STAMP))
	@echo '$(DISK_GUESTS)' > $(DISK_STAMP).new
	@cmp -s $(DISK_STAMP).new $(DISK_STAMP) && rm -f $(DISK_STAMP).new || \
		mv $(DISK_STAMP).new $(DISK_STAMP)

$(DISK_STAMP): disk-guests-check ;

$(DISK_IMG): $(DISK_SOURCES) $(DISK_GUESTS) $(DISK_STAMP) | deps
	@echo "  DISK    $@"
	$(Q)sh tools/mkdisk.sh $(BUILD) $@
