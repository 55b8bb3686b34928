/* The console: output to the early firmware console until a UART driver
 * registers; input from the driver's interrupt into a ring buffer that the
 * console thread sleeps on. */
#include <arch/console.h>
#include <keel/console.h>
#include <keel/ringbuf.h>
#include <keel/sched.h>
#include <keel/spinlock.h>

static const struct console_ops *console_dev;
static char rx_storage[1024];
static struct ringbuf rx;
static bool rx_ready;
static struct waitqueue rx_wait = WAITQUEUE_INIT(rx_wait);

static void raw_putc(char c)
{
	if (console_dev)
		console_dev->putc(console_dev->dev, c);
	else
		arch_early_putc(c);
}

void console_putc(char c)
{
	if (c == '\n')
		raw_putc('\r');
	raw_putc(c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

void console_register(const struct console_ops *ops)
{
	console_dev = ops;
}

static void rx_init_once(void)
{
	if (!rx_ready) {
		ringbuf_init(&rx, rx_storage, sizeof(rx_storage));
		rx_ready = true;
	}
}

/* Driver receive path (IRQ context). Bytes that do not fit are dropped. */
void console_receive(const char *s, size_t n)
{
	rx_init_once();
	ringbuf_put(&rx, s, n);
	waitqueue_wake_all(&rx_wait);
}

int console_trygetc(void)
{
	rx_init_once();
	return ringbuf_getc(&rx);
}

static bool rx_nonempty(void *arg)
{
	return !ringbuf_empty(&rx);
}

int console_getc(void)
{
	rx_init_once();
	waitqueue_wait(&rx_wait, rx_nonempty, NULL);
	return ringbuf_getc(&rx);
}
