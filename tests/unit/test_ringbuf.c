/* Host unit tests for lib/ringbuf.c: capacity rounding, full/empty, order
 * across wrap-around (also of the free-running indices), overwrite mode,
 * reset, and a two-thread producer/consumer run of the lock-free path. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>

#include <keel/ringbuf.h>
#include <keel/string.h>

/* 16-byte ring with guard bytes around it to catch stray writes. */
struct fixture {
	unsigned char guard_lo[16];
	unsigned char storage[16];
	unsigned char guard_hi[16];
	struct ringbuf rb;
};

static struct fixture fx;

static int setup(void **state)
{
	memset(&fx, 0xee, sizeof(fx));
	ringbuf_init(&fx.rb, fx.storage, sizeof(fx.storage));
	*state = &fx.rb;
	return 0;
}

static int check_guards(void **state)
{
	for (size_t i = 0; i < 16; i++) {
		assert_int_equal(fx.guard_lo[i], 0xee);
		assert_int_equal(fx.guard_hi[i], 0xee);
	}
	return 0;
}

static void test_init_rounds_to_power_of_two(void **state)
{
	unsigned char store[100];
	struct ringbuf rb;

	ringbuf_init(&rb, store, sizeof(store));
	assert_int_equal(ringbuf_space(&rb), 64);
	ringbuf_init(&rb, store, 1);
	assert_int_equal(ringbuf_space(&rb), 1);
	assert_int_equal(ringbuf_put(&rb, "ab", 2), 1);
	assert_int_equal(ringbuf_getc(&rb), 'a');

	ringbuf_init(&rb, NULL, 0);		/* holds nothing, never touches storage */
	assert_int_equal(ringbuf_space(&rb), 0);
	assert_true(ringbuf_empty(&rb));
	assert_int_equal(ringbuf_put(&rb, "ab", 2), 0);
	assert_int_equal(ringbuf_put_overwrite(&rb, "ab", 2), 0);
	assert_int_equal(ringbuf_getc(&rb), -1);
}

static void test_empty(void **state)
{
	struct ringbuf *rb = *state;
	unsigned char out[4];

	assert_true(ringbuf_empty(rb));
	assert_int_equal(ringbuf_count(rb), 0);
	assert_int_equal(ringbuf_space(rb), 16);
	assert_int_equal(ringbuf_get(rb, out, sizeof(out)), 0);
	assert_int_equal(ringbuf_getc(rb), -1);
	assert_int_equal(ringbuf_put(rb, "x", 0), 0);
	assert_true(ringbuf_empty(rb));
}

static void test_put_get(void **state)
{
	struct ringbuf *rb = *state;
	char out[8] = { 0 };

	assert_int_equal(ringbuf_put(rb, "hello", 5), 5);
	assert_false(ringbuf_empty(rb));
	assert_int_equal(ringbuf_count(rb), 5);
	assert_int_equal(ringbuf_space(rb), 11);
	assert_int_equal(ringbuf_get(rb, out, 3), 3);
	assert_memory_equal(out, "hel", 3);
	assert_int_equal(ringbuf_get(rb, out, sizeof(out)), 2);	/* partial */
	assert_memory_equal(out, "lo", 2);
	assert_true(ringbuf_empty(rb));
}

static void test_full(void **state)
{
	struct ringbuf *rb = *state;
	unsigned char in[20];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	assert_int_equal(ringbuf_put(rb, in, sizeof(in)), 16);	/* what fits */
	assert_int_equal(ringbuf_count(rb), 16);
	assert_int_equal(ringbuf_space(rb), 0);
	assert_int_equal(ringbuf_put(rb, in, 1), 0);
	for (int i = 0; i < 16; i++)
		assert_int_equal(ringbuf_getc(rb), i);
	assert_int_equal(ringbuf_getc(rb), -1);
}

/* getc returns bytes as 0..255: 0xff must not look like "empty". */
static void test_getc_high_byte(void **state)
{
	struct ringbuf *rb = *state;

	assert_int_equal(ringbuf_put(rb, "\xff\x00", 2), 2);
	assert_int_equal(ringbuf_getc(rb), 0xff);
	assert_int_equal(ringbuf_getc(rb), 0);
	assert_int_equal(ringbuf_getc(rb), -1);
}

/* Odd-sized puts and gets walk the split point through every offset. */
static void test_wrap_around(void **state)
{
	struct ringbuf *rb = *state;
	unsigned char in[7], out[7];
	unsigned int next_in = 0, next_out = 0;

	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(round % 7) + 1, got;

		for (size_t i = 0; i < n; i++)
			in[i] = (unsigned char)(next_in + i);
		n = ringbuf_put(rb, in, n);
		next_in += (unsigned int)n;
		got = ringbuf_get(rb, out, (size_t)(round % 5) + 1);
		for (size_t i = 0; i < got; i++)
			assert_int_equal(out[i], (unsigned char)next_out++);
		assert_int_equal(ringbuf_count(rb), next_in - next_out);
	}
	while (ringbuf_get(rb, out, 1))
		assert_int_equal(out[0], (unsigned char)next_out++);
	assert_int_equal(next_in, next_out);
}

/* The free-running indices overflow size_t; counts must not notice. */
static void test_index_overflow(void **state)
{
	struct ringbuf *rb = *state;
	char out[10];

	rb->head = rb->tail = SIZE_MAX - 3;
	assert_int_equal(ringbuf_put(rb, "0123456789", 10), 10);
	assert_int_equal(ringbuf_count(rb), 10);
	assert_int_equal(ringbuf_space(rb), 6);
	assert_true(rb->head < rb->tail);		/* head has wrapped */
	assert_int_equal(ringbuf_get(rb, out, sizeof(out)), 10);
	assert_memory_equal(out, "0123456789", 10);
	assert_true(ringbuf_empty(rb));
}

static void test_overwrite_drops_oldest(void **state)
{
	struct ringbuf *rb = *state;
	char out[16];

	assert_int_equal(ringbuf_put_overwrite(rb, "abcdefghijklm", 13), 13);
	assert_int_equal(ringbuf_put_overwrite(rb, "NOPQR", 5), 5);
	assert_int_equal(ringbuf_count(rb), 16);
	assert_int_equal(ringbuf_get(rb, out, sizeof(out)), 16);
	assert_memory_equal(out, "cdefghijklmNOPQR", 16);	/* a, b dropped */
}

static void test_overwrite_larger_than_ring(void **state)
{
	struct ringbuf *rb = *state;
	char out[16];

	assert_int_equal(ringbuf_put(rb, "old", 3), 3);
	assert_int_equal(ringbuf_put_overwrite(rb,
			 "0123456789ABCDEFGHIJ", 20), 16);
	assert_int_equal(ringbuf_get(rb, out, sizeof(out)), 16);
	assert_memory_equal(out, "456789ABCDEFGHIJ", 16);	/* newest 16 */
}

static void test_overwrite_with_room(void **state)
{
	struct ringbuf *rb = *state;
	char out[8];

	assert_int_equal(ringbuf_put_overwrite(rb, "abc", 3), 3);
	assert_int_equal(ringbuf_put_overwrite(rb, "de", 2), 2);
	assert_int_equal(ringbuf_get(rb, out, sizeof(out)), 5);
	assert_memory_equal(out, "abcde", 5);			/* nothing dropped */

	/* keep overwriting across wrap-around: always the last 16 bytes */
	for (int i = 0; i < 50; i++) {
		char c = (char)('a' + i % 26);

		ringbuf_put_overwrite(rb, &c, 1);
	}
	assert_int_equal(ringbuf_count(rb), 16);
	for (int i = 34; i < 50; i++)
		assert_int_equal(ringbuf_getc(rb), 'a' + i % 26);
}

static void test_reset(void **state)
{
	struct ringbuf *rb = *state;

	assert_int_equal(ringbuf_put(rb, "abcdefghij", 10), 10);
	ringbuf_reset(rb);
	assert_true(ringbuf_empty(rb));
	assert_int_equal(ringbuf_space(rb), 16);
	assert_int_equal(ringbuf_getc(rb), -1);
	assert_int_equal(ringbuf_put(rb, "z", 1), 1);
	assert_int_equal(ringbuf_getc(rb), 'z');
}

/* Producer and consumer on two threads, no lock: every byte of a long
 * sequence must arrive once and in order. */
#define SPSC_BYTES	(1u << 20)

static void *spsc_producer(void *arg)
{
	struct ringbuf *rb = arg;
	unsigned char chunk[13];
	unsigned int sent = 0;

	while (sent < SPSC_BYTES) {
		size_t n = 1 + sent % sizeof(chunk);

		if (n > SPSC_BYTES - sent)
			n = SPSC_BYTES - sent;
		for (size_t i = 0; i < n; i++)
			chunk[i] = (unsigned char)((sent + i) * 31);
		sent += (unsigned int)ringbuf_put(rb, chunk, n);
	}
	return NULL;
}

static void test_spsc_threads(void **state)
{
	struct ringbuf *rb = *state;
	unsigned char chunk[11];
	unsigned int got = 0, bad = 0;
	pthread_t producer;

	assert_int_equal(pthread_create(&producer, NULL, spsc_producer, rb), 0);
	while (got < SPSC_BYTES) {
		size_t n = ringbuf_get(rb, chunk, 1 + got % sizeof(chunk));

		for (size_t i = 0; i < n; i++)
			bad += chunk[i] != (unsigned char)((got + i) * 31);
		got += (unsigned int)n;
	}
	assert_int_equal(pthread_join(producer, NULL), 0);
	assert_int_equal(bad, 0);
	assert_true(ringbuf_empty(rb));
}

#define RB_TEST(f)	cmocka_unit_test_setup_teardown(f, setup, check_guards)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rounds_to_power_of_two),
		RB_TEST(test_empty),
		RB_TEST(test_put_get),
		RB_TEST(test_full),
		RB_TEST(test_getc_high_byte),
		RB_TEST(test_wrap_around),
		RB_TEST(test_index_overflow),
		RB_TEST(test_overwrite_drops_oldest),
		RB_TEST(test_overwrite_larger_than_ring),
		RB_TEST(test_overwrite_with_room),
		RB_TEST(test_reset),
		RB_TEST(test_spsc_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
