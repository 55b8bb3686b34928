/*
 * Shell commands of the basic guest firmware and the state they share.
 */
#ifndef BASIC_CMDS_H
#define BASIC_CMDS_H

#include <stdbool.h>
#include <stdint.h>

/* What boot_main found out about the machine. */
struct fw_info {
	unsigned long dtb;		/* a1 at entry, 0 if none */
	bool dt_valid;
	bool dt_timebase;		/* timebase-frequency came from the DT */
	bool dt_isa_sstc;		/* riscv,isa names sstc */
	bool sstc;			/* stimecmp readable (trap probe) */
	unsigned long sstc_cause;	/* scause of the failed probe */
	unsigned long spec_version;
	long impl_id, impl_version;
};

extern struct fw_info fw;

int cmd_help(int argc, char **argv);
int cmd_hi(int argc, char **argv);
int cmd_hello(int argc, char **argv);
int cmd_sbi(int argc, char **argv);
int cmd_timer(int argc, char **argv);
int cmd_wfi(int argc, char **argv);
int cmd_ipi(int argc, char **argv);
int cmd_hsm(int argc, char **argv);
int cmd_plic(int argc, char **argv);
int cmd_mmio(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_autoexec(int argc, char **argv);
int cmd_shutdown(int argc, char **argv);
int cmd_reboot(int argc, char **argv);

/* shell.c */
void shell_run(void) __attribute__((noreturn));
int shell_run_line(char *line);
int autoexec_run(bool at_boot);
uintptr_t autoexec_addr(void);

/* dtb_scan.c: timebase-frequency and riscv,isa from a flattened device tree. */
bool fdt_scan(uintptr_t addr, uint64_t *timebase, bool *isa_sstc);

#endif /* BASIC_CMDS_H */
