/*
 * Formatted output and the console. Output goes straight to the UART
 * (polled); input comes from the UART receive ring, fed by the PLIC
 * interrupt (uart.c).
 */
#include "hart.h"
#include "lib.h"
#include "uart.h"

struct out {
	char *buf;		/* NULL: write to the console */
	size_t len;
	size_t pos;
};

/* The console lock: an owner hart may take it again (an exception report
 * while that hart prints must not deadlock). */
volatile int console_lock_word;
volatile long console_owner = -1;
unsigned long console_depth;

void console_lock(void)
{
	long me = (long)this_hart()->hartid;

	if (console_owner == me) {
		console_depth++;
		return;
	}
	while (__atomic_exchange_n(&console_lock_word, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	console_owner = me;
	console_depth = 1;
}

void console_unlock(void)
{
	if (--console_depth)
		return;
	console_owner = -1;
	__atomic_store_n(&console_lock_word, 0, __ATOMIC_RELEASE);
}

void console_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

void puts_raw(const char *s)
{
	console_lock();
	while (*s)
		console_putc(*s++);
	console_unlock();
}

static void out_char(struct out *o, char c)
{
	if (!o->buf)
		console_putc(c);
	else if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

/* One number: base 10 or 16, optional sign, padded to width. */
static void out_number(struct out *o, unsigned long v, bool neg,
		       unsigned base, int width, char pad, bool left,
		       bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, total;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	total = n + neg;
	if (neg && pad == '0')
		out_char(o, '-');
	if (!left)
		out_pad(o, pad, width - total);
	if (neg && pad != '0')
		out_char(o, '-');
	while (n)
		out_char(o, tmp[--n]);
	if (left)
		out_pad(o, ' ', width - total);
}

static void out_string(struct out *o, const char *s, int width, bool left)
{
	int n = (int)strlen(s);

	if (!left)
		out_pad(o, ' ', width - n);
	while (*s)
		out_char(o, *s++);
	if (left)
		out_pad(o, ' ', width - n);
}

struct spec {
	bool left;
	char pad;
	int width;
	int lng;	/* 0 int, 1 long, 2 long long / size_t */
};

static const char *parse_spec(const char *f, struct spec *sp)
{
	sp->left = false;
	sp->pad = ' ';
	sp->width = 0;
	sp->lng = 0;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->pad = '0';
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	while (*f == 'l' || *f == 'z') {
		sp->lng++;
		f++;
	}
	if (sp->left)
		sp->pad = ' ';
	return f;
}

static void out_conv(struct out *o, char c, struct spec *sp, va_list *ap)
{
	unsigned long u;
	long s;

	switch (c) {
	case 'd':
	case 'i':
		s = sp->lng ? va_arg(*ap, long) : va_arg(*ap, int);
		u = s < 0 ? -(unsigned long)s : (unsigned long)s;
		out_number(o, u, s < 0, 10, sp->width, sp->pad, sp->left, 0);
		break;
	case 'u':
	case 'x':
	case 'X':
		u = sp->lng ? va_arg(*ap, unsigned long) :
			      va_arg(*ap, unsigned int);
		out_number(o, u, false, c == 'u' ? 10 : 16, sp->width,
			   sp->pad, sp->left, c == 'X');
		break;
	case 'p':
		out_string(o, "0x", 0, false);
		out_number(o, (unsigned long)va_arg(*ap, void *), false, 16,
			   sp->width, sp->pad, sp->left, false);
		break;
	case 's':
		out_string(o, va_arg(*ap, const char *) ?: "(null)",
			   sp->width, sp->left);
		break;
	case 'c':
		out_char(o, (char)va_arg(*ap, int));
		break;
	default:
		out_char(o, '%');
		out_char(o, c);
	}
}

static int vformat(struct out *o, const char *fmt, va_list ap)
{
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_char(o, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt)
			break;
		if (*fmt == '%')
			out_char(o, '%');
		else
			out_conv(o, *fmt, &sp, &aq);
	}
	va_end(aq);
	if (o->buf && o->len)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
	return (int)o->pos;
}

int vprintf(const char *fmt, va_list ap)
{
	struct out o = { 0 };
	int n;

	console_lock();
	n = vformat(&o, fmt, ap);
	console_unlock();
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int snprintf(char *buf, size_t len, const char *fmt, ...)
{
	struct out o = { .buf = buf, .len = len };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(&o, fmt, ap);
	va_end(ap);
	return n;
}

int console_trygetc(void)
{
	return uart_rx_pop();
}

/*
 * Sleep until a byte arrives. Interrupts are masked while the ring is
 * checked so that an RX interrupt cannot slip in between the check and the
 * wfi; wfi still wakes on the pending (locally enabled) interrupt, which is
 * then taken when SIE is set again (priv spec §3.3.3).
 */
int console_getc(void)
{
	int c;

	for (;;) {
		irq_disable();
		c = uart_rx_pop();
		if (c >= 0)
			break;
		wfi();
		irq_enable();
	}
	irq_enable();
	return c;
}
