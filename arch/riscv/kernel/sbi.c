/* SBI client: the calls Keel makes to the M-mode firmware (SBI spec v2.0). */
#include <asm/sbi.h>
#include <keel/errno.h>
#include <keel/compiler.h>
#include <arch/console.h>
#include <arch/reset.h>
#include <keel/printk.h>

static struct {
	unsigned long spec_version;
	bool time, ipi, rfence, hsm, srst, dbcn;
} sbi;

static bool sbi_probe(unsigned long ext)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ext, 0, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

/* Probe the firmware once on the boot hart, before anything else prints. */
void sbi_init(void)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0);

	sbi.spec_version = r.error ? 1 : (unsigned long)r.value;
	sbi.time = sbi_probe(SBI_EXT_TIME);
	sbi.ipi = sbi_probe(SBI_EXT_IPI);
	sbi.rfence = sbi_probe(SBI_EXT_RFENCE);
	sbi.hsm = sbi_probe(SBI_EXT_HSM);
	sbi.srst = sbi_probe(SBI_EXT_SRST);
	sbi.dbcn = sbi_probe(SBI_EXT_DBCN);
}

bool sbi_has(unsigned long ext)
{
	switch (ext) {
	case SBI_EXT_TIME:	return sbi.time;
	case SBI_EXT_IPI:	return sbi.ipi;
	case SBI_EXT_RFENCE:	return sbi.rfence;
	case SBI_EXT_HSM:	return sbi.hsm;
	case SBI_EXT_SRST:	return sbi.srst;
	case SBI_EXT_DBCN:	return sbi.dbcn;
	default:		return false;
	}
}

unsigned long sbi_spec_version(void)
{
	return sbi.spec_version;
}

unsigned long sbi_impl_id(void)
{
	return (unsigned long)sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0, 0).value;
}

unsigned long sbi_impl_version(void)
{
	return (unsigned long)sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION,
					 0, 0, 0, 0).value;
}

const char *sbi_impl_name(unsigned long id)
{
	static const char *const names[] = {
		"Berkeley BBL", "OpenSBI", "Xvisor", "KVM", "RustSBI", "Diosix",
		"Coffer", "Xen", "PolarFire HSS",
	};

	return id < ARRAY_SIZE(names) ? names[id] : "unknown";
}

/* Early console output: DBCN when the firmware has it, else legacy putchar. */
void sbi_console_putc(char c)
{
	if (sbi.dbcn)
		sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, (unsigned char)c, 0, 0, 0);
	else
		sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0, 0);
}

void sbi_set_timer(uint64_t deadline)
{
	if (sbi.time)
		sbi_ecall(SBI_EXT_TIME, 0, deadline, 0, 0, 0);
	else
		sbi_ecall(SBI_EXT_LEGACY_SET_TIMER, 0, deadline, 0, 0, 0);
}

int sbi_err_to_errno(long err)
{
	switch (err) {
	case SBI_SUCCESS:		return 0;
	case SBI_ERR_NOT_SUPPORTED:	return -ENOTSUP;
	case SBI_ERR_INVALID_PARAM:	return -EINVAL;
	case SBI_ERR_DENIED:		return -EPERM;
	case SBI_ERR_INVALID_ADDRESS:	return -EFAULT;
	case SBI_ERR_ALREADY_AVAILABLE:
	case SBI_ERR_ALREADY_STARTED:
	case SBI_ERR_ALREADY_STOPPED:	return -EALREADY;
	default:			return -EIO;
	}
}

int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	struct sbiret r;

	if (!sbi.ipi) {
		unsigned long mask = hart_mask << hart_mask_base;

		r = sbi_ecall(SBI_EXT_LEGACY_SEND_IPI, 0, (unsigned long)&mask, 0, 0, 0);
		return sbi_err_to_errno(r.error);
	}
	r = sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0);
	return sbi_err_to_errno(r.error);
}

int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long base,
			  unsigned long start, unsigned long size)
{
	struct sbiret r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA,
				    hart_mask, base, start, size);

	return sbi_err_to_errno(r.error);
}

int sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START,
				    hartid, start, opaque, 0);

	return sbi_err_to_errno(r.error);
}

long sbi_hart_status(unsigned long hartid)
{
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0, 0);

	return r.error ? sbi_err_to_errno(r.error) : r.value;
}

void sbi_system_reset(unsigned long type, unsigned long reason)
{
	if (sbi.srst)
		sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0);
	if (type == SBI_SRST_SHUTDOWN)
		sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void arch_early_putc(char c)
{
	sbi_console_putc(c);
}

void arch_system_shutdown(void)
{
	sbi_system_reset(SBI_SRST_SHUTDOWN, SBI_SRST_REASON_NONE);
}

void arch_system_reboot(void)
{
	sbi_system_reset(SBI_SRST_COLD_REBOOT, SBI_SRST_REASON_NONE);
}

void arch_print_info(void)
{
	unsigned long v = sbi_spec_version(), iv = sbi_impl_version();

	printk("Firmware:     %s %lu.%lu (SBI spec %lu.%lu)\n",
	       sbi_impl_name(sbi_impl_id()), iv >> 16, iv & 0xffff,
	       (v >> 24) & 0x7f, v & 0xffffff);
	printk("SBI exts:     TIME %s, IPI %s, RFENCE %s, HSM %s, SRST %s, DBCN %s\n",
	       sbi.time ? "yes" : "no", sbi.ipi ? "yes" : "no",
	       sbi.rfence ? "yes" : "no", sbi.hsm ? "yes" : "no",
	       sbi.srst ? "yes" : "no", sbi.dbcn ? "yes" : "no");
}
