/* Unit tests of the `blockdev` shell command (core/block/blockdev_cmds.c),
 * run through the real dispatcher (core/shell) over a ramdisk with an MBR.
 * printk() lands in the console stub's buffer (UNIT_PRINTK_TO_CONSOLE). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <keel/blockdev.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/ramdisk.h>
#include <keel/shell.h>

void unit_console_reset(void);
const char *unit_console_output(void);
int parse_u64(const char *s, uint64_t *out);

#define ZONE_PAGES	((size_t)1 << 12)
#define ZONE_BYTES	(ZONE_PAGES * PAGE_SIZE)
#define DISK_BLOCKS	8192

static uint8_t *zone_mem;
static void *zone_meta;
static uint8_t *img;

/* Stand-in for lib/string.c's parse_u64() (that file's memcpy & co. would
 * replace glibc's in this process): decimal or 0x hex, then K, M or G. */
int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	v = strtoull(s, &end, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10);
	if (end == s)
		return -EINVAL;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void mbr_entry(int i, uint8_t type, uint32_t start, uint32_t count)
{
	uint8_t *e = img + 446 + i * 16;

	e[4] = type;
	put_le32(e + 8, start);
	put_le32(e + 12, count);
	img[510] = 0x55;
	img[511] = 0xaa;
}

static int group_setup(void **state)
{
	zone_mem = aligned_alloc(ZONE_BYTES, ZONE_BYTES);
	zone_meta = malloc(page_alloc_meta_bytes(ZONE_PAGES));
	img = calloc(DISK_BLOCKS, 512);
	if (!zone_mem || !zone_meta || !img)
		return -1;
	page_alloc_init((phys_addr_t)(uintptr_t)zone_mem, ZONE_PAGES, zone_meta);
	page_alloc_add_free((phys_addr_t)(uintptr_t)zone_mem,
			    (phys_addr_t)(uintptr_t)zone_mem + ZONE_BYTES);
	return 0;
}

static int group_teardown(void **state)
{
	free(img);
	free(zone_mem);
	free(zone_meta);
	return 0;
}

/* A 4 MiB disk "vda" with partitions 1 (2 MiB), 3 (500 KiB) and 4 (3 KiB),
 * and a read-only ramdisk "rd" of one block. */
static int setup(void **state)
{
	memset(img, 0, (size_t)DISK_BLOCKS * 512);
	mbr_entry(0, 0x83, 2048, 4096);
	mbr_entry(2, 0x83, 6144, 1000);
	mbr_entry(3, 0x83, 8000, 6);
	memcpy(img + 6144 * 512, "Hello, disk!\n\x01\xff", 15);
	assert_int_equal(ramdisk_create("vda", img, (size_t)DISK_BLOCKS * 512, false), 0);
	assert_int_equal(blockdev_scan_partitions(blockdev_find("vda")), 3);
	assert_int_equal(ramdisk_create("rd", img, 512, true), 0);
	unit_console_reset();
	return 0;
}

static int teardown(void **state)
{
	struct heap_stats hs;

	ramdisk_destroy(blockdev_find("vda"));
	ramdisk_destroy(blockdev_find("rd"));
	heap_get_stats(&hs);
	assert_int_equal(hs.bytes_in_use, 0);
	return 0;
}

static int run(const char *s)
{
	static char line[SHELL_LINE_MAX];

	assert_true(strlen(s) < sizeof(line));
	strcpy(line, s);
	unit_console_reset();
	return shell_exec_line(line);
}

static void expect_output(const char *text)
{
	if (!strstr(unit_console_output(), text))
		fail_msg("'%s' not in output:\n%s", text, unit_console_output());
}

static void test_list(void **state)
{
	assert_int_equal(run("blockdev list"), 0);
	expect_output("NAME             BLOCK SIZE           BLOCKS        SIZE  MODE  PARENT\n");
	expect_output("vda                     512             8192     4.0 MiB  RW    -\n");
	expect_output("vdap1                   512             4096     2.0 MiB  RW    vda\n");
	expect_output("vdap3                   512             1000   500.0 KiB  RW    vda\n");
	expect_output("vdap4                   512                6     3.0 KiB  RW    vda\n");
	expect_output("rd                      512                1       512 B  RO    -\n");
	assert_int_equal(run("blockdev list extra"), -E2BIG);
	ramdisk_destroy(blockdev_find("vda"));
	ramdisk_destroy(blockdev_find("rd"));
	assert_int_equal(run("blockdev list"), 0);
	assert_string_equal(unit_console_output(), "No block devices.\n");
}

static void test_info(void **state)
{
	struct blockdev *p3 = blockdev_find("vdap3");
	uint8_t buf[512];

	assert_int_equal(blockdev_read(p3, 0, 1, buf), 0);
	assert_int_equal(run("blockdev info vdap3"), 0);
	expect_output("Name:        vdap3\n");
	expect_output("Type:        partition of vda\n");
	expect_output("Start LBA:   6144 (byte 3145728 of vda)\n");
	expect_output("Partitions:  0\n");
	expect_output("Block size:  512 bytes\n");
	expect_output("Blocks:      1000\n");
	expect_output("Size:        500.0 KiB (512000 bytes)\n");
	expect_output("Mode:        read-write\n");
	expect_output("Requests:    1 reads, 0 writes, 0 errors\n");
	assert_int_equal(run("blockdev info vda"), 0);
	expect_output("Type:        disk\n");
	expect_output("Partitions:  3\n");
	expect_output("Requests:    2 reads, 0 writes, 0 errors\n");	/* scan + p3 */
	assert_null(strstr(unit_console_output(), "Start LBA"));
	assert_int_equal(run("blockdev info rd"), 0);
	expect_output("Mode:        read-only\n");
}

static void test_info_errors(void **state)
{
	assert_int_equal(run("blockdev info nosuch"), -ENOENT);
	assert_string_equal(unit_console_output(),
			    "error: no block device named 'nosuch' (see 'blockdev list')\n");
	assert_int_equal(run("blockdev info"), -EINVAL);
	expect_output("usage: blockdev info <name>\n");
	assert_int_equal(run("blockdev info vda vdb"), -E2BIG);
}

static void test_dump(void **state)
{
	assert_int_equal(run("blockdev dump vdap3 0 16"), 0);
	assert_string_equal(unit_console_output(),
			    "0000000000: 48 65 6c 6c 6f 2c 20 64 69 73 6b 21 0a 01 ff 00  "
			    "Hello, disk!....\n");
	assert_int_equal(run("blockdev dump vda 0x1fd 5"), 0);	/* across a block */
	assert_string_equal(unit_console_output(),
			    "00000001fd: 00 55 aa 00 00                                   .U...\n");
	assert_int_equal(run("blockdev dump rd"), 0);		/* default: 256 bytes */
	assert_int_equal(strlen(unit_console_output()), 16 * 78);
	/* Cut at the end; entry 4's start (8000 = 0x1f40) and count (6) in it. */
	assert_int_equal(run("blockdev dump rd 500"), 0);
	assert_string_equal(unit_console_output(),
			    "00000001f4: 00 00 40 1f 00 00 06 00 00 00 55 aa              ..@.......U.\n");
}

static void test_dump_errors(void **state)
{
	assert_int_equal(run("blockdev dump rd 512"), -ERANGE);
	expect_output("error: offset 512 is past the end of rd (512 bytes)\n");
	assert_int_equal(run("blockdev dump rd zz"), -EINVAL);
	expect_output("error: bad offset 'zz'");
	assert_int_equal(run("blockdev dump rd 0 4097"), -EINVAL);
	expect_output("error: length must be 1..4096 bytes\n");
	assert_int_equal(run("blockdev dump rd 0 0"), -EINVAL);
	assert_int_equal(run("blockdev dump nosuch"), -ENOENT);
	assert_int_equal(run("blockdev dump"), -EINVAL);
	assert_int_equal(run("blockdev dump rd 0 1 2"), -E2BIG);
}

static void test_complete_names(void **state)
{
	static struct shell_completion comp;
	const char *line = "blockdev info vdap";

	assert_int_equal(shell_complete(line, strlen(line), &comp), 3);
	assert_string_equal(comp.common, "vdap");
	line = "blockdev dump r";
	assert_int_equal(shell_complete(line, strlen(line), &comp), 1);
	assert_string_equal(comp.common, "rd");
	line = "blockdev info vda ";
	assert_int_equal(shell_complete(line, strlen(line), &comp), 0);
}

static void test_help(void **state)
{
	assert_int_equal(run("help blockdev dump"), 0);
	expect_output("blockdev dump initrd 0x400 128");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_list),
		T(test_info),
		T(test_info_errors),
		T(test_dump),
		T(test_dump_errors),
		T(test_complete_names),
		T(test_help),
	};
#undef T

	return cmocka_run_group_tests_name("blockdev_cmds", tests, group_setup, group_teardown);
}
