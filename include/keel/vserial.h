/* Virtual serial ports: the console side of guest UART emulators. A port
 * is named "<guest>/<device>" (guest0/uart0). Output from the guest goes to
 * the console while the port is bound, and into a ring buffer always (for
 * `vserial dump`); console input goes to the bound port's receiver. */
#ifndef KEEL_VSERIAL_H
#define KEEL_VSERIAL_H

#include <keel/types.h>

struct vserial;

/* Called with bytes typed on the console for this port. Return how many
 * were accepted (a full RX FIFO may take fewer). Any context. */
typedef size_t (*vserial_rx_t)(void *ctx, const char *buf, size_t n);

/* Create a port. Thread context. NULL if the name exists or no memory. */
struct vserial *vserial_create(const char *name, vserial_rx_t rx, void *ctx);
void vserial_destroy(struct vserial *vs);
/* The emulator wrote bytes (guest output). Any context. */
void vserial_output(struct vserial *vs, const char *buf, size_t n);
/* The emulator can take input again (e.g. its RX FIFO drained). */
void vserial_rx_ready(struct vserial *vs);

#endif
