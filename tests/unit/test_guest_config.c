/* Unit tests of guest configuration parsing (core/guest_config.c):
 * guest_config_parse() on device trees in xvisor's guest schema and
 * guest_config_find().
 *
 * Configurations are built here with libfdt's sequential-write API from
 * small tables (struct tnode / struct tprop) under /guests/guest0, as
 * core/guest.c finds them in Keel's device tree; one property of one node
 * can be replaced, added or deleted on the way (struct tedit), which is how
 * every malformed case is made from one good base. The default guest config
 * (tests/guests/virt64/virt64-guest.dts, compiled by dtc at build time and
 * linked in with .incbin) is also parsed, both as it is and the way
 * `vfs guest_fdt_load` turns it into vcpus/vcpu0..N.
 *
 * Every blob is copied into a heap buffer of exactly its size before it is
 * parsed, so AddressSanitizer catches a read past its end. Tests marked
 * KNOWN BUG check the behaviour the code should have and skip (with a
 * message) while the code under test still gets it wrong.
 *
 * The suite sees Keel's <string.h>/<stdlib.h> shims (see suites/lib.mk). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/guest_config.h>
#include <keel/printf.h>
#include <keel/string.h>
#include <libfdt.h>

/* glibc, declared by hand: the suite sees Keel's <stdlib.h>. */
void *malloc(size_t size);
void free(void *p);

__asm__(".section .rodata\n"
	".balign 8\n"
	".globl virt64_dtb_start\n"
	"virt64_dtb_start:\n"
	".incbin \"" VIRT64_GUEST_DTB "\"\n"
	".globl virt64_dtb_end\n"
	"virt64_dtb_end:\n"
	".previous\n");
extern const char virt64_dtb_start[], virt64_dtb_end[];

#define GUEST_PATH	"/guests/guest0"
#define BUILD_SIZE	(64 * 1024)
#define MAX_PROPS	12

/* ------------------------------------------------------------ builder */

enum tprop_kind { P_CELLS = 1, P_STR, P_EMPTY, P_RAW, P_DELETE };

struct tprop {
	const char *name;	/* NULL ends a list */
	enum tprop_kind kind;
	const char *str;	/* P_STR; P_RAW: the bytes */
	uint32_t cells[6];	/* P_CELLS */
	int n;			/* P_CELLS: cells; P_RAW: bytes */
};

#define U32(nm, v)	{ nm, P_CELLS, NULL, { (uint32_t)(v) }, 1 }
#define U64(nm, v)	{ nm, P_CELLS, NULL, { (uint32_t)((uint64_t)(v) >> 32), (uint32_t)(v) }, 2 }
#define CELLS(nm, k, ...) { nm, P_CELLS, NULL, { __VA_ARGS__ }, k }
#define STR(nm, s)	{ nm, P_STR, s, { 0 }, 0 }
#define EMPTY(nm)	{ nm, P_EMPTY, NULL, { 0 }, 0 }
#define RAW(nm, s, len)	{ nm, P_RAW, s, { 0 }, len }
#define DELETE(nm)	{ nm, P_DELETE, NULL, { 0 }, 0 }

struct tnode {
	const char *name;
	struct tprop props[MAX_PROPS];
};

#define REAL(nm, gpa, size, dt) { nm, {					\
	STR("manifest_type", "real"), STR("address_type", "memory"),	\
	U32("guest_physical_addr", gpa), U32("physical_size", size),	\
	STR("device_type", dt) } }
#define VIRT(nm, gpa, size, dt, compat) { nm, {				\
	STR("manifest_type", "virtual"), STR("address_type", "memory"),	\
	U32("guest_physical_addr", gpa), U32("physical_size", size),	\
	STR("device_type", dt), STR("compatible", compat) } }
#define VIRT_IRQ(nm, gpa, size, dt, compat, irq) { nm, {		\
	STR("manifest_type", "virtual"), STR("address_type", "memory"),	\
	U32("guest_physical_addr", gpa), U32("physical_size", size),	\
	STR("device_type", dt), STR("compatible", compat),		\
	U32("interrupts", irq) } }
#define ALIAS(nm, gpa, size, target) { nm, {				\
	STR("manifest_type", "alias"), STR("address_type", "memory"),	\
	U32("guest_physical_addr", gpa), U32("physical_size", size),	\
	U32("alias_physical_addr", target) } }

/* One property of one node ("" the guest node, "vcpus/vcpu1",
 * "aspace/uart0", "vcpu_template") replaced, added or deleted. */
struct tedit {
	const char *node;
	struct tprop prop;
};

struct tcfg {
	const struct tprop *guest_props;	/* e.g. vcpu_count */
	const struct tprop *tmpl;		/* vcpu_template, NULL: none */
	const struct tnode *vcpus;		/* vcpus/<children>, NULL: none */
	unsigned int nr_vcpus;
	bool no_aspace;
	const struct tnode *regions;
	unsigned int nr_regions;
	const struct tedit *edit;
};

static const struct tnode base_vcpus[] = {
	{ "vcpu0", { STR("device_type", "vcpu"), U32("start_pc", 0) } },
	{ "vcpu1", { STR("device_type", "vcpu"), U32("start_pc", 0), EMPTY("poweroff") } },
};

/* The virt64 layout (tests/guests/virt64) plus an alias of the first MiB
 * of RAM, deliberately not in address order. */
static const struct tnode base_regions[] = {
	REAL("mem0", 0x80000000, 0x08000000, "alloced_ram"),
	VIRT("plic", 0x0c000000, 0x04000000, "pic", "sifive,plic-1.0.0"),
	VIRT_IRQ("uart0", 0x10000000, 0x1000, "serial", "ns16550a", 10),
	REAL("nor_flash0", 0x00000000, 0x01000000, "alloced_rom"),
	VIRT("vminfo", 0x10001000, 0x1000, "sys", "vminfo-0.1"),
	VIRT_IRQ("rtc", 0x10003000, 0x1000, "rtc", "google,goldfish-rtc", 11),
	ALIAS("ram_alias", 0x40000000, 0x00100000, 0x80000000),
};

static const struct tcfg base_cfg = {
	.vcpus = base_vcpus, .nr_vcpus = ARRAY_SIZE(base_vcpus),
	.regions = base_regions, .nr_regions = ARRAY_SIZE(base_regions),
};

static char build_buf[BUILD_SIZE] __aligned(8);
static void *blob;		/* the config being parsed, exactly sized */
static struct guest_config cfg;
static char err[256];
static unsigned int known_calls;

/* The compatibles Keel has emulators for in these tests. */
static bool known(const char *compat)
{
	static const char *const names[] = {
		"sifive,plic-1.0.0", "ns16550a", "vminfo-0.1", "google,goldfish-rtc",
	};

	known_calls++;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(compat, names[i]))
			return true;
	return false;
}

static void put_prop(void *fdt, const struct tprop *p)
{
	fdt32_t cells[6];

	switch (p->kind) {
	case P_CELLS:
		for (int i = 0; i < p->n; i++)
			cells[i] = cpu_to_fdt32(p->cells[i]);
		assert_int_equal(fdt_property(fdt, p->name, cells, 4 * p->n), 0);
		break;
	case P_STR:
		assert_int_equal(fdt_property_string(fdt, p->name, p->str), 0);
		break;
	case P_EMPTY:
		assert_int_equal(fdt_property(fdt, p->name, NULL, 0), 0);
		break;
	case P_RAW:
		assert_int_equal(fdt_property(fdt, p->name, p->str, p->n), 0);
		break;
	case P_DELETE:
		break;
	}
}

/* The properties of the node at `path`, with the edit applied. */
static void put_props(void *fdt, const char *path, const struct tprop *props,
		      const struct tedit *edit)
{
	bool here = edit && !strcmp(edit->node, path), done = false;

	for (const struct tprop *p = props; p && p->name; p++) {
		if (here && !strcmp(p->name, edit->prop.name)) {
			put_prop(fdt, &edit->prop);
			done = true;
		} else {
			put_prop(fdt, p);
		}
	}
	if (here && !done)
		put_prop(fdt, &edit->prop);
}

static void put_node(void *fdt, const char *parent, const char *name,
		     const struct tprop *props, const struct tedit *edit)
{
	char path[64];

	snprintf(path, sizeof(path), "%s%s%s", parent, parent[0] ? "/" : "", name);
	assert_int_equal(fdt_begin_node(fdt, name), 0);
	put_props(fdt, path, props, edit);
	assert_int_equal(fdt_end_node(fdt), 0);
}

/* Replace the parsed blob by a heap copy of the finished tree in build_buf. */
static void take_blob(const void *fdt)
{
	size_t size = fdt_totalsize(fdt);

	free(blob);
	blob = malloc(size);
	assert_non_null(blob);
	memcpy(blob, fdt, size);
	assert_int_equal(fdt_check_header(blob), 0);
}

/* Build c as /guests/guest0; returns the guest node's offset. */
static int build(const struct tcfg *c)
{
	void *fdt = build_buf;

	assert_int_equal(fdt_create(fdt, sizeof(build_buf)), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_begin_node(fdt, "guests"), 0);
	assert_int_equal(fdt_begin_node(fdt, "guest0"), 0);
	put_props(fdt, "", c->guest_props, c->edit);
	if (c->tmpl)
		put_node(fdt, "", "vcpu_template", c->tmpl, c->edit);
	if (c->vcpus) {
		assert_int_equal(fdt_begin_node(fdt, "vcpus"), 0);
		for (unsigned int i = 0; i < c->nr_vcpus; i++)
			put_node(fdt, "vcpus", c->vcpus[i].name, c->vcpus[i].props, c->edit);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	if (!c->no_aspace) {
		assert_int_equal(fdt_begin_node(fdt, "aspace"), 0);
		for (unsigned int i = 0; i < c->nr_regions; i++)
			put_node(fdt, "aspace", c->regions[i].name, c->regions[i].props, c->edit);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	take_blob(fdt);
	return fdt_path_offset(blob, GUEST_PATH);
}

static int parse_cfg(const struct tcfg *c)
{
	int node = build(c);

	assert_true(node >= 0);
	return guest_config_parse(blob, node, &cfg, known, err, sizeof(err));
}

/* The base configuration with one edit. */
static int parse_edit(const char *node, struct tprop prop)
{
	struct tedit e = { node, prop };
	struct tcfg c = base_cfg;

	c.edit = &e;
	return parse_cfg(&c);
}

static bool err_has(const char *s)
{
	if (strstr(err, s))
		return true;
	print_message("error message '%s' does not contain '%s'\n", err, s);
	return false;
}

static const struct region_config *region(const char *name)
{
	for (unsigned int i = 0; i < cfg.nr_regions; i++)
		if (!strcmp(cfg.regions[i].name, name))
			return &cfg.regions[i];
	fail_msg("no region %s", name);
	return NULL;
}

static void known_bug(const char *what)
{
	print_message("KNOWN BUG (skipped): %s\n", what);
	skip();
}

/* Invariants of every successfully parsed config. */
static void check_invariants(void)
{
	assert_string_equal(err, "");
	assert_true(cfg.nr_vcpus >= 1 && cfg.nr_vcpus <= GUEST_MAX_VCPUS);
	assert_true(cfg.nr_regions <= GUEST_MAX_REGIONS);
	for (unsigned int i = 0; i < cfg.nr_vcpus; i++)
		assert_true(cfg.vcpus[i].prio >= 1 && cfg.vcpus[i].prio <= 7);
	for (unsigned int i = 0; i < cfg.nr_regions; i++) {
		const struct region_config *r = &cfg.regions[i];

		assert_true(r->size > 0);
		assert_true(r->gpa + r->size > r->gpa);
		assert_true(r->nr_irqs <= REGION_MAX_IRQS);
		if (i)
			assert_true(cfg.regions[i - 1].gpa + cfg.regions[i - 1].size <= r->gpa);
		assert_ptr_equal(guest_config_find(&cfg, r->gpa), r);
		assert_ptr_equal(guest_config_find(&cfg, r->gpa + r->size - 1), r);
	}
}

static int teardown(void **state)
{
	free(blob);
	blob = NULL;
	known_calls = 0;
	return 0;
}

/* ------------------------------------------------------------ good configs */

static void test_base(void **state)
{
	static const char *const order[] = {
		"nor_flash0", "plic", "uart0", "vminfo", "rtc", "ram_alias", "mem0",
	};
	const struct region_config *r;

	memset(&cfg, 0xa5, sizeof(cfg));
	strlcpy(err, "stale", sizeof(err));
	assert_int_equal(parse_cfg(&base_cfg), 0);
	check_invariants();
	assert_string_equal(cfg.name, "guest0");
	assert_int_equal(known_calls, 4);	/* once per virtual region */

	assert_int_equal(cfg.nr_vcpus, 2);
	assert_string_equal(cfg.vcpus[0].name, "vcpu0");
	assert_string_equal(cfg.vcpus[1].name, "vcpu1");
	assert_true(cfg.vcpus[0].boot);
	assert_false(cfg.vcpus[1].boot);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(cfg.vcpus[i].start_pc, 0);
		assert_int_equal(cfg.vcpus[i].affinity, 0);
		assert_int_equal(cfg.vcpus[i].prio, 3);
	}

	assert_int_equal(cfg.nr_regions, ARRAY_SIZE(order));
	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++) {
		r = &cfg.regions[i];
		assert_string_equal(r->name, order[i]);
		/* node is the region's own node in the blob */
		assert_string_equal(fdt_get_name(blob, r->node, NULL), order[i]);
		assert_string_equal(r->address_type, "memory");
	}

	r = region("nor_flash0");
	assert_int_equal(r->kind, REGION_REAL);
	assert_int_equal(r->gpa, 0);
	assert_int_equal(r->size, 0x01000000);
	assert_string_equal(r->device_type, "alloced_rom");
	assert_true(r->read_only);
	assert_int_equal(r->nr_irqs, 0);
	assert_string_equal(r->compatible, "");

	r = region("mem0");
	assert_int_equal(r->kind, REGION_REAL);
	assert_int_equal(r->gpa, 0x80000000);
	assert_int_equal(r->size, 0x08000000);
	assert_string_equal(r->device_type, "alloced_ram");
	assert_false(r->read_only);

	r = region("uart0");
	assert_int_equal(r->kind, REGION_VIRTUAL);
	assert_string_equal(r->compatible, "ns16550a");
	assert_string_equal(r->device_type, "serial");
	assert_int_equal(r->nr_irqs, 1);
	assert_int_equal(r->irqs[0], 10);
	assert_int_equal(region("rtc")->irqs[0], 11);
	assert_int_equal(region("plic")->nr_irqs, 0);
	assert_string_equal(region("plic")->device_type, "pic");

	r = region("ram_alias");
	assert_int_equal(r->kind, REGION_ALIAS);
	assert_int_equal(r->gpa, 0x40000000);
	assert_int_equal(r->size, 0x00100000);
	assert_int_equal(r->alias_gpa, 0x80000000);
}

/* Without a callback, compatibles are not checked. */
static void test_no_known_callback(void **state)
{
	struct tedit e = { "aspace/uart0", STR("compatible", "acme,nothing") };
	struct tcfg c = base_cfg;
	int node = build(&base_cfg);

	assert_int_equal(guest_config_parse(blob, node, &cfg, NULL, err, sizeof(err)), 0);
	check_invariants();
	c.edit = &e;
	node = build(&c);
	assert_int_equal(guest_config_parse(blob, node, &cfg, NULL, err, sizeof(err)), 0);
	assert_string_equal(region("uart0")->compatible, "acme,nothing");
}

/* Whatever order the tree lists the regions in, they come out sorted. */
static void test_sorted_any_order(void **state)
{
	static const unsigned int perms[][7] = {
		{ 0, 1, 2, 3, 4, 5, 6 },
		{ 6, 5, 4, 3, 2, 1, 0 },
		{ 3, 1, 4, 0, 5, 2, 6 },
		{ 2, 6, 0, 4, 1, 3, 5 },
		{ 5, 3, 6, 1, 0, 4, 2 },
	};
	struct tnode nodes[7];
	struct tcfg c = base_cfg;

	for (size_t p = 0; p < ARRAY_SIZE(perms); p++) {
		for (unsigned int i = 0; i < 7; i++)
			nodes[i] = base_regions[perms[p][i]];
		c.regions = nodes;
		assert_int_equal(parse_cfg(&c), 0);
		check_invariants();
		assert_string_equal(cfg.regions[0].name, "nor_flash0");
		assert_string_equal(cfg.regions[6].name, "mem0");
		for (unsigned int i = 0; i < cfg.nr_regions; i++)
			assert_string_equal(fdt_get_name(blob, cfg.regions[i].node, NULL),
					    cfg.regions[i].name);
	}
}

static void test_two_cell_numbers(void **state)
{
	static const struct tnode regions[] = {
		{ "hi_ram", { STR("manifest_type", "real"),
			      U64("guest_physical_addr", 0x100000000ull),
			      U64("physical_size", 0x200000000ull),
			      STR("device_type", "alloced_ram") } },
		{ "lo_ram", { STR("manifest_type", "real"),
			      CELLS("guest_physical_addr", 2, 0, 0x80000000),
			      CELLS("physical_size", 2, 0, 0x1000),
			      STR("device_type", "alloced_ram") } },
		{ "top_dev", { STR("manifest_type", "virtual"),
			       U64("guest_physical_addr", 0xfffffffffffff000ull),
			       U32("physical_size", 0xfff),
			       STR("compatible", "ns16550a") } },
	};
	static const struct tnode vcpus[] = {
		{ "vcpu0", { U64("start_pc", 0x123456789abcdef0ull),
			     U64("affinity", 0x8000000000000001ull), U32("priority", 7) } },
		{ "vcpu1", { U32("start_pc", 0x80200000), U32("affinity", 0x4),
			     U32("priority", 1), EMPTY("poweroff") } },
	};
	struct tcfg c = { .vcpus = vcpus, .nr_vcpus = 2, .regions = regions, .nr_regions = 3 };
	const struct region_config *r;

	assert_int_equal(parse_cfg(&c), 0);
	check_invariants();
	r = region("hi_ram");
	assert_int_equal(r->gpa, 0x100000000ull);
	assert_int_equal(r->size, 0x200000000ull);
	r = region("lo_ram");
	assert_int_equal(r->gpa, 0x80000000);
	assert_int_equal(r->size, 0x1000);
	r = region("top_dev");
	assert_int_equal(r->gpa, 0xfffffffffffff000ull);
	assert_int_equal(r->size, 0xfff);
	assert_string_equal(cfg.regions[2].name, "top_dev");
	assert_int_equal(cfg.vcpus[0].start_pc, 0x123456789abcdef0ull);
	assert_int_equal(cfg.vcpus[0].affinity, 0x8000000000000001ull);
	assert_int_equal(cfg.vcpus[0].prio, 7);
	assert_true(cfg.vcpus[0].boot);
	assert_int_equal(cfg.vcpus[1].start_pc, 0x80200000);
	assert_int_equal(cfg.vcpus[1].affinity, 4);
	assert_int_equal(cfg.vcpus[1].prio, 1);
	assert_false(cfg.vcpus[1].boot);
}

/* Aliases anywhere inside a real region, up to its last byte; both
 * attribute names (alias_physical_addr, aliased_guest_physical_addr). */
static void test_aliases_inside_real(void **state)
{
	static const struct tnode regions[] = {
		REAL("ram", 0x80000000, 0x00100000, "alloced_ram"),
		REAL("rom", 0x00000000, 0x00010000, "alloced_rom"),
		ALIAS("whole", 0x40000000, 0x00100000, 0x80000000),
		ALIAS("tail", 0x50000000, 0x1000, 0x800ff000),
		{ "middle", { STR("manifest_type", "alias"),
			      U32("guest_physical_addr", 0x60000000),
			      U32("physical_size", 0x2000),
			      U64("aliased_guest_physical_addr", 0x80004000) } },
		ALIAS("rom_view", 0x70000000, 0x10000, 0),
	};
	struct tcfg c = base_cfg;

	c.regions = regions;
	c.nr_regions = ARRAY_SIZE(regions);
	assert_int_equal(parse_cfg(&c), 0);
	check_invariants();
	assert_int_equal(region("whole")->alias_gpa, 0x80000000);
	assert_int_equal(region("tail")->alias_gpa, 0x800ff000);
	assert_int_equal(region("middle")->alias_gpa, 0x80004000);
	assert_int_equal(region("middle")->kind, REGION_ALIAS);
	assert_int_equal(region("rom_view")->alias_gpa, 0);
}

/* Regions may touch; virtual ones need no alignment; edge counts. */
static void test_limits_accepted(void **state)
{
	static const struct tnode regions[] = {
		VIRT("a", 0x10000000, 0x100, "serial", "ns16550a"),
		VIRT("b", 0x10000100, 0x1, "serial", "ns16550a"),
		VIRT("c", 0x10000101, 0xeff, "serial", "ns16550a"),
		REAL("d", 0x10001000, 0x1000, "alloced_ram"),
		{ "e", { STR("manifest_type", "virtual"), U32("guest_physical_addr", 0x10002000),
			 U32("physical_size", 0x1000), STR("compatible", "ns16550a"),
			 CELLS("interrupts", 4, 1, 2, 3, 1023) } },
	};
	struct tcfg c = base_cfg;

	c.regions = regions;
	c.nr_regions = ARRAY_SIZE(regions);
	assert_int_equal(parse_cfg(&c), 0);
	check_invariants();
	assert_int_equal(cfg.nr_regions, 5);
	assert_int_equal(region("e")->nr_irqs, 4);
	assert_int_equal(region("e")->irqs[3], 1023);
	assert_int_equal(region("b")->size, 1);
}

static struct tnode many_vcpus[GUEST_MAX_VCPUS + 1];
static struct tnode many_regions[GUEST_MAX_REGIONS + 1];
static char vcpu_names[GUEST_MAX_VCPUS + 1][16];
static char region_names[GUEST_MAX_REGIONS + 1][16];

/* 9 vCPU nodes and 33 one-page virtual regions, for the limits. */
static void make_many(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(many_vcpus); i++) {
		snprintf(vcpu_names[i], sizeof(vcpu_names[i]), "vcpu%u", i);
		many_vcpus[i] = (struct tnode){ vcpu_names[i], { U32("start_pc", i) } };
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(many_regions); i++) {
		snprintf(region_names[i], sizeof(region_names[i]), "dev%u", i);
		many_regions[i] = (struct tnode)VIRT(region_names[i], 0x10000000 + 0x1000 * i,
						     0x1000, "serial", "ns16550a");
	}
}

static void test_max_vcpus_and_regions(void **state)
{
	struct tcfg c = { .vcpus = many_vcpus, .nr_vcpus = GUEST_MAX_VCPUS,
			  .regions = many_regions, .nr_regions = GUEST_MAX_REGIONS };

	make_many();
	assert_int_equal(parse_cfg(&c), 0);
	check_invariants();
	assert_int_equal(cfg.nr_vcpus, GUEST_MAX_VCPUS);
	assert_int_equal(cfg.nr_regions, GUEST_MAX_REGIONS);
	assert_int_equal(cfg.vcpus[7].start_pc, 7);
	assert_string_equal(cfg.vcpus[7].name, "vcpu7");
	/* vcpus nodes without poweroff all boot */
	for (unsigned int i = 0; i < GUEST_MAX_VCPUS; i++)
		assert_true(cfg.vcpus[i].boot);
}

/* A vcpu_template with vcpu_count on the guest node (default: 1). */
static void test_template(void **state)
{
	static const struct tprop tmpl[] = {
		STR("device_type", "vcpu"), U32("start_pc", 0x1000), U32("priority", 5),
		U32("affinity", 0x3), { NULL },
	};
	static const struct tprop count8[] = { U32("vcpu_count", 8), { NULL } };
	static const struct tprop count3_2cells[] = { U64("vcpu_count", 3), { NULL } };
	struct tcfg c = base_cfg;

	c.vcpus = NULL;
	c.tmpl = tmpl;
	assert_int_equal(parse_cfg(&c), 0);
	check_invariants();
	assert_int_equal(cfg.nr_vcpus, 1);
	assert_int_equal(cfg.vcpus[0].start_pc, 0x1000);
	assert_int_equal(cfg.vcpus[0].prio, 5);
	assert_int_equal(cfg.vcpus[0].affinity, 3);
	assert_true(cfg.vcpus[0].boot);

	c.guest_props = count8;
	assert_int_equal(parse_cfg(&c), 0);
	check_invariants();
	assert_int_equal(cfg.nr_vcpus, 8);
	for (unsigned int i = 0; i < 8; i++) {
		char name[16];

		snprintf(name, sizeof(name), "vcpu%u", i);
		assert_string_equal(cfg.vcpus[i].name, name);
		assert_int_equal(cfg.vcpus[i].start_pc, 0x1000);
		assert_int_equal(cfg.vcpus[i].prio, 5);
	}

	c.guest_props = count3_2cells;
	assert_int_equal(parse_cfg(&c), 0);
	assert_int_equal(cfg.nr_vcpus, 3);
}

/* A vcpus node wins over vcpu_template (vfs guest_fdt_load keeps both);
 * vcpu_count is then ignored. */
static void test_vcpus_node_wins(void **state)
{
	static const struct tprop tmpl[] = { U32("start_pc", 0x1000), { NULL } };
	static const struct tprop count5[] = { U32("vcpu_count", 5), { NULL } };
	struct tcfg c = base_cfg;

	c.tmpl = tmpl;
	c.guest_props = count5;
	assert_int_equal(parse_cfg(&c), 0);
	assert_int_equal(cfg.nr_vcpus, 2);
	assert_int_equal(cfg.vcpus[0].start_pc, 0);
}

/* Regression (was a bug): from a template every vCPU takes the template's power state:
 * with `poweroff` in the template (as in virt64) no vCPU boots, without it
 * all of them do. vcpu0 should boot and the others wait for HSM, as the
 * vcpus nodes `vfs guest_fdt_load` makes from the same template say. */
static void test_template_boot_vcpu(void **state)
{
	static const struct tprop tmpl_off[] = { U32("start_pc", 0), EMPTY("poweroff"), { NULL } };
	static const struct tprop tmpl_on[] = { U32("start_pc", 0), { NULL } };
	static const struct tprop count2[] = { U32("vcpu_count", 2), { NULL } };
	struct tcfg c = base_cfg;
	bool wrong = false;

	c.vcpus = NULL;
	c.guest_props = count2;
	c.tmpl = tmpl_off;
	assert_int_equal(parse_cfg(&c), 0);
	assert_false(cfg.vcpus[1].boot);
	wrong |= !cfg.vcpus[0].boot;
	c.tmpl = tmpl_on;
	assert_int_equal(parse_cfg(&c), 0);
	assert_true(cfg.vcpus[0].boot);
	wrong |= cfg.vcpus[1].boot;
	if (wrong)
		known_bug("vcpu_template + vcpu_count=2: vcpus[0].boot == vcpus[1].boot == "
			  "!template.poweroff (expected vcpu0 on, vcpu1 off)");
}

/* ------------------------------------------------------------ virt64 */

/* Copy the properties and subnodes of `node` in src into the tree being
 * written; skip a property named `skip` (NULL: none). */
static void copy_node(void *fdt, const void *src, int node, const char *skip)
{
	int prop, child;

	fdt_for_each_property_offset(prop, src, node) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(src, prop, &name, &len);

		assert_non_null(val);
		if (skip && !strcmp(name, skip))
			continue;
		assert_int_equal(fdt_property(fdt, name, val, len), 0);
	}
	fdt_for_each_subnode(child, src, node) {
		assert_int_equal(fdt_begin_node(fdt, fdt_get_name(src, child, NULL)), 0);
		copy_node(fdt, src, child, NULL);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
}

/* What `vfs guest_fdt_load guest0 virt64-guest.dtb <n>` leaves in Keel's
 * tree: the blob at /guests/guest0 plus vcpus/vcpu0..<n-1> copied from
 * vcpu_template, vcpu0 without poweroff. */
static int build_virt64_loaded(unsigned int n)
{
	const void *src = virt64_dtb_start;
	void *fdt = build_buf;
	int tmpl = fdt_subnode_offset(src, 0, "vcpu_template");

	assert_int_equal(fdt_check_header(src), 0);
	assert_true(tmpl >= 0);
	assert_int_equal(fdt_create(fdt, sizeof(build_buf)), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_begin_node(fdt, "guests"), 0);
	assert_int_equal(fdt_begin_node(fdt, "guest0"), 0);
	copy_node(fdt, src, 0, NULL);
	assert_int_equal(fdt_begin_node(fdt, "vcpus"), 0);
	for (unsigned int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "vcpu%u", i);
		assert_int_equal(fdt_begin_node(fdt, name), 0);
		copy_node(fdt, src, tmpl, i == 0 ? "poweroff" : NULL);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	take_blob(fdt);
	return fdt_path_offset(blob, GUEST_PATH);
}

static void check_virt64_regions(void)
{
	static const struct {
		const char *name;
		enum region_kind kind;
		uint64_t gpa, size;
		const char *compat;
		int irq;
	} want[] = {
		{ "nor_flash0", REGION_REAL, 0x00000000, 0x01000000, "", -1 },
		{ "plic", REGION_VIRTUAL, 0x0c000000, 0x04000000, "sifive,plic-1.0.0", -1 },
		{ "uart0", REGION_VIRTUAL, 0x10000000, 0x1000, "ns16550a", 10 },
		{ "vminfo", REGION_VIRTUAL, 0x10001000, 0x1000, "vminfo-0.1", -1 },
		{ "rtc", REGION_VIRTUAL, 0x10003000, 0x1000, "google,goldfish-rtc", 11 },
		{ "mem0", REGION_REAL, 0x80000000, 0x08000000, "", -1 },
	};

	check_invariants();
	assert_int_equal(cfg.nr_regions, ARRAY_SIZE(want));
	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++) {
		const struct region_config *r = &cfg.regions[i];

		assert_string_equal(r->name, want[i].name);
		assert_int_equal(r->kind, want[i].kind);
		assert_int_equal(r->gpa, want[i].gpa);
		assert_int_equal(r->size, want[i].size);
		assert_string_equal(r->compatible, want[i].compat);
		assert_string_equal(r->address_type, "memory");
		assert_int_equal(r->nr_irqs, want[i].irq < 0 ? 0 : 1);
		if (want[i].irq >= 0)
			assert_int_equal(r->irqs[0], want[i].irq);
	}
	assert_true(cfg.regions[0].read_only);
	assert_false(cfg.regions[5].read_only);
	assert_string_equal(cfg.regions[5].device_type, "alloced_ram");
}

static void test_virt64_loaded(void **state)
{
	for (unsigned int n = 1; n <= GUEST_MAX_VCPUS; n++) {
		int node = build_virt64_loaded(n);

		assert_true(node >= 0);
		known_calls = 0;
		assert_int_equal(guest_config_parse(blob, node, &cfg, known, err, sizeof(err)), 0);
		assert_string_equal(cfg.name, "guest0");
		assert_int_equal(known_calls, 4);
		assert_int_equal(cfg.nr_vcpus, n);
		for (unsigned int i = 0; i < n; i++) {
			assert_int_equal(cfg.vcpus[i].boot, i == 0);
			assert_int_equal(cfg.vcpus[i].start_pc, 0);
			assert_int_equal(cfg.vcpus[i].prio, 3);
			assert_int_equal(cfg.vcpus[i].affinity, 0);
		}
		check_virt64_regions();
	}
}

/* The blob as dtc wrote it: vcpu_template, no vcpu_count (one vCPU). */
static void test_virt64_raw(void **state)
{
	size_t size = (size_t)(virt64_dtb_end - virt64_dtb_start);

	assert_true(size >= fdt_totalsize(virt64_dtb_start));
	take_blob(virt64_dtb_start);
	assert_int_equal(guest_config_parse(blob, 0, &cfg, known, err, sizeof(err)), 0);
	assert_int_equal(cfg.nr_vcpus, 1);
	check_virt64_regions();
	if (!cfg.vcpus[0].boot)
		known_bug("virt64-guest.dtb parsed as written (vcpu_template with "
			  "poweroff): vcpus[0].boot == false, so no vCPU starts");
}

/* ------------------------------------------------------------ find */

static void test_find(void **state)
{
	const struct region_config *r;

	assert_int_equal(parse_cfg(&base_cfg), 0);
	r = region("nor_flash0");
	assert_ptr_equal(guest_config_find(&cfg, 0), r);
	assert_ptr_equal(guest_config_find(&cfg, 0xffffff), r);
	assert_null(guest_config_find(&cfg, 0x1000000));
	assert_null(guest_config_find(&cfg, 0xbffffff));
	r = region("plic");
	assert_ptr_equal(guest_config_find(&cfg, 0x0c000000), r);
	assert_ptr_equal(guest_config_find(&cfg, 0x0fffffff), r);
	/* plic and uart0 touch */
	assert_ptr_equal(guest_config_find(&cfg, 0x10000000), region("uart0"));
	assert_ptr_equal(guest_config_find(&cfg, 0x10000fff), region("uart0"));
	assert_ptr_equal(guest_config_find(&cfg, 0x10001000), region("vminfo"));
	assert_ptr_equal(guest_config_find(&cfg, 0x10001fff), region("vminfo"));
	assert_null(guest_config_find(&cfg, 0x10002000));	/* hole */
	assert_null(guest_config_find(&cfg, 0x10002fff));
	assert_ptr_equal(guest_config_find(&cfg, 0x10003000), region("rtc"));
	assert_null(guest_config_find(&cfg, 0x10004000));
	assert_ptr_equal(guest_config_find(&cfg, 0x40000000), region("ram_alias"));
	assert_ptr_equal(guest_config_find(&cfg, 0x400fffff), region("ram_alias"));
	assert_null(guest_config_find(&cfg, 0x40100000));
	assert_null(guest_config_find(&cfg, 0x7fffffff));
	r = region("mem0");
	assert_ptr_equal(guest_config_find(&cfg, 0x80000000), r);
	assert_ptr_equal(guest_config_find(&cfg, 0x87ffffff), r);
	assert_null(guest_config_find(&cfg, 0x88000000));
	assert_null(guest_config_find(&cfg, UINT64_MAX));
	assert_null(guest_config_find(&cfg, 0x100000000ull));
}

static void test_find_edges(void **state)
{
	struct guest_config c = { .nr_regions = 0 };

	assert_null(guest_config_find(&c, 0));
	assert_null(guest_config_find(&c, UINT64_MAX));

	/* one region, at the very top of the address space */
	c.nr_regions = 1;
	c.regions[0] = (struct region_config){ .name = "top", .gpa = 0xfffffffffffff000ull,
					       .size = 0xfff };
	assert_null(guest_config_find(&c, 0xffffffffffffefffull));
	assert_ptr_equal(guest_config_find(&c, 0xfffffffffffff000ull), &c.regions[0]);
	assert_ptr_equal(guest_config_find(&c, 0xfffffffffffffffeull), &c.regions[0]);
	assert_null(guest_config_find(&c, UINT64_MAX));

	/* 32 adjacent one-page regions: every first/last byte and one past */
	c.nr_regions = GUEST_MAX_REGIONS;
	for (unsigned int i = 0; i < GUEST_MAX_REGIONS; i++)
		c.regions[i] = (struct region_config){ .gpa = 0x1000 + 0x2000ull * i,
						       .size = 0x1000 };
	for (unsigned int i = 0; i < GUEST_MAX_REGIONS; i++) {
		uint64_t a = c.regions[i].gpa;

		assert_ptr_equal(guest_config_find(&c, a), &c.regions[i]);
		assert_ptr_equal(guest_config_find(&c, a + 0xfff), &c.regions[i]);
		assert_null(guest_config_find(&c, a + 0x1000));
		assert_null(guest_config_find(&c, a - 1));
	}
}

/* ------------------------------------------------------------ malformed */

struct bad_case {
	const char *node;		/* edited node */
	struct tprop prop;		/* the edit */
	int ret;
	const char *msg[3];		/* substrings of the error message */
};

#define BAD(nm, nd, pr, r, ...) {					\
	.name = "bad: " nm, .test_func = test_bad, .teardown_func = teardown,	\
	.initial_state = &(struct bad_case){ nd, pr, r, { __VA_ARGS__ } } }

static void test_bad(void **state)
{
	const struct bad_case *b = *state;
	int ret = parse_edit(b->node, b->prop);

	assert_int_equal(ret, b->ret);
	for (int i = 0; i < 3 && b->msg[i]; i++)
		assert_true(err_has(b->msg[i]));
}

static const struct CMUnitTest bad_tests[] = {
	BAD("missing manifest_type", "aspace/uart0", DELETE("manifest_type"), -EINVAL,
	    "uart0: ", "manifest_type", "missing"),
	BAD("unknown manifest_type", "aspace/uart0", STR("manifest_type", "imaginary"), -EINVAL,
	    "uart0: ", "manifest_type", "real, virtual or alias"),
	BAD("manifest_type not a string", "aspace/uart0", RAW("manifest_type", "real", 4),
	    -EINVAL, "uart0: ", "manifest_type", "malformed"),
	BAD("manifest_type too long", "aspace/uart0", STR("manifest_type", "virtualvirtualvirtual"),
	    -EINVAL, "uart0: ", "manifest_type", "malformed"),
	BAD("manifest_type of 16 chars", "aspace/uart0", STR("manifest_type", "virtualvirtualvi"),
	    -EINVAL, "uart0: ", "manifest_type", "malformed"),
	BAD("compatible of 48 chars", "aspace/uart0",
	    STR("compatible", "ns16550a-ns16550a-ns16550a-ns16550a-ns16550a-ns1"), -EINVAL,
	    "uart0: ", "compatible", "malformed"),
	BAD("manifest_type empty", "aspace/uart0", EMPTY("manifest_type"), -EINVAL,
	    "uart0: ", "manifest_type"),
	BAD("missing physical_size", "aspace/mem0", DELETE("physical_size"), -EINVAL,
	    "mem0: ", "physical_size", "missing"),
	BAD("zero physical_size", "aspace/uart0", U32("physical_size", 0), -EINVAL,
	    "uart0: ", "physical_size"),
	BAD("zero 2-cell physical_size", "aspace/mem0", U64("physical_size", 0), -EINVAL,
	    "mem0: ", "physical_size"),
	BAD("3-cell physical_size", "aspace/mem0", CELLS("physical_size", 3, 0, 0, 0x1000),
	    -EINVAL, "mem0: ", "physical_size", "malformed"),
	BAD("string physical_size", "aspace/uart0", STR("physical_size", "4k"), -EINVAL,
	    "uart0: ", "physical_size", "malformed"),
	BAD("empty physical_size", "aspace/uart0", EMPTY("physical_size"), -EINVAL,
	    "uart0: ", "physical_size", "malformed"),
	BAD("missing guest_physical_addr", "aspace/rtc", DELETE("guest_physical_addr"), -EINVAL,
	    "rtc: ", "guest_physical_addr", "missing"),
	BAD("3-cell guest_physical_addr", "aspace/rtc",
	    CELLS("guest_physical_addr", 3, 0, 0, 0x10003000), -EINVAL,
	    "rtc: ", "guest_physical_addr", "malformed"),
	BAD("odd-length guest_physical_addr", "aspace/rtc",
	    RAW("guest_physical_addr", "\x10\x00\x30\x00\x00", 5), -EINVAL,
	    "rtc: ", "guest_physical_addr", "malformed"),
	BAD("address + size wraps", "aspace/mem0",
	    U64("guest_physical_addr", 0xfffffffffffff000ull), -EINVAL,
	    "mem0: ", "guest_physical_addr + physical_size", "wraps"),
	BAD("address + size wraps (virtual)", "aspace/uart0",
	    U64("physical_size", 0xffffffffffffffffull), -EINVAL,
	    "uart0: ", "physical_size", "wraps"),
	BAD("real gpa not 4 KiB aligned", "aspace/mem0",
	    U32("guest_physical_addr", 0x80000800), -EINVAL, "mem0: ", "4 KiB aligned"),
	BAD("real size not 4 KiB aligned", "aspace/nor_flash0",
	    U32("physical_size", 0x00fff000 + 1), -EINVAL, "nor_flash0: ", "4 KiB aligned"),
	BAD("alias gpa not 4 KiB aligned", "aspace/ram_alias",
	    U32("guest_physical_addr", 0x40000010), -EINVAL, "ram_alias: ", "4 KiB aligned"),
	BAD("overlap: virtual in virtual", "aspace/uart0",
	    U32("guest_physical_addr", 0x0c001000), -EINVAL,
	    "uart0", "plic", "guest_physical_addr overlaps"),
	BAD("overlap: same start", "aspace/vminfo",
	    U32("guest_physical_addr", 0x10000000), -EINVAL, "uart0", "vminfo", "overlaps"),
	BAD("overlap: real over real", "aspace/mem0",
	    U32("guest_physical_addr", 0x00fff000), -EINVAL, "mem0", "nor_flash0", "overlaps"),
	BAD("overlap: one byte", "aspace/plic", U32("physical_size", 0x04000001), -EINVAL,
	    "uart0", "plic", "overlaps"),
	BAD("overlap: big region swallows two", "aspace/nor_flash0",
	    U32("physical_size", 0x20000000), -EINVAL, "plic", "nor_flash0", "overlaps"),
	BAD("virtual without compatible", "aspace/uart0", DELETE("compatible"), -EINVAL,
	    "uart0: ", "compatible", "missing"),
	BAD("compatible not a string", "aspace/uart0", U32("compatible", 1), -EINVAL,
	    "uart0: ", "compatible", "malformed"),
	BAD("unknown compatible", "aspace/uart0", STR("compatible", "acme,uart"), -ENODEV,
	    "uart0: ", "compatible", "acme,uart"),
	BAD("5 interrupts cells", "aspace/uart0", CELLS("interrupts", 5, 1, 2, 3, 4, 5),
	    -EINVAL, "uart0: ", "interrupts"),
	BAD("interrupts not whole cells", "aspace/uart0", RAW("interrupts", "\0\0\0\x0a\0", 5),
	    -EINVAL, "uart0: ", "interrupts"),
	BAD("alias missing alias_physical_addr", "aspace/ram_alias",
	    DELETE("alias_physical_addr"), -EINVAL, "ram_alias: ", "alias_physical_addr",
	    "missing"),
	BAD("alias target in a hole", "aspace/ram_alias", U32("alias_physical_addr", 0x20000000),
	    -EINVAL, "ram_alias: ", "aliased_guest_physical_addr", "not inside a real region"),
	BAD("alias target in a virtual region", "aspace/ram_alias",
	    U32("alias_physical_addr", 0x10000000), -EINVAL, "ram_alias: ",
	    "not inside a real region"),
	BAD("alias target is itself", "aspace/ram_alias", U32("alias_physical_addr", 0x40000000),
	    -EINVAL, "ram_alias: ", "not inside a real region"),
	BAD("alias runs past the real region", "aspace/ram_alias",
	    U32("alias_physical_addr", 0x87f01000), -EINVAL, "ram_alias: ",
	    "not inside a real region"),
	BAD("alias past the end of RAM", "aspace/ram_alias",
	    U32("alias_physical_addr", 0x88000000), -EINVAL, "ram_alias: ",
	    "not inside a real region"),
	BAD("alias target 3 cells", "aspace/ram_alias",
	    CELLS("alias_physical_addr", 3, 0, 0, 0x80000000), -EINVAL, "ram_alias: ",
	    "alias_physical_addr"),
	BAD("vcpu priority 0", "vcpus/vcpu1", U32("priority", 0), -EINVAL,
	    "vcpu1: ", "priority", "1..7"),
	BAD("vcpu priority 8", "vcpus/vcpu0", U32("priority", 8), -EINVAL,
	    "vcpu0: ", "priority", "1..7"),
	BAD("vcpu priority 2^32 + 3", "vcpus/vcpu0", U64("priority", 0x100000003ull), -EINVAL,
	    "vcpu0: ", "priority"),
	BAD("vcpu start_pc 3 cells", "vcpus/vcpu1", CELLS("start_pc", 3, 0, 0, 0), -EINVAL,
	    "vcpu1: ", "start_pc", "1 or 2 cells"),
	BAD("vcpu affinity 3 bytes", "vcpus/vcpu0", RAW("affinity", "\0\0\1", 3), -EINVAL,
	    "vcpu0: ", "affinity", "1 or 2 cells"),
};

/* Structural problems, not one attribute of the base config. */
static void test_bad_vcpus(void **state)
{
	static const struct tprop tmpl[] = { U32("start_pc", 0), { NULL } };
	static const struct tprop count0[] = { U32("vcpu_count", 0), { NULL } };
	static const struct tprop count9[] = { U32("vcpu_count", 9), { NULL } };
	static const struct tprop count_big[] = { U64("vcpu_count", 0x100000001ull), { NULL } };
	static const struct tprop count_bad[] = { STR("vcpu_count", "2"), { NULL } };
	static const struct tprop tmpl_bad[] = { U32("priority", 9), { NULL } };
	const struct tprop *counts[] = { count0, count9, count_big, count_bad };
	struct tcfg c = base_cfg;

	c.vcpus = NULL;
	assert_int_equal(parse_cfg(&c), -EINVAL);
	assert_true(err_has("guest0: "));
	assert_true(err_has("vcpu_template"));
	assert_true(err_has("vcpus"));

	c.tmpl = tmpl;
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
		c.guest_props = counts[i];
		assert_int_equal(parse_cfg(&c), -EINVAL);
		assert_true(err_has("guest0: "));
		assert_true(err_has("vcpu_count"));
		assert_true(err_has("1..8"));
	}
	c.guest_props = NULL;
	c.tmpl = tmpl_bad;
	assert_int_equal(parse_cfg(&c), -EINVAL);
	assert_true(err_has("vcpu_template: "));
	assert_true(err_has("priority"));

	/* an empty vcpus node, even with a template beside it */
	c = base_cfg;
	c.nr_vcpus = 0;
	assert_int_equal(parse_cfg(&c), -EINVAL);
	assert_true(err_has("vcpus: "));
	assert_true(err_has("no vCPU nodes"));
	c.tmpl = tmpl;
	assert_int_equal(parse_cfg(&c), -EINVAL);
	assert_true(err_has("no vCPU nodes"));

	make_many();
	c = base_cfg;
	c.vcpus = many_vcpus;
	c.nr_vcpus = GUEST_MAX_VCPUS + 1;
	assert_int_equal(parse_cfg(&c), -E2BIG);
	assert_true(err_has("vcpus: "));
	assert_true(err_has("too many vCPUs"));
}

static void test_bad_aspace(void **state)
{
	struct tcfg c = base_cfg;

	c.no_aspace = true;
	assert_int_equal(parse_cfg(&c), -EINVAL);
	assert_true(err_has("guest0: "));
	assert_true(err_has("aspace"));

	make_many();
	c = base_cfg;
	c.regions = many_regions;
	c.nr_regions = GUEST_MAX_REGIONS + 1;
	assert_int_equal(parse_cfg(&c), -E2BIG);
	assert_true(err_has("aspace: "));
	assert_true(err_has("too many regions"));

	/* an empty aspace is accepted: nothing to map */
	c.nr_regions = 0;
	assert_int_equal(parse_cfg(&c), 0);
	assert_int_equal(cfg.nr_regions, 0);
}

/* The error message is cut to err_size, never written past it. */
static void test_small_err_buffer(void **state)
{
	char *small = malloc(8);
	int node;

	assert_non_null(small);
	{
		struct tedit e = { "aspace/uart0", DELETE("physical_size") };
		struct tcfg c = base_cfg;

		c.edit = &e;
		node = build(&c);
	}
	assert_int_equal(guest_config_parse(blob, node, &cfg, known, small, 8), -EINVAL);
	assert_string_equal(small, "aspace/");
	assert_int_equal(parse_cfg(&base_cfg), 0);
	assert_int_equal(guest_config_parse(blob, fdt_path_offset(blob, GUEST_PATH), &cfg,
					    known, small, 1), 0);
	assert_string_equal(small, "");
	free(small);
}

/* ------------------------------------------------------------ known bugs */

/* Regression (was a bug): a malformed priority (not 1 or 2 cells) is ignored and the
 * vCPU silently gets the default, while start_pc and affinity report it. */
static void test_bug_priority_malformed(void **state)
{
	int ret = parse_edit("vcpus/vcpu0", (struct tprop)STR("priority", "high"));

	if (ret == 0)
		known_bug("vcpus/vcpu0 priority = \"high\": accepted, prio = 3 "
			  "(expected -EINVAL \"vcpu0: priority ...\")");
	assert_int_equal(ret, -EINVAL);
	assert_true(err_has("priority"));
}

/* Regression (was a bug): an alias's target range is checked with
 * alias_gpa + size, which wraps: a 2^63-byte alias at 0 of the real region
 * [2^63, 2^64 - 4 KiB) is accepted although it runs 4 KiB past its end. */
static void test_bug_alias_wrap(void **state)
{
	static const struct tnode regions[] = {
		{ "ram", { STR("manifest_type", "real"),
			   U64("guest_physical_addr", 0x8000000000000000ull),
			   U64("physical_size", 0x7ffffffffffff000ull) } },
		{ "al", { STR("manifest_type", "alias"), U32("guest_physical_addr", 0),
			  U64("physical_size", 0x8000000000000000ull),
			  U64("alias_physical_addr", 0x8000000000000000ull) } },
	};
	struct tcfg c = base_cfg;
	int ret;

	c.regions = regions;
	c.nr_regions = 2;
	ret = parse_cfg(&c);
	if (ret == 0)
		known_bug("alias gpa 0 size 2^63 -> 2^63 in real [2^63, 2^64-4K): "
			  "accepted (alias_gpa + size wraps to 0)");
	assert_int_equal(ret, -EINVAL);
	assert_true(err_has("al: "));
}

/* Regression (was a bug): the alias target need not be page aligned, though the alias
 * is mapped page by page onto the real region's memory. */
static void test_bug_alias_target_unaligned(void **state)
{
	int ret = parse_edit("aspace/ram_alias", (struct tprop)U32("alias_physical_addr", 0x80000800));

	if (ret == 0)
		known_bug("ram_alias alias_physical_addr = 0x80000800: accepted "
			  "(expected \"must be 4 KiB aligned\")");
	assert_int_equal(ret, -EINVAL);
	assert_true(err_has("ram_alias: "));
}

/* Regression (was a bug): an empty `interrupts;` gives nr_irqs 0 without an error,
 * though the message for a bad length says "must be 1 to 4 cells". */
static void test_bug_interrupts_empty(void **state)
{
	int ret = parse_edit("aspace/uart0", (struct tprop)EMPTY("interrupts"));

	if (ret == 0)
		known_bug("uart0 `interrupts;` (0 cells): accepted with nr_irqs 0 "
			  "(expected \"uart0: interrupts must be 1 to 4 cells\")");
	assert_int_equal(ret, -EINVAL);
}

/* Regression (was a bug): a device_type too long for region_config.device_type (or not
 * a string) is dropped silently, so a ROM that says so at length becomes
 * writable guest RAM (read_only false). */
static void test_bug_device_type_long(void **state)
{
	int ret = parse_edit("aspace/nor_flash0",
			     (struct tprop)STR("device_type", "alloced_rom_for_the_boot_firmware"));

	if (ret == 0 && !region("nor_flash0")->read_only)
		known_bug("nor_flash0 device_type = \"alloced_rom_for_the_boot_firmware\" "
			  "(33 chars): accepted, device_type \"\", read_only false "
			  "(expected -EINVAL \"nor_flash0: device_type ...\")");
	assert_int_equal(ret, -EINVAL);
	assert_true(err_has("device_type"));
}

/* ------------------------------------------------------------ fuzz */

#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS	3000	/* per blob; -DFUZZ_ROUNDS=... for a longer run */
#endif

struct span {
	int off, len;
};

static struct span spans[256];
static unsigned int nr_spans, span_bytes;
static uint64_t rng = 0x9e3779b97f4a7c15ull;	/* fixed seed: reproducible */
static unsigned int fuzz_parsed, fuzz_accepted;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Where every property value of the blob lies. */
static void collect_values(const void *fdt)
{
	int node, prop;

	nr_spans = span_bytes = 0;
	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		fdt_for_each_property_offset(prop, fdt, node) {
			int len;
			const char *v = fdt_getprop_by_offset(fdt, prop, NULL, &len);

			if (!len)
				continue;
			assert_true(nr_spans < ARRAY_SIZE(spans));
			spans[nr_spans++] = (struct span){ (int)(v - (const char *)fdt), len };
			span_bytes += len;
		}
	}
}

static void fuzz_one(const void *good, size_t size, bool anywhere)
{
	char *fdt = malloc(size);
	unsigned int flips = 1 + rnd() % 4;
	int node, ret;

	assert_non_null(fdt);
	memcpy(fdt, good, size);
	for (unsigned int i = 0; i < flips; i++) {
		size_t at;

		if (anywhere) {
			at = rnd() % size;
		} else {
			unsigned int k = rnd() % span_bytes;
			unsigned int s = 0;

			while (k >= (unsigned int)spans[s].len)
				k -= spans[s++].len;
			at = (size_t)spans[s].off + k;
		}
		fdt[at] ^= (char)(1 + rnd() % 255);
	}
	if (fdt_check_header(fdt) == 0 && fdt_totalsize(fdt) <= size) {
		node = fdt_path_offset(fdt, GUEST_PATH);
		if (node >= 0) {
			ret = guest_config_parse(fdt, node, &cfg, known, err, sizeof(err));
			fuzz_parsed++;
			if (ret == 0) {
				fuzz_accepted++;
				check_invariants();
			} else {
				assert_true(ret < 0);
				assert_true(err[0] != '\0');
			}
		}
	}
	free(fdt);
}

static void test_fuzz(void **state)
{
	static const struct tprop tmpl[] = {
		U32("start_pc", 0), U32("priority", 4), U64("affinity", 0xff), { NULL },
	};
	static const struct tprop count[] = { U32("vcpu_count", 4), { NULL } };
	struct tcfg c = base_cfg;
	void *good;
	size_t size;

	c.tmpl = tmpl;
	c.guest_props = count;
	assert_true(build(&c) >= 0);
	size = fdt_totalsize(blob);
	good = blob;
	collect_values(good);
	assert_true(span_bytes > 100);
	for (int i = 0; i < FUZZ_ROUNDS; i++)
		fuzz_one(good, size, false);
	/* the template path: no vcpus node */
	c.vcpus = NULL;
	assert_true(build(&c) >= 0);
	size = fdt_totalsize(blob);
	collect_values(blob);
	for (int i = 0; i < FUZZ_ROUNDS; i++)
		fuzz_one(blob, size, false);
	/* names, tags and lengths too */
	assert_true(build(&base_cfg) >= 0);
	size = fdt_totalsize(blob);
	for (int i = 0; i < FUZZ_ROUNDS; i++)
		fuzz_one(blob, size, true);
	print_message("fuzz: %u blobs parsed, %u accepted\n", fuzz_parsed, fuzz_accepted);
	assert_true(fuzz_parsed > FUZZ_ROUNDS * 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_base, teardown),
		cmocka_unit_test_teardown(test_no_known_callback, teardown),
		cmocka_unit_test_teardown(test_sorted_any_order, teardown),
		cmocka_unit_test_teardown(test_two_cell_numbers, teardown),
		cmocka_unit_test_teardown(test_aliases_inside_real, teardown),
		cmocka_unit_test_teardown(test_limits_accepted, teardown),
		cmocka_unit_test_teardown(test_max_vcpus_and_regions, teardown),
		cmocka_unit_test_teardown(test_template, teardown),
		cmocka_unit_test_teardown(test_vcpus_node_wins, teardown),
		cmocka_unit_test_teardown(test_template_boot_vcpu, teardown),
		cmocka_unit_test_teardown(test_virt64_loaded, teardown),
		cmocka_unit_test_teardown(test_virt64_raw, teardown),
		cmocka_unit_test_teardown(test_find, teardown),
		cmocka_unit_test_teardown(test_find_edges, teardown),
		cmocka_unit_test_teardown(test_bad_vcpus, teardown),
		cmocka_unit_test_teardown(test_bad_aspace, teardown),
		cmocka_unit_test_teardown(test_small_err_buffer, teardown),
		cmocka_unit_test_teardown(test_bug_priority_malformed, teardown),
		cmocka_unit_test_teardown(test_bug_alias_wrap, teardown),
		cmocka_unit_test_teardown(test_bug_alias_target_unaligned, teardown),
		cmocka_unit_test_teardown(test_bug_interrupts_empty, teardown),
		cmocka_unit_test_teardown(test_bug_device_type_long, teardown),
		cmocka_unit_test_teardown(test_fuzz, teardown),
	};
	int failed = cmocka_run_group_tests_name("guest_config", tests, NULL, NULL);

	return failed + cmocka_run_group_tests_name("guest_config_malformed", bad_tests,
						    NULL, NULL);
}
