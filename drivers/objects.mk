obj-y += drivers/irqchip/plic.o drivers/irqchip/plic_fdt.o
obj-y += drivers/serial/uart8250.o drivers/serial/uart8250_fdt.o
obj-$(CONFIG_ACLINT_SSWI) += drivers/ipi/aclint_sswi.o
