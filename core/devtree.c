/* Keel's live device tree: a growable heap copy of the host FDT with a
 * /guests node, its lock and its write operations; plus the helpers the
 * guest-config loader shares (growable blobs, subtree copy, blob checks,
 * attribute value encoding). See include/keel/devtree.h. */
#include <keel/compiler.h>
#include <keel/devtree.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/spinlock.h>
#include <keel/string.h>
#include <libfdt.h>

#define DEVTREE_SLACK		4096	/* free bytes a new blob starts with */
#define DEVTREE_MAX_CHILDREN	4096	/* attributes or children of a copied node */

static struct devtree_buf live;
static DEFINE_SPINLOCK(live_lock);

/* ------------------------------------------------------------ errors */

int devtree_errno(int fdt_err)
{
	switch (fdt_err) {
	case 0:
		return 0;
	case -FDT_ERR_NOTFOUND:
	case -FDT_ERR_BADPATH:
		return -ENOENT;
	case -FDT_ERR_EXISTS:
		return -EEXIST;
	case -FDT_ERR_NOSPACE:
		return -ENOSPC;
	default:
		return -EINVAL;
	}
}

/* ------------------------------------------------------------ growable blobs */

int devtree_buf_open(struct devtree_buf *b, const void *src, size_t extra)
{
	size_t size;
	void *p;
	int ret;

	if (fdt_check_header(src))
		return -EINVAL;
	size = ALIGN_UP((size_t)fdt_totalsize(src) + extra, 8);
	if (size > DEVTREE_MAX_SIZE)
		return -ENOSPC;
	p = kmalloc(size);
	if (!p)
		return -ENOMEM;
	ret = fdt_open_into(src, p, (int)size);
	if (ret) {
		kfree(p);
		return devtree_errno(ret);
	}
	b->fdt = p;
	b->size = size;
	return 0;
}

int devtree_buf_grow(struct devtree_buf *b, size_t need)
{
	size_t size = MAX(b->size * 2, b->size + need + DEVTREE_SLACK);
	void *p;
	int ret;

	if (b->size >= DEVTREE_MAX_SIZE)
		return -ENOSPC;
	size = ALIGN_UP(MIN(size, (size_t)DEVTREE_MAX_SIZE), 8);
	p = kmalloc(size);
	if (!p)
		return -ENOMEM;
	ret = fdt_open_into(b->fdt, p, (int)size);
	if (ret) {
		kfree(p);
		return devtree_errno(ret);
	}
	kfree(b->fdt);
	b->fdt = p;
	b->size = size;
	return 0;
}

void devtree_buf_free(struct devtree_buf *b)
{
	kfree(b->fdt);
	b->fdt = NULL;
	b->size = 0;
}

/* Node offsets are relative to the structure block, so they stay valid when
 * the blob is reallocated; each call below retries after growing. */
int devtree_buf_add_subnode(struct devtree_buf *b, int parent, const char *name)
{
	int ret, err;

	while ((ret = fdt_add_subnode(b->fdt, parent, name)) == -FDT_ERR_NOSPACE) {
		err = devtree_buf_grow(b, strlen(name) + 16);
		if (err)
			return err;
	}
	return ret < 0 ? devtree_errno(ret) : ret;
}

int devtree_buf_setprop(struct devtree_buf *b, int node, const char *name,
			const void *val, int len)
{
	int ret, err;

	while ((ret = fdt_setprop(b->fdt, node, name, val, len)) == -FDT_ERR_NOSPACE) {
		err = devtree_buf_grow(b, (size_t)len + strlen(name) + 32);
		if (err)
			return err;
	}
	return devtree_errno(ret);
}

/* The next attribute (props) or child of node in src after prev (prev < 0:
 * the first), or a negative libfdt code at the end. */
static int next_offset(const void *src, int node, int prev, bool props)
{
	if (props)
		return prev < 0 ? fdt_first_property_offset(src, node) :
				  fdt_next_property_offset(src, prev);
	return prev < 0 ? fdt_first_subnode(src, node) : fdt_next_subnode(src, prev);
}

/* The offsets of node's attributes (props) or children, in order, in a
 * kmalloc array *out (NULL when there are none). Returns their number. */
static int collect(const void *src, int node, bool props, int **out)
{
	int off, n = 0, *offs;

	*out = NULL;
	for (off = next_offset(src, node, -1, props); off >= 0;
	     off = next_offset(src, node, off, props))
		n++;
	if (n == 0)
		return 0;
	if (n > DEVTREE_MAX_CHILDREN)
		return -E2BIG;
	offs = kmalloc(sizeof(*offs) * n);
	if (!offs)
		return -ENOMEM;
	n = 0;
	for (off = next_offset(src, node, -1, props); off >= 0;
	     off = next_offset(src, node, off, props))
		offs[n++] = off;
	*out = offs;
	return n;
}

static int copy_prop(struct devtree_buf *b, int node, const void *src, int prop)
{
	const char *name;
	int len;
	const void *val = fdt_getprop_by_offset(src, prop, &name, &len);

	if (!val || !name)
		return -EINVAL;
	return devtree_buf_setprop(b, node, name, val, len);
}

static int copy_node(struct devtree_buf *b, int parent, const char *name,
		     const void *src, int src_node, int depth);

/* libfdt puts a new attribute or child before the existing ones, so both
 * are copied last to first to keep their order. */
static int copy_contents(struct devtree_buf *b, int node, const void *src,
			 int src_node, int depth)
{
	int *offs, n = collect(src, src_node, true, &offs), ret = 0;

	if (n < 0)
		return n;
	while (n-- > 0 && ret == 0)
		ret = copy_prop(b, node, src, offs[n]);
	kfree(offs);
	if (ret)
		return ret;
	n = collect(src, src_node, false, &offs);
	if (n < 0)
		return n;
	while (n-- > 0 && ret >= 0)
		ret = copy_node(b, node, fdt_get_name(src, offs[n], NULL), src,
				offs[n], depth + 1);
	kfree(offs);
	return ret < 0 ? ret : 0;
}

static int copy_node(struct devtree_buf *b, int parent, const char *name,
		     const void *src, int src_node, int depth)
{
	int node, ret;

	if (!name || depth > DEVTREE_MAX_DEPTH)
		return -EINVAL;
	node = devtree_buf_add_subnode(b, parent, name);
	if (node == -EEXIST && depth > 0)
		return -EINVAL;	/* src has two children of one name */
	if (node < 0)
		return node;
	ret = copy_contents(b, node, src, src_node, depth);
	if (ret) {
		fdt_del_node(b->fdt, node);
		return ret;
	}
	return node;
}

int devtree_buf_copy_node(struct devtree_buf *b, int parent, const char *name,
			  const void *src, int src_node)
{
	return copy_node(b, parent, name, src, src_node, 0);
}

/* ------------------------------------------------------------ blob checks */

static int bad_blob(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

static int check_prop(const void *fdt, int off)
{
	const struct fdt_property *p = fdt_get_property_by_offset(fdt, off, NULL);
	const char *name = p ? fdt_get_string(fdt, fdt32_to_cpu(p->nameoff), NULL) : NULL;

	return name && devtree_name_valid(name, false) ? 0 : -EINVAL;
}

/* One tag of the structure walk; *depth follows the nesting. Returns 1 at
 * FDT_END, 0 to go on, or a reason for a malformed blob. */
static int check_tag(const void *fdt, int off, uint32_t tag, int *depth,
		     bool *root_done, const char **why)
{
	const char *name;

	switch (tag) {
	case FDT_BEGIN_NODE:
		name = fdt_get_name(fdt, off, NULL);
		if (*root_done || !name || (*depth > 0 && !devtree_name_valid(name, true)))
			return bad_blob(why, "bad node name");
		if (++*depth > DEVTREE_MAX_DEPTH)
			return bad_blob(why, "nodes nested too deep");
		return 0;
	case FDT_END_NODE:
		if (--*depth < 0)
			return bad_blob(why, "unbalanced nodes");
		*root_done = *depth == 0;
		return 0;
	case FDT_PROP:
		if (*depth == 0 || check_prop(fdt, off))
			return bad_blob(why, "bad attribute name");
		return 0;
	case FDT_NOP:
		return 0;
	default:	/* FDT_END */
		if (*depth != 0 || !*root_done)
			return bad_blob(why, "truncated structure");
		return 1;
	}
}

static int check_structure(const void *fdt, const char **why)
{
	int off = 0, next, depth = 0, ret;
	bool root_done = false;
	uint32_t tag;

	if (fdt_next_tag(fdt, 0, &next) != FDT_BEGIN_NODE)
		return bad_blob(why, "no root node");
	do {
		tag = fdt_next_tag(fdt, off, &next);
		if (next < 0)
			return bad_blob(why, "corrupt structure block");
		ret = check_tag(fdt, off, tag, &depth, &root_done, why);
		off = next;
	} while (ret == 0);
	return ret < 0 ? ret : 0;
}

/* Version 17 blocks in dtc's order, without overlaps: what fdt_open_into()
 * copies as they are. */
static int check_layout(const void *fdt, const char **why)
{
	uint64_t rsv = fdt_off_mem_rsvmap(fdt), st = fdt_off_dt_struct(fdt);
	uint64_t str = fdt_off_dt_strings(fdt);
	int n = fdt_num_mem_rsv(fdt);

	if (fdt_version(fdt) < 17)
		return bad_blob(why, "version older than 17");
	if (n < 0)
		return bad_blob(why, "bad memory reservation map");
	if (rsv % 8 || st % 4 || rsv < sizeof(struct fdt_header) ||
	    rsv + ((uint64_t)n + 1) * sizeof(struct fdt_reserve_entry) > st ||
	    st + fdt_size_dt_struct(fdt) > str ||
	    str + fdt_size_dt_strings(fdt) > fdt_totalsize(fdt))
		return bad_blob(why, "bad block layout");
	return 0;
}

int devtree_fdt_check(const void *fdt, size_t len, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!fdt || len < sizeof(struct fdt_header))
		return bad_blob(why, "too short");
	if (fdt_magic(fdt) != FDT_MAGIC)
		return bad_blob(why, "bad magic");
	if (fdt_check_header(fdt))
		return bad_blob(why, "bad header");
	if (fdt_totalsize(fdt) > len)
		return bad_blob(why, "truncated");
	if (check_layout(fdt, why))
		return -EINVAL;
	return check_structure(fdt, why);
}

/* ------------------------------------------------------------ names */

bool devtree_name_valid(const char *name, bool node)
{
	size_t i, len = name ? strnlen(name, DEVTREE_NAME_MAX + 1) : 0;

	if (len == 0 || len > DEVTREE_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(",._+-", c))
			continue;
		if (node ? c == '@' : (c == '#' || c == '?'))
			continue;
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ live tree */

int devtree_init(const void *host_fdt)
{
	struct devtree_buf b, old;
	unsigned long flags;
	int ret;

	if (!host_fdt || fdt_check_header(host_fdt))
		return -EINVAL;
	ret = devtree_buf_open(&b, host_fdt, DEVTREE_SLACK);
	if (ret)
		return ret;
	if (fdt_subnode_offset(b.fdt, 0, DEVTREE_GUESTS) < 0) {
		ret = devtree_buf_add_subnode(&b, 0, DEVTREE_GUESTS);
		if (ret < 0) {
			devtree_buf_free(&b);
			return ret;
		}
	}
	flags = spin_lock_irqsave(&live_lock);
	old = live;
	live = b;
	spin_unlock_irqrestore(&live_lock, flags);
	if (old.fdt)
		devtree_buf_free(&old);
	return 0;
}

#ifdef UNIT_TEST
void devtree_free(void)
{
	unsigned long flags = spin_lock_irqsave(&live_lock);

	devtree_buf_free(&live);
	spin_unlock_irqrestore(&live_lock, flags);
}
#endif

void *devtree_blob(void)
{
	return live.fdt;
}

unsigned long devtree_lock(void)
{
	return spin_lock_irqsave(&live_lock);
}

void devtree_unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&live_lock, flags);
}

void *devtree_copy(size_t *size)
{
	unsigned long flags;
	size_t n;
	void *p;

	/* The size can change while we allocate: retry until it fits. */
	for (;;) {
		flags = devtree_lock();
		n = live.fdt ? live.size : 0;
		devtree_unlock(flags);
		if (!n)
			return NULL;
		p = kmalloc(n);
		if (!p)
			return NULL;
		flags = devtree_lock();
		if (live.fdt && live.size <= n) {
			memcpy(p, live.fdt, live.size);
			n = live.size;
			devtree_unlock(flags);
			if (size)
				*size = n;
			return p;
		}
		devtree_unlock(flags);
		kfree(p);
	}
}

/* The offset of path in the live tree (lock held), or a negative errno. */
static int live_node(const char *path)
{
	int off;

	if (!live.fdt)
		return -ENODEV;
	if (!path || !*path)
		return -ENOENT;
	off = fdt_path_offset(live.fdt, path);
	return off < 0 ? devtree_errno(off) : off;
}

int devtree_getprop(const char *path, const char *name, void **val, int *len)
{
	unsigned long flags = devtree_lock();
	int node = live_node(path), n = 0, ret = 0;
	const void *p = NULL;
	void *copy = NULL;

	if (node < 0)
		ret = node;
	else if (!(p = fdt_getprop(live.fdt, node, name, &n)))
		ret = n == -FDT_ERR_NOTFOUND ? -ENODATA : devtree_errno(n);
	/* kmalloc under the lock is fine: the heap's locks nest inside it. */
	if (!ret && n > 0 && !(copy = kmalloc(n)))
		ret = -ENOMEM;
	if (copy)
		memcpy(copy, p, n);
	devtree_unlock(flags);
	*val = copy;
	*len = ret ? 0 : n;
	return ret;
}

int devtree_setprop(const char *path, const char *name, const void *val, int len)
{
	unsigned long flags;
	int node, ret;

	if (!devtree_name_valid(name, false) || len < 0)
		return -EINVAL;
	flags = devtree_lock();
	node = live_node(path);
	ret = node < 0 ? node : devtree_buf_setprop(&live, node, name, val, len);
	devtree_unlock(flags);
	return ret;
}

int devtree_delprop(const char *path, const char *name)
{
	unsigned long flags = devtree_lock();
	int node = live_node(path), ret;

	if (node < 0) {
		ret = node;
	} else {
		ret = fdt_delprop(live.fdt, node, name);
		ret = ret == -FDT_ERR_NOTFOUND ? -ENODATA : devtree_errno(ret);
	}
	devtree_unlock(flags);
	return ret;
}

int devtree_add_node(const char *parent, const char *name)
{
	unsigned long flags;
	int node, ret;

	if (!devtree_name_valid(name, true))
		return -EINVAL;
	flags = devtree_lock();
	node = live_node(parent);
	ret = node < 0 ? node : devtree_buf_add_subnode(&live, node, name);
	devtree_unlock(flags);
	return ret < 0 ? ret : 0;
}

int devtree_del_node(const char *path)
{
	unsigned long flags = devtree_lock();
	int node = live_node(path), ret;

	if (node < 0)
		ret = node;
	else if (node == 0)
		ret = -EPERM;
	else
		ret = devtree_errno(fdt_del_node(live.fdt, node));
	devtree_unlock(flags);
	return ret;
}

int devtree_graft(const char *parent, const char *name, const void *src,
		  int src_node)
{
	unsigned long flags;
	int node, ret;

	if (!devtree_name_valid(name, true))
		return -EINVAL;
	flags = devtree_lock();
	node = live_node(parent);
	if (node < 0)
		ret = node;
	else if (fdt_subnode_offset(live.fdt, node, name) >= 0)
		ret = -EEXIST;
	else
		ret = devtree_buf_copy_node(&live, node, name, src, src_node);
	devtree_unlock(flags);
	return ret < 0 ? ret : 0;
}

/* ------------------------------------------------------------ values */

static const char *const type_names[DEVTREE_NR_TYPES] = {
	[DEVTREE_STRING] = "string",
	[DEVTREE_UINT32] = "uint32",
	[DEVTREE_UINT64] = "uint64",
	[DEVTREE_PHYSADDR] = "physaddr",
	[DEVTREE_PHYSSIZE] = "physsize",
	[DEVTREE_VIRTADDR] = "virtaddr",
	[DEVTREE_VIRTSIZE] = "virtsize",
	[DEVTREE_BYTES] = "bytes",
	[DEVTREE_EMPTY] = "empty",
};

int devtree_type_parse(const char *name)
{
	for (int t = 0; t < DEVTREE_NR_TYPES; t++)
		if (name && strcmp(name, type_names[t]) == 0)
			return t;
	return -EINVAL;
}

const char *devtree_type_name(int t)
{
	return t >= 0 && t < DEVTREE_NR_TYPES ? type_names[t] : "?";
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One word of hex bytes ("d", "de", "0xde", "deadbeef") into out. */
static int encode_hex(const char *s, u8 *out, size_t room)
{
	size_t len, i, n;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	len = strlen(s);
	if (len == 0 || (len > 1 && len % 2))
		return -EINVAL;
	n = len == 1 ? 1 : len / 2;
	for (i = 0; i < len; i++)
		if (hex_digit(s[i]) < 0)
			return -EINVAL;
	if (n > room)
		return -E2BIG;
	if (len == 1)
		out[0] = (u8)hex_digit(s[0]);
	for (i = 0; len > 1 && i < n; i++)
		out[i] = (u8)(hex_digit(s[2 * i]) << 4 | hex_digit(s[2 * i + 1]));
	return (int)n;
}

/* One word as a number of the type into out (4 or 8 bytes, big-endian). */
static int encode_number(int t, const char *s, u8 *out, size_t room)
{
	fdt32_t cell32;
	fdt64_t cell64;
	uint64_t v;
	int ret = parse_u64(s, &v);

	if (ret)
		return ret;
	if (t == DEVTREE_UINT32) {
		if (v > 0xffffffffULL)
			return -ERANGE;
		if (room < 4)
			return -E2BIG;
		cell32 = cpu_to_fdt32((uint32_t)v);
		memcpy(out, &cell32, 4);
		return 4;
	}
	if (room < 8)
		return -E2BIG;
	cell64 = cpu_to_fdt64(v);
	memcpy(out, &cell64, 8);
	return 8;
}

static int encode_word(int t, const char *s, u8 *out, size_t room)
{
	size_t n;

	switch (t) {
	case DEVTREE_STRING:
		n = strlen(s) + 1;
		if (n > room)
			return -E2BIG;
		memcpy(out, s, n);
		return (int)n;
	case DEVTREE_BYTES:
		return encode_hex(s, out, room);
	default:
		return encode_number(t, s, out, room);
	}
}

int devtree_value_encode(int t, int argc, char **argv, void *buf, size_t size,
			 int *bad)
{
	size_t len = 0;
	int i, n;

	*bad = -1;
	if (t < 0 || t >= DEVTREE_NR_TYPES)
		return -EINVAL;
	if (t == DEVTREE_EMPTY) {
		*bad = argc > 0 ? 0 : -1;
		return argc > 0 ? -EINVAL : 0;
	}
	if (argc <= 0)
		return -ENODATA;
	for (i = 0; i < argc; i++) {
		n = encode_word(t, argv[i], (u8 *)buf + len, size - len);
		if (n < 0) {
			*bad = i;
			return n;
		}
		len += n;
	}
	return (int)len;
}

const char *devtree_value_error(char *buf, size_t size, int err, int t,
				char **argv, int bad)
{
	const char *tn = devtree_type_name(t);

	if (err == -ENODATA)
		snprintf(buf, size, "type %s needs at least one value", tn);
	else if (err == -E2BIG)
		snprintf(buf, size, "value too long (%d bytes at most)", DEVTREE_VALUE_MAX);
	else if (t == DEVTREE_EMPTY)
		snprintf(buf, size, "type empty takes no value");
	else if (bad < 0)
		snprintf(buf, size, "unknown type");
	else if (err == -ERANGE)
		snprintf(buf, size, "'%s' does not fit in %s", argv[bad], tn);
	else
		snprintf(buf, size, "'%s' is not a valid %s value%s", argv[bad], tn,
			 t == DEVTREE_BYTES ? " (hex bytes)" : "");
	return buf;
}
