/* vserial internals shared with its shell commands. */
#ifndef CORE_VSERIAL_INTERNAL_H
#define CORE_VSERIAL_INTERNAL_H

#include <keel/list.h>
#include <keel/ringbuf.h>
#include <keel/spinlock.h>
#include <keel/vserial.h>

#define VSERIAL_ESCAPE	0x1d	/* Ctrl-] */

struct vserial {
	char name[48];
	struct list_head node;
	spinlock_t lock;
	vserial_rx_t rx;
	void *ctx;
	struct ringbuf log;		/* guest output, newest kept */
	struct ringbuf in;		/* console input not yet taken */
	char log_storage[4096];
	char in_storage[256];
	uint64_t tx_bytes, rx_bytes;
	uint64_t seen;			/* tx_bytes already shown on the console */
};

struct vserial *vserial_find(const char *name);
struct vserial *vserial_find_prefix(const char *prefix);
void vserial_for_each(void (*fn)(struct vserial *vs, void *ctx), void *ctx);
void vserial_input(struct vserial *vs, const char *buf, size_t n);
void vserial_set_bound(struct vserial *vs);
void vserial_print_log(struct vserial *vs, bool unseen_only);

#endif
