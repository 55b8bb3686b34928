/* Unit tests of the 8250/16550A UART emulator (emulators/serial/uart8250.c):
 * config and vserial port, reset values, divisor latch, LSR, RX FIFO fill,
 * drain, clear and trigger level, RDA/timeout/THRE/RLS/MSR interrupts and
 * their IIR priority, loopback, register stride and access widths. The
 * interrupt line is read from the stub's record of devemu_irq_set(). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/errno.h>
#include "devemu_stub.h"

enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define FCR		IIR
#define THR		RBR
#define DLL		RBR
#define DLM		IER
#define IRQ		10

static struct guest *g;
static struct devemu_dev dev;
static struct vserial *vs;
static unsigned int shift;
static struct region_config region = {
	.name = "uart0", .kind = REGION_VIRTUAL, .gpa = 0x10000000,
	.size = 0x1000, .compatible = "ns16550a", .irqs = { IRQ }, .nr_irqs = 1,
};
static char fdt[1024];

/* Probe a UART (attributes: -1 = absent) into d for guest g. */
static int probe_into(struct devemu_dev *d, long reg_shift, long fifo_size)
{
	struct unit_prop props[2];
	unsigned int n = 0;
	int node;

	if (reg_shift >= 0)
		props[n++] = (struct unit_prop){ "reg-shift", { (uint32_t)reg_shift }, 1, NULL, 0 };
	if (fifo_size >= 0)
		props[n++] = (struct unit_prop){ "fifo_size", { (uint32_t)fifo_size }, 1, NULL, 0 };
	node = unit_fdt_node(fdt, sizeof(fdt), "uart0", props, n);
	return unit_devemu_probe(d, g, &region, "ns16550a", fdt, node);
}

static void setup_uart(long reg_shift, long fifo_size)
{
	g = unit_guest_create("guest0", 1, NULL);
	assert_int_equal(probe_into(&dev, reg_shift, fifo_size), 0);
	assert_int_equal(dev.emu->reset(&dev), 0);
	shift = reg_shift > 0 ? (unsigned int)reg_shift : 0;
	vs = unit_vserial_find("guest0/uart0");
	assert_non_null(vs);
}

static int setup(void **state)
{
	setup_uart(-1, -1);
	return 0;
}

static int teardown(void **state)
{
	if (dev.priv)
		dev.emu->remove(&dev);
	memset(&dev, 0, sizeof(dev));
	unit_guest_destroy(g);
	g = NULL;
	vs = NULL;
	return 0;
}

static uint8_t rd(unsigned int reg)
{
	uint64_t v = 0xdead;

	assert_int_equal(dev.emu->read(&dev, (uint64_t)reg << shift, 1, &v), 0);
	assert_true(v <= 0xff);
	return (uint8_t)v;
}

static void wr(unsigned int reg, uint8_t v)
{
	assert_int_equal(dev.emu->write(&dev, (uint64_t)reg << shift, 1, v), 0);
}

static bool irq(void)
{
	return g->line[IRQ] == 1;
}

static size_t input(const char *s)
{
	return unit_vserial_input(vs, s, strlen(s));
}

static void test_config_and_port(void **state)
{
	struct devemu_dev dup;

	g = unit_guest_create("guest0", 1, NULL);
	assert_int_equal(probe_into(&dev, 5, -1), -EINVAL);
	assert_int_equal(probe_into(&dev, -1, 8), -EINVAL);
	assert_int_equal(probe_into(&dev, -1, 8192), -EINVAL);
	region.nr_irqs = 0;
	assert_int_equal(probe_into(&dev, -1, -1), -EINVAL);
	region.nr_irqs = 1;
	assert_int_equal(unit_vserial_count(), 0);

	assert_int_equal(probe_into(&dev, -1, -1), 0);
	assert_non_null(unit_vserial_find("guest0/uart0"));
	assert_int_equal(probe_into(&dup, -1, -1), -EEXIST);	/* same name */
	assert_ptr_equal(devemu_find("ns16550"), dev.emu);
	assert_ptr_equal(devemu_find("ns8250"), dev.emu);
	dev.emu->remove(&dev);
	assert_null(dev.priv);
	assert_int_equal(unit_vserial_count(), 0);
}

static void test_reset_values(void **state)
{
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(IIR), 0x01);
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(MSR), 0xb0);
	assert_int_equal(rd(SCR), 0);
	assert_false(irq());
}

static void test_divisor_latch(void **state)
{
	wr(LCR, 0x83);
	wr(DLL, 0x01);
	wr(DLM, 0x02);
	assert_int_equal(rd(DLL), 0x01);
	assert_int_equal(rd(DLM), 0x02);
	assert_int_equal(rd(LCR), 0x83);
	assert_int_equal(unit_vserial_output(vs, NULL)[0], '\0');	/* not THR */
	wr(LCR, 0x03);
	assert_int_equal(rd(IER), 0);		/* IER untouched by DLM */
	wr(SCR, 0x5a);
	assert_int_equal(rd(SCR), 0x5a);
	wr(LCR, 0x80);
	assert_int_equal(rd(DLL), 0x01);	/* kept */
	assert_int_equal(rd(SCR), 0x5a);
}

static void test_thr_output(void **state)
{
	size_t len;

	wr(THR, 'h');
	wr(THR, 'i');
	assert_string_equal(unit_vserial_output(vs, &len), "hi");
	assert_int_equal(len, 2);
	assert_int_equal(rd(LSR) & 0x60, 0x60);	/* THRE, TEMT */
	assert_false(irq());			/* ETBEI off */
}

static void test_rx_without_fifo(void **state)
{
	assert_int_equal(input("ab"), 1);	/* a single RBR */
	assert_int_equal(rd(LSR), 0x61);
	assert_int_equal(unit_vserial_rx_ready(vs), 1);	/* from reset */
	assert_int_equal(rd(RBR), 'a');
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(unit_vserial_rx_ready(vs), 2);	/* drained */
	assert_int_equal(input("b"), 1);
	assert_int_equal(rd(RBR), 'b');
	assert_int_equal(unit_vserial_rx_ready(vs), 3);
	assert_int_equal(rd(RBR), 0);		/* empty: no new kick */
	assert_int_equal(unit_vserial_rx_ready(vs), 3);
}

static void test_fifo_fill_drain(void **state)
{
	char buf[21] = "abcdefghijklmnopqrst";
	unsigned int ready;

	wr(FCR, 0x01);
	assert_int_equal(rd(IIR) & 0xc0, 0xc0);
	assert_int_equal(input(buf), 16);		/* full: rest refused */
	assert_int_equal(input("x"), 0);
	ready = unit_vserial_rx_ready(vs);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(rd(LSR) & 0x01, 1);
		assert_int_equal(rd(RBR), buf[i]);
		if (i < 15)
			assert_int_equal(unit_vserial_rx_ready(vs), ready);
	}
	assert_int_equal(rd(LSR) & 0x03, 0);		/* no DR, no overrun */
	assert_int_equal(unit_vserial_rx_ready(vs), ready + 1);
	assert_int_equal(input(buf + 16), 4);
	assert_int_equal(rd(RBR), 'q');
}

static void test_fifo_clear_and_disable(void **state)
{
	wr(FCR, 0x01);
	assert_int_equal(input("hello"), 5);
	wr(FCR, 0x03);				/* RX reset */
	assert_int_equal(rd(LSR) & 0x01, 0);
	assert_int_equal(input("abc"), 3);
	wr(FCR, 0x00);				/* off: cleared, one byte */
	assert_int_equal(rd(IIR) & 0xc0, 0);
	assert_int_equal(rd(LSR) & 0x01, 0);
	assert_int_equal(input("xy"), 1);
	wr(FCR, 0x01);				/* on again: cleared */
	assert_int_equal(rd(LSR) & 0x01, 0);
}

static void test_custom_fifo_size(void **state)
{
	char buf[80];

	teardown(state);
	setup_uart(-1, 64);
	memset(buf, 'z', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	wr(FCR, 0x01);
	assert_int_equal(input(buf), 64);
}

static void test_rda_and_timeout(void **state)
{
	wr(FCR, 0x81);				/* trigger level 8 */
	wr(IER, 0x01);
	assert_false(irq());
	assert_int_equal(input("abc"), 3);
	assert_true(irq());
	assert_int_equal(rd(IIR), 0xcc);	/* timeout: below trigger */
	assert_int_equal(input("defgh"), 5);
	assert_int_equal(rd(IIR), 0xc4);	/* at trigger level */
	for (int i = 0; i < 8; i++)
		rd(RBR);
	assert_int_equal(rd(IIR), 0xc1);
	assert_false(irq());
	wr(FCR, 0x00);				/* no FIFO: any byte is RDA */
	assert_int_equal(input("x"), 1);
	assert_int_equal(rd(IIR), 0x04);
	assert_true(irq());
	wr(IER, 0x00);				/* masked */
	assert_false(irq());
	assert_int_equal(rd(IIR), 0x01);
}

static void test_thre_interrupt(void **state)
{
	wr(IER, 0x02);				/* THR is empty: pending at once */
	assert_true(irq());
	assert_int_equal(rd(IIR), 0x02);	/* reading IIR clears it */
	assert_false(irq());
	assert_int_equal(rd(IIR), 0x01);
	wr(THR, 'a');				/* THR empties again */
	assert_true(irq());
	wr(IER, 0x02);				/* no 0 -> 1 edge: no change */
	assert_true(irq());
	assert_int_equal(rd(IIR), 0x02);
	wr(IER, 0x02);
	assert_false(irq());
	wr(IER, 0x00);
	wr(IER, 0x02);				/* edge: pending again */
	assert_true(irq());
	wr(IER, 0x00);				/* disabling lowers the line */
	assert_false(irq());
}

static void test_iir_priority(void **state)
{
	wr(IER, 0x0f);
	assert_int_equal(rd(IIR), 0x02);	/* THRE pending from enabling */
	wr(MCR, 0x10);				/* loopback: MSR lines change */
	wr(THR, 'a');
	wr(THR, 'b');				/* RBR full: overrun */
	assert_true(irq());
	assert_int_equal(rd(IIR), 0x06);	/* RLS first */
	assert_int_equal(rd(LSR), 0x63);	/* DR, OE; reading clears OE */
	assert_int_equal(rd(LSR), 0x61);
	assert_int_equal(rd(IIR), 0x04);	/* then RDA */
	assert_int_equal(rd(RBR), 'a');
	assert_int_equal(rd(IIR), 0x02);	/* then THRE, cleared by the read */
	assert_int_equal(rd(IIR), 0x00);	/* then modem status */
	assert_int_equal(rd(MSR), 0x0b);	/* DCTS, DDSR, DDCD; lines off */
	assert_int_equal(rd(IIR), 0x01);
	assert_false(irq());
}

static void test_loopback(void **state)
{
	unsigned int ready;

	wr(FCR, 0x01);
	wr(MCR, 0x1f);
	assert_int_equal(rd(MSR) & 0xf0, 0xf0);	/* CTS, DSR, RI, DCD */
	wr(THR, 'x');
	wr(THR, 'y');
	assert_int_equal(unit_vserial_output(vs, NULL)[0], '\0');
	assert_int_equal(input("console"), 0);	/* input held off */
	assert_int_equal(rd(RBR), 'x');
	assert_int_equal(rd(RBR), 'y');
	wr(MCR, 0x1b);				/* OUT1 (RI) 1 -> 0: TERI */
	assert_int_equal(rd(MSR), 0xb4);
	ready = unit_vserial_rx_ready(vs);
	wr(MCR, 0x00);
	assert_int_equal(unit_vserial_rx_ready(vs), ready + 1);
	assert_int_equal(rd(MSR), 0xb0);	/* same lines: no delta */
	assert_int_equal(input("c"), 1);
	assert_int_equal(rd(RBR), 'c');
}

static void test_reg_shift_and_widths(void **state)
{
	uint64_t v;

	assert_int_equal(dev.emu->read(&dev, 0, 4, &v), -EINVAL);	/* shift 0 */
	assert_int_equal(dev.emu->read(&dev, 0, 2, &v), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, 0x100, 1, &v), 0);		/* hole */
	assert_int_equal(v, 0);
	teardown(state);

	setup_uart(2, -1);
	wr(SCR, 0x42);
	assert_int_equal(dev.emu->read(&dev, 7 * 4, 4, &v), 0);
	assert_int_equal(v, 0x42);
	assert_int_equal(dev.emu->write(&dev, 3 * 4, 4, 0xffffff83), 0);
	assert_int_equal(rd(LCR), 0x83);
	assert_int_equal(dev.emu->read(&dev, 7 * 4 + 1, 1, &v), 0);	/* between */
	assert_int_equal(v, 0);
	assert_int_equal(dev.emu->write(&dev, 7 * 4 + 1, 1, 0x11), 0);
	assert_int_equal(dev.emu->read(&dev, 7 * 4 + 2, 4, &v), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, 8 * 4, 4, &v), 0);	/* past SCR */
	assert_int_equal(v, 0);
	wr(LCR, 0x03);
	assert_int_equal(dev.emu->write(&dev, 0, 4, 'k'), 0);
	assert_string_equal(unit_vserial_output(vs, NULL), "k");
}

static void test_reset_clears(void **state)
{
	unsigned int ready;

	wr(FCR, 0x01);
	wr(IER, 0x01);
	wr(LCR, 0x03);
	assert_int_equal(input("abc"), 3);
	assert_true(irq());
	ready = unit_vserial_rx_ready(vs);
	assert_int_equal(dev.emu->reset(&dev), 0);
	assert_false(irq());
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(IIR), 0x01);
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(unit_vserial_rx_ready(vs), ready + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_config_and_port, teardown),
		cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divisor_latch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thr_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_without_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_fill_drain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_clear_and_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_fifo_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rda_and_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thre_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iir_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reg_shift_and_widths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_clears, setup, teardown),
	};

	return cmocka_run_group_tests_name("uart8250_emu", tests, NULL, NULL);
}
