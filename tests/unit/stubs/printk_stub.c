/* Host stand-in for the kernel log (include/keel/printk.h).
 *
 * printk()/vprintk() print to stdout. log_printk() (behind pr_err() & co.)
 * also counts messages per level and keeps the last one, so a test can
 * check that an error was reported:
 *
 *     extern unsigned int unit_log_count[];   // indexed by enum log_level
 *     extern char unit_log_last[];            // last pr_*() line, formatted
 *     unsigned int unit_log_errors(void);     // messages at LOG_ERR or worse
 *
 * Messages above CONFIG_LOG_LEVEL are counted but not printed. */
#include <stdio.h>
#include <keel/printk.h>

#define UNIT_LOG_LAST_SIZE 256

unsigned int unit_log_count[LOG_DEBUG + 1];
char unit_log_last[UNIT_LOG_LAST_SIZE];

unsigned int unit_log_errors(void);

int vprintk(const char *fmt, va_list ap)
{
	int n = vprintf(fmt, ap);

	fflush(stdout);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int log_printk(int level, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (level >= LOG_EMERG && level <= LOG_DEBUG)
		unit_log_count[level]++;
	va_start(ap, fmt);
	n = vsnprintf(unit_log_last, sizeof(unit_log_last), fmt, ap);
	va_end(ap);
	if (level > CONFIG_LOG_LEVEL)
		return 0;
	return printk("%s", unit_log_last) < 0 ? -1 : n;
}

unsigned int unit_log_errors(void)
{
	unsigned int n = 0;
	int l;

	for (l = LOG_EMERG; l <= LOG_ERR; l++)
		n += unit_log_count[l];
	return n;
}
