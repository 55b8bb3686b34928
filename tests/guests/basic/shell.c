/*
 * The `basic# ` shell: line input with echo, backspace and Ctrl-C, the
 * command table, and autoexec (commands stored in flash).
 *
 * Autoexec: at image base + 0x00FF0000 (flash offset 0x00FF0000 under Keel;
 * 0x811F0000 in RAM for the bare build) a text that starts with the line
 * "#autoexec" holds `\n`-separated commands, ended by a NUL (or after
 * AUTOEXEC_MAX bytes). Empty lines and lines starting with '#' are skipped.
 * It runs once at boot, before the first prompt, and on `autoexec`.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"

#define PROMPT		"basic# "
#define LINE_MAX	128
#define ARGS_MAX	8
#define AUTOEXEC_OFFSET	0x00ff0000UL
#define AUTOEXEC_MAX	4096
#define AUTOEXEC_MAGIC	"#autoexec\n"

struct cmd {
	const char *name;
	const char *args;
	const char *help;
	int (*fn)(int argc, char **argv);
};

static const struct cmd commands[] = {
	{ .name = "help", .help = "list commands", .fn = cmd_help },
	{ .name = "hi", .help = "say hello from this vCPU", .fn = cmd_hi },
	{ .name = "hello", .help = "print Hello World! and the hart id",
	  .fn = cmd_hello },
	{ .name = "sbi", .help = "check every SBI extension", .fn = cmd_sbi },
	{ .name = "timer", .help = "timer interrupt via SBI and Sstc",
	  .fn = cmd_timer },
	{ .name = "wfi", .args = "[ms]", .help = "sleep in wfi (default 1000)",
	  .fn = cmd_wfi },
	{ .name = "ipi", .help = "start secondary harts, IPI each",
	  .fn = cmd_ipi },
	{ .name = "hsm", .help = "hart start/stop/status/suspend",
	  .fn = cmd_hsm },
	{ .name = "plic", .help = "PLIC registers and UART THRE irq",
	  .fn = cmd_plic },
	{ .name = "mmio", .help = "MMIO load/store widths (UART, PLIC)",
	  .fn = cmd_mmio },
	{ .name = "bench", .help = "microbenchmarks (BENCH lines)",
	  .fn = cmd_bench },
	{ .name = "autoexec", .help = "run the commands stored in flash",
	  .fn = cmd_autoexec },
	{ .name = "shutdown", .help = "SBI SRST shutdown", .fn = cmd_shutdown },
	{ .name = "reboot", .help = "SBI SRST cold reboot", .fn = cmd_reboot },
};

/* Shell state (non-static: see lib.h). */
bool shell_last_cr;
bool autoexec_active;

int cmd_help(int argc, char **argv)
{
	const struct cmd *c;
	char name[24];

	(void)argc;
	(void)argv;
	for (c = commands; c < commands + ARRAY_SIZE(commands); c++) {
		snprintf(name, sizeof(name), "%s %s", c->name,
			 c->args ? c->args : "");
		printf("  %-14s %s\n", name, c->help);
	}
	return 0;
}

static int split_args(char *line, char **argv)
{
	int argc = 0;

	while (*line && argc < ARGS_MAX) {
		while (*line == ' ' || *line == '\t')
			*line++ = '\0';
		if (!*line)
			break;
		argv[argc++] = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
	}
	return argc;
}

/* Runs one command line (tokenised in place); the command's status. */
int shell_run_line(char *line)
{
	char *argv[ARGS_MAX];
	const struct cmd *c;
	int argc = split_args(line, argv);

	if (!argc)
		return 0;
	for (c = commands; c < commands + ARRAY_SIZE(commands); c++)
		if (!strcmp(argv[0], c->name))
			return c->fn(argc, argv);
	printf("unknown command '%s' (try help)\n", argv[0]);
	return 1;
}

/* Drops an escape sequence (ESC [ ... final byte) typed by arrow keys. */
static void skip_escape(void)
{
	int c = console_getc();

	if (c != '[')
		return;
	do
		c = console_getc();
	while (c >= 0x20 && c < 0x40);
}

/* Reads a line with echo; its length, or -1 if cancelled with Ctrl-C. */
static int read_line(char *buf, int max)
{
	int n = 0, c;

	for (;;) {
		c = console_getc();
		if (c == '\n' && shell_last_cr) {
			shell_last_cr = false;
			continue;
		}
		shell_last_cr = c == '\r';
		if (c == '\r' || c == '\n')
			break;
		if (c == 0x03) {
			puts_raw("^C\n");
			return -1;
		}
		if (c == 0x1b) {
			skip_escape();
		} else if (c == 0x08 || c == 0x7f) {
			if (n) {
				n--;
				puts_raw("\b \b");
			}
		} else if (c >= 0x20 && c < 0x7f && n < max - 1) {
			buf[n++] = (char)c;
			console_lock();
			console_putc((char)c);
			console_unlock();
		}
	}
	buf[n] = '\0';
	puts_raw("\n");
	return n;
}

void shell_run(void)
{
	char line[LINE_MAX];

	for (;;) {
		puts_raw(PROMPT);
		if (read_line(line, sizeof(line)) >= 0)
			shell_run_line(line);
	}
}

/* ---------------------------------------------------------------- autoexec */

uintptr_t autoexec_addr(void)
{
	return (uintptr_t)_start + AUTOEXEC_OFFSET;
}

/* Copies the next line at *pos (below end) into line; false at the NUL,
 * at end, or if the flash cannot be read. */
static bool autoexec_next_line(uintptr_t *pos, uintptr_t end, char *line)
{
	int n = 0;
	uint8_t c;

	if (*pos >= end || probe_load8(*pos, &c) || !c)
		return false;
	while (*pos < end && !probe_load8(*pos, &c) && c) {
		(*pos)++;
		if (c == '\n')
			break;
		if (c != '\r' && n < LINE_MAX - 1)
			line[n++] = (char)c;
	}
	line[n] = '\0';
	return true;
}

static bool autoexec_present(uintptr_t base)
{
	const char *m = AUTOEXEC_MAGIC;
	uint8_t c;

	for (; *m; m++, base++)
		if (probe_load8(base, &c) || c != (uint8_t)*m)
			return false;
	return true;
}

int autoexec_run(bool at_boot)
{
	uintptr_t base = autoexec_addr(), pos, end;
	char line[LINE_MAX];
	int count = 0;

	if (autoexec_active) {
		printf("autoexec: already running (nested call ignored)\n");
		return 1;
	}
	if (!autoexec_present(base)) {
		if (!at_boot)
			printf("autoexec: none (no \"#autoexec\" line at 0x%lx)\n",
			       (unsigned long)base);
		return 0;
	}
	printf("autoexec: running commands from 0x%lx\n", (unsigned long)base);
	autoexec_active = true;
	pos = base + strlen(AUTOEXEC_MAGIC);
	end = base + AUTOEXEC_MAX;
	while (autoexec_next_line(&pos, end, line)) {
		if (!line[0] || line[0] == '#')
			continue;
		printf(PROMPT "%s\n", line);
		shell_run_line(line);
		count++;
	}
	autoexec_active = false;
	printf("autoexec: %d command(s) done\n", count);
	return 0;
}

int cmd_autoexec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return autoexec_run(false);
}
