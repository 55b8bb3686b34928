/* Loading guest images from the VFS into guest memory. Thread context. */
#ifndef KEEL_GUEST_LOAD_H
#define KEEL_GUEST_LOAD_H

#include <keel/types.h>

struct guest;

/* Copy a file to guest physical gpa; *loaded = its size. Errors are printed. */
int guest_load_file(struct guest *g, uint64_t gpa, const char *path, uint64_t *loaded);
/* Load every "<guest address> <file>" line of a list file; files are
 * relative to the list's folder. Stops at the first error (printed). */
int guest_load_list(struct guest *g, const char *list);
/* Shell: vfs guest_load_list <guest> <list>. */
int cmd_vfs_guest_load_list(int argc, char **argv);

#endif
