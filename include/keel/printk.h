/* Kernel log: printk() prints as is; pr_*() print when the level is at or
 * below CONFIG_LOG_LEVEL. Any context; output is serialized per line. */
#ifndef KEEL_PRINTK_H
#define KEEL_PRINTK_H

#include <keel/compiler.h>

enum log_level {
	LOG_EMERG, LOG_ALERT, LOG_CRIT, LOG_ERR,
	LOG_WARN, LOG_NOTICE, LOG_INFO, LOG_DEBUG,
};

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
int log_printk(int level, const char *fmt, ...) __printf(2, 3);

#define pr_emerg(...)	log_printk(LOG_EMERG, __VA_ARGS__)
#define pr_err(...)	log_printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)	log_printk(LOG_WARN, __VA_ARGS__)
#define pr_notice(...)	log_printk(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...)	log_printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	log_printk(LOG_DEBUG, __VA_ARGS__)

#endif
