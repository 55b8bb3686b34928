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

static int print_locked(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vcbprintf(printk_out, NULL, fmt, ap);
	va_end(ap);
	return n;
}

/* Messages at or below CONFIG_LOG_LEVEL; warnings and errors name the hart
 * when several are online. Prefix and message go out under one lock hold,
 * so lines from different harts never mix. */
int log_printk(int level, const char *fmt, ...)
{
	static const char *const tags[] = {
		"EMERG: ", "ALERT: ", "CRIT: ", "error: ", "warning: ", "", "", "debug: ",
	};
	unsigned long flags;
	va_list ap;
	int n = 0;

	if (level > CONFIG_LOG_LEVEL)
		return 0;
	flags = spin_lock_irqsave(&printk_lock);
	if (nr_cpus_online > 1 && level <= LOG_WARN)
		n = print_locked("[hart%lu] ", this_cpu()->hartid);
	n += print_locked("%s", tags[level & 7]);
	va_start(ap, fmt);
	n += vcbprintf(printk_out, NULL, fmt, ap);
	va_end(ap);
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}
