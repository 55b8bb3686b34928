# Keel — top-level Makefile (non-recursive).
#
# Every source folder contributes an objects.mk fragment that appends to obj-y
# (obj-$(CONFIG_FOO) for optional parts); unit-test suites add tests/unit/*.mk
# fragments. Configuration comes from Kconfig through kconfiglib.

CROSS_COMPILE ?= riscv64-linux-gnu-
BUILD         ?= build
PYTHON        := /usr/bin/python3
DEFCONFIG     ?= qemu-virt64_defconfig
KCONFIG_CONFIG ?= .config
export KCONFIG_CONFIG

CC      := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
NM      := $(CROSS_COMPILE)nm
HOSTCC  ?= gcc

# QEMU run settings (make run SMP=4 MEM=1G QEMU_EXTRA='...')
SMP       ?= 2
MEM       ?= 512M
OPENSBI   ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
QEMU      := qemu-system-riscv64
QEMU_EXTRA ?=

Q := $(if $(V),,@)

.DEFAULT_GOAL := all
.PHONY: all deps run debug test unit-test system-test bench clean distclean \
        menuconfig savedefconfig olddefconfig defconfig-check libfdt

all: $(BUILD)/vmm.bin

# ---------------------------------------------------------------- dependencies
deps:
	$(Q)sh tools/deps.sh

# ---------------------------------------------------------------- Kconfig
$(KCONFIG_CONFIG): | deps
	@echo "  CONFIG  configs/$(DEFCONFIG)"
	$(Q)$(PYTHON) -m defconfig --kconfig Kconfig configs/$(DEFCONFIG) >/dev/null

%_defconfig: | deps
	$(Q)$(PYTHON) -m defconfig --kconfig Kconfig configs/$@

menuconfig: | deps $(KCONFIG_CONFIG)
	$(Q)MENUCONFIG_STYLE=aquatic $(PYTHON) -m menuconfig Kconfig

olddefconfig: | deps $(KCONFIG_CONFIG)
	$(Q)$(PYTHON) -m olddefconfig Kconfig

savedefconfig: | deps $(KCONFIG_CONFIG)
	$(Q)$(PYTHON) -m savedefconfig --kconfig Kconfig --out defconfig
	@echo "  wrote defconfig (copy it to configs/<board>_defconfig)"

KCONFIG_FILES := $(shell find . -name Kconfig -not -path './$(BUILD)/*')
AUTOCONF := $(BUILD)/include/generated/autoconf.h
AUTOCONF_MK := $(BUILD)/auto.conf

$(AUTOCONF) $(AUTOCONF_MK) &: $(KCONFIG_CONFIG) $(KCONFIG_FILES) | deps
	@mkdir -p $(dir $(AUTOCONF))
	@echo "  GEN     autoconf.h"
	$(Q)$(PYTHON) -m olddefconfig Kconfig >/dev/null
	$(Q)$(PYTHON) -m genconfig --header-path $(AUTOCONF) --config-out $(AUTOCONF_MK) Kconfig

ifeq ($(filter clean distclean deps %_defconfig menuconfig savedefconfig unit-test,$(MAKECMDGOALS)),)
-include $(AUTOCONF_MK)
endif

# ---------------------------------------------------------------- libfdt
# libfdt is a dependency, not vendored: extracted from Debian's linux-source.
LINUX_SRC_TAR := /usr/src/linux-source-6.1.tar.xz
LIBFDT_DIR    := $(BUILD)/libfdt
LIBFDT_SRCS   := fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_sw.c fdt_strerror.c fdt_addresses.c
LIBFDT_STAMP  := $(LIBFDT_DIR)/.extracted

$(LIBFDT_STAMP): | deps
	@echo "  EXTRACT libfdt from $(LINUX_SRC_TAR)"
	@rm -rf $(LIBFDT_DIR) && mkdir -p $(LIBFDT_DIR)
	$(Q)tar -xJf $(LINUX_SRC_TAR) -C $(LIBFDT_DIR) --strip-components=4 \
		linux-source-6.1/scripts/dtc/libfdt
	@touch $@

libfdt: $(LIBFDT_STAMP)

$(addprefix $(LIBFDT_DIR)/,$(LIBFDT_SRCS)): $(LIBFDT_STAMP)

# ---------------------------------------------------------------- kernel flags
ARCH_MARCH := rv64imac_zicsr_zifencei
CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -Iarch/riscv/include -Ilib/libc-include -I$(LIBFDT_DIR) \
	-I$(BUILD)/include -include $(AUTOCONF) -D__KEEL__
CFLAGS := -std=gnu11 -O2 -g -march=$(ARCH_MARCH) -mabi=lp64 -mcmodel=medany \
	-ffreestanding -fno-builtin-printf -fno-common -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-strict-aliasing \
	-ffunction-sections -fdata-sections \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes \
	-Wstrict-prototypes -Wshadow -MMD -MP
ASFLAGS := -march=$(ARCH_MARCH) -mabi=lp64 -mcmodel=medany -D__ASSEMBLY__ -g -MMD -MP
LIBFDT_CFLAGS := $(filter-out -Wmissing-prototypes -Wshadow -Wstrict-prototypes,$(CFLAGS)) \
	-Wno-sign-compare
LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments

# ---------------------------------------------------------------- objects
obj-y :=
include $(sort $(wildcard arch/riscv/objects.mk */objects.mk */*/objects.mk \
	*/*/*/objects.mk))

KOBJS := $(addprefix $(BUILD)/,$(obj-y)) \
	$(addprefix $(BUILD)/libfdt/,$(LIBFDT_SRCS:.c=.o))

$(BUILD)/%.o: %.c $(AUTOCONF) $(LIBFDT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.S $(AUTOCONF) $(BUILD)/include/generated/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

$(BUILD)/libfdt/%.o: $(BUILD)/libfdt/%.c $(AUTOCONF)
	@echo "  CC      libfdt/$*.c"
	$(Q)$(CC) $(CPPFLAGS) $(LIBFDT_CFLAGS) -c $< -o $@

# Assembly offsets are generated from C structures, never typed by hand.
$(BUILD)/include/generated/asm-offsets.h: arch/riscv/kernel/asm-offsets.c $(AUTOCONF) $(LIBFDT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  GEN     asm-offsets.h"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -S $< -o $(BUILD)/asm-offsets.s
	$(Q)sed -n 's/.*@@ASM_OFFSET \([A-Za-z0-9_]*\) [$$#]*\(-*[0-9]*\).*/#define \1 \2/p' \
		$(BUILD)/asm-offsets.s > $@.tmp && mv $@.tmp $@

# Linker script, preprocessed.
$(BUILD)/vmm.ld: arch/riscv/kernel/vmm.ld.S $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) -D__ASSEMBLY__ -P -E -x c $< -o $@

# Two-pass link: the second pass embeds a symbol table for symbolized backtraces.
# Text comes first in the image, so function addresses are the same in both passes.
$(BUILD)/vmm.pass1.elf: $(KOBJS) $(BUILD)/vmm.ld $(BUILD)/symtab.empty.o
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -T $(BUILD)/vmm.ld -o $@ $(KOBJS) $(BUILD)/symtab.empty.o

$(BUILD)/symtab.empty.S: tools/gen_symtab.py
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/gen_symtab.py /dev/null > $@

$(BUILD)/symtab.S: $(BUILD)/vmm.pass1.elf tools/gen_symtab.py
	$(Q)$(NM) -n $< | $(PYTHON) tools/gen_symtab.py - > $@

$(BUILD)/symtab.empty.o $(BUILD)/symtab.o: $(BUILD)/%.o: $(BUILD)/%.S
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

$(BUILD)/vmm.elf: $(KOBJS) $(BUILD)/vmm.ld $(BUILD)/symtab.o
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -T $(BUILD)/vmm.ld -o $@ $(KOBJS) $(BUILD)/symtab.o
	$(Q)$(NM) -n $@ | $(PYTHON) tools/gen_symtab.py --check $(BUILD)/symtab.S -

$(BUILD)/vmm.bin: $(BUILD)/vmm.elf
	@echo "  OBJCOPY $@"
	$(Q)$(OBJCOPY) -O binary $< $@
	@echo "  vmm.bin: $$(stat -c %s $@) bytes"

# ---------------------------------------------------------------- run / debug
# The seed workflow's command line: the boot disk as initrd, and a boot
# command that mounts it, runs /boot.xscript (which creates guest0) and
# prints the banner.
SEED_BOOTCMD := vfs mount initrd /;vfs run /boot.xscript;vfs cat /system/banner.txt
BOOTCMD ?= $(SEED_BOOTCMD)
QEMU_CMD = $(QEMU) -M virt -m $(MEM) -smp $(SMP) -nographic -bios $(OPENSBI) \
	-kernel $(BUILD)/vmm.bin -initrd $(DISK_IMG) \
	$(if $(BOOTCMD),-append 'vmm.bootcmd="$(BOOTCMD)"') $(QEMU_EXTRA)

run: all disk
	$(QEMU_CMD)

debug: all disk
	@echo "Keel waits for gdb on :1234. In another terminal: make gdb"
	$(QEMU_CMD) -s -S

gdb: $(BUILD)/vmm.elf
	gdb-multiarch -x tools/gdbinit $(BUILD)/vmm.elf

# ---------------------------------------------------------------- tests
include tests/unit/unit.mk
include tools/disk.mk
include tests/guests/basic/basic.mk
include tools/bench.mk

# The boot disk carries the basic guest firmware.
$(DISK_IMG): $(BUILD)/guests/basic/firmware.bin

PYTEST_ARGS ?=
system-test: all disk guest-basic
	$(PYTHON) -m pytest -q -n 2 tests/system $(PYTEST_ARGS)

test: unit-test system-test

# ---------------------------------------------------------------- cleaning
clean:
	rm -rf $(BUILD)

distclean: clean
	rm -f .config .config.old defconfig

-include $(KOBJS:.o=.d)
