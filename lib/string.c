/* Freestanding memory and string routines, C number parsing and the strict
 * parse_u64() used by the shell (declared in <keel/string.h>). */
#include <keel/string.h>
#include <keel/compiler.h>
#include <keel/ctype.h>
#include <keel/errno.h>
#include <limits.h>

/* Word-at-a-time access is used only when both pointers share the same
 * alignment: misaligned loads may trap to firmware on RISC-V. */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD_SIZE	sizeof(word_t)
#define WORD_MASK	(WORD_SIZE - 1)

static bool co_aligned(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & WORD_MASK) == 0;
}

/* Lowest address first; also correct for overlaps with dst below src. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (co_aligned(d, s)) {
		for (; n && ((uintptr_t)d & WORD_MASK); n--)
			*d++ = *s++;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	for (; n; n--)
		*d++ = *s++;
}

/* Highest address first; for overlaps with dst above src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (co_aligned(d, s)) {
		for (; n && ((uintptr_t)d & WORD_MASK); n--)
			*--d = *--s;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	for (; n; n--)
		*--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		copy_forward(d, s, n);
	else
		copy_backward(d, s, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char byte = (unsigned char)c;
	word_t pattern = (word_t)-1 / 0xff * byte;	/* byte in every lane */

	for (; n && ((uintptr_t)d & WORD_MASK); n--)
		*d++ = byte;
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		*(word_t *)d = pattern;
		d += WORD_SIZE;
	}
	for (; n; n--)
		*d++ = byte;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q || !*p)
			return *p - *q;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && tolower(*p) == tolower(*q)) {
		p++;
		q++;
	}
	return tolower(*p) - tolower(*q);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	if (!len)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && !strncmp(haystack, needle, len))
			return (char *)haystack;
	}
	return NULL;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = MIN(len, size - 1);

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(dst, size);

	if (len == size)	/* dst not terminated: nothing can be appended */
		return size + strlen(src);
	return len + strlcpy(dst + len, src, size - len);
}

/* Value of c as a digit in bases up to 36; 36 (never a valid digit) if none. */
static unsigned int digit_value(int c)
{
	if (isdigit(c))
		return (unsigned int)(c - '0');
	if (isalpha(c))
		return (unsigned int)(tolower(c) - 'a' + 10);
	return 36;
}

/* Work out the base from a C prefix and return where the digits start. A
 * "0x" not followed by a hex digit is not a prefix: "0x" parses as 0. */
static const char *scan_prefix(const char *p, int *base)
{
	bool hex = p[0] == '0' && tolower(p[1]) == 'x' && isxdigit(p[2]);

	if ((*base == 0 || *base == 16) && hex) {
		*base = 16;
		return p + 2;
	}
	if (*base == 0)
		*base = p[0] == '0' ? 8 : 10;
	return p;
}

/* Magnitude, sign and overflow of a C number; the strto*() share it. */
struct num_scan {
	unsigned long long mag;
	bool neg;
	bool overflow;
};

static struct num_scan scan_number(const char *s, char **end, int base)
{
	struct num_scan r = { 0, false, false };
	const char *p = s, *digits;

	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36)
		return r;
	while (isspace(*p))
		p++;
	if (*p == '+' || *p == '-')
		r.neg = *p++ == '-';
	p = scan_prefix(p, &base);
	for (digits = p; digit_value(*p) < (unsigned int)base; p++) {
		unsigned int d = digit_value(*p);

		if (r.mag > (ULLONG_MAX - d) / (unsigned int)base)
			r.overflow = true;
		else
			r.mag = r.mag * (unsigned int)base + d;
	}
	if (p != digits && end)
		*end = (char *)p;
	return r;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	struct num_scan r = scan_number(s, end, base);

	if (r.overflow)
		return ULLONG_MAX;
	return r.neg ? 0ULL - r.mag : r.mag;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	struct num_scan r = scan_number(s, end, base);

	if (r.overflow || r.mag > ULONG_MAX)
		return ULONG_MAX;
	return r.neg ? 0UL - (unsigned long)r.mag : (unsigned long)r.mag;
}

/* Saturate a scanned number to [-max - 1, max]. */
static long long clamp_signed(struct num_scan r, long long max)
{
	unsigned long long limit = (unsigned long long)max;

	if (r.neg) {
		if (r.overflow || r.mag > limit + 1)
			return -max - 1;
		return r.mag ? -(long long)(r.mag - 1) - 1 : 0;
	}
	if (r.overflow || r.mag > limit)
		return max;
	return (long long)r.mag;
}

long long strtoll(const char *s, char **end, int base)
{
	return clamp_signed(scan_number(s, end, base), LLONG_MAX);
}

long strtol(const char *s, char **end, int base)
{
	return (long)clamp_signed(scan_number(s, end, base), LONG_MAX);
}

/* Shift of a K/M/G size suffix, or -1. */
static int suffix_shift(char c)
{
	switch (toupper(c)) {
	case 'K':
		return 10;
	case 'M':
		return 20;
	case 'G':
		return 30;
	default:
		return -1;
	}
}

int parse_u64(const char *s, uint64_t *out)
{
	const char *p = s, *digits;
	unsigned int base = 10;
	uint64_t v = 0;
	bool overflow = false;
	int shift = 0;

	if (!s)
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (digits = p; digit_value(*p) < base; p++) {
		unsigned int d = digit_value(*p);

		overflow |= v > (UINT64_MAX - d) / base;
		v = v * base + d;
	}
	if (p == digits)
		return -EINVAL;
	if (*p) {
		shift = suffix_shift(*p++);
		if (shift < 0 || *p)
			return -EINVAL;
	}
	if (overflow || v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}
