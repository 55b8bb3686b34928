/* 8250 device-tree glue: binds ns16550(a) nodes; the one /chosen/stdout-path
 * names becomes the console, receiving by interrupt. */
#include <arch/mmu.h>
#include <keel/console.h>
#include <keel/driver.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/irq.h>
#include <keel/printk.h>
#include <keel/string.h>
#include <libfdt.h>
#include "uart8250.h"

static struct uart8250 console_uart;
static struct console_ops uart_console;

static void uart_console_putc(void *dev, char c)
{
	uart8250_putc(dev, c);
}

static void uart_rx_irq(unsigned int irq, void *data)
{
	char buf[32];
	size_t n = 0;
	int c;

	while ((c = uart8250_getc(data)) >= 0) {
		buf[n++] = (char)c;
		if (n == sizeof(buf)) {
			console_receive(buf, n);
			n = 0;
		}
	}
	if (n)
		console_receive(buf, n);
}

/* The node /chosen/stdout-path points at (path or alias, ":options" cut). */
static int stdout_node(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	const char *colon;

	if (!path)
		return -ENOENT;
	colon = strchr(path, ':');
	return fdt_path_offset_namelen(fdt, path, colon ? (int)(colon - path) : (int)strlen(path));
}

static int uart_probe(const void *fdt, int node)
{
	uint64_t base, size;
	uint32_t irq, v;
	void *regs;

	if (node != stdout_node(fdt))
		return -ENODEV;		/* only the console UART is Keel's */
	if (fdt_get_reg(fdt, node, 0, &base, &size))
		return -EINVAL;
	regs = ioremap(base, size ? size : 0x100);
	if (!regs)
		return -ENOMEM;
	console_uart.regs = regs;
	console_uart.reg_shift = fdt_get_u32(fdt, node, "reg-shift", &v) ? 0 : v;
	console_uart.reg_width = fdt_get_u32(fdt, node, "reg-io-width", &v) ? 1 : v;
	console_uart.clock_hz = fdt_get_u32(fdt, node, "clock-frequency", &v) ? 0 : v;
	uart8250_init(&console_uart, 0);
	uart_console = (struct console_ops){ .name = "uart8250",
		.putc = uart_console_putc, .dev = &console_uart };
	console_register(&uart_console);
	if (!fdt_get_irq(fdt, node, 0, &irq) &&
	    !irq_request(irq, uart_rx_irq, &console_uart, "uart8250")) {
		uart8250_rx_irq_enable(&console_uart, true);
	} else {
		pr_warn("uart8250: no interrupt, console input unavailable\n");
	}
	pr_info("uart8250: console at 0x%llx irq %u\n", (unsigned long long)base, irq);
	return 0;
}

static const char *const uart_compat[] = { "ns16550a", "ns16550", "ns8250", NULL };

DRIVER(uart8250) = {
	.name = "uart8250",
	.compatible = uart_compat,
	.order = DRIVER_ORDER_NORMAL,
	.probe = uart_probe,
};
