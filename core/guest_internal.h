/* Shared by core/guest*.c. */
#ifndef CORE_GUEST_INTERNAL_H
#define CORE_GUEST_INTERNAL_H

#include <keel/guest.h>

/* Allocate and map real regions, map aliases, probe emulators. */
int guest_regions_create(struct guest *g, char *err, size_t err_size);
/* Remove every emulator: devices first, interrupt controllers last. */
void guest_regions_remove_devices(struct guest *g);
/* Free the memory of real regions; devices must be removed first. */
void guest_regions_free_memory(struct guest *g);
/* Reset every emulator. */
void guest_regions_reset(struct guest *g);

#endif
