/* Freestanding memory, string and number-parsing routines (lib/string.c).
 * Same names and semantics as ISO C / BSD, so libfdt and compiler-generated
 * calls (struct copies use memcpy/memset) resolve here. All functions are
 * reentrant and callable from any context, including trap handlers. */
#ifndef KEEL_STRING_H
#define KEEL_STRING_H

#include <keel/types.h>

/* Copy n bytes; the areas must not overlap. Returns dst. */
void *memcpy(void *dst, const void *src, size_t n);
/* Copy n bytes; the areas may overlap. Returns dst. */
void *memmove(void *dst, const void *src, size_t n);
/* Fill n bytes with (unsigned char)c. Returns dst. */
void *memset(void *dst, int c, size_t n);
/* Compare n bytes as unsigned char: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n);
/* First byte equal to (unsigned char)c in the n bytes at s, or NULL. */
void *memchr(const void *s, int c, size_t n);

/* Length of s, without the terminator. */
size_t strlen(const char *s);
/* Length of s, but reads at most max bytes and returns at most max. */
size_t strnlen(const char *s, size_t max);
/* Compare strings as unsigned char: <0, 0 or >0. */
int strcmp(const char *a, const char *b);
/* As strcmp(), looking at no more than n characters. */
int strncmp(const char *a, const char *b, size_t n);
/* As strcmp(), ignoring ASCII case. */
int strcasecmp(const char *a, const char *b);
/* First (strchr) or last (strrchr) occurrence of (char)c in s, or NULL;
 * c == '\0' finds the terminator. */
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/* First occurrence of needle in haystack, or NULL; "" matches at haystack. */
char *strstr(const char *haystack, const char *needle);
/* BSD strlcpy: copy src into dst of size bytes, always NUL-terminated when
 * size > 0. Returns strlen(src); a result >= size means truncation. */
size_t strlcpy(char *dst, const char *src, size_t size);
/* BSD strlcat: append src to the string in dst (size bytes in all), always
 * NUL-terminated when dst was. Returns the length the result would have had
 * (strnlen(dst, size) + strlen(src)); >= size means truncation. */
size_t strlcat(char *dst, const char *src, size_t size);

/*
 * C number parsing: skip leading white space, take an optional sign, then
 * digits in base 2..36 (base 0: "0x"/"0X" prefix means 16, a leading "0"
 * means 8, else 10; base 16 also accepts the "0x" prefix). *end (when end is
 * not NULL) is set past the last digit used, or to s when there were none.
 * Out-of-range values saturate to the type's limit (there is no errno);
 * a '-' negates the result in the unsigned type, as in C. An invalid base
 * returns 0 with *end = s.
 */
unsigned long long strtoull(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);

/*
 * Strict parser for shell arguments: the whole string must be a decimal
 * number or a "0x"/"0X" hex number, optionally followed by one size suffix
 * K, M or G (either case; binary multiples 2^10, 2^20, 2^30). No white
 * space, sign or trailing characters. Stores the value in *out only on
 * success. Returns 0, -EINVAL for an empty or malformed string, or -ERANGE
 * when the value (after the suffix) does not fit in 64 bits.
 */
int parse_u64(const char *s, uint64_t *out);

#endif
