# core: arch-independent kernel services
obj-y += core/symbols.o
obj-y += core/init.o core/version.o core/printk.o core/console.o core/panic.o
obj-y += core/fdt_helpers.o core/fdt_print.o core/driver.o core/irq.o core/smp.o
obj-y += core/mm/ram.o core/mm/stack.o core/time/timer.o
obj-y += core/cmds/system_cmds.o core/cmds/host_cmds.o core/cmds/devtree_cmds.o
obj-$(CONFIG_DEBUG_CHECKS) += core/cmds/debug_cmds.o
obj-y += core/guest_config.o core/guest.o core/guest_mem.o core/vcpu.o core/devemu.o
obj-y += core/vserial.o core/cmds/guest_cmds.o core/cmds/vcpu_cmds.o core/cmds/vserial_cmds.o
obj-y += core/guest_load.o
obj-y += core/devtree.o core/devtree_load.o
