# Basic guest firmware (tests/guests/basic): Keel's own bare-metal test guest.
# Included from the top-level Makefile; uses its BUILD and CROSS_COMPILE.
#
# The objects are compiled once and linked twice:
#   firmware.bin       linked at 0x0 (Keel virt64 NOR flash), data in RAM at
#                      0x80000000
#   firmware-bare.bin  linked at 0x80200000 (QEMU virt + OpenSBI fw_jump)
# -fPIC instead of -fno-pie: in the flash build RAM is beyond pc-relative
# reach of the code, so globals are reached through the GOT (README.md).

BASIC_DIR := tests/guests/basic
BASIC_OUT := $(BUILD)/guests/basic
BASIC_CC := $(CROSS_COMPILE)gcc
BASIC_OBJCOPY := $(CROSS_COMPILE)objcopy

BASIC_SRCS := entry.S main.c shell.c console.c lib.c uart.c plic.c sbi.c \
	trap.c hart.c dtb_scan.c test.c cmd_sbi.c cmd_timer.c cmd_smp.c cmd_plic.c \
	cmd_mmio.c cmd_bench.c
BASIC_OBJS := $(patsubst %,$(BASIC_OUT)/obj/%.o,$(basename $(BASIC_SRCS)))
BASIC_BINS := $(BASIC_OUT)/firmware.bin $(BASIC_OUT)/firmware-bare.bin

BASIC_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-ffreestanding -nostdlib -fPIC -fno-stack-protector -std=gnu11 -O2 \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow \
	-MMD -MP
BASIC_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-warn-rwx-segments \
	-Wl,--build-id=none -Wl,-L,$(BASIC_DIR)
BASIC_LDS := $(BASIC_DIR)/firmware-sections.ld

.PHONY: guest-basic
guest-basic: $(BASIC_BINS)

$(BASIC_OUT)/obj/%.o: $(BASIC_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(BASIC_CC) $(BASIC_CFLAGS) -c $< -o $@

$(BASIC_OUT)/obj/%.o: $(BASIC_DIR)/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(BASIC_CC) $(BASIC_CFLAGS) -c $< -o $@

$(BASIC_OUT)/firmware.elf: $(BASIC_DIR)/firmware.ld
$(BASIC_OUT)/firmware-bare.elf: $(BASIC_DIR)/firmware-bare.ld
$(BASIC_OUT)/firmware.elf $(BASIC_OUT)/firmware-bare.elf: $(BASIC_OUT)/%.elf: \
		$(BASIC_OBJS) $(BASIC_LDS)
	@echo "  LD      $@"
	$(Q)$(BASIC_CC) $(BASIC_LDFLAGS) -T $(BASIC_DIR)/$*.ld -o $@ $(BASIC_OBJS)

$(BASIC_OUT)/%.bin: $(BASIC_OUT)/%.elf
	@echo "  OBJCOPY $@"
	$(Q)$(BASIC_OBJCOPY) -O binary $< $@
	@size=$$(stat -c %s $@); echo "  $(@F): $$size bytes"; \
		[ $$size -lt 65536 ] || { echo "$@: over 64 KiB"; rm -f $@; exit 1; }

-include $(BASIC_OBJS:.o=.d)

# tests/system/test_guest_basic_bare.py boots firmware-bare.bin.
system-test: guest-basic
