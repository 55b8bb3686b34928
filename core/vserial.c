/* Virtual serial ports: guest UART output to the console (when bound) and
 * to a ring buffer (always, for `vserial dump`); console input to the bound
 * port. The console thread binds with `vserial bind` and returns to the
 * shell on the escape key (Ctrl-]). */
#include <keel/console.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/list.h>
#include <keel/printk.h>
#include <keel/ringbuf.h>
#include <keel/spinlock.h>
#include <keel/string.h>
#include <keel/vserial.h>
#include "vserial_internal.h"

#define VSERIAL_LOG_SIZE	4096
#define VSERIAL_IN_SIZE		256

static LIST_HEAD(ports);
static DEFINE_SPINLOCK(ports_lock);
static struct vserial *bound;

struct vserial *vserial_create(const char *name, vserial_rx_t rx, void *ctx)
{
	struct vserial *vs;
	unsigned long flags;

	if (strlen(name) >= sizeof(vs->name) || vserial_find(name))
		return NULL;
	vs = kzalloc(sizeof(*vs));
	if (!vs)
		return NULL;
	strlcpy(vs->name, name, sizeof(vs->name));
	vs->rx = rx;
	vs->ctx = ctx;
	spin_lock_init(&vs->lock);
	ringbuf_init(&vs->log, vs->log_storage, sizeof(vs->log_storage));
	ringbuf_init(&vs->in, vs->in_storage, sizeof(vs->in_storage));
	flags = spin_lock_irqsave(&ports_lock);
	list_add_tail(&vs->node, &ports);
	spin_unlock_irqrestore(&ports_lock, flags);
	return vs;
}

void vserial_destroy(struct vserial *vs)
{
	unsigned long flags = spin_lock_irqsave(&ports_lock);

	if (bound == vs)
		bound = NULL;
	list_del(&vs->node);
	spin_unlock_irqrestore(&ports_lock, flags);
	kfree(vs);
}

struct vserial *vserial_find(const char *name)
{
	unsigned long flags = spin_lock_irqsave(&ports_lock);
	struct vserial *vs, *found = NULL;

	list_for_each_entry(vs, &ports, node)
		if (!strcmp(vs->name, name))
			found = vs;
	spin_unlock_irqrestore(&ports_lock, flags);
	return found;
}

struct vserial *vserial_find_prefix(const char *prefix)
{
	unsigned long flags = spin_lock_irqsave(&ports_lock);
	struct vserial *vs, *found = NULL;
	size_t n = strlen(prefix);

	list_for_each_entry(vs, &ports, node)
		if (!found && !strncmp(vs->name, prefix, n))
			found = vs;
	spin_unlock_irqrestore(&ports_lock, flags);
	return found;
}

void vserial_for_each(void (*fn)(struct vserial *vs, void *ctx), void *ctx)
{
	unsigned long flags = spin_lock_irqsave(&ports_lock);
	struct vserial *vs;

	list_for_each_entry(vs, &ports, node)
		fn(vs, ctx);
	spin_unlock_irqrestore(&ports_lock, flags);
}

void vserial_output(struct vserial *vs, const char *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&vs->lock);

	vs->tx_bytes += n;
	if (READ_ONCE(bound) == vs) {
		console_write(buf, n);
		vs->seen = vs->tx_bytes;
	}
	ringbuf_put_overwrite(&vs->log, buf, n);
	spin_unlock_irqrestore(&vs->lock, flags);
}

/* Push buffered console input into the emulator as far as it takes it. */
static void feed(struct vserial *vs)
{
	char chunk[32];
	size_t n;

	while ((n = ringbuf_count(&vs->in))) {
		size_t taken;

		n = MIN(n, sizeof(chunk));
		ringbuf_get(&vs->in, chunk, n);
		taken = vs->rx(vs->ctx, chunk, n);
		vs->rx_bytes += taken;
		if (taken < n) {
			/* Put back what the emulator could not take, in order. */
			char rest[VSERIAL_IN_SIZE];
			size_t left = ringbuf_get(&vs->in, rest, sizeof(rest));

			ringbuf_reset(&vs->in);
			ringbuf_put(&vs->in, chunk + taken, n - taken);
			ringbuf_put(&vs->in, rest, left);
			return;
		}
	}
}

void vserial_input(struct vserial *vs, const char *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&vs->lock);

	ringbuf_put(&vs->in, buf, n);
	feed(vs);
	spin_unlock_irqrestore(&vs->lock, flags);
}

void vserial_rx_ready(struct vserial *vs)
{
	unsigned long flags = spin_lock_irqsave(&vs->lock);

	feed(vs);
	spin_unlock_irqrestore(&vs->lock, flags);
}

void vserial_set_bound(struct vserial *vs)
{
	WRITE_ONCE(bound, vs);
}

/* Print what the guest wrote since it was last shown (bind) or everything
 * kept (dump). */
void vserial_print_log(struct vserial *vs, bool unseen_only)
{
	char buf[VSERIAL_LOG_SIZE];
	unsigned long flags = spin_lock_irqsave(&vs->lock);
	size_t n = ringbuf_count(&vs->log), skip = 0;

	ringbuf_get(&vs->log, buf, n);
	ringbuf_put(&vs->log, buf, n);
	/* Only what a bind shows counts as seen: a dump leaves it for the
	 * next bind. */
	if (unseen_only) {
		uint64_t unseen = vs->tx_bytes - vs->seen;

		skip = unseen < n ? n - unseen : 0;
		vs->seen = vs->tx_bytes;
	}
	spin_unlock_irqrestore(&vs->lock, flags);
	console_write(buf + skip, n - skip);
}
