/*
 * Boot of the basic guest firmware and its simplest commands.
 *
 * boot_main runs on the boot hart (vCPU0 under Keel) with a stack, tp and
 * stvec set by entry.S; it brings up the console, the UART interrupt, reads
 * what it needs from the DT, runs autoexec and enters the shell.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"
#include "plic.h"
#include "sbi.h"
#include "uart.h"

struct fw_info fw;

void boot_main(unsigned long hartid, unsigned long dtb);

/* UART receive: line 10, priority 1, threshold 0, in this hart's S context. */
static void console_irq_init(unsigned long hartid)
{
	unsigned int ctx = plic_s_ctx(hartid);

	plic_set_priority(UART_IRQ, 1);
	plic_set_threshold(ctx, 0);
	plic_set_enable(ctx, UART_IRQ, true);
}

static void probe_machine(unsigned long dtb)
{
	uint64_t tb;
	unsigned long v;
	struct sbiret r;

	fw.dtb = dtb;
	fw.dt_valid = fdt_scan(dtb, &tb, &fw.dt_isa_sstc);
	if (fw.dt_valid && tb) {
		timebase_hz = tb;
		fw.dt_timebase = true;
	}
	fw.sstc_cause = probe_csr_read_stimecmp(&v);
	fw.sstc = !fw.sstc_cause;
	r = sbi_spec_version();
	fw.spec_version = r.error ? 0 : r.value;
	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_IMPL_ID, 0, 0, 0, 0, 0);
	fw.impl_id = r.error ? -1 : r.value;
	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_IMPL_VERSION, 0, 0, 0, 0, 0);
	fw.impl_version = r.error ? -1 : r.value;
}

static void banner(unsigned long hartid)
{
	uintptr_t base = (uintptr_t)_start;
	char ver[16];

	printf("\nKeel basic guest firmware: %s image at 0x%lx, boot hart %lu\n",
	       base ? "bare" : "flash", (unsigned long)base, hartid);
	printf("SBI %s, implementation %s (%ld) version 0x%lx\n",
	       sbi_version_str(fw.spec_version, ver, sizeof(ver)),
	       sbi_impl_str(fw.impl_id), fw.impl_id,
	       (unsigned long)fw.impl_version);
	printf("DT %s (a1=0x%lx), timebase %lu Hz (%s), Sstc %s "
	       "(stimecmp probe; DT riscv,isa: %s)\n",
	       fw.dt_valid ? "found" : "none", fw.dtb,
	       (unsigned long)timebase_hz, fw.dt_timebase ? "DT" : "default",
	       fw.sstc ? "yes" : "no",
	       !fw.dt_valid ? "-" : fw.dt_isa_sstc ? "sstc" : "no sstc");
	printf("Type 'help' for commands.\n");
}

void boot_main(unsigned long hartid, unsigned long dtb)
{
	struct hart *h = this_hart();

	boot_hartid = hartid;
	hart_local_init(h, hartid, 0);
	h->online = 1;
	h->boot_count = 1;
	uart_init();
	probe_machine(dtb);
	console_irq_init(hartid);
	csr_write(sie, SIP_SSIP | SIP_STIP | SIP_SEIP);
	irq_enable();
	banner(hartid);
	autoexec_run(true);
	shell_run();
}

int cmd_hi(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("hello from vCPU%lu\n", this_hart()->hartid);
	return 0;
}

int cmd_hello(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Hello World! (hart %lu)\n", this_hart()->hartid);
	return 0;
}

/* SRST (SBI §10); shutdown falls back to legacy 0x08 where SRST is absent. */
static int system_reset(unsigned long type, const char *what)
{
	struct sbiret r;

	printf("%s: SBI system_reset\n", what);
	if (sbi_probe(SBI_EXT_SRST)) {
		r = sbi_system_reset(type, 0);
		printf("%s: system_reset returned %s\n", what,
		       sbi_err_str(r.error));
	} else if (type == SBI_SRST_SHUTDOWN &&
		   sbi_probe(SBI_LEGACY_SHUTDOWN)) {
		sbi_legacy(SBI_LEGACY_SHUTDOWN, 0, 0, 0, 0);
		printf("%s: legacy shutdown returned\n", what);
	} else {
		printf("%s: SRST not available\n", what);
	}
	return 1;
}

int cmd_shutdown(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return system_reset(SBI_SRST_SHUTDOWN, "shutdown");
}

int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return system_reset(SBI_SRST_COLD_REBOOT, "reboot");
}
