/* printk: formatted kernel messages to the console, one line at a time
 * under a lock so that harts do not interleave mid-line. */
#include <keel/console.h>
#include <keel/percpu.h>
#include <keel/smp.h>
#include <keel/printf.h>
#include <keel/printk.h>
#include <keel/spinlock.h>

static DEFINE_SPINLOCK(printk_lock);


static void printk_out(char c, void *ctx)
{
	console_putc(c);
}

/* Formats straight to the console, so no message is cut at a buffer size. */
int vprintk(const char *fmt, va_list ap)
{
	unsigned long flags = spin_lock_irqsave(&printk_lock);
	int n = vcbprintf(printk_out, NULL, fmt, ap);

	spin_unlock_irqrestore(&printk_lock, flags);
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

/* Messages at or below CONFIG_LOG_LEVEL; warnings and errors name the hart
 * when several are online. */
int log_printk(int level, const char *fmt, ...)
{
	static const char *const tags[] = {
		"EMERG: ", "ALERT: ", "CRIT: ", "error: ", "warning: ", "", "", "debug: ",
	};
	char line[512];
	int n = 0;
	va_list ap;

	if (level > CONFIG_LOG_LEVEL)
		return 0;
	if (nr_cpus_online > 1 && level <= LOG_WARN)
		n = snprintf(line, sizeof(line), "[hart%lu] ", this_cpu()->hartid);
	n += snprintf(line + n, sizeof(line) - n, "%s", tags[level & 7]);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	return printk("%s", line);
}
