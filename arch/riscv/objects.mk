obj-y += arch/riscv/kernel/head.o arch/riscv/kernel/trap_entry.o arch/riscv/kernel/switch.o
obj-y += arch/riscv/kernel/setup.o arch/riscv/kernel/trap.o arch/riscv/kernel/stacktrace.o
obj-y += arch/riscv/kernel/sbi.o arch/riscv/kernel/mmu.o arch/riscv/kernel/timer.o
obj-y += arch/riscv/kernel/smp.o arch/riscv/kernel/cpufeature.o
