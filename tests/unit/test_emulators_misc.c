/* Unit tests of the small emulators: vminfo (emulators/misc/vminfo.c) —
 * its fields, RAM banks from the guest config, config errors, access
 * widths — and the goldfish RTC (emulators/rtc/goldfish_rtc.c) — the time
 * read latch, setting the time, the alarm through the stub's timer events,
 * clearing, reset and access widths. The stub clock runs at 10 MHz: one
 * tick is 100 ns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/errno.h>
#include "devemu_stub.h"

#define TICK_NS		100ull
#define MS_TICKS	10000ull
#define S_TICKS		10000000ull

static struct guest *g;
static struct devemu_dev dev;
static char fdt[1024];

static int teardown(void **state)
{
	if (dev.priv)
		dev.emu->remove(&dev);
	memset(&dev, 0, sizeof(dev));
	unit_guest_destroy(g);
	g = NULL;
	return 0;
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(dev.emu->read(&dev, off, 4, &v), 0);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	assert_int_equal(dev.emu->write(&dev, off, 4, v), 0);
}

/* ---------------------------------------------------------------- vminfo */

static struct guest_config cfg = {
	.name = "guest0",
	.nr_vcpus = 3,
	.nr_regions = 4,
	.regions = {
		{ .name = "nor_flash0", .kind = REGION_REAL, .gpa = 0,
		  .size = 0x2000000, .read_only = true },
		{ .name = "uart0", .kind = REGION_VIRTUAL, .gpa = 0x10000000,
		  .size = 0x1000 },
		{ .name = "mem0", .kind = REGION_REAL, .gpa = 0x80000000,
		  .size = 0x8000000 },
		{ .name = "mem1", .kind = REGION_REAL, .gpa = 0x100000000,
		  .size = 0x40000000 },
	},
};
static const struct region_config vminfo_region = {
	.name = "vminfo", .kind = REGION_VIRTUAL, .gpa = 0x10001000,
	.size = 0x1000, .compatible = "vminfo-0.1",
};

static int probe_vminfo(const struct unit_prop *props, unsigned int n)
{
	int node = unit_fdt_node(fdt, sizeof(fdt), "vminfo", props, n);

	g = unit_guest_create("guest0", 3, &cfg);
	g->nr_vcpus = 0;	/* the kernel creates vCPUs after probing */
	return unit_devemu_probe(&dev, g, &vminfo_region, "vminfo-0.1", fdt, node);
}

static void test_vminfo_fields(void **state)
{
	const struct unit_prop props[] = {
		{ "ram0_base", { 0x80000000 }, 1, NULL, 0 },
		{ "ram1_base", { 0x1, 0x0 }, 2, NULL, 0 },
		{ "boot_delay", { 5 }, 1, NULL, 0 },
	};

	assert_int_equal(probe_vminfo(props, 3), 0);
	assert_int_equal(rd(0x00), 0xa4a297a6);
	assert_int_equal(rd(0x04), 0x52535658);
	assert_int_equal(rd(0x08), 1);
	assert_int_equal(rd(0x0c), 3);
	assert_int_equal(rd(0x10), 5);
	assert_int_equal(rd(0x14), 0);
	assert_int_equal(rd(0x18), 0);
	assert_int_equal(rd(0x1c), UNIT_TIMER_FREQ);
	assert_int_equal(rd(0x20), 0);
	assert_int_equal(rd(0x24), UNIT_TIMER_FREQ);
	assert_int_equal(rd(0x28), 0);
	/* RAM0: base MS, LS, size MS, LS */
	assert_int_equal(rd(0x40), 0);
	assert_int_equal(rd(0x44), 0x80000000);
	assert_int_equal(rd(0x48), 0);
	assert_int_equal(rd(0x4c), 0x8000000);
	/* RAM1 above 4 GiB */
	assert_int_equal(rd(0x50), 1);
	assert_int_equal(rd(0x54), 0);
	assert_int_equal(rd(0x58), 0);
	assert_int_equal(rd(0x5c), 0x40000000);
	for (uint64_t off = 0x60; off < 0x80; off += 4)
		assert_int_equal(rd(off), 0);
	assert_int_equal(rd(0x80), 0);
	assert_int_equal(rd(0xffc), 0);
	assert_int_equal(dev.emu->reset(&dev), 0);
	assert_int_equal(rd(0x0c), 3);
}

static void test_vminfo_defaults_and_offset_base(void **state)
{
	const struct unit_prop props[] = {
		{ "ram2_base", { 0x80100000 }, 1, NULL, 0 },
	};

	assert_int_equal(probe_vminfo(props, 1), 0);
	assert_int_equal(rd(0x10), 0xffffffff);		/* no boot_delay */
	assert_int_equal(rd(0x44), 0);			/* no ram0_base */
	assert_int_equal(rd(0x4c), 0);
	assert_int_equal(rd(0x64), 0x80100000);
	assert_int_equal(rd(0x6c), 0x8000000 - 0x100000);	/* to region end */
}

static void test_vminfo_config_errors(void **state)
{
	const struct unit_prop in_device = { "ram0_base", { 0x10000000 }, 1, NULL, 0 };
	const struct unit_prop nowhere = { "ram3_base", { 0x40000000 }, 1, NULL, 0 };
	const uint32_t three[3] = { 0, 0, 0 };
	const struct unit_prop bad_len = { "ram1_base", { 0 }, 0, three, sizeof(three) };
	const struct unit_prop bad_delay = { "boot_delay", { 0, 1 }, 2, NULL, 0 };

	assert_int_equal(probe_vminfo(&in_device, 1), -EINVAL);
	teardown(state);
	assert_int_equal(probe_vminfo(&nowhere, 1), -EINVAL);
	teardown(state);
	assert_int_equal(probe_vminfo(&bad_len, 1), -EINVAL);
	teardown(state);
	assert_int_equal(probe_vminfo(&bad_delay, 1), -EINVAL);
}

static void test_vminfo_widths(void **state)
{
	const struct unit_prop props[] = {
		{ "ram0_base", { 0x80000000 }, 1, NULL, 0 },
	};
	uint64_t v;

	assert_int_equal(probe_vminfo(props, 1), 0);
	assert_int_equal(dev.emu->read(&dev, 0x40, 8, &v), 0);
	assert_int_equal(v, 0x8000000000000000ull);	/* MS word first */
	assert_int_equal(dev.emu->read(&dev, 0x00, 1, &v), 0);
	assert_int_equal(v, 0xa6);
	assert_int_equal(dev.emu->read(&dev, 0x02, 2, &v), 0);
	assert_int_equal(v, 0xa4a2);
	assert_int_equal(dev.emu->read(&dev, 0x02, 4, &v), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, 0x00, 3, &v), -EINVAL);
	assert_int_equal(dev.emu->write(&dev, 0x00, 4, 0), -EPERM);
	assert_int_equal(rd(0x00), 0xa4a297a6);
}

/* ---------------------------------------------------------------- RTC */

enum {
	TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c,
	IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18,
	CLEAR_INTERRUPT = 0x1c,
};
#define RTC_IRQ	11

static struct region_config rtc_region = {
	.name = "rtc", .kind = REGION_VIRTUAL, .gpa = 0x10003000,
	.size = 0x1000, .compatible = "google,goldfish-rtc",
	.irqs = { RTC_IRQ }, .nr_irqs = 1,
};

/* The clock starts at `now` ticks of host uptime. */
static void setup_rtc(uint64_t now)
{
	int node = unit_fdt_node(fdt, sizeof(fdt), "rtc", NULL, 0);

	unit_timer_reset(now);
	g = unit_guest_create("guest0", 1, NULL);
	assert_int_equal(unit_devemu_probe(&dev, g, &rtc_region,
					   "google,goldfish-rtc", fdt, node), 0);
	assert_int_equal(dev.emu->reset(&dev), 0);
}

static int setup_rtc_5s(void **state)
{
	setup_rtc(5 * S_TICKS);
	return 0;
}

static uint64_t rtc_time(void)
{
	uint64_t low = rd(TIME_LOW);

	return (uint64_t)rd(TIME_HIGH) << 32 | low;
}

static bool rtc_irq(void)
{
	return g->line[RTC_IRQ] == 1;
}

static void set_alarm(uint64_t ns)
{
	wr(ALARM_HIGH, (uint32_t)(ns >> 32));
	wr(ALARM_LOW, (uint32_t)ns);
}

static void test_rtc_probe_needs_irq(void **state)
{
	int node = unit_fdt_node(fdt, sizeof(fdt), "rtc", NULL, 0);

	g = unit_guest_create("guest0", 1, NULL);
	rtc_region.nr_irqs = 0;
	assert_int_equal(unit_devemu_probe(&dev, g, &rtc_region,
					   "google,goldfish-rtc", fdt, node), -EINVAL);
	rtc_region.nr_irqs = 1;
}

static void test_rtc_time_latch(void **state)
{
	/* 5 s = 0x12a05f200 ns */
	assert_int_equal(rd(TIME_LOW), 0x2a05f200);
	unit_timer_advance(5 * S_TICKS);		/* now 10 s: 0x2540be400 */
	assert_int_equal(rd(TIME_HIGH), 1);		/* latched by the read */
	assert_int_equal(rd(TIME_LOW), 0x540be400);
	assert_int_equal(rd(TIME_HIGH), 2);
	unit_timer_advance(1);
	assert_int_equal(rtc_time(), 10000000000ull + TICK_NS);
}

static void test_rtc_set_time(void **state)
{
	wr(TIME_HIGH, 0x10);
	wr(TIME_LOW, 0x20);
	assert_int_equal(rtc_time(), 0x1000000020ull);
	unit_timer_advance(3);
	assert_int_equal(rtc_time(), 0x1000000020ull + 3 * TICK_NS);
	wr(TIME_LOW, 0);				/* low half only */
	assert_int_equal(rtc_time(), 0x1000000000ull);
}

static void test_rtc_alarm_fires(void **state)
{
	uint64_t now = rtc_time();

	wr(IRQ_ENABLED, 1);
	assert_int_equal(rd(IRQ_ENABLED), 1);
	set_alarm(now + 1000000);			/* 1 ms ahead */
	assert_int_equal(rd(ALARM_STATUS), 1);
	assert_int_equal(rd(ALARM_LOW), (uint32_t)(now + 1000000));
	assert_int_equal(rd(ALARM_HIGH), (uint32_t)((now + 1000000) >> 32));
	assert_true(unit_timer_next() != UINT64_MAX);
	assert_int_equal(unit_timer_advance(MS_TICKS / 2), 0);
	assert_false(rtc_irq());
	assert_int_equal(unit_timer_advance(MS_TICKS), 1);
	assert_true(rtc_irq());
	assert_int_equal(rd(ALARM_STATUS), 0);
	assert_int_equal(unit_timer_next(), UINT64_MAX);
	wr(CLEAR_INTERRUPT, 1);
	assert_false(rtc_irq());
}

static void test_rtc_alarm_in_past(void **state)
{
	uint64_t now = rtc_time();

	set_alarm(now - 1);				/* interrupt off */
	assert_int_equal(rd(ALARM_STATUS), 0);
	assert_int_equal(unit_timer_next(), UINT64_MAX);
	assert_false(rtc_irq());
	wr(IRQ_ENABLED, 1);				/* pending: raised now */
	assert_true(rtc_irq());
	wr(IRQ_ENABLED, 0);
	assert_false(rtc_irq());
	wr(IRQ_ENABLED, 1);
	wr(CLEAR_INTERRUPT, 1);
	assert_false(rtc_irq());
}

static void test_rtc_clear_alarm(void **state)
{
	wr(IRQ_ENABLED, 1);
	set_alarm(rtc_time() + 1000000);
	assert_int_equal(rd(ALARM_STATUS), 1);
	wr(CLEAR_ALARM, 1);
	assert_int_equal(rd(ALARM_STATUS), 0);
	assert_int_equal(unit_timer_next(), UINT64_MAX);
	assert_int_equal(unit_timer_advance(S_TICKS), 0);
	assert_false(rtc_irq());
}

static void test_rtc_alarm_follows_time(void **state)
{
	uint64_t now = rtc_time();

	wr(IRQ_ENABLED, 1);
	set_alarm(now + 1000000);
	now -= 1000000000;				/* clock set back 1 s */
	wr(TIME_HIGH, (uint32_t)(now >> 32));
	wr(TIME_LOW, (uint32_t)now);
	assert_int_equal(rtc_time(), now);
	unit_timer_advance(2 * MS_TICKS);
	assert_false(rtc_irq());
	assert_int_equal(rd(ALARM_STATUS), 1);
	unit_timer_advance(S_TICKS);
	assert_true(rtc_irq());
}

static void test_rtc_far_alarm(void **state)
{
	wr(IRQ_ENABLED, 1);
	set_alarm(rtc_time() + 2 * 3600 * 1000000000ull);	/* 2 h */
	assert_int_equal(unit_timer_advance(3600 * S_TICKS + MS_TICKS), 1);
	assert_false(rtc_irq());			/* re-armed */
	assert_int_equal(rd(ALARM_STATUS), 1);
	assert_int_equal(unit_timer_advance(3600 * S_TICKS), 1);
	assert_true(rtc_irq());
}

static void test_rtc_reset(void **state)
{
	uint64_t before;

	wr(IRQ_ENABLED, 1);
	set_alarm(rtc_time() - 1);
	assert_true(rtc_irq());
	set_alarm(rtc_time() + 1000000);
	before = rtc_time();
	assert_int_equal(dev.emu->reset(&dev), 0);
	assert_false(rtc_irq());
	assert_int_equal(rd(ALARM_STATUS), 0);
	assert_int_equal(rd(IRQ_ENABLED), 0);
	assert_int_equal(unit_timer_next(), UINT64_MAX);
	assert_int_equal(rtc_time(), before);		/* the clock keeps time */
}

static void test_rtc_widths_and_holes(void **state)
{
	uint64_t v;

	assert_int_equal(dev.emu->read(&dev, TIME_LOW, 8, &v), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, TIME_LOW, 1, &v), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, 0x2, 4, &v), -EINVAL);
	assert_int_equal(dev.emu->write(&dev, 0x2, 4, 0), -EINVAL);
	assert_int_equal(rd(0x20), 0);
	wr(0x20, 1);
	assert_int_equal(rd(CLEAR_ALARM), 0);
	assert_int_equal(rd(CLEAR_INTERRUPT), 0);
	wr(ALARM_STATUS, 1);				/* read-only */
	assert_int_equal(rd(ALARM_STATUS), 0);
}

#define RTC_TEST(f)	cmocka_unit_test_setup_teardown(f, setup_rtc_5s, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_vminfo_fields, teardown),
		cmocka_unit_test_teardown(test_vminfo_defaults_and_offset_base, teardown),
		cmocka_unit_test_teardown(test_vminfo_config_errors, teardown),
		cmocka_unit_test_teardown(test_vminfo_widths, teardown),
		cmocka_unit_test_teardown(test_rtc_probe_needs_irq, teardown),
		RTC_TEST(test_rtc_time_latch),
		RTC_TEST(test_rtc_set_time),
		RTC_TEST(test_rtc_alarm_fires),
		RTC_TEST(test_rtc_alarm_in_past),
		RTC_TEST(test_rtc_clear_alarm),
		RTC_TEST(test_rtc_alarm_follows_time),
		RTC_TEST(test_rtc_far_alarm),
		RTC_TEST(test_rtc_reset),
		RTC_TEST(test_rtc_widths_and_holes),
	};

	return cmocka_run_group_tests_name("emulators_misc", tests, NULL, NULL);
}
