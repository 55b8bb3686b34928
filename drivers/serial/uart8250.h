/* 8250/16550A UART, hardware part: usable before the device tree is parsed
 * (polled output) and by the FDT glue (interrupt-driven input). */
#ifndef DRIVERS_UART8250_H
#define DRIVERS_UART8250_H

#include <keel/types.h>

struct uart8250 {
	volatile uint8_t *regs;
	unsigned int reg_shift;
	unsigned int reg_width;		/* 1 or 4 bytes */
	uint32_t clock_hz;
	uint64_t rx_bytes, tx_bytes, overruns;
};

/* FIFOs on, 8N1; baud set only when clock_hz and baud are both known. */
void uart8250_init(struct uart8250 *u, uint32_t baud);
void uart8250_putc(struct uart8250 *u, char c);
/* A received byte or -1. */
int uart8250_getc(struct uart8250 *u);
void uart8250_rx_irq_enable(struct uart8250 *u, bool on);

#endif
