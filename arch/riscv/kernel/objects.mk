# arch/riscv/kernel: guest-running pieces (instruction decoding for trap
# emulation, G-stage page tables). The rest of arch/riscv is listed in
# arch/riscv/objects.mk.
obj-y += arch/riscv/kernel/insn.o arch/riscv/kernel/gstage.o
