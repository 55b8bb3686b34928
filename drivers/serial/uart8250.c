/* 8250/16550A UART hardware access (register map of the TI PC16550D). */
#include <arch/io.h>
#include "uart8250.h"

#define UART_RBR	0	/* receive buffer (read) */
#define UART_THR	0	/* transmit holding (write) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5

#define IER_RDI		0x01
#define FCR_ENABLE	0x01
#define FCR_CLEAR	0x06
#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_THRE	0x20

static uint8_t reg_read(struct uart8250 *u, unsigned int reg)
{
	volatile uint8_t *a = u->regs + (reg << u->reg_shift);

	return u->reg_width == 4 ? (uint8_t)readl(a) : readb(a);
}

static void reg_write(struct uart8250 *u, unsigned int reg, uint8_t v)
{
	volatile uint8_t *a = u->regs + (reg << u->reg_shift);

	if (u->reg_width == 4)
		writel(v, a);
	else
		writeb(v, a);
}

void uart8250_init(struct uart8250 *u, uint32_t baud)
{
	reg_write(u, UART_IER, 0);
	if (u->clock_hz && baud) {
		uint32_t div = u->clock_hz / (16 * baud);

		reg_write(u, UART_LCR, LCR_DLAB);
		reg_write(u, UART_DLL, div & 0xff);
		reg_write(u, UART_DLM, (div >> 8) & 0xff);
	}
	reg_write(u, UART_LCR, LCR_8N1);
	reg_write(u, UART_FCR, FCR_ENABLE | FCR_CLEAR);
	reg_write(u, UART_MCR, MCR_DTR_RTS_OUT2);
}

void uart8250_putc(struct uart8250 *u, char c)
{
	while (!(reg_read(u, UART_LSR) & LSR_THRE))
		;
	reg_write(u, UART_THR, (uint8_t)c);
	u->tx_bytes++;
}

int uart8250_getc(struct uart8250 *u)
{
	uint8_t lsr = reg_read(u, UART_LSR);

	if (lsr & LSR_OE)
		u->overruns++;
	if (!(lsr & LSR_DR))
		return -1;
	u->rx_bytes++;
	return reg_read(u, UART_RBR);
}

void uart8250_rx_irq_enable(struct uart8250 *u, bool on)
{
	reg_write(u, UART_IER, on ? IER_RDI : 0);
}
