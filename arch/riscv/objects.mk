obj-y += arch/riscv/kernel/head.o arch/riscv/kernel/trap_entry.o arch/riscv/kernel/switch.o
obj-y += arch/riscv/kernel/setup.o arch/riscv/kernel/trap.o arch/riscv/kernel/stacktrace.o
obj-y += arch/riscv/kernel/sbi.o arch/riscv/kernel/mmu.o arch/riscv/kernel/timer.o
obj-y += arch/riscv/kernel/smp.o arch/riscv/kernel/cpufeature.o
obj-y += arch/riscv/kernel/vcpu_switch.o arch/riscv/kernel/vcpu.o arch/riscv/kernel/vcpu_exit.o
obj-y += arch/riscv/kernel/vcpu_sbi.o arch/riscv/kernel/vmid.o arch/riscv/kernel/guest.o
obj-y += arch/riscv/kernel/hyp.o arch/riscv/kernel/hlvx.o
