/* `vfs`: mount filesystems, look at files, run scripts, load files into
 * guest memory. Names follow xvisor's vfs command (mount, umount, mplist,
 * fslist, ls, cat, info, run, load, guest_fdt_load, fdt_load — the last two
 * implemented by core/devtree_load.c); paths complete with TAB.
 *
 * Everything runs in the shell thread; the commands only use the path API
 * of vfs.h, so a mount point shows as the root of the filesystem on it. */
#include <keel/blockdev.h>
#include <keel/compiler.h>
#include <keel/console.h>
#include <keel/devtree.h>
#include <keel/guest_load.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/ram.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <keel/vfs.h>
#include <keel/xscript.h>

#define CAT_CHUNK	1024		/* bytes read and written at a time */
#define LOAD_CHUNK	(1024 * 1024)	/* bytes read at a time by vfs load */
#define DIRLIST_MAX	100000		/* entries of one listing */

typedef unsigned long long ull;

/* ------------------------------------------------------------ listings */

struct dent {
	enum vfs_type type;
	char name[];
};

/* Directory entries collected before anything else touches the filesystem
 * (no filesystem call is made from inside a readdir callback). */
struct dirlist {
	struct dent **v;
	size_t n, cap;
	const char *prefix;	/* keep only names starting with it */
	size_t prefix_len;
	int err;
};

static int dirlist_add(void *ctx, const char *name, size_t len, uint64_t ino,
		       enum vfs_type type)
{
	struct dirlist *dl = ctx;
	struct dent *d, **v;

	if ((len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2)))
		return 0;
	if (len < dl->prefix_len ||
	    (dl->prefix_len && memcmp(name, dl->prefix, dl->prefix_len)))
		return 0;
	if (dl->n == dl->cap) {
		if (dl->cap >= DIRLIST_MAX)
			return dl->err = -E2BIG;
		v = kmalloc(sizeof(*v) * (dl->cap ? dl->cap * 2 : 16));
		if (!v)
			return dl->err = -ENOMEM;
		if (dl->n)
			memcpy(v, dl->v, sizeof(*v) * dl->n);
		kfree(dl->v);
		dl->v = v;
		dl->cap = dl->cap ? dl->cap * 2 : 16;
	}
	d = kmalloc(sizeof(*d) + len + 1);
	if (!d)
		return dl->err = -ENOMEM;
	d->type = type;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	dl->v[dl->n++] = d;
	return 0;
}

static void dirlist_free(struct dirlist *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		kfree(dl->v[i]);
	kfree(dl->v);
	dl->v = NULL;
	dl->n = dl->cap = 0;
}

/* Shell sort by name: listings are short, and this needs no recursion. */
static void dirlist_sort(struct dirlist *dl)
{
	for (size_t gap = dl->n / 2; gap; gap /= 2) {
		for (size_t i = gap; i < dl->n; i++) {
			struct dent *d = dl->v[i];
			size_t j = i;

			for (; j >= gap && strcmp(dl->v[j - gap]->name, d->name) > 0; j -= gap)
				dl->v[j] = dl->v[j - gap];
			dl->v[j] = d;
		}
	}
}

/* Read the directory at path into dl (entries named prefix* only, when
 * prefix is not NULL). Returns 0 or -errno; dl is empty on error. */
static int dirlist_read(const char *path, const char *prefix, struct dirlist *dl)
{
	int ret;

	*dl = (struct dirlist){ .prefix = prefix,
				.prefix_len = prefix ? strlen(prefix) : 0 };
	ret = vfs_readdir(path, dirlist_add, dl);
	if (!ret)
		ret = dl->err;
	if (ret)
		dirlist_free(dl);
	return ret;
}

/* dir + "/" + name into buf (VFS_PATH_MAX bytes). */
static int join_path(char *buf, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	const char *sep = n && dir[n - 1] == '/' ? "" : "/";

	if ((size_t)snprintf(buf, VFS_PATH_MAX, "%s%s%s", dir, sep, name) >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* ------------------------------------------------------------ mount */

static int cmd_vfs_mount(int argc, char **argv)
{
	int ret;

	if (argc != 3)
		return -EINVAL;
	ret = vfs_mount(argv[1], argv[2]);
	switch (ret) {
	case 0:
		printk("Mounted %s on %s\n", argv[1], argv[2]);
		return 0;
	case -ENODEV:
		return shell_error(ret, "no block device named '%s' (see 'blockdev list')",
				   argv[1]);
	case -EBUSY:
		return shell_error(ret, "%s is already a mount point", argv[2]);
	case -EINVAL:
		return shell_error(ret, "no filesystem Keel knows on %s (see 'vfs fslist')",
				   argv[1]);
	case -ENOSPC:
		return shell_error(ret, "mount table full (%d mounts)", VFS_MOUNT_MAX);
	default:
		return shell_error(ret, "%s: %s", argv[2], strerror(ret));
	}
}

static int cmd_vfs_umount(int argc, char **argv)
{
	int ret;

	if (argc != 2)
		return -EINVAL;
	ret = vfs_umount(argv[1]);
	if (ret == -EINVAL)
		return shell_error(ret, "%s is not a mount point (see 'vfs mplist')", argv[1]);
	if (ret == -EBUSY)
		return shell_error(ret, "%s is busy: files in use or a filesystem mounted below it",
				   argv[1]);
	if (ret)
		return shell_error(ret, "%s: %s", argv[1], strerror(ret));
	printk("Unmounted %s\n", argv[1]);
	return 0;
}

static void print_mount(const struct vfs_mount_info *mi, void *ctx)
{
	unsigned int *n = ctx;

	printk("%-24s %-12s %s\n", mi->path, mi->bdev, mi->fs);
	(*n)++;
}

static int cmd_vfs_mplist(int argc, char **argv)
{
	unsigned int n = 0;

	printk("%-24s %-12s %s\n", "MOUNT POINT", "DEVICE", "FS");
	vfs_for_each_mount(print_mount, &n);
	if (!n)
		printk("(nothing mounted: try 'vfs mount initrd /')\n");
	return 0;
}

static int cmd_vfs_fslist(int argc, char **argv)
{
	const char *name;

	for (unsigned int i = 0; (name = vfs_fs_type_name(i)); i++)
		printk("%s\n", name);
	return 0;
}

/* ------------------------------------------------------------ ls */

static char type_char(enum vfs_type type)
{
	switch (type) {
	case VFS_TYPE_DIR:	return 'd';
	case VFS_TYPE_SYMLINK:	return 'l';
	case VFS_TYPE_FILE:	return '-';
	default:		return '?';
	}
}

/* One line of `vfs ls`: type, size, name and a symlink's target. */
static void print_entry(const char *path, const char *name)
{
	char target[VFS_PATH_MAX];
	struct vfs_stat st;
	int ret = vfs_lstat(path, &st);

	if (ret) {
		printk("? %10s  %s (%s)\n", "", name, strerror(ret));
		return;
	}
	printk("%c %10llu  %s", type_char(st.type), (ull)st.size, name);
	if (st.type == VFS_TYPE_SYMLINK) {
		ret = vfs_readlink(path, target, sizeof(target));
		printk(" -> %s", ret < 0 ? strerror(ret) : target);
	}
	printk("\n");
}

static int list_dir(const char *path)
{
	struct dirlist dl;
	char *full;
	int ret = dirlist_read(path, NULL, &dl);

	if (ret)
		return shell_error(ret, "%s: %s", path, strerror(ret));
	full = kmalloc(VFS_PATH_MAX);
	if (!full) {
		dirlist_free(&dl);
		return -ENOMEM;
	}
	dirlist_sort(&dl);
	for (size_t i = 0; i < dl.n; i++) {
		if (join_path(full, path, dl.v[i]->name))
			printk("? %10s  %s (name too long)\n", "", dl.v[i]->name);
		else
			print_entry(full, dl.v[i]->name);
	}
	kfree(full);
	dirlist_free(&dl);
	return 0;
}

static int cmd_vfs_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	struct vfs_stat st;
	int ret;

	if (argc > 2)
		return -EINVAL;
	ret = vfs_stat(path, &st);
	if (ret)
		return shell_error(ret, "%s: %s", path, strerror(ret));
	if (st.type != VFS_TYPE_DIR) {
		print_entry(path, path);
		return 0;
	}
	return list_dir(path);
}

/* ------------------------------------------------------------ cat */

/* Copy the file to the console; ends with a newline even if the file does
 * not, so that the prompt starts a line. */
static int cat_node(const struct vfs_node *node, const char *path)
{
	char *buf = kmalloc(CAT_CHUNK);
	uint64_t off = 0;
	char last = '\n';
	int64_t n;

	if (!buf)
		return -ENOMEM;
	while ((n = vfs_node_read(node, off, buf, CAT_CHUNK)) > 0) {
		console_write(buf, (size_t)n);
		last = buf[n - 1];
		off += (uint64_t)n;
	}
	kfree(buf);
	if (last != '\n')
		console_write("\n", 1);
	if (n < 0)
		return shell_error((int)n, "%s: read failed at offset %llu: %s", path,
				   (ull)off, strerror((int)n));
	return 0;
}

static int cmd_vfs_cat(int argc, char **argv)
{
	struct vfs_node node;
	int ret;

	if (argc != 2)
		return -EINVAL;
	ret = vfs_lookup(argv[1], &node, true);
	if (ret)
		return shell_error(ret, "%s: %s", argv[1], strerror(ret));
	if (node.type == VFS_TYPE_DIR)
		ret = shell_error(-EISDIR, "%s is a directory (try 'vfs ls %s')",
				  argv[1], argv[1]);
	else
		ret = cat_node(&node, argv[1]);
	vfs_node_put(&node);
	return ret;
}

/* ------------------------------------------------------------ info */

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_date(uint64_t days, unsigned int *y, unsigned int *m,
		       unsigned int *d)
{
	uint64_t z = days + 719468, era = z / 146097;
	unsigned int doe = (unsigned int)(z - era * 146097);
	unsigned int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (unsigned int)(yoe + era * 400) + (*m <= 2);
}

/* "rwxr-xr-x" for the permission bits of mode. */
static void mode_string(uint32_t mode, char out[10])
{
	static const char rwx[] = "rwxrwxrwx";

	for (int i = 0; i < 9; i++)
		out[i] = mode & (0400u >> i) ? rwx[i] : '-';
	out[9] = '\0';
}

static void print_info(const char *path, const char *canon,
		       const struct vfs_stat *st)
{
	unsigned int y, mo, d;
	uint64_t t = st->mtime;
	char perm[10];

	civil_date(t / 86400, &y, &mo, &d);
	mode_string(st->mode, perm);
	printk("Path:    %s\n", path);
	if (strcmp(path, canon))
		printk("Real:    %s\n", canon);
	printk("Type:    %s\n", vfs_type_name(st->type));
	printk("Size:    %llu bytes\n", (ull)st->size);
	printk("Inode:   %llu\n", (ull)st->ino);
	printk("Links:   %u\n", st->links);
	printk("Mode:    0%o (%c%s)\n", st->mode, type_char(st->type), perm);
	printk("Owner:   uid %u, gid %u\n", st->uid, st->gid);
	printk("Mtime:   %04u-%02u-%02u %02u:%02u:%02u UTC (%llu)\n", y, mo, d,
	       (unsigned int)(t % 86400 / 3600), (unsigned int)(t % 3600 / 60),
	       (unsigned int)(t % 60), (ull)t);
	printk("Blocks:  %llu (512-byte units)\n", (ull)st->blocks);
}

static int cmd_vfs_info(int argc, char **argv)
{
	char *buf, *canon, *target;
	struct vfs_node node;
	struct vfs_stat st;
	int ret;

	if (argc != 2)
		return -EINVAL;
	buf = kmalloc(2 * VFS_PATH_MAX);
	if (!buf)
		return -ENOMEM;
	canon = buf;
	target = buf + VFS_PATH_MAX;
	ret = vfs_lookup_canon(argv[1], &node, false, canon, VFS_PATH_MAX);
	if (!ret) {
		ret = vfs_node_stat(&node, &st);
		if (!ret)
			print_info(argv[1], canon, &st);
		if (!ret && node.type == VFS_TYPE_SYMLINK) {
			int n = vfs_node_readlink(&node, target, VFS_PATH_MAX);

			printk("Target:  %s\n", n < 0 ? strerror(n) : target);
		}
		vfs_node_put(&node);
	}
	kfree(buf);
	if (ret)
		return shell_error(ret, "%s: %s", argv[1], strerror(ret));
	return 0;
}

/* ------------------------------------------------------------ run */

static int cmd_vfs_run(int argc, char **argv)
{
	if (argc != 2)
		return -EINVAL;
	return xscript_run_file(argv[1]);
}

/* ------------------------------------------------------------ load */

/* Only guest RAM may be loaded into: every other byte of a RAM bank is
 * either reserved (firmware, Keel's image, the FDT, the initrd, the page
 * metadata) or the page allocator's — in use by Keel, or free with the
 * allocator's list links stored in the free pages themselves. Writing
 * into any of those would corrupt Keel. */
static int check_overlaps(uint64_t addr, uint64_t end)
{
	for (unsigned int i = 0; i < ram.nr_reserved; i++) {
		const struct ram_reserved *r = &ram.reserved[i];

		if (addr < r->base + r->size && r->base < end)
			return shell_error(-EPERM, "0x%llx-0x%llx overlaps reserved memory '%s' "
					   "(0x%llx-0x%llx)", (ull)addr, (ull)end, r->name,
					   (ull)r->base, (ull)(r->base + r->size));
	}
	if (addr < ram.meta_base + ram.meta_size && ram.meta_base < end)
		return shell_error(-EPERM, "0x%llx-0x%llx overlaps the page metadata",
				   (ull)addr, (ull)end);
	return 0;
}

static int check_guest_pages(uint64_t addr, uint64_t end)
{
	struct page_block blk;
	uint64_t p = addr;

	while (p < end) {
		if (!page_block_lookup((void *)(uintptr_t)p, &blk))
			return shell_error(-EPERM, "0x%llx is free memory of the page allocator; "
					   "only memory allocated to a guest can be loaded into",
					   (ull)p);
		if (blk.owner != PAGE_OWNER_GUEST)
			return shell_error(-EPERM, "0x%llx is in use by Keel (%s pages); only "
					   "guest memory can be loaded into", (ull)p,
					   page_owner_name(blk.owner));
		p = (uintptr_t)blk.head + ((uint64_t)PAGE_SIZE << blk.order);
	}
	return 0;
}

static int check_load_range(uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len;
	bool in_bank = false;
	int ret;

	if (end < addr)
		return shell_error(-ERANGE, "0x%llx + %llu bytes wraps around", (ull)addr,
				   (ull)len);
	for (unsigned int i = 0; i < ram.nr_banks; i++)
		if (addr >= ram.banks[i].base &&
		    end <= ram.banks[i].base + ram.banks[i].size)
			in_bank = true;
	if (!in_bank)
		return shell_error(-EFAULT, "0x%llx-0x%llx is not inside one RAM bank "
				   "(see 'host ram info')", (ull)addr, (ull)end);
	ret = check_overlaps(addr, end);
	if (!ret)
		ret = check_guest_pages(addr, end);
	return ret;
}

/* Parse the optional [offset] [len] of `vfs load` against the file size. */
static int load_extent(int argc, char **argv, uint64_t size, uint64_t *off,
		       uint64_t *len)
{
	*off = 0;
	if (argc > 3 && parse_u64(argv[3], off))
		return shell_error(-EINVAL, "bad offset '%s'", argv[3]);
	if (*off > size)
		return shell_error(-EINVAL, "offset %llu is past the end of %s (%llu bytes)",
				   (ull)*off, argv[2], (ull)size);
	*len = size - *off;
	if (argc > 4 && parse_u64(argv[4], len))
		return shell_error(-EINVAL, "bad length '%s'", argv[4]);
	if (*len > size - *off)
		return shell_error(-EINVAL, "%s has only %llu bytes from offset %llu",
				   argv[2], (ull)(size - *off), (ull)*off);
	return 0;
}

/* Copy len bytes at off of node to physical address addr. */
static int load_copy(const struct vfs_node *node, const char *path,
		     uint64_t addr, uint64_t off, uint64_t len)
{
	uint64_t done = 0;
	int64_t n;

	while (done < len) {
		n = vfs_node_read(node, off + done, (void *)(uintptr_t)(addr + done),
				  MIN(len - done, (uint64_t)LOAD_CHUNK));
		if (n == 0)
			n = -EIO;	/* shorter than its size */
		if (n < 0)
			return shell_error((int)n, "%s: read failed at offset %llu: %s",
					   path, (ull)(off + done), strerror((int)n));
		done += (uint64_t)n;
	}
	return 0;
}

static int load_node(const struct vfs_node *node, int argc, char **argv,
		     uint64_t addr)
{
	struct vfs_stat st;
	uint64_t off, len;
	int ret;

	if (node->type != VFS_TYPE_FILE)
		return shell_error(-EINVAL, "%s is not a regular file", argv[2]);
	ret = vfs_node_stat(node, &st);
	if (ret)
		return shell_error(ret, "%s: %s", argv[2], strerror(ret));
	ret = load_extent(argc, argv, st.size, &off, &len);
	if (!ret && len == 0)
		return shell_error(-EINVAL, "nothing to load (0 bytes)");
	if (!ret)
		ret = check_load_range(addr, len);
	if (!ret)
		ret = load_copy(node, argv[2], addr, off, len);
	if (!ret)
		printk("Loaded %llu bytes of %s (offset %llu) at 0x%llx-0x%llx (guest memory)\n",
		       (ull)len, argv[2], (ull)off, (ull)addr, (ull)(addr + len));
	return ret;
}

static int cmd_vfs_load(int argc, char **argv)
{
	struct vfs_node node;
	uint64_t addr;
	int ret;

	if (argc < 3 || argc > 5)
		return -EINVAL;
	if (parse_u64(argv[1], &addr))
		return shell_error(-EINVAL, "bad address '%s'", argv[1]);
	ret = vfs_lookup(argv[2], &node, true);
	if (ret)
		return shell_error(ret, "%s: %s", argv[2], strerror(ret));
	ret = load_node(&node, argc, argv, addr);
	vfs_node_put(&node);
	return ret;
}

/* ------------------------------------------------------------ completion */

/* Offer dir + the entry d (dir ends in '/' or is ""); cand is a
 * VFS_PATH_MAX buffer. Directories, and links to them, get a '/'. */
static void complete_entry(struct shell_completion *c, const char *dir,
			   const struct dent *d, char *cand, bool dirs_only)
{
	struct vfs_stat st;
	bool is_dir = d->type == VFS_TYPE_DIR;

	if (snprintf(cand, VFS_PATH_MAX, "%s%s", dir, d->name) >= VFS_PATH_MAX - 1)
		return;
	if (d->type == VFS_TYPE_SYMLINK || d->type == VFS_TYPE_OTHER)
		is_dir = !vfs_stat(cand, &st) && st.type == VFS_TYPE_DIR;
	if (is_dir)
		strlcat(cand, "/", VFS_PATH_MAX);
	if (is_dir || !dirs_only)
		shell_complete_add(c, cand);
}

/* Offer the entries of the directory that c->word points into, as the
 * word would be completed: "/sy" gives "/system/", "sy" gives "system/".
 * Runs from the line editor's TAB in the shell thread (reads may sleep). */
static void complete_path(struct shell_completion *c, bool dirs_only)
{
	const char *slash = strrchr(c->word, '/');
	size_t dlen = slash ? (size_t)(slash - c->word) + 1 : 0;
	char *buf = kmalloc(2 * VFS_PATH_MAX), *dir, *cand;
	struct dirlist dl;

	if (!buf)
		return;
	dir = buf;
	cand = buf + VFS_PATH_MAX;
	memcpy(dir, c->word, dlen);
	dir[dlen] = '\0';
	if (!dirlist_read(dlen ? dir : "/", c->word + dlen, &dl)) {
		dirlist_sort(&dl);	/* the shell lists candidates as added */
		for (size_t i = 0; i < dl.n; i++)
			complete_entry(c, dir, dl.v[i], cand, dirs_only);
		dirlist_free(&dl);
	}
	kfree(buf);
}

/* ls, cat, info, run: the one argument is a path. An empty word starts at
 * "/" (relative paths are taken from "/", but absolute ones read better). */
static void complete_file_arg(struct shell_completion *c, int argc, char **argv)
{
	if (argc != 1)
		return;
	if (c->word_len == 0)
		shell_complete_add(c, "/");
	else
		complete_path(c, false);
}

/* load <addr> <file>: the second argument. */
static void complete_load(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 2)
		complete_file_arg(c, 1, argv);
}

static void add_bdev(struct blockdev *bdev, void *ctx)
{
	shell_complete_add(ctx, bdev->name);
}

static void add_mount(const struct vfs_mount_info *mi, void *ctx)
{
	shell_complete_add(ctx, mi->path);
}

/* mount <blockdev> <dir> */
static void complete_mount(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		blockdev_for_each(add_bdev, c);
	else if (argc == 2 && c->word_len == 0)
		shell_complete_add(c, "/");
	else if (argc == 2)
		complete_path(c, true);
}

/* umount <mount point> */
static void complete_umount(struct shell_completion *c, int argc, char **argv)
{
	if (argc == 1)
		vfs_for_each_mount(add_mount, c);
}

/* ------------------------------------------------------------ the table */

static const struct shell_cmd vfs_sub[] = {
	{ .name = "mount", .args = "<blockdev> <path>",
	  .summary = "Mount the filesystem on a block device at a directory",
	  .help = "The first mount goes on \"/\"; later ones on an existing directory.\n"
		  "Examples:\n  vfs mount initrd /\n  vfs mount vda1 /data",
	  .exec = cmd_vfs_mount, .complete = complete_mount },
	{ .name = "umount", .args = "<path>", .summary = "Unmount a filesystem",
	  .help = "Fails while files of it are in use or another filesystem is\n"
		  "mounted below it.\nExamples:\n  vfs umount /data",
	  .exec = cmd_vfs_umount, .complete = complete_umount },
	{ .name = "mplist", .summary = "List mount points, their devices and filesystems",
	  .help = "Examples:\n  vfs mplist", .exec = cmd_vfs_mplist },
	{ .name = "fslist", .summary = "List the filesystem types Keel can mount",
	  .help = "Examples:\n  vfs fslist", .exec = cmd_vfs_fslist },
	{ .name = "ls", .args = "[path]", .summary = "List a directory (default \"/\")",
	  .help = "One line per entry: type (d directory, - file, l symlink), size in\n"
		  "bytes, name, and the target of a symlink. Sorted by name.\n"
		  "Examples:\n  vfs ls\n  vfs ls /system",
	  .exec = cmd_vfs_ls, .complete = complete_file_arg },
	{ .name = "cat", .args = "<file>", .summary = "Print a file on the console",
	  .help = "Examples:\n  vfs cat /system/banner.txt",
	  .exec = cmd_vfs_cat, .complete = complete_file_arg },
	{ .name = "info", .args = "<path>",
	  .summary = "Type, size, inode, links, mode, times of a file (symlinks: target)",
	  .help = "A symlink is described itself, not followed.\n"
		  "Examples:\n  vfs info /boot.xscript\n  vfs info /system",
	  .exec = cmd_vfs_info, .complete = complete_file_arg },
	{ .name = "run", .args = "<script>", .summary = "Run an xscript (shell commands, one a line)",
	  .help = "'#' starts a comment, ';' separates commands, the first failing\n"
		  "command stops the script unless it said 'onerror continue'.\n"
		  "Scripts may run scripts, 8 levels deep.\n"
		  "Examples:\n  vfs run /boot.xscript",
	  .exec = cmd_vfs_run, .complete = complete_file_arg },
	{ .name = "load", .args = "<addr> <file> [offset] [len]",
	  .summary = "Copy a file (or part of it) into guest memory at a host address",
	  .help = "addr is a host physical address inside memory allocated to a guest;\n"
		  "anything else (free or Keel's memory, reservations) is refused.\n"
		  "Numbers take 0x and K/M/G suffixes.\n"
		  "Examples:\n  vfs load 0x90000000 /images/Image\n"
		  "  vfs load 0x90000000 /disk.img 1M 64K",
	  .exec = cmd_vfs_load, .complete = complete_load },
	/* device-tree blobs from files: core/devtree_load.c */
	DEVTREE_VFS_GUEST_FDT_LOAD_CMD,
	DEVTREE_VFS_FDT_LOAD_CMD,
	{ .name = "guest_load_list", .args = "<guest> <list>", .exec = cmd_vfs_guest_load_list,
	  .summary = "Load the images a list names into a guest's memory",
	  .help = "Each line of the list is '<guest address> <file>'; files are relative\n"
		  "to the list's folder; '#' starts a comment. Example:\n"
		  "  vfs guest_load_list guest0 /images/riscv/virt64/nor_flash.list" },
	{ 0 }
};

SHELL_COMMAND(vfs) = {
	.name = "vfs",
	.summary = "Filesystems: mount, list, print, run scripts, load files",
	.sub = vfs_sub,
};
