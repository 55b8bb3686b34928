/*
 * ns16550a driver: polled transmit, receive through the PLIC into a ring
 * buffer. The ring has one producer (uart_isr, on the boot hart) and one
 * consumer (the shell, on the boot hart with interrupts masked around the
 * pop), so plain indices suffice.
 */
#include "riscv.h"
#include "uart.h"

#define RX_RING_SIZE	256	/* power of two */

uint8_t uart_rx_ring[RX_RING_SIZE];
volatile unsigned int uart_rx_head;	/* written by uart_isr */
volatile unsigned int uart_rx_tail;	/* written by uart_rx_pop */
volatile unsigned long uart_rx_drops;

static inline uint8_t uart_read(unsigned int reg)
{
	return mmio_lbu(UART_BASE + reg);
}

static inline void uart_write(unsigned int reg, uint8_t v)
{
	mmio_sb(UART_BASE + reg, v);
}

/* The baud divisor is left as firmware (or the emulator) set it. */
void uart_init(void)
{
	uart_write(UART_LCR, 0x03);		/* 8N1, DLAB off */
	uart_write(UART_FCR, 0x01);		/* FIFOs on */
	uart_write(UART_MCR, 0x0b);		/* DTR, RTS, OUT2 (irq gate) */
	uart_write(UART_IER, UART_IER_ERBFI);
	while (uart_read(UART_LSR) & UART_LSR_DR)
		(void)uart_read(UART_RBR);
}

void uart_putc(char c)
{
	while (!(uart_read(UART_LSR) & UART_LSR_THRE))
		;
	uart_write(UART_THR, (uint8_t)c);
}

/* PLIC line 10 on the boot hart: drain the receive FIFO into the ring. */
void uart_isr(void)
{
	unsigned int head;

	/* Reading IIR acknowledges a THR-empty interrupt (16550: IIR read
	 * clears it when it is the source); receive data clears by draining. */
	(void)uart_read(UART_IIR);
	while (uart_read(UART_LSR) & UART_LSR_DR) {
		uint8_t c = uart_read(UART_RBR);

		head = uart_rx_head;
		if (head - uart_rx_tail >= RX_RING_SIZE) {
			uart_rx_drops++;
			continue;
		}
		uart_rx_ring[head % RX_RING_SIZE] = c;
		__atomic_store_n(&uart_rx_head, head + 1, __ATOMIC_RELEASE);
	}
}

int uart_rx_pop(void)
{
	unsigned int tail = uart_rx_tail;
	int c;

	if (tail == __atomic_load_n(&uart_rx_head, __ATOMIC_ACQUIRE))
		return -1;
	c = uart_rx_ring[tail % RX_RING_SIZE];
	uart_rx_tail = tail + 1;
	return c;
}

unsigned long uart_rx_dropped(void)
{
	return uart_rx_drops;
}
