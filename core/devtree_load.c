/* Guest configurations: load a device tree blob (from the VFS) into the live
 * device tree with xvisor's semantics — `vfs guest_fdt_load` puts it at
 * /guests/<guest> and makes its vCPU nodes from vcpu_template, `vfs fdt_load`
 * puts it anywhere — after applying "<alias>,<attr>,<type>,<value>"
 * overrides. The blob is untrusted: it is checked, edited in a private copy
 * and added to the live tree only when everything succeeded. */
#include <keel/devtree.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <keel/vfs.h>
#include <libfdt.h>

#define LOAD_SLACK		4096	/* free bytes of the private copy */
#define OVERRIDE_MAX_VALUES	32	/* numbers in one override */
#define VCPU_TEMPLATE		"vcpu_template"
#define VCPUS_NODE		"vcpus"
#define VCPU_POWEROFF		"poweroff"

/* Scratch space of one load (kmalloc: too big for a thread stack). */
struct load_ctx {
	const struct devtree_load_args *a;
	struct devtree_buf stage;	/* the private copy being edited */
	char spec[SHELL_LINE_MAX + 1];	/* the override being applied */
	char *values[OVERRIDE_MAX_VALUES];
	u8 value[DEVTREE_VALUE_MAX];
	char msg[SHELL_LINE_MAX];	/* a value error's text */
};

/* ------------------------------------------------------------ overrides */

/* Split ctx->spec in place into alias, attr, type and the value words.
 * Returns the number of value words or -EINVAL (fewer than three fields). */
static int split_override(struct load_ctx *ctx, char **alias, char **attr,
			  char **type)
{
	char *fields[3], *p = ctx->spec, *q;
	int n = 0, t;

	for (int i = 0; i < 3; i++) {
		fields[i] = p;
		q = strchr(p, ',');
		if (!q && i < 2)
			return -EINVAL;
		p = q ? q + 1 : NULL;
		if (q)
			*q = '\0';
		if (!p)
			break;
	}
	*alias = fields[0];
	*attr = fields[1];
	*type = fields[2];
	t = devtree_type_parse(*type);
	if (!p || (t == DEVTREE_EMPTY && !*p))
		return 0;
	if (t == DEVTREE_STRING) {	/* the rest, commas included */
		ctx->values[0] = p;
		return 1;
	}
	while (p && n < OVERRIDE_MAX_VALUES) {	/* numbers: comma separated */
		ctx->values[n++] = p;
		q = strchr(p, ',');
		p = q ? q + 1 : NULL;
		if (q)
			*q = '\0';
	}
	return p ? -E2BIG : n;
}

/* The node an override names: an entry of the blob's /aliases (a path from
 * the blob's root, as dtc writes `mem0 = &MEM0;`), else a path from the
 * blob's root ("aspace/mem0"). Returns the offset or -ENOENT. */
static int resolve_alias(const void *fdt, const char *alias)
{
	char path[SHELL_LINE_MAX + 2];
	const char *target = NULL;
	int aliases = fdt_path_offset(fdt, "/aliases"), len, off;

	if (aliases >= 0) {
		target = fdt_getprop(fdt, aliases, alias, &len);
		if (target && (len <= 0 || target[len - 1] != '\0'))
			target = NULL;
	}
	if (!target)
		target = alias;
	if (snprintf(path, sizeof(path), "%s%s", target[0] == '/' ? "" : "/",
		     target) >= (int)sizeof(path))
		return -ENOENT;
	off = fdt_path_offset(fdt, path);
	return off < 0 ? -ENOENT : off;
}

/* Apply one "<alias>,<attr>,<type>,<value>" to the private copy. */
static int apply_override(struct load_ctx *ctx, const char *spec)
{
	char *alias, *attr, *type;
	int n, t, node, len, bad;

	if (strlcpy(ctx->spec, spec, sizeof(ctx->spec)) >= sizeof(ctx->spec))
		return shell_error(-E2BIG, "override '%s' is too long", spec);
	n = split_override(ctx, &alias, &attr, &type);
	if (n == -EINVAL)
		return shell_error(n, "override '%s': expected <alias>,<attr>,<type>,<value>",
				   spec);
	t = devtree_type_parse(type);
	if (t < 0)
		return shell_error(t, "override '%s': unknown type '%s' (one of: %s)",
				   spec, type, DEVTREE_TYPE_LIST);
	if (n < 0)
		return shell_error(n, "override '%s': more than %d values", spec,
				   OVERRIDE_MAX_VALUES);
	if (!devtree_name_valid(attr, false))
		return shell_error(-EINVAL, "override '%s': '%s' is not a valid attribute name",
				   spec, attr);
	node = resolve_alias(ctx->stage.fdt, alias);
	if (node < 0)
		return shell_error(node, "override '%s': no alias or node '%s' in %s",
				   spec, alias, ctx->a->source);
	len = devtree_value_encode(t, n, ctx->values, ctx->value, sizeof(ctx->value), &bad);
	if (len < 0)
		return shell_error(len, "override '%s': %s", spec,
				   devtree_value_error(ctx->msg, sizeof(ctx->msg), len,
						       t, ctx->values, bad));
	n = devtree_buf_setprop(&ctx->stage, node, attr, ctx->value, len);
	if (n)
		return shell_error(n, "override '%s': %s", spec, strerror(n));
	return 0;
}

/* ------------------------------------------------------------ vCPUs */

static int count_children(const void *fdt, int node)
{
	int child, n = 0;

	fdt_for_each_subnode(child, fdt, node)
		n++;
	return n;
}

/* Without a template the blob must list exactly the vCPUs asked for. */
static int check_vcpus_node(struct load_ctx *ctx, unsigned int vcpus)
{
	int node = fdt_subnode_offset(ctx->stage.fdt, 0, VCPUS_NODE);
	int n;

	if (node < 0)
		return shell_error(-EINVAL, "%s has neither a /%s nor a /%s node",
				   ctx->a->source, VCPU_TEMPLATE, VCPUS_NODE);
	n = count_children(ctx->stage.fdt, node);
	if ((unsigned int)n != vcpus)
		return shell_error(-EINVAL, "%s has %d vCPU nodes in /%s, not %u",
				   ctx->a->source, n, VCPUS_NODE, vcpus);
	return 0;
}

/* Copy the template (from a snapshot: the copy source must not be the blob
 * being edited) as vcpus/vcpu<n-1> .. vcpu0; only vcpu0 starts powered on. */
static int add_vcpus(struct load_ctx *ctx, int tmpl, unsigned int vcpus)
{
	size_t size = fdt_totalsize(ctx->stage.fdt);
	void *snap = kmalloc(size);
	char name[16];
	int node, ret = 0;

	if (!snap)
		return -ENOMEM;
	memcpy(snap, ctx->stage.fdt, size);
	node = devtree_buf_add_subnode(&ctx->stage, 0, VCPUS_NODE);
	for (unsigned int i = vcpus; node >= 0 && ret >= 0 && i-- > 0;) {
		snprintf(name, sizeof(name), "vcpu%u", i);
		ret = devtree_buf_copy_node(&ctx->stage, node, name, snap, tmpl);
		if (ret >= 0 && i == 0)
			fdt_delprop(ctx->stage.fdt, ret, VCPU_POWEROFF);
	}
	kfree(snap);
	return node < 0 ? node : (ret < 0 ? ret : 0);
}

static int make_vcpus(struct load_ctx *ctx, unsigned int vcpus)
{
	int tmpl = fdt_subnode_offset(ctx->stage.fdt, 0, VCPU_TEMPLATE);
	int ret;

	if (tmpl < 0)
		return check_vcpus_node(ctx, vcpus);
	if (fdt_subnode_offset(ctx->stage.fdt, 0, VCPUS_NODE) >= 0)
		return shell_error(-EINVAL, "%s has both /%s and /%s",
				   ctx->a->source, VCPU_TEMPLATE, VCPUS_NODE);
	ret = add_vcpus(ctx, tmpl, vcpus);
	if (ret)
		return shell_error(ret, "cannot make the vCPU nodes: %s", strerror(ret));
	return 0;
}

/* ------------------------------------------------------------ checks */

/* The string attr of node is one of list (NULL-terminated). */
static bool prop_in(const void *fdt, int node, const char *attr,
		    const char *const *list)
{
	int len;
	const char *s = fdt_getprop(fdt, node, attr, &len);

	if (!s || len <= 0 || s[len - 1] != '\0')
		return false;
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* attr is a 32- or 64-bit number. */
static bool prop_is_number(const void *fdt, int node, const char *attr)
{
	int len;

	return fdt_getprop(fdt, node, attr, &len) && (len == 4 || len == 8);
}

/* One aspace region of xvisor's guest-config schema. */
static int check_region(struct load_ctx *ctx, int node)
{
	static const char *const manifest[] = { "real", "virtual", "alias", NULL };
	static const char *const address[] = { "memory", "io", NULL };
	const void *fdt = ctx->stage.fdt;
	const char *name = fdt_get_name(fdt, node, NULL), *bad = NULL;

	if (!prop_in(fdt, node, "manifest_type", manifest))
		bad = "manifest_type must be \"real\", \"virtual\" or \"alias\"";
	else if (!prop_in(fdt, node, "address_type", address))
		bad = "address_type must be \"memory\" or \"io\"";
	else if (!fdt_getprop(fdt, node, "device_type", NULL))
		bad = "device_type is missing";
	else if (!prop_is_number(fdt, node, "guest_physical_addr"))
		bad = "guest_physical_addr must be a 32- or 64-bit number";
	else if (!prop_is_number(fdt, node, "physical_size"))
		bad = "physical_size must be a 32- or 64-bit number";
	if (bad)
		return shell_error(-EINVAL, "%s: aspace/%s: %s", ctx->a->source, name, bad);
	return 0;
}

/* A guest needs an aspace whose regions follow the schema's basics; the
 * rest (sizes, alignment, overlaps, aliases, emulators) is checked by
 * guest_config_parse() when the guest is created. */
static int check_guest_config(struct load_ctx *ctx)
{
	int aspace = fdt_subnode_offset(ctx->stage.fdt, 0, "aspace");
	int node, ret;

	if (aspace < 0)
		return shell_error(-EINVAL, "%s has no /aspace node", ctx->a->source);
	fdt_for_each_subnode(node, ctx->stage.fdt, aspace) {
		ret = check_region(ctx, node);
		if (ret)
			return ret;
	}
	return 0;
}

/* "<parent>/<name>" for messages. */
static const char *join_path(char *buf, size_t size, const char *parent,
			     const char *name)
{
	size_t n = strlen(parent);

	snprintf(buf, size, "%s%s%s", parent,
		 n && parent[n - 1] == '/' ? "" : "/", name);
	return buf;
}

/* The parent exists and has no child of that name yet. */
static int check_target(const struct devtree_load_args *a)
{
	char path[SHELL_LINE_MAX + 1];
	unsigned long flags = devtree_lock();
	const void *fdt = devtree_blob();
	int parent = -ENODEV, ret = 0;

	if (fdt) {
		parent = fdt_path_offset(fdt, a->parent);
		if (parent >= 0 && fdt_subnode_offset(fdt, parent, a->name) >= 0)
			ret = -EEXIST;
	}
	devtree_unlock(flags);
	if (parent == -ENODEV)
		return shell_error(-ENODEV, "the device tree is not set up");
	if (parent < 0)
		return shell_error(-ENOENT, "no node '%s' in the device tree", a->parent);
	if (ret)
		return shell_error(ret, "'%s' already exists",
				   join_path(path, sizeof(path), a->parent, a->name));
	return 0;
}

/* ------------------------------------------------------------ loading */

static int graft(struct load_ctx *ctx)
{
	const struct devtree_load_args *a = ctx->a;
	char path[SHELL_LINE_MAX + 1];
	int ret = devtree_graft(a->parent, a->name, ctx->stage.fdt, 0);

	join_path(path, sizeof(path), a->parent, a->name);
	if (ret == -EEXIST)
		return shell_error(ret, "'%s' already exists", path);
	if (ret == -EINVAL)
		return shell_error(ret, "cannot add '%s': %s has two nodes of one name "
				   "under the same parent", path, a->source);
	if (ret == -ENOSPC)
		return shell_error(ret, "the device tree is full (%u KiB at most)",
				   DEVTREE_MAX_SIZE >> 10);
	if (ret)
		return shell_error(ret, "cannot add '%s': %s", path, strerror(ret));
	printk("%s: loaded %s", path, a->source);
	if (a->vcpus)
		printk(", %u vCPU%s", a->vcpus, a->vcpus == 1 ? "" : "s");
	printk(", %d override%s\n", a->argc, a->argc == 1 ? "" : "s");
	return 0;
}

static int load_stage(struct load_ctx *ctx, const void *dtb)
{
	const struct devtree_load_args *a = ctx->a;
	int ret = devtree_buf_open(&ctx->stage, dtb, LOAD_SLACK);

	if (ret)
		return shell_error(ret, "cannot copy %s: %s", a->source, strerror(ret));
	for (int i = 0; i < a->argc; i++) {
		ret = apply_override(ctx, a->overrides[i]);
		if (ret)
			return ret;
	}
	if (a->vcpus) {		/* a guest */
		ret = make_vcpus(ctx, a->vcpus);
		if (!ret)
			ret = check_guest_config(ctx);
		if (ret)
			return ret;
	}
	return graft(ctx);
}

int devtree_load_dtb(const struct devtree_load_args *a, const void *dtb, size_t len)
{
	struct load_ctx *ctx;
	const char *why;
	int ret;

	if (!devtree_name_valid(a->name, true))
		return shell_error(-EINVAL, "'%s' is not a valid node name", a->name);
	ret = check_target(a);
	if (ret)
		return ret;
	ret = devtree_fdt_check(dtb, len, &why);
	if (ret)
		return shell_error(ret, "%s is not a valid device tree blob: %s",
				   a->source, why);
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return shell_error(-ENOMEM, "out of memory");
	ctx->a = a;
	ret = load_stage(ctx, dtb);
	devtree_buf_free(&ctx->stage);
	kfree(ctx);
	return ret;
}

static int load_file(const struct devtree_load_args *a)
{
	void *data = NULL;
	size_t len = 0;
	int ret = vfs_read_file(a->source, &data, &len, DEVTREE_LOAD_MAX);

	if (ret == -E2BIG)
		return shell_error(ret, "%s is larger than %u KiB", a->source,
				   DEVTREE_LOAD_MAX >> 10);
	if (ret)
		return shell_error(ret, "cannot read %s: %s", a->source, strerror(ret));
	ret = devtree_load_dtb(a, data, len);
	kfree(data);
	return ret;
}

int devtree_load_guest(const char *guest, const char *file, unsigned int vcpus,
		       int argc, char **overrides)
{
	const struct devtree_load_args a = {
		.parent = "/" DEVTREE_GUESTS, .name = guest, .source = file,
		.vcpus = vcpus, .argc = argc, .overrides = overrides,
	};
	int ret;

	if (vcpus == 0 || vcpus > DEVTREE_MAX_VCPUS)
		return shell_error(-EINVAL, "the vCPU count must be 1 to %d, not %u",
				   DEVTREE_MAX_VCPUS, vcpus);
	ret = devtree_add_node("/", DEVTREE_GUESTS);	/* if it was deleted */
	if (ret == -ENODEV)
		return shell_error(ret, "the device tree is not set up");
	if (ret && ret != -EEXIST)
		return shell_error(ret, "cannot add /%s: %s", DEVTREE_GUESTS, strerror(ret));
	return load_file(&a);
}

int devtree_load_at(const char *path, const char *name, const char *file,
		    int argc, char **overrides)
{
	const struct devtree_load_args a = {
		.parent = path, .name = name, .source = file,
		.argc = argc, .overrides = overrides,
	};

	return load_file(&a);
}

/* ------------------------------------------------------------ shell */

int devtree_cmd_guest_fdt_load(int argc, char **argv)
{
	uint64_t vcpus;

	if (argc < 4)
		return -EINVAL;
	if (parse_u64(argv[3], &vcpus) || vcpus == 0 || vcpus > DEVTREE_MAX_VCPUS)
		return shell_error(-EINVAL, "'%s' is not a vCPU count (1 to %d)",
				   argv[3], DEVTREE_MAX_VCPUS);
	if (strlen(argv[1]) >= DEVTREE_GUEST_NAME_MAX)
		return shell_error(-ENAMETOOLONG, "guest name '%s' is too long (at most %d characters)",
				   argv[1], DEVTREE_GUEST_NAME_MAX - 1);
	return devtree_load_guest(argv[1], argv[2], (unsigned int)vcpus,
				  argc - 4, argv + 4);
}

int devtree_cmd_fdt_load(int argc, char **argv)
{
	if (argc < 4)
		return -EINVAL;
	return devtree_load_at(argv[1], argv[2], argv[3], argc - 4, argv + 4);
}
