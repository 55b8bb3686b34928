/* Unit tests of the virtual PLIC (emulators/pic/plic.c): config checks,
 * priorities and threshold, claim order, completion of level lines,
 * per-context enables, M-mode contexts, bounds of num_irq, access widths
 * and reset. Device lines are driven through devemu_irq_set() as device
 * emulators do; VSEIP is read from the stub's vCPUs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/errno.h>
#include "devemu_stub.h"

#define PRIO(id)	(4ull * (id))
#define PENDING(w)	(0x1000ull + 4 * (w))
#define ENABLE(c, w)	(0x2000ull + 0x80 * (c) + 4 * (w))
#define THRESH(c)	(0x200000ull + 0x1000 * (c))
#define CLAIM(c)	(THRESH(c) + 4)
#define S_CTX(v)	(2 * (v) + 1)
#define M_CTX(v)	(2 * (v))

static struct guest *g;
static struct devemu_dev dev, src;	/* the PLIC; a device driving lines */
static const struct region_config region = {
	.name = "plic", .kind = REGION_VIRTUAL, .gpa = 0x0c000000,
	.size = 0x4000000, .compatible = "sifive,plic-1.0.0",
};
static char fdt[1024];

/* Probe with num_irq / max_priority cells (-1: attribute absent). */
static int probe(unsigned int nr_vcpus, long num_irq, long max_prio)
{
	struct unit_prop props[2];
	unsigned int n = 0;
	int node;

	if (num_irq >= 0)
		props[n++] = (struct unit_prop){ "num_irq", { (uint32_t)num_irq }, 1, NULL, 0 };
	if (max_prio >= 0)
		props[n++] = (struct unit_prop){ "max_priority", { (uint32_t)max_prio }, 1, NULL, 0 };
	node = unit_fdt_node(fdt, sizeof(fdt), "plic", props, n);
	g = unit_guest_create("guest0", nr_vcpus, NULL);
	src.guest = g;
	return unit_devemu_probe(&dev, g, &region, "sifive,plic-1.0.0", fdt, node);
}

static void setup_plic(unsigned int nr_vcpus, long num_irq)
{
	assert_int_equal(probe(nr_vcpus, num_irq, -1), 0);
}

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

static void line(unsigned int id, bool level)
{
	devemu_irq_set(&src, id, level);
}

static bool seip(unsigned int vcpu)
{
	return vcpu_irq_is_pending(guest_vcpu(g, vcpu), VCPU_IRQ_EXT);
}

/* Priority p for source id, enabled on context ctx. */
static void route(unsigned int id, uint32_t p, unsigned int ctx)
{
	wr(PRIO(id), p);
	wr(ENABLE(ctx, id / 32), rd(ENABLE(ctx, id / 32)) | 1u << (id % 32));
}

static void test_config_checks(void **state)
{
	assert_int_equal(probe(1, -1, -1), -EINVAL);	/* num_irq required */
	teardown(state);
	assert_int_equal(probe(1, 0, -1), -EINVAL);
	teardown(state);
	assert_int_equal(probe(1, 1024, -1), -EINVAL);
	teardown(state);
	assert_int_equal(probe(1, 32, 0), -EINVAL);
	teardown(state);
	assert_int_equal(probe(1, 32, 256), -EINVAL);
	teardown(state);
	assert_int_equal(probe(1, 1023, 255), 0);
	assert_true(g->has_chip);
	assert_ptr_equal(devemu_find("riscv,plic0"), dev.emu);
}

static void test_priority_warl(void **state)
{
	assert_int_equal(probe(1, 32, 3), 0);
	wr(PRIO(1), 0xffffffff);
	assert_int_equal(rd(PRIO(1)), 3);
	wr(PRIO(1), 2);
	assert_int_equal(rd(PRIO(1)), 2);
	wr(PRIO(0), 1);				/* source 0 does not exist */
	assert_int_equal(rd(PRIO(0)), 0);
	wr(THRESH(1), 9);
	assert_int_equal(rd(THRESH(1)), 3);
}

static void test_claim_complete_level(void **state)
{
	setup_plic(1, 32);
	route(5, 1, S_CTX(0));
	assert_false(seip(0));
	line(5, true);
	assert_true(seip(0));
	assert_int_equal(rd(PENDING(0)), 1u << 5);

	assert_int_equal(rd(CLAIM(S_CTX(0))), 5);
	assert_false(seip(0));
	assert_int_equal(rd(PENDING(0)), 0);
	assert_int_equal(rd(CLAIM(S_CTX(0))), 0);	/* in service */

	wr(CLAIM(S_CTX(0)), 5);		/* complete, line still high */
	assert_true(seip(0));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 5);
	line(5, false);
	wr(CLAIM(S_CTX(0)), 5);
	assert_false(seip(0));
	assert_int_equal(rd(PENDING(0)), 0);
}

static void test_line_dropped_before_claim(void **state)
{
	setup_plic(1, 32);
	route(3, 1, S_CTX(0));
	line(3, true);
	assert_true(seip(0));
	line(3, false);
	assert_false(seip(0));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 0);
}

static void test_in_service_blocks_repend(void **state)
{
	setup_plic(1, 32);
	route(6, 1, S_CTX(0));
	line(6, true);
	assert_int_equal(rd(CLAIM(S_CTX(0))), 6);
	line(6, false);
	line(6, true);			/* new request while in service */
	assert_false(seip(0));
	assert_int_equal(rd(PENDING(0)), 0);
	wr(CLAIM(S_CTX(0)), 6);
	assert_true(seip(0));
}

static void test_threshold(void **state)
{
	setup_plic(1, 32);
	route(3, 2, S_CTX(0));
	wr(THRESH(S_CTX(0)), 2);
	line(3, true);
	assert_false(seip(0));			/* priority must exceed it */
	assert_int_equal(rd(CLAIM(S_CTX(0))), 0);
	wr(THRESH(S_CTX(0)), 1);
	assert_true(seip(0));
	wr(THRESH(S_CTX(0)), 7);
	assert_false(seip(0));
}

static void test_priority_zero_never(void **state)
{
	setup_plic(1, 32);
	route(4, 0, S_CTX(0));
	line(4, true);
	assert_false(seip(0));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 0);
	wr(PRIO(4), 1);				/* raising it delivers */
	assert_true(seip(0));
}

static void test_claim_order_and_ties(void **state)
{
	setup_plic(1, 64);
	route(2, 3, S_CTX(0));
	route(9, 5, S_CTX(0));
	route(7, 5, S_CTX(0));
	route(40, 6, S_CTX(0));
	line(2, true);
	line(9, true);
	line(7, true);
	line(40, true);
	assert_int_equal(rd(CLAIM(S_CTX(0))), 40);
	assert_int_equal(rd(CLAIM(S_CTX(0))), 7);	/* tie: lower id */
	assert_int_equal(rd(CLAIM(S_CTX(0))), 9);
	assert_true(seip(0));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 2);
	assert_false(seip(0));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 0);
}

static void test_enable_after_assert(void **state)
{
	setup_plic(1, 32);
	wr(PRIO(8), 1);
	line(8, true);
	assert_false(seip(0));
	wr(ENABLE(S_CTX(0), 0), 1u << 8);
	assert_true(seip(0));
	wr(ENABLE(S_CTX(0), 0), 0);
	assert_false(seip(0));
}

static void test_per_context_two_vcpus(void **state)
{
	setup_plic(2, 32);
	route(4, 1, S_CTX(1));
	line(4, true);
	assert_false(seip(0));
	assert_true(seip(1));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 0);	/* not enabled there */
	route(4, 1, S_CTX(0));
	assert_true(seip(0));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 4);	/* claimed for all */
	assert_false(seip(0));
	assert_false(seip(1));
	wr(CLAIM(S_CTX(0)), 4);
	assert_true(seip(0));
	assert_true(seip(1));
}

static void test_m_contexts_never_deliver(void **state)
{
	setup_plic(2, 32);
	route(4, 1, M_CTX(0));
	route(4, 1, M_CTX(1));
	line(4, true);
	assert_false(seip(0));
	assert_false(seip(1));
	assert_int_equal(g->vcpus[0].asserts[VCPU_IRQ_EXT], 0);
	assert_int_equal(g->vcpus[1].asserts[VCPU_IRQ_EXT], 0);
	assert_int_equal(rd(CLAIM(M_CTX(1))), 4);	/* registers work */
	wr(CLAIM(M_CTX(1)), 4);
	assert_int_equal(rd(PENDING(0)), 1u << 4);
}

static void test_num_irq_bounds(void **state)
{
	setup_plic(2, 40);		/* sources 1..40 */
	wr(PRIO(40), 1);
	assert_int_equal(rd(PRIO(40)), 1);
	wr(PRIO(41), 1);
	assert_int_equal(rd(PRIO(41)), 0);
	wr(PRIO(1023), 1);
	assert_int_equal(rd(PRIO(1023)), 0);
	wr(ENABLE(S_CTX(0), 0), 0xffffffff);
	assert_int_equal(rd(ENABLE(S_CTX(0), 0)), 0xfffffffe);	/* no id 0 */
	wr(ENABLE(S_CTX(0), 1), 0xffffffff);
	assert_int_equal(rd(ENABLE(S_CTX(0), 1)), 0x1ff);	/* ids 32..40 */
	wr(ENABLE(S_CTX(0), 31), 0xffffffff);
	assert_int_equal(rd(ENABLE(S_CTX(0), 31)), 0);
	line(41, true);			/* out of range: ignored */
	line(0, true);
	assert_int_equal(rd(PENDING(1)), 0);
	assert_int_equal(rd(PENDING(0)), 0);
	line(40, true);
	assert_int_equal(rd(PENDING(1)), 1u << 8);
	assert_true(seip(0));
	/* absent contexts and reserved space: read 0, writes dropped */
	wr(ENABLE(4, 0), 0xffffffff);
	assert_int_equal(rd(ENABLE(4, 0)), 0);
	wr(THRESH(4), 1);
	assert_int_equal(rd(THRESH(4)), 0);
	assert_int_equal(rd(CLAIM(4)), 0);
	assert_int_equal(rd(THRESH(15871)), 0);
	wr(PENDING(1), 0);		/* pending bits are read-only */
	assert_int_equal(rd(PENDING(1)), 1u << 8);
	assert_int_equal(rd(0x1080), 0);
	assert_int_equal(rd(THRESH(1) + 8), 0);
	assert_int_equal(rd(0x3fffffc), 0);
	assert_true(seip(0));
}

static void test_max_sources(void **state)
{
	setup_plic(1, 1023);
	route(1023, 7, S_CTX(0));
	line(1023, true);
	assert_int_equal(rd(PENDING(31)), 1u << 31);
	assert_int_equal(rd(CLAIM(S_CTX(0))), 1023);
	wr(CLAIM(S_CTX(0)), 1023);
	assert_true(seip(0));
	wr(CLAIM(S_CTX(0)), 1024);	/* out of range: ignored */
	assert_true(seip(0));
}

static void test_complete_needs_enable(void **state)
{
	setup_plic(1, 32);
	route(5, 1, S_CTX(0));
	line(5, true);
	assert_int_equal(rd(CLAIM(S_CTX(0))), 5);
	wr(ENABLE(S_CTX(0), 0), 0);
	wr(CLAIM(S_CTX(0)), 5);		/* ignored: not enabled here */
	wr(ENABLE(S_CTX(0), 0), 1u << 5);
	assert_false(seip(0));			/* still in service */
	wr(CLAIM(S_CTX(0)), 5);
	assert_true(seip(0));
}

/* The kernel probes emulators before it creates the vCPUs. */
static void test_vcpus_created_after_probe(void **state)
{
	g = unit_guest_create("guest0", 2, NULL);
	g->nr_vcpus = 0;
	src.guest = g;
	assert_int_equal(unit_devemu_probe(&dev, g, &region, "riscv,plic0", fdt,
					   unit_fdt_node(fdt, sizeof(fdt), "plic",
							 &(struct unit_prop){ "num_irq", { 32 }, 1, NULL, 0 },
							 1)), 0);
	route(4, 1, S_CTX(1));			/* contexts from the config */
	line(4, true);
	assert_int_equal(g->vcpus[1].asserts[VCPU_IRQ_EXT], 0);
	g->nr_vcpus = 2;
	wr(THRESH(S_CTX(1)), 0);		/* next state change delivers */
	assert_true(seip(1));
	assert_false(seip(0));
}

static void test_remove_unregisters(void **state)
{
	setup_plic(1, 32);
	assert_true(g->has_chip);
	dev.emu->remove(&dev);
	assert_false(g->has_chip);
	line(3, true);				/* goes nowhere */
	assert_int_equal(g->line[3], 1);
}

static void test_access_widths(void **state)
{
	uint64_t v;

	setup_plic(1, 32);
	assert_int_equal(dev.emu->read(&dev, PRIO(1), 1, &v), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, PRIO(1), 2, &v), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, PRIO(1) + 2, 4, &v), -EINVAL);
	assert_int_equal(dev.emu->write(&dev, PRIO(1), 1, 1), -EINVAL);
	assert_int_equal(dev.emu->read(&dev, PRIO(1), 8, &v), -EINVAL);	/* misaligned */

	/* 8 bytes: two 32-bit accesses, low word first */
	assert_int_equal(dev.emu->write(&dev, PRIO(2), 8, 0x0000000300000002ull), 0);
	assert_int_equal(rd(PRIO(2)), 2);
	assert_int_equal(rd(PRIO(3)), 3);
	wr(ENABLE(S_CTX(0), 0), 1u << 3);
	wr(THRESH(S_CTX(0)), 1);
	line(3, true);
	assert_int_equal(dev.emu->read(&dev, THRESH(S_CTX(0)), 8, &v), 0);
	assert_int_equal(v, 0x0000000300000001ull);	/* threshold, claim */
	assert_false(seip(0));
}

static void test_reset(void **state)
{
	setup_plic(2, 32);
	route(5, 3, S_CTX(1));
	route(6, 3, S_CTX(0));
	wr(THRESH(S_CTX(0)), 1);
	line(5, true);
	line(6, true);
	assert_int_equal(rd(CLAIM(S_CTX(0))), 6);
	assert_true(seip(1));
	assert_int_equal(dev.emu->reset(&dev), 0);
	assert_false(seip(0));
	assert_false(seip(1));
	assert_int_equal(rd(PRIO(5)), 0);
	assert_int_equal(rd(PRIO(6)), 0);
	assert_int_equal(rd(ENABLE(S_CTX(1), 0)), 0);
	assert_int_equal(rd(THRESH(S_CTX(0))), 0);
	/* lines still asserted by their devices are pending, none in service */
	assert_int_equal(rd(PENDING(0)), 1u << 5 | 1u << 6);
	route(6, 1, S_CTX(0));
	assert_true(seip(0));
	assert_int_equal(rd(CLAIM(S_CTX(0))), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_config_checks, teardown),
		cmocka_unit_test_teardown(test_priority_warl, teardown),
		cmocka_unit_test_teardown(test_claim_complete_level, teardown),
		cmocka_unit_test_teardown(test_line_dropped_before_claim, teardown),
		cmocka_unit_test_teardown(test_in_service_blocks_repend, teardown),
		cmocka_unit_test_teardown(test_threshold, teardown),
		cmocka_unit_test_teardown(test_priority_zero_never, teardown),
		cmocka_unit_test_teardown(test_claim_order_and_ties, teardown),
		cmocka_unit_test_teardown(test_enable_after_assert, teardown),
		cmocka_unit_test_teardown(test_per_context_two_vcpus, teardown),
		cmocka_unit_test_teardown(test_m_contexts_never_deliver, teardown),
		cmocka_unit_test_teardown(test_num_irq_bounds, teardown),
		cmocka_unit_test_teardown(test_max_sources, teardown),
		cmocka_unit_test_teardown(test_complete_needs_enable, teardown),
		cmocka_unit_test_teardown(test_vcpus_created_after_probe, teardown),
		cmocka_unit_test_teardown(test_remove_unregisters, teardown),
		cmocka_unit_test_teardown(test_access_widths, teardown),
		cmocka_unit_test_teardown(test_reset, teardown),
	};

	return cmocka_run_group_tests_name("vplic", tests, NULL, NULL);
}
