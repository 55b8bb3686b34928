/*
 * PASS/FAIL/SKIP lines and tallies for the test commands.
 */
#include "lib.h"
#include "test.h"

static void report(const char *tag, const char *fmt, va_list ap)
{
	console_lock();
	printf("%s  ", tag);
	vprintf(fmt, ap);
	printf("\n");
	console_unlock();
}

bool check(struct tally *t, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		t->pass++;
	else
		t->fail++;
	va_start(ap, fmt);
	report(ok ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
	return ok;
}

void skip(struct tally *t, const char *fmt, ...)
{
	va_list ap;

	t->skip++;
	va_start(ap, fmt);
	report("SKIP", fmt, ap);
	va_end(ap);
}

int tally_end(struct tally *t)
{
	printf("%s: %u passed, %u failed", t->name, t->pass, t->fail);
	if (t->skip)
		printf(", %u skipped", t->skip);
	printf("\n");
	return t->fail ? 1 : 0;
}
