/* Keel's live device tree.
 *
 * At boot devtree_init() copies the host FDT into a heap buffer and adds a
 * /guests node; from then on this copy is the device tree Keel reads and
 * edits (`devtree ...` commands) and the place where guest configurations
 * land (`vfs guest_fdt_load`, `vfs fdt_load`). The blob grows by
 * reallocation when libfdt runs out of room, so:
 *   - never keep devtree_blob() or a node offset across an unlock or a write;
 *   - short reads: devtree_lock(), use devtree_blob(), devtree_unlock();
 *   - long reads (printing): devtree_copy(), read the copy, kfree() it;
 *   - writes: the devtree_*() write functions below take the lock themselves.
 * The lock is an irqsave spinlock taken before the heap's locks; never call
 * a devtree function with it held.
 *
 * Errors are negative errno codes: -ENOENT no such node, -ENODATA no such
 * attribute, -EEXIST node exists, -EINVAL bad name/value/blob, -ENOSPC the
 * tree would pass DEVTREE_MAX_SIZE, -ENOMEM heap exhausted, -ENODEV
 * devtree_init() has not run. */
#ifndef KEEL_DEVTREE_H
#define KEEL_DEVTREE_H

#include <keel/types.h>

#define DEVTREE_GUESTS		"guests"	/* node under / for guest configs */
#define DEVTREE_MAX_SIZE	(4u << 20)	/* largest live tree, bytes */
#define DEVTREE_LOAD_MAX	(1u << 20)	/* largest guest-config DTB, bytes */
#define DEVTREE_MAX_DEPTH	32		/* node nesting accepted */
#define DEVTREE_NAME_MAX	63		/* characters in a node/attr name */
#define DEVTREE_VALUE_MAX	1024		/* bytes of one encoded shell value */
#define DEVTREE_GUEST_NAME_MAX	32	/* as GUEST_NAME_MAX, with the NUL */
#define DEVTREE_MAX_VCPUS	8		/* vCPUs made from a vcpu_template (GUEST_MAX_VCPUS) */

/* ------------------------------------------------------------ live tree */

/* Create the live tree: a heap copy of host_fdt with room to grow and a
 * /guests node. Replaces (and frees) a previous live tree. Boot, after the
 * heap is up. Returns 0, -EINVAL (host_fdt is not a valid blob), -ENOMEM. */
int devtree_init(const void *host_fdt);

/* The live blob (NULL before devtree_init()). Only valid while the caller
 * holds devtree_lock(): a write may move it. */
void *devtree_blob(void);

/* Take / release the live tree's lock (irqsave). Do not sleep, print much,
 * or call devtree functions other than devtree_blob() while holding it. */
unsigned long devtree_lock(void);
void devtree_unlock(unsigned long flags);

/* A private copy of the whole live tree (kmalloc; the caller kfree()s it),
 * its size in *size when size is not NULL. Thread context. NULL when out of
 * memory or before devtree_init(). */
void *devtree_copy(size_t *size);

/* Copy of the value of attribute name of the node at path: *val is a
 * kmalloc buffer of *len bytes (NULL when len is 0) that the caller frees.
 * Returns 0, -ENOENT, -ENODATA, -ENOMEM. Thread context. */
int devtree_getprop(const char *path, const char *name, void **val, int *len);

/* Set (create or replace) an attribute. Returns 0, -ENOENT, -EINVAL (bad
 * name), -ENOSPC, -ENOMEM. Thread context. */
int devtree_setprop(const char *path, const char *name, const void *val, int len);

/* Delete an attribute. Returns 0, -ENOENT (node), -ENODATA (attribute). */
int devtree_delprop(const char *path, const char *name);

/* Add an empty node parent/name. Returns 0, -ENOENT (parent), -EEXIST,
 * -EINVAL (bad name), -ENOSPC, -ENOMEM. Thread context. */
int devtree_add_node(const char *parent, const char *name);

/* Delete the node at path and its subtree. Returns 0, -ENOENT, -EPERM
 * (the root node). Thread context. */
int devtree_del_node(const char *path);

/* Copy node src_node of blob src (and its subtree) into the live tree as
 * parent/name, all or nothing. src must not be the live blob. Returns 0,
 * -ENOENT (parent), -EEXIST (parent/name exists), or an error of
 * devtree_buf_copy_node(). Thread context. */
int devtree_graft(const char *parent, const char *name, const void *src,
		  int src_node);

#ifdef UNIT_TEST
/* Free the live tree (back to the state before devtree_init()). */
void devtree_free(void);
#endif

/* ------------------------------------------------------------ values */

/* Attribute types of `devtree attr set` and of load overrides (xvisor's
 * names). Numbers are stored big-endian: uint32 as one cell each, the
 * 64-bit types as two cells each. */
enum devtree_type {
	DEVTREE_STRING,		/* one or more strings, each NUL-terminated */
	DEVTREE_UINT32,
	DEVTREE_UINT64,
	DEVTREE_PHYSADDR,
	DEVTREE_PHYSSIZE,
	DEVTREE_VIRTADDR,
	DEVTREE_VIRTSIZE,
	DEVTREE_BYTES,		/* hex bytes: "de", "0xad", "beef" */
	DEVTREE_EMPTY,		/* no value (a flag such as "poweroff") */
	DEVTREE_NR_TYPES
};

#define DEVTREE_TYPE_LIST \
	"string, uint32, uint64, physaddr, physsize, virtaddr, virtsize, bytes, empty"

/* The type called name, or -EINVAL. */
int devtree_type_parse(const char *name);

/* The name of type t ("?" when out of range). */
const char *devtree_type_name(int t);

/* Encode argc words as an attribute value of type t into buf (size bytes).
 * Returns the value's length, or: -ENODATA no word for a type that needs
 * one; -EINVAL argv[*bad] is not a valid value of the type (for
 * DEVTREE_EMPTY: a word was given); -ERANGE argv[*bad] is too large for the
 * type; -E2BIG the value does not fit in size bytes. Any context. */
int devtree_value_encode(int t, int argc, char **argv, void *buf, size_t size,
			 int *bad);

/* Format the message for an error of devtree_value_encode() (err, *bad)
 * into buf, e.g. "'0xZZ' is not a valid uint32 value". Returns buf. */
const char *devtree_value_error(char *buf, size_t size, int err, int t,
				char **argv, int bad);

/* True if name is acceptable as a node name (node) or an attribute name:
 * 1..DEVTREE_NAME_MAX characters of [A-Za-z0-9,._+@-] (attributes may also
 * use '#' and '?'; '@' only in node names). */
bool devtree_name_valid(const char *name, bool node);

/* ------------------------------------------------------------ blobs */

/* Check that the len bytes at fdt hold a complete, well-formed blob: the
 * header (version >= 17; blocks aligned, in dtc's order, not overlapping;
 * a terminated memory reservation map), totalsize <= len, a single root
 * node, balanced nodes no deeper than DEVTREE_MAX_DEPTH, every node and
 * attribute name in bounds and valid (devtree_name_valid()). Returns 0 or
 * -EINVAL with *why (when why is not NULL) set to a short reason. Any
 * context. */
int devtree_fdt_check(const void *fdt, size_t len, const char **why);

/* The negative errno code for a libfdt error (-FDT_ERR_*). */
int devtree_errno(int fdt_err);

/* A blob in a heap buffer that grows (up to DEVTREE_MAX_SIZE) when an
 * operation needs room. Not locked: the owner serializes its users (the
 * live tree's is used under devtree_lock()). Any context that may kmalloc. */
struct devtree_buf {
	void *fdt;
	size_t size;		/* bytes allocated (== fdt_totalsize(fdt)) */
};

/* Open a copy of blob src with extra free bytes. Returns 0, -EINVAL,
 * -ENOSPC, -ENOMEM. */
int devtree_buf_open(struct devtree_buf *b, const void *src, size_t extra);

/* Reallocate with room for at least need more bytes. Returns 0, -ENOSPC,
 * -ENOMEM (b unchanged on error). */
int devtree_buf_grow(struct devtree_buf *b, size_t need);

/* Free the buffer (b->fdt = NULL). */
void devtree_buf_free(struct devtree_buf *b);

/* fdt_add_subnode() / fdt_setprop() growing b as needed. Return the new
 * node's offset (add_subnode) or 0 (setprop), or a negative errno code. */
int devtree_buf_add_subnode(struct devtree_buf *b, int parent, const char *name);
int devtree_buf_setprop(struct devtree_buf *b, int node, const char *name,
			const void *val, int len);

/* Copy node src_node of src (attributes and subtree, in order) as a new
 * child name of parent in b. src must not be b's blob. On error nothing is
 * left behind. Returns the new node's offset, -EEXIST (parent has a child
 * name), -EINVAL (src has two children of one name below src_node, or is
 * deeper than DEVTREE_MAX_DEPTH), -E2BIG (a node with more than 4096
 * attributes or children), -ENOSPC or -ENOMEM. */
int devtree_buf_copy_node(struct devtree_buf *b, int parent, const char *name,
			  const void *src, int src_node);

/* Print an attribute value in dts syntax ("a", "b" / <0x1 0x2> / [de ad])
 * (core/fdt_print.c). */
void fdt_print_value(const void *val, int len);

/* ------------------------------------------------------------ loading */

/* What to load (core/devtree_load.c). */
struct devtree_load_args {
	const char *parent;	/* devtree path of the parent ("/guests") */
	const char *name;	/* name of the new node ("guest0") */
	const char *source;	/* where the blob came from, for messages */
	unsigned int vcpus;	/* > 0: build vcpus/vcpu0.. from vcpu_template */
	int argc;		/* overrides: "<alias>,<attr>,<type>,<value>" */
	char **overrides;
};

/* Load the device tree blob dtb (len bytes, untrusted) as a->parent/a->name:
 * check it, copy its root node, apply the overrides to the copy (alias: an
 * entry of the blob's /aliases, else a path from the blob's root), make the
 * vCPU nodes when a->vcpus > 0, then add it to the live tree, all or
 * nothing. Errors are reported with shell_error(). Shell thread. Returns 0
 * or a negative errno code. */
int devtree_load_dtb(const struct devtree_load_args *a, const void *dtb, size_t len);

/* `vfs guest_fdt_load <guest> <file> <vcpus> [override...]`: load file from
 * the VFS as /guests/<guest> with vcpus vCPU nodes (vcpu0 powered on, the
 * others as the template says). Shell thread. Returns 0 or -errno. */
int devtree_load_guest(const char *guest, const char *file, unsigned int vcpus,
		       int argc, char **overrides);

/* `vfs fdt_load <path> <name> <file> [override...]`: load file from the VFS
 * as <path>/<name>. Shell thread. Returns 0 or -errno. */
int devtree_load_at(const char *path, const char *name, const char *file,
		    int argc, char **overrides);

/* Shell exec functions of the two `vfs` sub-commands (argv[0] = the
 * sub-command's name). Plug them into the vfs command's sub-command array
 * with the entries below, e.g.
 *	static const struct shell_cmd vfs_sub[] = {
 *		...
 *		DEVTREE_VFS_GUEST_FDT_LOAD_CMD,
 *		DEVTREE_VFS_FDT_LOAD_CMD,
 *		{ 0 }
 *	};                                                                  */
int devtree_cmd_guest_fdt_load(int argc, char **argv);
int devtree_cmd_fdt_load(int argc, char **argv);

#define DEVTREE_VFS_GUEST_FDT_LOAD_CMD {					\
	.name = "guest_fdt_load",						\
	.args = "<guest> <file.dtb> <vcpus> [<alias>,<attr>,<type>,<value>]...", \
	.summary = "Load a guest configuration (DTB) as /guests/<guest>",	\
	.help = "Copies the DTB's root node to /guests/<guest>, applies the\n"	\
		"overrides, then makes vcpus/vcpu0..vcpu<N-1> from the DTB's\n"	\
		"vcpu_template node (vcpu0 powered on). <alias> is an entry of\n" \
		"the DTB's /aliases or a path from its root (aspace/mem0);\n"	\
		"<type> is one of " DEVTREE_TYPE_LIST ".\n"			\
		"Example:\n"							\
		"  vfs guest_fdt_load guest0 /images/riscv/virt64-guest.dtb 2"	\
		" mem0,physical_size,physsize,0x08000000",			\
	.exec = devtree_cmd_guest_fdt_load,					\
}

#define DEVTREE_VFS_FDT_LOAD_CMD {						\
	.name = "fdt_load",							\
	.args = "<devtree path> <name> <file.dtb> [<alias>,<attr>,<type>,<value>]...", \
	.summary = "Load a DTB file into the device tree as <path>/<name>",	\
	.help = "Copies the DTB's root node to <devtree path>/<name> and\n"	\
		"applies the overrides (as for guest_fdt_load).\n"		\
		"Example:\n"							\
		"  vfs fdt_load /guests guest1 /images/riscv/virt64-guest.dtb"	\
		" mem0,physical_size,physsize,64M",				\
	.exec = devtree_cmd_fdt_load,						\
}

#endif
