/* Loading guest images into guest memory from the VFS: single files and
 * xvisor-style lists (one "<guest address> <file>" per line, files relative
 * to the list's folder, '#' comments). Every load is bounds-checked against
 * the guest's real regions. */
#include <keel/ctype.h>
#include <keel/errno.h>
#include <keel/guest.h>
#include <keel/guest_load.h>
#include <keel/heap.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/shell.h>
#include <keel/string.h>
#include <keel/vfs.h>
#include <keel/cmdline.h>

#define LOAD_CHUNK	(64 * 1024)
#define LIST_MAX	(16 * 1024)

int guest_load_file(struct guest *g, uint64_t gpa, const char *path, uint64_t *loaded)
{
	struct vfs_stat st;
	void *buf;
	int ret = vfs_stat(path, &st);

	if (ret)
		return shell_error(ret, "%s: %s", path, strerror(ret));
	if (st.type != VFS_TYPE_FILE)
		return shell_error(-EISDIR, "%s: not a regular file", path);
	/* One real region must hold the whole image (ROM included). */
	if (!guest_gpa_to_hva(g, gpa, st.size ? st.size : 1, false))
		return shell_error(-EFAULT, "%s: %llu bytes at 0x%llx do not fit in %s's memory",
				   path, (unsigned long long)st.size, (unsigned long long)gpa, g->name);
	buf = kmalloc(LOAD_CHUNK);
	if (!buf)
		return -ENOMEM;
	for (uint64_t off = 0; off < st.size && !ret; off += LOAD_CHUNK) {
		int64_t n = vfs_read(path, off, buf, LOAD_CHUNK);

		if (n <= 0)
			ret = n ? (int)n : -EIO;
		else
			ret = guest_memory_write(g, gpa + off, buf, (size_t)n);
	}
	kfree(buf);
	if (ret)
		return shell_error(ret, "%s: loading at 0x%llx failed: %s", path,
				   (unsigned long long)gpa, strerror(ret));
	*loaded = st.size;
	return 0;
}

/* "dir/of/list" + "file" → "dir/of/file"; absolute names stay as they are. */
static void join_path(char *out, size_t size, const char *list, const char *file)
{
	const char *slash = strrchr(list, '/');

	if (file[0] == '/' || !slash)
		strlcpy(out, file, size);
	else
		snprintf(out, size, "%.*s/%s", (int)(slash - list), list, file);
}

static int load_line(struct guest *g, const char *list, char *line, unsigned int lineno)
{
	char *argv[3], path[VFS_PATH_MAX];
	uint64_t gpa, loaded;
	int argc = cmdline_split(line, argv, 3);
	int ret;

	if (argc == 0 || argv[0][0] == '#')
		return 0;
	if (argc != 2 || parse_u64(argv[0], &gpa))
		return shell_error(-EINVAL, "%s:%u: expected '<guest address> <file>'", list, lineno);
	join_path(path, sizeof(path), list, argv[1]);
	ret = guest_load_file(g, gpa, path, &loaded);
	if (!ret)
		printk("%s: loaded %s (%llu bytes) at 0x%llx\n", g->name, path,
		       (unsigned long long)loaded, (unsigned long long)gpa);
	return ret;
}

int guest_load_list(struct guest *g, const char *list)
{
	void *data;
	size_t len;
	char *text, *line, *cursor;
	unsigned int lineno = 0;
	int ret = vfs_read_file(list, &data, &len, LIST_MAX);

	if (ret)
		return shell_error(ret, "%s: %s", list, strerror(ret));
	text = kmalloc(len + 1);
	if (!text) {
		kfree(data);
		return -ENOMEM;
	}
	memcpy(text, data, len);
	text[len] = '\0';
	kfree(data);
	cursor = text;
	while (!ret && cursor) {
		line = cursor;
		cursor = strchr(cursor, '\n');
		if (cursor)
			*cursor++ = '\0';
		lineno++;
		ret = load_line(g, list, line, lineno);
	}
	kfree(text);
	return ret;
}

int cmd_vfs_guest_load_list(int argc, char **argv)
{
	struct guest *g;

	if (argc != 3)
		return -EINVAL;
	g = guest_find(argv[1]);
	if (!g)
		return shell_error(-ENOENT, "no guest '%s' (create it first)", argv[1]);
	return guest_load_list(g, argv[2]);
}
