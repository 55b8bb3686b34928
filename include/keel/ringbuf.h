/* Byte ring buffer over caller-provided storage (lib/ringbuf.c), used for
 * console input queues and output logs.
 *
 * Concurrency: one producer (put) and one consumer (get, getc, reset) may
 * run at the same time on different CPUs without a lock. The indices run
 * freely and are reduced modulo the power-of-two size when used, so a full
 * buffer holds exactly size bytes. ringbuf_put_overwrite() moves the read
 * index too, so the caller must exclude the consumer (and other producers)
 * with a lock around it and around ringbuf_get()/ringbuf_getc(). */
#ifndef KEEL_RINGBUF_H
#define KEEL_RINGBUF_H

#include <keel/types.h>

struct ringbuf {
	unsigned char *data;
	size_t size;		/* capacity in bytes, a power of two (or 0) */
	size_t head;		/* free-running write index: producer only */
	size_t tail;		/* free-running read index: consumer only */
};

/* Make rb an empty buffer over storage. size should be a power of two; any
 * other value is rounded down to one (0 gives a buffer that holds nothing).
 * Call before rb is shared. */
void ringbuf_init(struct ringbuf *rb, void *storage, size_t size);

/* Producer: append up to n bytes of data, as many as fit. Returns the number
 * of bytes stored (0 when full). */
size_t ringbuf_put(struct ringbuf *rb, const void *data, size_t n);

/* Append n bytes, dropping the oldest buffered bytes to make room; when n
 * exceeds the capacity only the last size bytes of data are kept. Needs
 * external locking against every other user of rb (see above). Returns the
 * number of bytes stored, min(n, size). */
size_t ringbuf_put_overwrite(struct ringbuf *rb, const void *data, size_t n);

/* Consumer: remove up to n bytes, oldest first, into out. Returns the number
 * of bytes removed (0 when empty). */
size_t ringbuf_get(struct ringbuf *rb, void *out, size_t n);

/* Consumer: remove one byte. Returns it (0..255), or -1 when empty. */
int ringbuf_getc(struct ringbuf *rb);

/* Bytes buffered / bytes free. Exact for the producer or consumer; a
 * snapshot for anyone else. */
size_t ringbuf_count(const struct ringbuf *rb);
size_t ringbuf_space(const struct ringbuf *rb);

/* True when nothing is buffered (same accuracy as ringbuf_count()). */
bool ringbuf_empty(const struct ringbuf *rb);

/* Consumer: discard everything buffered. Moves only the read index, so it
 * is safe against a concurrent producer. */
void ringbuf_reset(struct ringbuf *rb);

#endif
