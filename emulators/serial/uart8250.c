/* 8250/16550A UART emulator: the guest's serial console, fed by a vserial
 * port named "<guest>/<node>" (guest0/uart0).
 *
 * Registers (TI/National PC16550D data sheet, "Register Description" and
 * table 2 "Summary of Registers"), index = offset >> reg-shift:
 *   0  RBR (read) / THR (write); DLL when LCR.DLAB
 *   1  IER; DLM when LCR.DLAB
 *   2  IIR (read) / FCR (write)
 *   3  LCR   4 MCR   5 LSR   6 MSR   7 SCR
 *
 * Model:
 * - Transmission is instantaneous: a THR write goes straight to the
 *   vserial, so LSR.THRE and LSR.TEMT always read 1. The THRE interrupt
 *   follows the data sheet's rule (IIR section): it becomes pending when
 *   THR empties (after every THR write) or when IER.ETBEI goes 0 -> 1, and
 *   is cleared by a THR write or by reading IIR while it is the reported
 *   source.
 * - Receive: a FIFO of fifo_size bytes (16 by default, as the 16550A) while
 *   FCR.FE is set, a single RBR byte otherwise. Console input that does not
 *   fit is refused (the vserial keeps it) and vserial_rx_ready() is called
 *   once the guest has emptied the receiver, so no input is lost; an overrun
 *   (LSR.OE) can only come from loopback.
 * - The character timeout (IIR 0xC) is signalled as soon as the receiver is
 *   idle with fewer bytes than the trigger level: the emulated line has no
 *   bit timing, and console input arrives in bursts. So with IER.ERBFI set,
 *   any received byte raises an interrupt: 0x4 at or above the trigger
 *   level (or with the FIFO off), 0xC below it.
 * - IIR priorities: RLS (0x6) > RDA/timeout (0x4/0xC) > THRE (0x2) >
 *   modem status (0x0); IIR bits 7:6 read 11 while the FIFO is enabled.
 * - Loopback (MCR.LOOP): THR bytes go to the receiver instead of the
 *   vserial, console input is held off, and MSR reflects MCR (CTS=RTS,
 *   DSR=DTR, RI=OUT1, DCD=OUT2) with its delta bits. Outside loopback the
 *   modem lines read CTS, DSR and DCD asserted.
 * - The divisor latch and LCR are stored but have no effect.
 * - The interrupt line is the region's first "interrupts" entry; it is
 *   driven high while IIR reports a source, and is not gated by MCR.OUT2.
 *
 * Accesses: width 1, or width 4 at 4-byte aligned offsets when reg-shift is
 * 2 or more (reg-io-width 4). Offsets between registers or past SCR read 0
 * and ignore writes; other widths fail with -EINVAL.
 *
 * Config node attributes:
 *   interrupts   required (the region's irqs[0])
 *   reg-shift    optional, 0..4, default 0
 *   fifo_size    optional (xvisor's name), 16..4096, default 16
 *
 * Locking: one irqsave spinlock per instance, taken by guest accesses (vCPU
 * threads on any hart) and by the vserial receive callback. The interrupt
 * line is driven under it (order: UART -> PLIC); vserial_output() and
 * vserial_rx_ready() are called after releasing it, since the vserial may
 * call back into the receive callback.
 */
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printk.h>
#include <keel/spinlock.h>
#include <keel/string.h>
#include <keel/vserial.h>
#include <libfdt.h>

/* Register indexes */
#define UART_RBR	0
#define UART_IER	1
#define UART_IIR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define IER_ERBFI	0x01	/* received data available */
#define IER_ETBEI	0x02	/* THR empty */
#define IER_ELSI	0x04	/* receiver line status */
#define IER_EDSSI	0x08	/* modem status */

#define IIR_MSR		0x00
#define IIR_NONE	0x01
#define IIR_THRE	0x02
#define IIR_RDA		0x04
#define IIR_RLS		0x06
#define IIR_TIMEOUT	0x0c
#define IIR_FIFO	0xc0

#define FCR_FE		0x01
#define FCR_RX_RESET	0x02
#define FCR_STICKY	0xc9	/* trigger level, DMA mode, enable */

#define LCR_DLAB	0x80

#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define MCR_MASK	0x1f

#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_BI		0x10
#define LSR_THRE	0x20
#define LSR_TEMT	0x40

#define MSR_DCTS	0x01
#define MSR_TERI	0x04
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

#define UART_DEF_FIFO	16
#define UART_MAX_FIFO	4096
#define UART_MAX_SHIFT	4
#define UART_NAME_MAX	(2 * GUEST_NAME_MAX + 2)

struct uart {
	spinlock_t lock;
	struct devemu_dev *dev;
	struct vserial *vs;
	unsigned int reg_shift;
	unsigned int fifo_size;
	uint8_t *rx;			/* ring of fifo_size bytes */
	unsigned int rx_head, rx_count;
	uint16_t dl;			/* divisor latch */
	uint8_t ier, lcr, mcr, scr, fcr;
	uint8_t lsr_err;		/* OE (BI, PE, FE never happen) */
	uint8_t msr_delta;		/* MSR bits 3:0 */
	bool thr_ipending;
	bool irq_level;
};

/* What a guest access asks for once the lock is dropped. */
struct uart_after {
	int out;			/* byte for the vserial, or -1 */
	bool rx_ready;			/* the receiver can take input again */
};

static bool uart_fifo_on(const struct uart *u)
{
	return u->fcr & FCR_FE;
}

static unsigned int uart_rx_capacity(const struct uart *u)
{
	return uart_fifo_on(u) ? u->fifo_size : 1;
}

/* FCR bits 7:6: 1, 4, 8 or 14 bytes (16550D "FIFO Control Register"). */
static unsigned int uart_trigger(const struct uart *u)
{
	static const uint8_t levels[4] = { 1, 4, 8, 14 };

	return levels[u->fcr >> 6];
}

/* Add a received byte; a full receiver sets the overrun error and keeps
 * its contents (16550D: "the character in the shift register is
 * overwritten"). Lock held. */
static void uart_rx_push(struct uart *u, uint8_t c)
{
	if (u->rx_count >= uart_rx_capacity(u)) {
		u->lsr_err |= LSR_OE;
		return;
	}
	u->rx[(u->rx_head + u->rx_count) % u->fifo_size] = c;
	u->rx_count++;
}

/* Take the oldest received byte; the receiver is not empty. Lock held. */
static uint8_t uart_rx_pop(struct uart *u)
{
	uint8_t c = u->rx[u->rx_head];

	u->rx_head = (u->rx_head + 1) % u->fifo_size;
	u->rx_count--;
	return c;
}

static void uart_rx_clear(struct uart *u)
{
	u->rx_head = u->rx_count = 0;
}

/* The interrupt source IIR reports, by priority. Lock held. */
static uint8_t uart_iir_id(const struct uart *u)
{
	if ((u->ier & IER_ELSI) && (u->lsr_err & (LSR_OE | LSR_BI)))
		return IIR_RLS;
	if ((u->ier & IER_ERBFI) && u->rx_count) {
		if (!uart_fifo_on(u) || u->rx_count >= uart_trigger(u))
			return IIR_RDA;
		return IIR_TIMEOUT;
	}
	if ((u->ier & IER_ETBEI) && u->thr_ipending)
		return IIR_THRE;
	if ((u->ier & IER_EDSSI) && u->msr_delta)
		return IIR_MSR;
	return IIR_NONE;
}

/* Drive the interrupt line from the current state. Lock held. */
static void uart_update_irq(struct uart *u)
{
	bool level = uart_iir_id(u) != IIR_NONE;

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	devemu_irq_set(u->dev, u->dev->region->irqs[0], level);
}

static uint8_t uart_lsr(const struct uart *u)
{
	return (u->rx_count ? LSR_DR : 0) | u->lsr_err | LSR_THRE | LSR_TEMT;
}

/* MSR bits 7:4: wired to MCR in loopback, else CTS, DSR and DCD on. */
static uint8_t uart_modem_status(const struct uart *u)
{
	uint8_t m = u->mcr;

	if (!(m & MCR_LOOP))
		return MSR_CTS | MSR_DSR | MSR_DCD;
	return (m & MCR_RTS ? MSR_CTS : 0) | (m & MCR_DTR ? MSR_DSR : 0) |
	       (m & MCR_OUT1 ? MSR_RI : 0) | (m & MCR_OUT2 ? MSR_DCD : 0);
}

/* Delta bits for a change of the modem lines (16550D "Modem Status
 * Register"): DCTS, DDSR, DDCD on any change, TERI when RI goes 1 -> 0. */
static uint8_t uart_msr_delta(uint8_t old, uint8_t now)
{
	uint8_t delta = (uint8_t)((old ^ now) >> 4) & ~MSR_TERI;

	if ((old & MSR_RI) && !(now & MSR_RI))
		delta |= MSR_TERI;
	return delta;
}

static uint8_t uart_read_rbr(struct uart *u, struct uart_after *after)
{
	if (u->lcr & LCR_DLAB)
		return (uint8_t)u->dl;
	if (!u->rx_count)
		return 0;
	if (u->rx_count == 1 && !(u->mcr & MCR_LOOP))
		after->rx_ready = true;		/* this read drains it */
	return uart_rx_pop(u);
}

static uint8_t uart_read_iir(struct uart *u)
{
	uint8_t id = uart_iir_id(u);

	if (id == IIR_THRE)
		u->thr_ipending = false;
	return id | (uart_fifo_on(u) ? IIR_FIFO : 0);
}

/* Register read with its side effects. Lock held. */
static uint8_t uart_reg_read(struct uart *u, unsigned int reg,
			     struct uart_after *after)
{
	uint8_t val;

	switch (reg) {
	case UART_RBR:
		return uart_read_rbr(u, after);
	case UART_IER:
		return u->lcr & LCR_DLAB ? (uint8_t)(u->dl >> 8) : u->ier;
	case UART_IIR:
		return uart_read_iir(u);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		val = uart_lsr(u);
		u->lsr_err = 0;		/* reading LSR clears OE/BI */
		return val;
	case UART_MSR:
		val = uart_modem_status(u) | u->msr_delta;
		u->msr_delta = 0;
		return val;
	default:
		return u->scr;
	}
}

static void uart_write_thr(struct uart *u, uint8_t val, struct uart_after *after)
{
	if (u->lcr & LCR_DLAB) {
		u->dl = (uint16_t)((u->dl & 0xff00) | val);
		return;
	}
	if (u->mcr & MCR_LOOP)
		uart_rx_push(u, val);
	else
		after->out = val;
	/* Sent at once: THR is empty again. */
	u->thr_ipending = u->ier & IER_ETBEI;
}

static void uart_write_ier(struct uart *u, uint8_t val)
{
	uint8_t old = u->ier;

	if (u->lcr & LCR_DLAB) {
		u->dl = (uint16_t)((u->dl & 0x00ff) | val << 8);
		return;
	}
	u->ier = val & 0x0f;
	if ((old ^ u->ier) & IER_ETBEI)
		u->thr_ipending = u->ier & IER_ETBEI;
}

/* FCR: FIFO enable (a change clears the FIFOs), RX reset, trigger level.
 * With FCR.FE clear the other bits are not programmed (16550D FCR0). */
static void uart_write_fcr(struct uart *u, uint8_t val, struct uart_after *after)
{
	bool was_on = uart_fifo_on(u);

	if (!(val & FCR_FE)) {
		if (was_on)
			uart_rx_clear(u);
		u->fcr = 0;
	} else {
		if (!was_on || (val & FCR_RX_RESET))
			uart_rx_clear(u);
		u->fcr = val & FCR_STICKY;
	}
	if (!u->rx_count && !(u->mcr & MCR_LOOP))
		after->rx_ready = true;
}

static void uart_write_mcr(struct uart *u, uint8_t val, struct uart_after *after)
{
	uint8_t old_status = uart_modem_status(u);
	bool was_loop = u->mcr & MCR_LOOP;

	u->mcr = val & MCR_MASK;
	u->msr_delta |= uart_msr_delta(old_status, uart_modem_status(u));
	if (was_loop && !(u->mcr & MCR_LOOP))
		after->rx_ready = true;
}

/* Register write with its side effects. Lock held. */
static void uart_reg_write(struct uart *u, unsigned int reg, uint8_t val,
			   struct uart_after *after)
{
	switch (reg) {
	case UART_RBR:
		uart_write_thr(u, val, after);
		break;
	case UART_IER:
		uart_write_ier(u, val);
		break;
	case UART_IIR:
		uart_write_fcr(u, val, after);
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		uart_write_mcr(u, val, after);
		break;
	case UART_SCR:
		u->scr = val;
		break;
	default:
		break;		/* LSR and MSR: factory test, ignored */
	}
}

/* Register index of an access, -1 for a hole, -EINVAL for a bad width. */
static int uart_decode(const struct uart *u, uint64_t offset, unsigned int width)
{
	uint64_t stride = 1ull << u->reg_shift;

	if (width != 1 && !(width == 4 && u->reg_shift >= 2 && offset % 4 == 0))
		return -EINVAL;
	if (offset % stride || offset / stride > UART_SCR)
		return -1;
	return (int)(offset / stride);
}

static void uart_after(struct uart *u, const struct uart_after *after)
{
	if (after->out >= 0) {
		char c = (char)after->out;

		vserial_output(u->vs, &c, 1);
	}
	if (after->rx_ready)
		vserial_rx_ready(u->vs);
}

static int uart_read(struct devemu_dev *dev, uint64_t offset, unsigned int width,
		     uint64_t *val)
{
	struct uart *u = dev->priv;
	struct uart_after after = { .out = -1 };
	unsigned long flags;
	int reg = uart_decode(u, offset, width);

	if (reg == -EINVAL)
		return reg;
	*val = 0;
	if (reg < 0)
		return 0;
	flags = spin_lock_irqsave(&u->lock);
	*val = uart_reg_read(u, (unsigned int)reg, &after);
	uart_update_irq(u);
	spin_unlock_irqrestore(&u->lock, flags);
	uart_after(u, &after);
	return 0;
}

static int uart_write(struct devemu_dev *dev, uint64_t offset, unsigned int width,
		      uint64_t val)
{
	struct uart *u = dev->priv;
	struct uart_after after = { .out = -1 };
	unsigned long flags;
	int reg = uart_decode(u, offset, width);

	if (reg == -EINVAL)
		return reg;
	if (reg < 0)
		return 0;
	flags = spin_lock_irqsave(&u->lock);
	uart_reg_write(u, (unsigned int)reg, (uint8_t)val, &after);
	uart_update_irq(u);
	spin_unlock_irqrestore(&u->lock, flags);
	uart_after(u, &after);
	return 0;
}

/* vserial receive callback: console input for the guest. Any context.
 * Returns how many bytes fit in the receiver (none in loopback). */
static size_t uart_rx(void *ctx, const char *buf, size_t n)
{
	struct uart *u = ctx;
	unsigned long flags = spin_lock_irqsave(&u->lock);
	size_t done = 0;

	if (!(u->mcr & MCR_LOOP)) {
		while (done < n && u->rx_count < uart_rx_capacity(u))
			uart_rx_push(u, (uint8_t)buf[done++]);
	}
	uart_update_irq(u);
	spin_unlock_irqrestore(&u->lock, flags);
	return done;
}

/* Power-on register values (16550D table "UART Reset Configuration"); the
 * divisor latch is not affected by reset. */
static int uart_reset(struct devemu_dev *dev)
{
	struct uart *u = dev->priv;
	unsigned long flags = spin_lock_irqsave(&u->lock);

	u->ier = u->lcr = u->mcr = u->scr = u->fcr = 0;
	u->lsr_err = u->msr_delta = 0;
	u->thr_ipending = false;
	uart_rx_clear(u);
	u->irq_level = true;		/* force the line low */
	uart_update_irq(u);
	spin_unlock_irqrestore(&u->lock, flags);
	vserial_rx_ready(u->vs);
	return 0;
}

/* Read an optional one-cell attribute into *out, bounded to [min, max]. */
static int uart_get_u32(struct devemu_dev *dev, const void *fdt, int node,
			const char *name, uint32_t min, uint32_t max, uint32_t *out)
{
	int len;
	const fdt32_t *prop = fdt_getprop(fdt, node, name, &len);

	if (!prop)
		return 0;
	if (len == 4 && fdt32_to_cpu(*prop) >= min && fdt32_to_cpu(*prop) <= max) {
		*out = fdt32_to_cpu(*prop);
		return 0;
	}
	pr_err("%s/%s: %s invalid (one cell, %u..%u)\n", guest_name(dev->guest),
	       dev->region->name, name, min, max);
	return -EINVAL;
}

static int uart_parse(struct devemu_dev *dev, const void *fdt, int node,
		      struct uart *u)
{
	uint32_t shift = 0, fifo = UART_DEF_FIFO;

	if (dev->region->nr_irqs < 1) {
		pr_err("%s/%s: interrupts missing\n", guest_name(dev->guest),
		       dev->region->name);
		return -EINVAL;
	}
	if (uart_get_u32(dev, fdt, node, "reg-shift", 0, UART_MAX_SHIFT, &shift) ||
	    uart_get_u32(dev, fdt, node, "fifo_size", UART_DEF_FIFO, UART_MAX_FIFO,
			 &fifo))
		return -EINVAL;
	u->reg_shift = shift;
	u->fifo_size = fifo;
	return 0;
}

/* Create the vserial "<guest>/<region>". */
static int uart_create_port(struct devemu_dev *dev, struct uart *u)
{
	char name[UART_NAME_MAX];
	size_t glen = strlen(guest_name(dev->guest));
	size_t rlen = strlen(dev->region->name);

	if (glen + 1 + rlen >= sizeof(name))
		return -ENAMETOOLONG;
	memcpy(name, guest_name(dev->guest), glen);
	name[glen] = '/';
	memcpy(name + glen + 1, dev->region->name, rlen + 1);
	u->vs = vserial_create(name, uart_rx, u);
	if (!u->vs) {
		pr_err("%s: cannot create the vserial port\n", name);
		return -EEXIST;
	}
	return 0;
}

/* Thread context, at guest creation. */
static int uart_probe(struct devemu_dev *dev, const void *fdt, int node)
{
	struct uart *u = kzalloc(sizeof(*u));
	int ret;

	if (!u)
		return -ENOMEM;
	spin_lock_init(&u->lock);
	u->dev = dev;
	u->dl = 12;			/* 9600 baud from 1.8432 MHz */
	ret = uart_parse(dev, fdt, node, u);
	if (ret)
		goto fail;
	ret = -ENOMEM;
	u->rx = kzalloc(u->fifo_size);
	if (!u->rx)
		goto fail;
	ret = uart_create_port(dev, u);
	if (ret)
		goto fail;
	dev->priv = u;
	return 0;
fail:
	kfree(u->rx);
	kfree(u);
	return ret;
}

static void uart_remove(struct devemu_dev *dev)
{
	struct uart *u = dev->priv;

	if (!u)
		return;
	vserial_destroy(u->vs);
	kfree(u->rx);
	kfree(u);
	dev->priv = NULL;
}

static const char *const uart_compat[] = {
	"ns16550a", "ns16550", "ns8250", NULL,
};

EMULATOR(uart8250) = {
	.name = "uart8250",
	.compatible = uart_compat,
	.probe = uart_probe,
	.reset = uart_reset,
	.read = uart_read,
	.write = uart_write,
	.remove = uart_remove,
};
