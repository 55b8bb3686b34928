/*
 * Check reporting for the test commands: one line per check starting with
 * PASS, FAIL or SKIP, then a final "<name>: N passed, M failed" tally.
 */
#ifndef BASIC_TEST_H
#define BASIC_TEST_H

#include <stdbool.h>

struct tally {
	const char *name;
	unsigned int pass, fail, skip;
};

#define TALLY(n)	{ .name = (n) }

/* Records and prints one check; returns ok. */
bool check(struct tally *t, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void skip(struct tally *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the tally line; the command's return code (0 if nothing failed). */
int tally_end(struct tally *t);

#endif /* BASIC_TEST_H */
