/*
 * SBI calls (SBI spec v2.0): extension and function ids, error codes and
 * the wrappers the firmware uses. Every wrapper returns the raw struct
 * sbiret so that tests can check both the error and the value.
 */
#ifndef BASIC_SBI_H
#define BASIC_SBI_H

#include "riscv.h"

/* Extension ids (SBI v2.0 chapters 4-12). */
#define SBI_EXT_BASE		0x10
#define SBI_EXT_TIME		0x54494d45	/* "TIME" */
#define SBI_EXT_IPI		0x735049	/* "sPI" */
#define SBI_EXT_RFENCE		0x52464e43	/* "RFNC" */
#define SBI_EXT_HSM		0x48534d	/* "HSM" */
#define SBI_EXT_SRST		0x53525354	/* "SRST" */
#define SBI_EXT_DBCN		0x4442434e	/* "DBCN" */

/* Legacy v0.1 extensions (SBI v2.0 §5): one EID per function. */
#define SBI_LEGACY_SET_TIMER		0x00
#define SBI_LEGACY_CONSOLE_PUTCHAR	0x01
#define SBI_LEGACY_CONSOLE_GETCHAR	0x02
#define SBI_LEGACY_CLEAR_IPI		0x03
#define SBI_LEGACY_SEND_IPI		0x04
#define SBI_LEGACY_REMOTE_FENCE_I	0x05
#define SBI_LEGACY_REMOTE_SFENCE_VMA	0x06
#define SBI_LEGACY_REMOTE_SFENCE_ASID	0x07
#define SBI_LEGACY_SHUTDOWN		0x08

/* BASE function ids (§4). */
#define SBI_BASE_SPEC_VERSION	0
#define SBI_BASE_IMPL_ID	1
#define SBI_BASE_IMPL_VERSION	2
#define SBI_BASE_PROBE_EXT	3
#define SBI_BASE_MVENDORID	4
#define SBI_BASE_MARCHID	5
#define SBI_BASE_MIMPID		6

/* RFENCE (§8), HSM (§9), SRST (§10), DBCN (§12) function ids. */
#define SBI_RFENCE_FENCE_I	0
#define SBI_RFENCE_SFENCE_VMA	1
#define SBI_RFENCE_SFENCE_ASID	2
#define SBI_HSM_START		0
#define SBI_HSM_STOP		1
#define SBI_HSM_STATUS		2
#define SBI_HSM_SUSPEND		3
#define SBI_DBCN_WRITE		0
#define SBI_DBCN_READ		1
#define SBI_DBCN_WRITE_BYTE	2

/* HSM states (§9, table 12) and suspend types (table 13). */
#define SBI_HSM_STARTED		0
#define SBI_HSM_STOPPED		1
#define SBI_HSM_START_PENDING	2
#define SBI_HSM_STOP_PENDING	3
#define SBI_HSM_SUSPENDED	4
#define SBI_HSM_SUSPEND_PENDING	5
#define SBI_HSM_RESUME_PENDING	6
#define SBI_HSM_SUSPEND_RET		0x00000000UL
#define SBI_HSM_SUSPEND_NONRET		0x80000000UL

/* SRST reset types (§10.1). */
#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_COLD_REBOOT	1

/* Error codes (§3, table 1). */
#define SBI_SUCCESS			0
#define SBI_ERR_FAILED			-1
#define SBI_ERR_NOT_SUPPORTED		-2
#define SBI_ERR_INVALID_PARAM		-3
#define SBI_ERR_DENIED			-4
#define SBI_ERR_INVALID_ADDRESS		-5
#define SBI_ERR_ALREADY_AVAILABLE	-6
#define SBI_ERR_ALREADY_STARTED		-7
#define SBI_ERR_ALREADY_STOPPED		-8

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long eid, unsigned long fid,
			unsigned long a0, unsigned long a1, unsigned long a2,
			unsigned long a3, unsigned long a4);
long sbi_legacy(unsigned long eid, unsigned long a0, unsigned long a1,
		unsigned long a2, unsigned long a3);

/* "v2.0"-style text of a spec version into buf (>= 16 bytes). */
const char *sbi_version_str(unsigned long v, char *buf, size_t len);
const char *sbi_err_str(long err);
const char *sbi_impl_str(long id);
const char *sbi_hsm_state_str(long state);

static inline struct sbiret sbi_spec_version(void)
{
	return sbi_ecall(SBI_EXT_BASE, SBI_BASE_SPEC_VERSION, 0, 0, 0, 0, 0);
}

static inline long sbi_probe(unsigned long eid)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT,
				    eid, 0, 0, 0, 0);

	return r.error ? 0 : r.value;
}

static inline struct sbiret sbi_set_timer(uint64_t when)
{
	return sbi_ecall(SBI_EXT_TIME, 0, when, 0, 0, 0, 0);
}

static inline struct sbiret sbi_send_ipi(unsigned long mask,
					 unsigned long base)
{
	return sbi_ecall(SBI_EXT_IPI, 0, mask, base, 0, 0, 0);
}

static inline struct sbiret sbi_hart_start(unsigned long hartid,
					   unsigned long addr,
					   unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_START, hartid, addr, opaque,
			 0, 0);
}

static inline struct sbiret sbi_hart_stop(void)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_STOP, 0, 0, 0, 0, 0);
}

static inline struct sbiret sbi_hart_status(unsigned long hartid)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_STATUS, hartid, 0, 0, 0, 0);
}

static inline struct sbiret sbi_hart_suspend(unsigned long type,
					     unsigned long addr,
					     unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_SUSPEND, type, addr, opaque,
			 0, 0);
}

static inline struct sbiret sbi_system_reset(unsigned long type,
					     unsigned long reason)
{
	return sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0, 0);
}

#endif /* BASIC_SBI_H */
