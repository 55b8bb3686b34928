/* `devtree`: look at and edit Keel's live device tree (xvisor's names):
 * print, attr get/set/del, node add/del. Paths, attribute names and types
 * complete with TAB. */
#include <keel/devtree.h>
#include <keel/errno.h>
#include <keel/fdt.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <libfdt.h>

/* Report an error of the devtree functions in words; returns err. */
static int devtree_fail(int err, const char *path, const char *name)
{
	switch (err) {
	case -ENOENT:
		return shell_error(err, "no node '%s' in the device tree", path);
	case -ENODATA:
		return shell_error(err, "node '%s' has no attribute '%s'", path, name);
	case -EEXIST:
		return shell_error(err, "node '%s' already has a child '%s'", path, name);
	case -ENOSPC:
		return shell_error(err, "the device tree is full (%u KiB at most)",
				   DEVTREE_MAX_SIZE >> 10);
	case -ENODEV:
		return shell_error(err, "the device tree is not set up");
	default:
		return shell_error(err, "%s", strerror(err));
	}
}

static int cmd_devtree_print(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	void *fdt;
	int ret;

	if (argc > 2)
		return -EINVAL;
	fdt = devtree_copy(NULL);
	if (!fdt)
		return devtree_fail(devtree_blob() ? -ENOMEM : -ENODEV, path, NULL);
	if (fdt_path_offset(fdt, path) < 0)
		ret = devtree_fail(-ENOENT, path, NULL);
	else
		ret = fdt_print(fdt, path);
	kfree(fdt);
	return ret;
}

static int cmd_devtree_attr_get(int argc, char **argv)
{
	void *val;
	int len, ret;

	if (argc != 3)
		return -EINVAL;
	ret = devtree_getprop(argv[1], argv[2], &val, &len);
	if (ret)
		return devtree_fail(ret, argv[1], argv[2]);
	printk("%s", argv[2]);
	if (len > 0) {
		printk(" = ");
		fdt_print_value(val, len);
	}
	printk(";\n");
	kfree(val);
	return 0;
}

/* Encode argv[4..] as type argv[3] into buf and set it. */
static int attr_set(int argc, char **argv, int type, void *buf)
{
	char msg[SHELL_LINE_MAX];
	int len, bad, ret;

	len = devtree_value_encode(type, argc - 4, argv + 4, buf, DEVTREE_VALUE_MAX, &bad);
	if (len < 0)
		return shell_error(len, "%s", devtree_value_error(msg, sizeof(msg), len,
								  type, argv + 4, bad));
	ret = devtree_setprop(argv[1], argv[2], buf, len);
	return ret ? devtree_fail(ret, argv[1], argv[2]) : 0;
}

static int cmd_devtree_attr_set(int argc, char **argv)
{
	int type, ret;
	void *buf;

	if (argc < 4)
		return -EINVAL;
	if (!devtree_name_valid(argv[2], false))
		return shell_error(-EINVAL, "'%s' is not a valid attribute name", argv[2]);
	type = devtree_type_parse(argv[3]);
	if (type < 0)
		return shell_error(-EINVAL, "unknown type '%s' (one of: %s)", argv[3],
				   DEVTREE_TYPE_LIST);
	buf = kmalloc(DEVTREE_VALUE_MAX);
	if (!buf)
		return -ENOMEM;
	ret = attr_set(argc, argv, type, buf);
	kfree(buf);
	return ret;
}

static int cmd_devtree_attr_del(int argc, char **argv)
{
	int ret;

	if (argc != 3)
		return -EINVAL;
	ret = devtree_delprop(argv[1], argv[2]);
	return ret ? devtree_fail(ret, argv[1], argv[2]) : 0;
}

static int cmd_devtree_node_add(int argc, char **argv)
{
	int ret;

	if (argc != 3)
		return -EINVAL;
	if (!devtree_name_valid(argv[2], true))
		return shell_error(-EINVAL, "'%s' is not a valid node name (1 to %d of "
				   "A-Z a-z 0-9 , . _ + - @)", argv[2], DEVTREE_NAME_MAX);
	ret = devtree_add_node(argv[1], argv[2]);
	return ret ? devtree_fail(ret, argv[1], argv[2]) : 0;
}

static int cmd_devtree_node_del(int argc, char **argv)
{
	int ret;

	if (argc != 2)
		return -EINVAL;
	ret = devtree_del_node(argv[1]);
	if (ret == -EPERM)
		return shell_error(ret, "refusing to delete the root node");
	return ret ? devtree_fail(ret, argv[1], NULL) : 0;
}

/* ------------------------------------------------------------ completion */

/* Node paths: the children of the node named by the word up to its last
 * '/' ("/soc/se" → the children of /soc). A node with children is offered
 * with a '/' after it, so that TAB goes on into it (libfdt ignores the
 * trailing '/' when the path is used as it is). */
static void complete_path(struct shell_completion *c)
{
	char dir[SHELL_LINE_MAX + 1], cand[SHELL_LINE_MAX + 1];
	const char *slash = strrchr(c->word, '/');
	size_t n = slash ? (size_t)(slash - c->word) : 0;
	unsigned long flags;
	const void *fdt;
	int node, child;

	if (c->word_len && c->word[0] != '/')
		return;
	memcpy(dir, c->word, n);
	dir[n] = '\0';
	flags = devtree_lock();
	fdt = devtree_blob();
	node = fdt ? fdt_path_offset(fdt, n ? dir : "/") : -1;
	if (node >= 0) {
		if (n == 0)
			shell_complete_add(c, "/");
		fdt_for_each_subnode(child, fdt, node) {
			snprintf(cand, sizeof(cand), "%s/%s%s", dir,
				 fdt_get_name(fdt, child, NULL),
				 fdt_first_subnode(fdt, child) >= 0 ? "/" : "");
			shell_complete_add(c, cand);
		}
	}
	devtree_unlock(flags);
}

/* The attribute names of the node at path. */
static void complete_attr(struct shell_completion *c, const char *path)
{
	unsigned long flags = devtree_lock();
	const void *fdt = devtree_blob();
	int node = fdt ? fdt_path_offset(fdt, path) : -1, prop;
	const char *name;

	if (node >= 0) {
		fdt_for_each_property_offset(prop, fdt, node) {
			if (fdt_getprop_by_offset(fdt, prop, &name, NULL) && name)
				shell_complete_add(c, name);
		}
	}
	devtree_unlock(flags);
}

/* argc counts the leaf's name and the complete words before c->word. */
static void complete_path_attr(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		complete_path(c);
	else if (argc == 2)
		complete_attr(c, argv[1]);
}

static void complete_attr_set(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 3) {
		for (int t = 0; t < DEVTREE_NR_TYPES; t++)
			shell_complete_add(c, devtree_type_name(t));
		return;
	}
	complete_path_attr(c, argc, argv);
}

static void complete_node(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		complete_path(c);
}

/* ------------------------------------------------------------ commands */

static const struct shell_cmd devtree_attr_sub[] = {
	{ .name = "get", .args = "<path> <name>",
	  .summary = "Print one attribute of a node",
	  .help = "Examples:\n  devtree attr get /chosen bootargs\n"
		  "  devtree attr get /guests/guest0/aspace/mem0 physical_size",
	  .exec = cmd_devtree_attr_get, .complete = complete_path_attr },
	{ .name = "set", .args = "<path> <name> <type> <value>...",
	  .summary = "Create or replace an attribute of a node",
	  .help = "<type> is one of " DEVTREE_TYPE_LIST ":\n"
		  "  string    one or more strings\n"
		  "  uint32    one or more 32-bit numbers (one cell each)\n"
		  "  uint64, physaddr, physsize, virtaddr, virtsize\n"
		  "            one or more 64-bit numbers (two cells each)\n"
		  "  bytes     hex bytes: de ad / 0xde / deadbeef\n"
		  "  empty     no value (a flag such as poweroff)\n"
		  "Numbers are decimal or 0x hex, with an optional K, M or G.\n"
		  "Examples:\n"
		  "  devtree attr set /guests/guest0/aspace/mem0 physical_size physsize 128M\n"
		  "  devtree attr set /guests/guest0/aspace/uart0 compatible string ns16550a\n"
		  "  devtree attr set /guests/guest0/vcpus/vcpu1 poweroff empty",
	  .exec = cmd_devtree_attr_set, .complete = complete_attr_set },
	{ .name = "del", .args = "<path> <name>",
	  .summary = "Delete an attribute of a node",
	  .help = "Example:\n  devtree attr del /guests/guest0/vcpus/vcpu1 poweroff",
	  .exec = cmd_devtree_attr_del, .complete = complete_path_attr },
	{ 0 }
};

static const struct shell_cmd devtree_node_sub[] = {
	{ .name = "add", .args = "<parent path> <name>",
	  .summary = "Add an empty node",
	  .help = "Example:\n  devtree node add /guests/guest0/aspace uart1",
	  .exec = cmd_devtree_node_add, .complete = complete_node },
	{ .name = "del", .args = "<path>",
	  .summary = "Delete a node and everything below it",
	  .help = "Example:\n  devtree node del /guests/guest0",
	  .exec = cmd_devtree_node_del, .complete = complete_node },
	{ 0 }
};

static const struct shell_cmd devtree_sub[] = {
	{ .name = "print", .args = "[path]",
	  .summary = "Print a node of the live device tree and its subtree",
	  .help = "Examples:\n  devtree print\n  devtree print /cpus\n"
		  "  devtree print /guests/guest0",
	  .exec = cmd_devtree_print, .complete = complete_node },
	{ .name = "attr", .summary = "Read and edit node attributes",
	  .sub = devtree_attr_sub },
	{ .name = "node", .summary = "Add and delete nodes",
	  .sub = devtree_node_sub },
	{ 0 }
};

SHELL_COMMAND(devtree) = {
	.name = "devtree",
	.summary = "Keel's live device tree (host + guest configurations)",
	.sub = devtree_sub,
};
