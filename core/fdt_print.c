/* Print a device tree (or a subtree) in dts syntax. */
#include <keel/ctype.h>
#include <keel/devtree.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/printk.h>
#include <keel/string.h>
#include <libfdt.h>

#define MAX_PRINT_DEPTH	32

/* Printable, NUL-terminated, no empty string inside. A value whose length
 * is a multiple of 4 and whose strings are mostly one character long (such
 * as <0x20002000>) is taken for cells instead. */
static bool is_string_list(const char *p, int len)
{
	int nuls = 0;

	if (len <= 0 || p[len - 1] != '\0' || p[0] == '\0')
		return false;
	for (int i = 0; i < len; i++) {
		if (p[i] == '\0') {
			nuls++;
			if (i + 1 < len && p[i + 1] == '\0')
				return false;
		} else if (!isprint((unsigned char)p[i])) {
			return false;
		}
	}
	return len % 4 != 0 || nuls * 3 <= len;
}

/* A string in dts syntax: quotes and backslashes escaped. */
static void print_quoted(const char *str)
{
	printk("\"");
	for (; *str; str++)
		printk(*str == '"' || *str == '\\' ? "\\%c" : "%c", *str);
	printk("\"");
}

/* Strings when the value is a list of printable strings, else cells when
 * the length is a multiple of 4, else bytes (declared in keel/devtree.h). */
void fdt_print_value(const void *val, int len)
{
	const char *s = val;

	if (len == 1 && s[0] == '\0') {
		printk("\"\"");
	} else if (is_string_list(s, len)) {
		for (int i = 0; i < len; i += strlen(s + i) + 1) {
			printk("%s", i ? ", " : "");
			print_quoted(s + i);
		}
	} else if (len % 4 == 0) {
		printk("<");
		for (int i = 0; i < len; i += 4)
			printk("%s0x%x", i ? " " : "", fdt32_to_cpu(*(const fdt32_t *)(s + i)));
		printk(">");
	} else {
		printk("[");
		for (int i = 0; i < len; i++)
			printk("%s%02x", i ? " " : "", (unsigned char)s[i]);
		printk("]");
	}
}

static void indent(int depth)
{
	for (int i = 0; i < depth; i++)
		printk("\t");
}

static void print_node(const void *fdt, int node, int depth)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	int prop, child;

	indent(depth);
	printk("%s {\n", depth == 0 && (!name || !*name) ? "/" : name);
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *pname;
		int len;
		const void *val = fdt_getprop_by_offset(fdt, prop, &pname, &len);

		indent(depth + 1);
		printk("%s", pname);
		if (val && len > 0) {
			printk(" = ");
			fdt_print_value(val, len);
		}
		printk(";\n");
	}
	if (depth < MAX_PRINT_DEPTH) {
		fdt_for_each_subnode(child, fdt, node)
			print_node(fdt, child, depth + 1);
	}
	indent(depth);
	printk("};\n");
}

int fdt_print(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0) {
		printk("devtree: no node '%s'\n", path);
		return -ENOENT;
	}
	print_node(fdt, node, 0);
	return 0;
}
