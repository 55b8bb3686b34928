/* Unit tests of Keel's live device tree (core/devtree.c), guest-config
 * loading (core/devtree_load.c) and the `devtree` commands
 * (core/cmds/devtree_cmds.c), over the real heap and Debian's host libfdt.
 *
 * The test stands in for the kernel around them: printk() and shell_error()
 * write into a buffer the tests read, vfs_read_file() serves a small table
 * of in-memory files, and a tiny dispatcher runs the `devtree` commands
 * from the "shell_cmds" section. /images/riscv/virt64-guest.dtb is the real
 * default guest config (tests/guests/virt64/virt64-guest.dts, built by dtc
 * at build time and linked in with .incbin). Every test must leave the heap
 * as it found it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <keel/compiler.h>
#include <keel/devtree.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <libfdt.h>

/* glibc, declared by hand: the suite sees Keel's <stdlib.h>. */
void *aligned_alloc(size_t align, size_t size);
void free(void *p);

extern bool unit_irqs_off;

__asm__(".section .rodata\n"
	".balign 8\n"
	".globl virt64_dtb_start\n"
	"virt64_dtb_start:\n"
	".incbin \"" VIRT64_GUEST_DTB "\"\n"
	".globl virt64_dtb_end\n"
	"virt64_dtb_end:\n"
	".previous\n");
extern const char virt64_dtb_start[], virt64_dtb_end[];

#define VIRT64		"/images/riscv/virt64-guest.dtb"
#define ZONE_PAGES	((size_t)1 << 12)		/* 16 MiB */
#define ZONE_BYTES	(ZONE_PAGES * PAGE_SIZE)

/* ------------------------------------------------------------ stand-ins */

static char out[64 * 1024];	/* printk() and shell_error() output */
static size_t out_len;

int vprintk(const char *fmt, va_list ap)
{
	int n = vsnprintf(out + out_len, sizeof(out) - out_len, fmt, ap);

	out_len = MIN(out_len + (size_t)n, sizeof(out) - 1);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int log_printk(int level, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int shell_error(int err, const char *fmt, ...)
{
	va_list ap;

	printk("error: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	return err;
}

void shell_complete_add(struct shell_completion *c, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(name, c->word, c->word_len) != 0 ||
	    c->list_len + len + 1 > sizeof(c->list))
		return;
	memcpy(c->list + c->list_len, name, len + 1);
	c->list_len += len + 1;
	c->count++;
}

static struct {
	const char *path;
	const void *data;
	size_t len;
} files[8];

int vfs_read_file(const char *path, void **data, size_t *len, size_t max);
int vfs_read_file(const char *path, void **data, size_t *len, size_t max)
{
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		if (!files[i].path || strcmp(files[i].path, path) != 0)
			continue;
		if (files[i].len > max)
			return -E2BIG;
		*data = kmalloc(files[i].len ? files[i].len : 1);
		if (!*data)
			return -ENOMEM;
		memcpy(*data, files[i].data, files[i].len);
		*len = files[i].len;
		return 0;
	}
	return -ENOENT;
}

static void add_file(const char *path, const void *data, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		if (!files[i].path || strcmp(files[i].path, path) == 0) {
			files[i].path = path;
			files[i].data = data;
			files[i].len = len;
			return;
		}
	}
	fail_msg("file table full");
}

/* ------------------------------------------------------------ helpers */

extern const struct shell_cmd __start_shell_cmds[], __stop_shell_cmds[];

static const struct shell_cmd *find_cmd(const struct shell_cmd *list,
					const struct shell_cmd *end, const char *name)
{
	for (; end ? list < end : list->name != NULL; list++)
		if (list->name && strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

/* Split line at spaces and run it like the shell's dispatcher does. */
static int run(const char *line)
{
	static char buf[SHELL_LINE_MAX + 1];
	char *argv[SHELL_ARGS_MAX], *p = buf;
	const struct shell_cmd *node, *sub;
	int argc = 0, depth = 0;

	out_len = 0;
	out[0] = '\0';
	strlcpy(buf, line, sizeof(buf));
	while (*p && argc < SHELL_ARGS_MAX) {
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	node = find_cmd(__start_shell_cmds, __stop_shell_cmds, argv[0]);
	assert_non_null(node);
	while (node->sub && depth + 1 < argc &&
	       (sub = find_cmd(node->sub, NULL, argv[depth + 1]))) {
		node = sub;
		depth++;
	}
	assert_non_null(node->exec);
	return node->exec(argc - depth, argv + depth);
}

static bool output_has(const char *s)
{
	if (strstr(out, s))
		return true;
	print_message("output does not contain '%s':\n%s\n", s, out);
	return false;
}

static const void *prop(const char *path, const char *name, int *len)
{
	const void *fdt = devtree_blob();
	int node = fdt_path_offset(fdt, path);

	*len = -1;
	return node < 0 ? NULL : fdt_getprop(fdt, node, name, len);
}

static bool node_exists(const char *path)
{
	return fdt_path_offset(devtree_blob(), path) >= 0;
}

static uint32_t cell(const void *p, int i)
{
	fdt32_t c;

	memcpy(&c, (const u8 *)p + 4 * i, 4);
	return fdt32_to_cpu(c);
}

#define CHECK(x)	assert_int_equal((x), 0)

/* The host tree every test starts from. */
static uint8_t host[2048];

static void make_host(void)
{
	fdt32_t reg = cpu_to_fdt32(0);

	CHECK(fdt_create(host, sizeof(host)));
	CHECK(fdt_finish_reservemap(host));
	CHECK(fdt_begin_node(host, ""));
	CHECK(fdt_property_string(host, "model", "unit-test host"));
	CHECK(fdt_begin_node(host, "chosen"));
	CHECK(fdt_property_string(host, "bootargs", "console=ttyS0"));
	CHECK(fdt_end_node(host));
	CHECK(fdt_begin_node(host, "cpus"));
	CHECK(fdt_begin_node(host, "cpu@0"));
	CHECK(fdt_property(host, "reg", &reg, sizeof(reg)));
	CHECK(fdt_end_node(host));
	CHECK(fdt_end_node(host));
	CHECK(fdt_begin_node(host, "soc"));
	CHECK(fdt_begin_node(host, "serial@10000000"));
	CHECK(fdt_property_string(host, "compatible", "ns16550a"));
	CHECK(fdt_end_node(host));
	CHECK(fdt_end_node(host));
	CHECK(fdt_end_node(host));
	CHECK(fdt_finish(host));
}

/* ------------------------------------------------------------ fixtures */

static u8 *zone_mem;
static void *zone_meta;

static int group_setup(void **state)
{
	zone_mem = aligned_alloc(ZONE_BYTES, ZONE_BYTES);
	zone_meta = aligned_alloc(64, ALIGN_UP(page_alloc_meta_bytes(ZONE_PAGES), 64));
	if (!zone_mem || !zone_meta)
		return -1;
	page_alloc_init((phys_addr_t)(uintptr_t)zone_mem, ZONE_PAGES, zone_meta);
	page_alloc_add_free((phys_addr_t)(uintptr_t)zone_mem,
			    (phys_addr_t)(uintptr_t)zone_mem + ZONE_BYTES);
	make_host();
	add_file(VIRT64, virt64_dtb_start, virt64_dtb_end - virt64_dtb_start);
	return 0;
}

static int group_teardown(void **state)
{
	free(zone_mem);
	free(zone_meta);
	return 0;
}

static int setup(void **state)
{
	out_len = 0;
	return devtree_init(host);
}

static int teardown(void **state)
{
	struct heap_stats hs;

	devtree_free();
	heap_trim();
	heap_get_stats(&hs);
	assert_int_equal(hs.bytes_in_use, 0);
	assert_int_equal(hs.large_allocs, 0);
	assert_false(unit_irqs_off);
	return 0;
}

/* ------------------------------------------------------------ live tree */

static void test_init(void **state)
{
	u8 saved[sizeof(host)];
	int len;

	assert_ptr_not_equal(devtree_blob(), host);
	assert_string_equal(prop("/chosen", "bootargs", &len), "console=ttyS0");
	assert_true(node_exists("/guests"));
	assert_true(node_exists("/soc/serial@10000000"));
	/* Edits never touch the host's blob. */
	memcpy(saved, host, sizeof(host));
	assert_int_equal(run("devtree attr set /chosen bootargs string x"), 0);
	assert_memory_equal(saved, host, sizeof(host));
	/* A bad blob is refused and the live tree stays. */
	assert_int_equal(devtree_init(saved + 1), -EINVAL);
	assert_int_equal(devtree_init(NULL), -EINVAL);
	assert_string_equal(prop("/chosen", "bootargs", &len), "x");
	/* Re-init replaces the tree. */
	assert_int_equal(devtree_init(host), 0);
	assert_string_equal(prop("/chosen", "bootargs", &len), "console=ttyS0");
}

static void test_copy_and_getprop(void **state)
{
	size_t size;
	void *copy = devtree_copy(&size), *val;
	int len;

	assert_non_null(copy);
	assert_int_equal(fdt_check_header(copy), 0);
	assert_true(size >= fdt_totalsize(host));
	assert_true(fdt_path_offset(copy, "/guests") >= 0);
	kfree(copy);
	assert_int_equal(devtree_getprop("/chosen", "bootargs", &val, &len), 0);
	assert_int_equal(len, 14);
	assert_string_equal(val, "console=ttyS0");
	kfree(val);
	assert_int_equal(devtree_getprop("/chosen", "nope", &val, &len), -ENODATA);
	assert_int_equal(devtree_getprop("/nope", "x", &val, &len), -ENOENT);
	assert_int_equal(devtree_getprop("", "x", &val, &len), -ENOENT);
	assert_null(val);
}

static void test_attr_string(void **state)
{
	int len;
	const char *p;

	assert_int_equal(run("devtree attr set /chosen names string a bc"), 0);
	p = prop("/chosen", "names", &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "a\0bc\0", 5);
	assert_int_equal(run("devtree attr get /chosen names"), 0);
	assert_true(output_has("names = \"a\", \"bc\";"));
	assert_int_equal(run("devtree attr set /chosen names string"), -ENODATA);
	assert_true(output_has("type string needs at least one value"));
}

static void test_attr_uint32(void **state)
{
	const void *p;
	int len;

	assert_int_equal(run("devtree attr set /soc cells uint32 1 0x10 4K 4294967295"), 0);
	p = prop("/soc", "cells", &len);
	assert_int_equal(len, 16);
	assert_int_equal(cell(p, 0), 1);
	assert_int_equal(cell(p, 1), 0x10);
	assert_int_equal(cell(p, 2), 4096);
	assert_int_equal(cell(p, 3), 0xffffffffu);
	assert_int_equal(run("devtree attr get /soc cells"), 0);
	assert_true(output_has("cells = <0x1 0x10 0x1000 0xffffffff>;"));

	assert_int_equal(run("devtree attr set /soc bad uint32 1 0xZZ"), -EINVAL);
	assert_true(output_has("error: '0xZZ' is not a valid uint32 value"));
	assert_int_equal(run("devtree attr set /soc bad uint32 0x100000000"), -ERANGE);
	assert_true(output_has("'0x100000000' does not fit in uint32"));
	assert_int_equal(run("devtree attr set /soc bad uint32 -1"), -EINVAL);
	assert_true(output_has("'-1' is not a valid uint32 value"));
	assert_int_equal(run("devtree attr set /soc bad uint32"), -ENODATA);
	assert_true(output_has("type uint32 needs at least one value"));
	assert_null(prop("/soc", "bad", &len));
}

static void test_attr_64bit_types(void **state)
{
	static const char *const types[] = {
		"uint64", "physaddr", "physsize", "virtaddr", "virtsize",
	};
	char line[128];
	const void *p;
	int len;

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		snprintf(line, sizeof(line), "devtree attr set /soc v %s 0x123456789 1G",
			 types[i]);
		assert_int_equal(run(line), 0);
		p = prop("/soc", "v", &len);
		assert_int_equal(len, 16);
		assert_int_equal(cell(p, 0), 1);
		assert_int_equal(cell(p, 1), 0x23456789);
		assert_int_equal(cell(p, 2), 0);
		assert_int_equal(cell(p, 3), 0x40000000);
		snprintf(line, sizeof(line), "devtree attr set /soc v %s 18446744073709551616",
			 types[i]);
		assert_int_equal(run(line), -ERANGE);
		assert_true(output_has("does not fit in"));
		snprintf(line, sizeof(line), "devtree attr set /soc v %s 12Q", types[i]);
		assert_int_equal(run(line), -EINVAL);
		assert_true(output_has("'12Q' is not a valid"));
		snprintf(line, sizeof(line), "devtree attr set /soc v %s", types[i]);
		assert_int_equal(run(line), -ENODATA);
	}
}

static void test_attr_bytes_and_empty(void **state)
{
	const void *p;
	int len;

	assert_int_equal(run("devtree attr set /soc b bytes de 0xAD beef f"), 0);
	p = prop("/soc", "b", &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "\xde\xad\xbe\xef\x0f", 5);
	assert_int_equal(run("devtree attr get /soc b"), 0);
	assert_true(output_has("b = [de ad be ef 0f];"));
	assert_int_equal(run("devtree attr set /soc b bytes abc"), -EINVAL);
	assert_true(output_has("'abc' is not a valid bytes value (hex bytes)"));
	assert_int_equal(run("devtree attr set /soc b bytes 0x"), -EINVAL);
	assert_int_equal(run("devtree attr set /soc b bytes zz"), -EINVAL);

	assert_int_equal(run("devtree attr set /soc flag empty"), 0);
	assert_non_null(prop("/soc", "flag", &len));
	assert_int_equal(len, 0);
	assert_int_equal(run("devtree attr get /soc flag"), 0);
	assert_true(output_has("flag;"));
	assert_int_equal(run("devtree attr set /soc flag2 empty 1"), -EINVAL);
	assert_true(output_has("type empty takes no value"));
}

static void test_attr_errors(void **state)
{
	char big[DEVTREE_VALUE_MAX + 16];
	char *argv[1] = { big };
	u8 buf[16];
	int bad;

	assert_int_equal(run("devtree attr set /soc x int 1"), -EINVAL);
	assert_true(output_has("unknown type 'int' (one of: string, uint32"));
	assert_int_equal(run("devtree attr set /nope x uint32 1"), -ENOENT);
	assert_true(output_has("no node '/nope' in the device tree"));
	assert_int_equal(run("devtree attr set /soc a/b uint32 1"), -EINVAL);
	assert_true(output_has("'a/b' is not a valid attribute name"));
	assert_int_equal(run("devtree attr set /soc x"), -EINVAL);
	assert_int_equal(run("devtree attr get /soc"), -EINVAL);
	assert_int_equal(run("devtree attr get /soc nope"), -ENODATA);
	assert_true(output_has("node '/soc' has no attribute 'nope'"));
	assert_int_equal(run("devtree attr get /nope x"), -ENOENT);
	/* Values that do not fit the buffer. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(devtree_value_encode(DEVTREE_STRING, 1, argv, buf, sizeof(buf), &bad),
			 -E2BIG);
	assert_int_equal(devtree_value_encode(DEVTREE_NR_TYPES, 1, argv, buf, sizeof(buf), &bad),
			 -EINVAL);
	assert_int_equal(devtree_type_parse("physsize"), DEVTREE_PHYSSIZE);
	assert_int_equal(devtree_type_parse("PhysSize"), -EINVAL);
	assert_string_equal(devtree_type_name(-1), "?");
}

static void test_attr_del(void **state)
{
	int len;

	assert_int_equal(run("devtree attr del /chosen bootargs"), 0);
	assert_null(prop("/chosen", "bootargs", &len));
	assert_int_equal(run("devtree attr del /chosen bootargs"), -ENODATA);
	assert_true(output_has("node '/chosen' has no attribute 'bootargs'"));
	assert_int_equal(run("devtree attr del /nope bootargs"), -ENOENT);
	assert_int_equal(run("devtree attr del /chosen"), -EINVAL);
}

static void test_node_add_del(void **state)
{
	assert_int_equal(run("devtree node add /soc uart@1"), 0);
	assert_true(node_exists("/soc/uart@1"));
	assert_int_equal(run("devtree node add /soc/uart@1 child"), 0);
	assert_true(node_exists("/soc/uart@1/child"));
	assert_int_equal(run("devtree node add /soc uart@1"), -EEXIST);
	assert_true(output_has("node '/soc' already has a child 'uart@1'"));
	assert_int_equal(run("devtree node add /nope x"), -ENOENT);
	assert_true(output_has("no node '/nope'"));
	assert_int_equal(run("devtree node add /soc a/b"), -EINVAL);
	assert_true(output_has("'a/b' is not a valid node name"));
	assert_int_equal(devtree_add_node("/soc", ""), -EINVAL);
	assert_int_equal(devtree_add_node("/soc",
		"a234567890123456789012345678901234567890123456789012345678901234"), -EINVAL);
	assert_int_equal(run("devtree node add /soc"), -EINVAL);

	assert_int_equal(run("devtree node del /soc"), 0);
	assert_false(node_exists("/soc"));
	assert_false(node_exists("/soc/serial@10000000"));
	assert_int_equal(run("devtree node del /soc"), -ENOENT);
	assert_int_equal(run("devtree node del /"), -EPERM);
	assert_true(output_has("refusing to delete the root node"));
	assert_true(node_exists("/chosen"));
}

static void test_print(void **state)
{
	assert_int_equal(run("devtree print /chosen"), 0);
	assert_true(output_has("chosen {\n\tbootargs = \"console=ttyS0\";\n};"));
	assert_int_equal(run("devtree print"), 0);
	assert_true(output_has("guests {"));
	assert_true(output_has("serial@10000000 {"));
	assert_int_equal(run("devtree print /nope"), -ENOENT);
	assert_true(output_has("error: no node '/nope' in the device tree"));
	assert_int_equal(run("devtree print / /x"), -EINVAL);
	assert_int_equal(devtree_setprop("/chosen", "empty-string", "", 1), 0);
	assert_int_equal(run("devtree attr get /chosen empty-string"), 0);
	assert_true(output_has("empty-string = \"\";"));
}

static void test_growth(void **state)
{
	static u8 value[300 * 1024];
	const void *first = devtree_blob(), *p;
	char name[32];
	int len, ret;

	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		memset(value, i, 100);
		assert_int_equal(devtree_setprop("/soc", name, value, 100), 0);
	}
	assert_ptr_not_equal(devtree_blob(), first);
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		p = prop("/soc", name, &len);
		assert_int_equal(len, 100);
		assert_int_equal(((const u8 *)p)[99], (u8)i);
	}
	/* Up to DEVTREE_MAX_SIZE, then -ENOSPC with the tree intact. */
	for (int i = 0; ; i++) {
		snprintf(name, sizeof(name), "big%d", i);
		ret = devtree_setprop("/", name, value, sizeof(value));
		if (ret)
			break;
		assert_true(i < 20);
	}
	assert_int_equal(ret, -ENOSPC);
	assert_int_equal(fdt_check_header(devtree_blob()), 0);
	assert_true(fdt_totalsize(devtree_blob()) <= DEVTREE_MAX_SIZE);
	p = prop("/soc", "p199", &len);
	assert_int_equal(len, 100);
	assert_int_equal(run("devtree attr set / more bytes 00"), 0);
	assert_int_equal(devtree_setprop("/", "huge", value, sizeof(value)), -ENOSPC);
	assert_int_equal(run("devtree attr set / huge2 string abc"), 0);
}

/* ------------------------------------------------------------ loading */

static void test_load_guest(void **state)
{
	char *ov[] = {
		"mem0,physical_size,physsize,0x10000000",
		"aspace/uart0,fifo_size,uint32,64",
		"flash0,label,string,nor,flash",	/* string values keep commas */
		"vcpu_template,riscv,isa,string,rv64gc",	/* attr "riscv": commas split */
	};
	const void *p;
	int len;

	assert_int_equal(devtree_load_guest("guest0", VIRT64, 2, 3, ov), 0);
	assert_true(output_has("/guests/guest0: loaded " VIRT64 ", 2 vCPUs, 3 overrides"));
	p = prop("/guests/guest0/aspace/mem0", "physical_size", &len);
	assert_int_equal(len, 8);
	assert_int_equal(cell(p, 0), 0);
	assert_int_equal(cell(p, 1), 0x10000000);
	p = prop("/guests/guest0/aspace/uart0", "fifo_size", &len);
	assert_int_equal(len, 4);
	assert_int_equal(cell(p, 0), 64);
	assert_string_equal(prop("/guests/guest0/aspace/nor_flash0", "label", &len), "nor,flash");
	assert_string_equal(prop("/guests/guest0", "model", &len), "virt64");
	/* An override that cannot apply fails the whole load. */
	assert_int_equal(devtree_load_guest("guest1", VIRT64, 1, 1, &ov[3]), -EINVAL);
	assert_false(node_exists("/guests/guest1"));
}

/* The vCPU nodes, and the DTB's order of children and attributes. */
static void test_load_guest_layout(void **state)
{
	const void *fdt;
	const char *name;
	int len, node, aspace, last = -1;

	assert_int_equal(devtree_load_guest("guest0", VIRT64, 2, 0, NULL), 0);
	fdt = devtree_blob();
	/* vcpu0 runs, vcpu1 waits for an SBI HSM start; the template stays. */
	assert_non_null(prop("/guests/guest0/vcpus/vcpu0", "start_pc", &len));
	assert_null(prop("/guests/guest0/vcpus/vcpu0", "poweroff", &len));
	assert_non_null(prop("/guests/guest0/vcpus/vcpu1", "poweroff", &len));
	assert_false(node_exists("/guests/guest0/vcpus/vcpu2"));
	assert_true(node_exists("/guests/guest0/vcpu_template"));
	/* Children keep the DTB's order: vcpu0 first, nor_flash0 ... mem0. */
	node = fdt_first_subnode(fdt, fdt_path_offset(fdt, "/guests/guest0/vcpus"));
	assert_string_equal(fdt_get_name(fdt, node, NULL), "vcpu0");
	aspace = fdt_path_offset(fdt, "/guests/guest0/aspace");
	assert_string_equal(fdt_get_name(fdt, fdt_first_subnode(fdt, aspace), NULL),
			    "nor_flash0");
	fdt_for_each_subnode(node, fdt, aspace)
		last = node;
	assert_string_equal(fdt_get_name(fdt, last, NULL), "mem0");
	/* ... and attributes theirs: model, device_type. */
	node = fdt_first_property_offset(fdt, fdt_path_offset(fdt, "/guests/guest0"));
	assert_non_null(fdt_getprop_by_offset(fdt, node, &name, &len));
	assert_string_equal(name, "model");
	assert_int_equal(run("devtree attr get /guests/guest0/aspace/uart0 "
			     "guest_physical_addr"), 0);
	assert_true(output_has("guest_physical_addr = <0x10000000>;"));
}

static void test_load_duplicate(void **state)
{
	size_t before, after;
	void *a, *b;

	assert_int_equal(devtree_load_guest("guest0", VIRT64, 1, 0, NULL), 0);
	a = devtree_copy(&before);
	assert_int_equal(devtree_load_guest("guest0", VIRT64, 1, 0, NULL), -EEXIST);
	assert_true(output_has("error: '/guests/guest0' already exists"));
	b = devtree_copy(&after);
	assert_int_equal(before, after);
	assert_memory_equal(a, b, before);
	kfree(a);
	kfree(b);
	assert_int_equal(devtree_load_guest("guest1", VIRT64, 4, 0, NULL), 0);
	assert_true(node_exists("/guests/guest1/vcpus/vcpu3"));
}

/* A small blob, possibly nested depth levels deep. */
static void make_blob(void *buf, size_t size, int depth, bool aspace)
{
	CHECK(fdt_create(buf, size));
	CHECK(fdt_finish_reservemap(buf));
	CHECK(fdt_begin_node(buf, ""));
	CHECK(fdt_property_string(buf, "model", "small"));
	if (aspace) {
		CHECK(fdt_begin_node(buf, "aspace"));
		CHECK(fdt_end_node(buf));
	}
	for (int i = 0; i < depth; i++)
		CHECK(fdt_begin_node(buf, "n"));
	for (int i = 0; i < depth; i++)
		CHECK(fdt_end_node(buf));
	CHECK(fdt_end_node(buf));
	CHECK(fdt_finish(buf));
}

static void expect_bad_blob(const void *data, size_t len, const char *why)
{
	add_file("/bad.dtb", data, len);
	out_len = 0;
	assert_int_equal(devtree_load_at("/", "bad", "/bad.dtb", 0, NULL), -EINVAL);
	assert_true(output_has("/bad.dtb is not a valid device tree blob"));
	assert_true(output_has(why));
	assert_false(node_exists("/bad"));
}

static void test_load_bad_blob(void **state)
{
	static u8 buf[4096];
	size_t vlen = virt64_dtb_end - virt64_dtb_start;
	fdt32_t junk = cpu_to_fdt32(0x77);

	memset(buf, 0x5a, sizeof(buf));
	expect_bad_blob(buf, 100, "bad magic");
	expect_bad_blob(buf, 0, "too short");
	expect_bad_blob(virt64_dtb_start, vlen / 2, "truncated");
	memcpy(buf, virt64_dtb_start, vlen);
	memcpy(buf + fdt_off_dt_struct(buf) + 8, &junk, 4);	/* after the root's name */
	expect_bad_blob(buf, vlen, "corrupt structure");
	make_blob(buf, sizeof(buf), DEVTREE_MAX_DEPTH + 5, false);
	expect_bad_blob(buf, sizeof(buf), "nested too deep");
	CHECK(fdt_create(buf, sizeof(buf)));
	CHECK(fdt_finish_reservemap(buf));
	CHECK(fdt_begin_node(buf, ""));
	CHECK(fdt_begin_node(buf, "a/b"));
	CHECK(fdt_end_node(buf));
	CHECK(fdt_end_node(buf));
	CHECK(fdt_finish(buf));
	expect_bad_blob(buf, sizeof(buf), "bad node name");
	/* Two children of one name pass the check but not the copy. */
	CHECK(fdt_create(buf, sizeof(buf)));
	CHECK(fdt_finish_reservemap(buf));
	CHECK(fdt_begin_node(buf, ""));
	for (int i = 0; i < 2; i++) {
		CHECK(fdt_begin_node(buf, "twin"));
		CHECK(fdt_end_node(buf));
	}
	CHECK(fdt_end_node(buf));
	CHECK(fdt_finish(buf));
	add_file("/twins.dtb", buf, sizeof(buf));
	assert_int_equal(devtree_load_at("/", "twins", "/twins.dtb", 0, NULL), -EINVAL);
	assert_true(output_has("has two nodes of one name"));
	assert_false(node_exists("/twins"));
	/* Within the limits it loads. */
	make_blob(buf, sizeof(buf), DEVTREE_MAX_DEPTH - 1, false);
	add_file("/ok.dtb", buf, sizeof(buf));
	assert_int_equal(devtree_load_at("/", "ok", "/ok.dtb", 0, NULL), 0);
	assert_true(node_exists("/ok/n/n/n"));
	assert_int_equal(devtree_load_at("/", "x", "/missing.dtb", 0, NULL), -ENOENT);
	assert_true(output_has("cannot read /missing.dtb"));
}

static void expect_bad_override(char *spec, int err, const char *msg)
{
	out_len = 0;
	assert_int_equal(devtree_load_guest("g", VIRT64, 1, 1, &spec), err);
	assert_true(output_has(msg));
	assert_false(node_exists("/guests/g"));
}

static void test_load_bad_overrides(void **state)
{
	expect_bad_override("nope,x,uint32,1", -ENOENT, "no alias or node 'nope'");
	expect_bad_override("mem0,physical_size,int,1", -EINVAL, "unknown type 'int'");
	expect_bad_override("mem0,physical_size,physsize,0xZZ", -EINVAL,
			    "'0xZZ' is not a valid physsize value");
	expect_bad_override("mem0,physical_size,uint32,0x100000000", -ERANGE,
			    "does not fit in uint32");
	expect_bad_override("mem0,physical_size,physsize", -ENODATA, "needs at least one value");
	expect_bad_override("mem0", -EINVAL, "expected <alias>,<attr>,<type>,<value>");
	expect_bad_override("mem0,a b,uint32,1", -EINVAL, "'a b' is not a valid attribute name");
	/* Several numbers, comma separated; flags with type empty. */
	char *ok[] = { "mem0,reg,uint32,1,2,3", "mem0,flag,empty", "/,top,string,x" };

	assert_int_equal(devtree_load_guest("g", VIRT64, 1, 3, ok), 0);
	assert_int_equal(cell(prop("/guests/g/aspace/mem0", "reg", &(int){ 0 }), 2), 3);
	assert_non_null(prop("/guests/g/aspace/mem0", "flag", &(int){ 0 }));
	assert_string_equal(prop("/guests/g", "top", &(int){ 0 }), "x");
}

static void test_load_vcpus_and_schema(void **state)
{
	static u8 buf[4096];
	char *argv[] = { "guest_fdt_load", "g", VIRT64, "x" };

	assert_int_equal(devtree_load_guest("g", VIRT64, 0, 0, NULL), -EINVAL);
	assert_int_equal(devtree_load_guest("g", VIRT64, DEVTREE_MAX_VCPUS + 1, 0, NULL),
			 -EINVAL);
	assert_int_equal(devtree_cmd_guest_fdt_load(4, argv), -EINVAL);
	assert_true(output_has("'x' is not a vCPU count"));
	assert_int_equal(devtree_cmd_guest_fdt_load(3, argv), -EINVAL);
	/* No vcpu_template and no vcpus. */
	make_blob(buf, sizeof(buf), 0, true);
	add_file("/small.dtb", buf, sizeof(buf));
	assert_int_equal(devtree_load_guest("g", "/small.dtb", 1, 0, NULL), -EINVAL);
	assert_true(output_has("has neither a /vcpu_template nor a /vcpus node"));
	/* A region that breaks the schema is named. */
	assert_int_equal(devtree_load_guest("g", VIRT64, 1, 1,
			 (char *[]){ "mem0,manifest_type,string,rom" }), -EINVAL);
	assert_true(output_has("aspace/mem0: manifest_type must be"));
	assert_int_equal(devtree_load_guest("g", VIRT64, 1, 1,
			 (char *[]){ "aspace/uart0,physical_size,bytes,01" }), -EINVAL);
	assert_true(output_has("aspace/uart0: physical_size must be a 32- or 64-bit number"));
	assert_false(node_exists("/guests/g"));
	/* /guests is made again when it was deleted. */
	assert_int_equal(devtree_del_node("/guests"), 0);
	assert_int_equal(devtree_cmd_guest_fdt_load(4, (char *[]){ "guest_fdt_load", "g",
						    VIRT64, "1" }), 0);
	assert_true(node_exists("/guests/g/vcpus/vcpu0"));
}

static void test_load_at(void **state)
{
	char *argv[] = { "fdt_load", "/soc", "cfg", VIRT64, "uart0,fifo_size,uint32,8" };

	assert_int_equal(devtree_cmd_fdt_load(5, argv), 0);
	assert_true(node_exists("/soc/cfg/aspace/uart0"));
	assert_false(node_exists("/soc/cfg/vcpus"));
	assert_int_equal(cell(prop("/soc/cfg/aspace/uart0", "fifo_size", &(int){ 0 }), 0), 8);
	assert_int_equal(devtree_load_at("/nope", "cfg", VIRT64, 0, NULL), -ENOENT);
	assert_true(output_has("no node '/nope' in the device tree"));
	assert_int_equal(devtree_load_at("/soc", "a/b", VIRT64, 0, NULL), -EINVAL);
	assert_int_equal(devtree_load_at("/", "soc", VIRT64, 0, NULL), -EEXIST);
	assert_true(output_has("'/soc' already exists"));
	assert_int_equal(devtree_cmd_fdt_load(3, argv), -EINVAL);
}

/* Random damage to the real config: every load fails cleanly or succeeds,
 * and the tree stays valid (ASan/UBSan watch the rest). */
static void test_load_fuzz(void **state)
{
	static u8 buf[4096];
	size_t len = virt64_dtb_end - virt64_dtb_start;
	uint32_t x = 12345;
	int ok = 0;

	add_file("/fuzz.dtb", buf, len);
	for (int i = 0; i < 3000; i++) {
		memcpy(buf, virt64_dtb_start, len);
		for (int j = 0; j < 1 + i % 4; j++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[x % len] ^= (u8)(1u << (x >> 28) % 8);
		}
		if (devtree_load_guest("fz", "/fuzz.dtb", 1 + i % 3, 0, NULL) == 0) {
			ok++;
			assert_int_equal(devtree_del_node("/guests/fz"), 0);
		}
		assert_false(node_exists("/guests/fz"));
	}
	assert_true(ok > 0 && ok < 3000);
	assert_int_equal(devtree_fdt_check(devtree_blob(), fdt_totalsize(devtree_blob()),
					   NULL), 0);
}

/* ------------------------------------------------------------ misc */

static unsigned int complete(const char *line, const char *word,
			     struct shell_completion *c)
{
	static char buf[SHELL_LINE_MAX + 1];
	char *argv[SHELL_ARGS_MAX], *p = buf;
	const struct shell_cmd *node;
	int argc = 0, depth = 0;

	memset(c, 0, sizeof(*c));
	strlcpy(c->word, word, sizeof(c->word));
	c->word_len = strlen(word);
	strlcpy(buf, line, sizeof(buf));
	while (*p) {
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	node = find_cmd(__start_shell_cmds, __stop_shell_cmds, argv[0]);
	while (node->sub && depth + 1 < argc)
		node = find_cmd(node->sub, NULL, argv[++depth]);
	node->complete(c, argc - depth, argv + depth);
	return c->count;
}

static void test_completion(void **state)
{
	struct shell_completion c;

	assert_int_equal(complete("devtree print", "/so", &c), 1);
	assert_string_equal(c.list, "/soc/");	/* it has children */
	assert_int_equal(complete("devtree node del", "/soc/", &c), 1);
	assert_string_equal(c.list, "/soc/serial@10000000");
	assert_int_equal(complete("devtree attr get /chosen", "boot", &c), 1);
	assert_string_equal(c.list, "bootargs");
	assert_int_equal(complete("devtree attr set /chosen x", "phys", &c), 2);
	assert_string_equal(c.list, "physaddr");
	assert_int_equal(complete("devtree print", "", &c), 5);	/* / chosen cpus soc guests */
	assert_int_equal(complete("devtree print", "x", &c), 0);
	/* A trailing '/' is fine wherever a path is taken. */
	assert_int_equal(run("devtree node add /soc/ n"), 0);
	assert_int_equal(run("devtree print /soc/"), 0);
	assert_int_equal(run("devtree node del /soc/n/"), 0);
}

static void test_names_and_check(void **state)
{
	const char *why;

	assert_true(devtree_name_valid("serial@10000000", true));
	assert_false(devtree_name_valid("serial@10000000", false));
	assert_true(devtree_name_valid("#address-cells", false));
	assert_false(devtree_name_valid("#address-cells", true));
	assert_false(devtree_name_valid(NULL, true));
	assert_false(devtree_name_valid("a b", true));
	assert_int_equal(devtree_fdt_check(host, sizeof(host), &why), 0);
	assert_int_equal(devtree_fdt_check(host, 16, &why), -EINVAL);
	assert_string_equal(why, "too short");
	assert_int_equal(devtree_fdt_check(NULL, 0, NULL), -EINVAL);
	assert_int_equal(devtree_errno(-FDT_ERR_EXISTS), -EEXIST);
	assert_int_equal(devtree_errno(-FDT_ERR_BADSTRUCTURE), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_and_getprop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_string, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_uint32, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_64bit_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_bytes_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_add_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_guest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_guest_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_bad_blob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_bad_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_vcpus_and_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_fuzz, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_and_check, setup, teardown),
	};

	return cmocka_run_group_tests_name("devtree", tests, group_setup, group_teardown);
}
