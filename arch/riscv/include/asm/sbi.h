/* SBI: extension/function IDs and error codes (SBI spec v2.0), and the
 * client calls Keel makes to the firmware below it (OpenSBI in M-mode). */
#ifndef ASM_SBI_H
#define ASM_SBI_H

#include <keel/types.h>

#define SBI_EXT_LEGACY_SET_TIMER	0x00
#define SBI_EXT_LEGACY_PUTCHAR		0x01
#define SBI_EXT_LEGACY_GETCHAR		0x02
#define SBI_EXT_LEGACY_CLEAR_IPI	0x03
#define SBI_EXT_LEGACY_SEND_IPI		0x04
#define SBI_EXT_LEGACY_REMOTE_FENCE_I	0x05
#define SBI_EXT_LEGACY_REMOTE_SFENCE	0x06
#define SBI_EXT_LEGACY_REMOTE_SFENCE_ASID 0x07
#define SBI_EXT_LEGACY_SHUTDOWN		0x08
#define SBI_EXT_BASE			0x10
#define SBI_EXT_TIME			0x54494D45
#define SBI_EXT_IPI			0x735049
#define SBI_EXT_RFENCE			0x52464E43
#define SBI_EXT_HSM			0x48534D
#define SBI_EXT_SRST			0x53525354
#define SBI_EXT_DBCN			0x4442434E

#define SBI_BASE_GET_SPEC_VERSION	0
#define SBI_BASE_GET_IMPL_ID		1
#define SBI_BASE_GET_IMPL_VERSION	2
#define SBI_BASE_PROBE_EXT		3
#define SBI_BASE_GET_MVENDORID		4
#define SBI_BASE_GET_MARCHID		5
#define SBI_BASE_GET_MIMPID		6

#define SBI_RFENCE_FENCE_I		0
#define SBI_RFENCE_SFENCE_VMA		1
#define SBI_RFENCE_SFENCE_VMA_ASID	2

#define SBI_HSM_HART_START		0
#define SBI_HSM_HART_STOP		1
#define SBI_HSM_HART_GET_STATUS		2
#define SBI_HSM_HART_SUSPEND		3
#define SBI_HSM_STATE_STARTED		0
#define SBI_HSM_STATE_STOPPED		1
#define SBI_HSM_STATE_START_PENDING	2
#define SBI_HSM_STATE_STOP_PENDING	3
#define SBI_HSM_STATE_SUSPENDED		4
#define SBI_HSM_STATE_SUSPEND_PENDING	5
#define SBI_HSM_STATE_RESUME_PENDING	6
#define SBI_HSM_SUSPEND_RETENTIVE	0x00000000
#define SBI_HSM_SUSPEND_NON_RETENTIVE	0x80000000

#define SBI_SRST_SHUTDOWN		0
#define SBI_SRST_COLD_REBOOT		1
#define SBI_SRST_WARM_REBOOT		2
#define SBI_SRST_REASON_NONE		0
#define SBI_SRST_REASON_FAILURE		1

#define SBI_DBCN_WRITE			0
#define SBI_DBCN_READ			1
#define SBI_DBCN_WRITE_BYTE		2

#define SBI_SUCCESS			0
#define SBI_ERR_FAILED			-1
#define SBI_ERR_NOT_SUPPORTED		-2
#define SBI_ERR_INVALID_PARAM		-3
#define SBI_ERR_DENIED			-4
#define SBI_ERR_INVALID_ADDRESS		-5
#define SBI_ERR_ALREADY_AVAILABLE	-6
#define SBI_ERR_ALREADY_STARTED		-7
#define SBI_ERR_ALREADY_STOPPED		-8
#define SBI_ERR_NO_SHMEM		-9

struct sbiret {
	long error;
	long value;
};

static inline struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
				      unsigned long a0, unsigned long a1,
				      unsigned long a2, unsigned long a3)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ .error = (long)r0, .value = (long)r1 };
}

/* Client calls (any context). */
void sbi_init(void);
bool sbi_has(unsigned long ext);		/* probed at sbi_init */
unsigned long sbi_spec_version(void);
unsigned long sbi_impl_id(void);
unsigned long sbi_impl_version(void);
void sbi_console_putc(char c);
void sbi_set_timer(uint64_t deadline);
int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long base,
			  unsigned long start, unsigned long size);
int sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque);
long sbi_hart_status(unsigned long hartid);
void sbi_system_reset(unsigned long type, unsigned long reason) __attribute__((noreturn));
const char *sbi_impl_name(unsigned long id);
int sbi_err_to_errno(long sbi_err);

#endif
