/*
 * ns16550a UART at 0x10000000 (PLIC line 10) on both QEMU virt and Keel's
 * default virt64 guest: polled output, interrupt-driven input.
 */
#ifndef BASIC_UART_H
#define BASIC_UART_H

#include <stdint.h>

#define UART_BASE	0x10000000UL
#define UART_IRQ	10

/* Register offsets and bits (ns16550a datasheet). */
#define UART_RBR	0	/* receive buffer (read) */
#define UART_THR	0	/* transmit holding (write) */
#define UART_IER	1
#define UART_IIR	2	/* interrupt identification (read) */
#define UART_FCR	2	/* FIFO control (write) */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7	/* scratch: free read/write byte */
#define UART_IER_ERBFI	0x01	/* received data available */
#define UART_IER_ETBEI	0x02	/* transmit holding register empty */
#define UART_IIR_ID_MASK 0x0f
#define UART_IIR_THRE	0x02
#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20

void uart_init(void);
void uart_putc(char c);
void uart_isr(void);
int uart_rx_pop(void);
unsigned long uart_rx_dropped(void);

#endif /* BASIC_UART_H */
