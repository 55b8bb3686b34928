/* Lock-free single-producer/single-consumer byte ring (<keel/ringbuf.h>).
 *
 * Ordering: the producer fills slots and only then publishes the new head;
 * the consumer reads slots and only then publishes the new tail. Each side
 * reads the other's index before touching the slots it guards, with full
 * barriers (smp_mb) on both sides of the data copy. */
#include <keel/ringbuf.h>
#include <keel/compiler.h>
#include <keel/string.h>
#include <arch/barrier.h>

void ringbuf_init(struct ringbuf *rb, void *storage, size_t size)
{
	while (size & (size - 1))
		size &= size - 1;	/* keep only the highest set bit */
	rb->data = storage;
	rb->size = size;
	rb->head = 0;
	rb->tail = 0;
}

/* Copy n bytes in at free-running index pos, wrapping at the end. */
static void copy_in(struct ringbuf *rb, size_t pos, const unsigned char *src,
		    size_t n)
{
	size_t off = pos & (rb->size - 1);
	size_t first = MIN(n, rb->size - off);

	memcpy(rb->data + off, src, first);
	memcpy(rb->data, src + first, n - first);
}

static void copy_out(const struct ringbuf *rb, size_t pos, unsigned char *dst,
		     size_t n)
{
	size_t off = pos & (rb->size - 1);
	size_t first = MIN(n, rb->size - off);

	memcpy(dst, rb->data + off, first);
	memcpy(dst + first, rb->data, n - first);
}

size_t ringbuf_put(struct ringbuf *rb, const void *data, size_t n)
{
	size_t head = rb->head;
	size_t tail = READ_ONCE(rb->tail);

	n = MIN(n, rb->size - (head - tail));
	if (!n)
		return 0;
	smp_mb();	/* the consumer is done with these slots (tail read) */
	copy_in(rb, head, data, n);
	smp_mb();	/* the bytes are visible before the head that covers them */
	WRITE_ONCE(rb->head, head + n);
	return n;
}

size_t ringbuf_put_overwrite(struct ringbuf *rb, const void *data, size_t n)
{
	const unsigned char *src = data;
	size_t space = rb->size - (rb->head - rb->tail);

	if (n > rb->size) {
		src += n - rb->size;
		n = rb->size;
	}
	if (n > space)
		WRITE_ONCE(rb->tail, rb->tail + (n - space));
	return ringbuf_put(rb, src, n);
}

size_t ringbuf_get(struct ringbuf *rb, void *out, size_t n)
{
	size_t tail = rb->tail;
	size_t head = READ_ONCE(rb->head);

	n = MIN(n, head - tail);
	if (!n)
		return 0;
	smp_mb();	/* read the head before the bytes it publishes */
	copy_out(rb, tail, out, n);
	smp_mb();	/* finish reading before the producer may reuse the slots */
	WRITE_ONCE(rb->tail, tail + n);
	return n;
}

int ringbuf_getc(struct ringbuf *rb)
{
	unsigned char c;

	return ringbuf_get(rb, &c, 1) ? c : -1;
}

/* Tail first: head can only have grown since, so the difference is never
 * negative; the clamp covers a consumer and producer both moving meanwhile. */
size_t ringbuf_count(const struct ringbuf *rb)
{
	size_t tail = READ_ONCE(rb->tail);
	size_t head = READ_ONCE(rb->head);

	return MIN(head - tail, rb->size);
}

size_t ringbuf_space(const struct ringbuf *rb)
{
	return rb->size - ringbuf_count(rb);
}

bool ringbuf_empty(const struct ringbuf *rb)
{
	return ringbuf_count(rb) == 0;
}

void ringbuf_reset(struct ringbuf *rb)
{
	WRITE_ONCE(rb->tail, READ_ONCE(rb->head));
}
