/*
 * SBI call wrappers and the names of SBI codes for reports.
 */
#include "lib.h"
#include "sbi.h"

/* Calling convention: SBI v2.0 §3 (a7 EID, a6 FID, a0-a5 args). */
struct sbiret sbi_ecall(unsigned long eid, unsigned long fid,
			unsigned long a0, unsigned long a1, unsigned long a2,
			unsigned long a3, unsigned long a4)
{
	register unsigned long r0 asm("a0") = a0;
	register unsigned long r1 asm("a1") = a1;
	register unsigned long r2 asm("a2") = a2;
	register unsigned long r3 asm("a3") = a3;
	register unsigned long r4 asm("a4") = a4;
	register unsigned long r6 asm("a6") = fid;
	register unsigned long r7 asm("a7") = eid;

	asm volatile("ecall"
		     : "+r"(r0), "+r"(r1)
		     : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
		     : "memory");
	return (struct sbiret){ .error = (long)r0, .value = (long)r1 };
}

/* Legacy calls return one value in a0 and may clobber a1 (SBI v2.0 §5). */
long sbi_legacy(unsigned long eid, unsigned long a0, unsigned long a1,
		unsigned long a2, unsigned long a3)
{
	register unsigned long r0 asm("a0") = a0;
	register unsigned long r1 asm("a1") = a1;
	register unsigned long r2 asm("a2") = a2;
	register unsigned long r3 asm("a3") = a3;
	register unsigned long r7 asm("a7") = eid;

	asm volatile("ecall"
		     : "+r"(r0), "+r"(r1)
		     : "r"(r2), "r"(r3), "r"(r7)
		     : "memory");
	return (long)r0;
}

const char *sbi_version_str(unsigned long v, char *buf, size_t len)
{
	snprintf(buf, len, "v%lu.%lu", (v >> 24) & 0x7f, v & 0xffffff);
	return buf;
}

const char *sbi_err_str(long err)
{
	static const char *const names[] = {
		"SUCCESS", "ERR_FAILED", "ERR_NOT_SUPPORTED",
		"ERR_INVALID_PARAM", "ERR_DENIED", "ERR_INVALID_ADDRESS",
		"ERR_ALREADY_AVAILABLE", "ERR_ALREADY_STARTED",
		"ERR_ALREADY_STOPPED", "ERR_NO_SHMEM",
	};

	if (err <= 0 && -err < (long)ARRAY_SIZE(names))
		return names[-err];
	return "ERR_?";
}

/* Implementation ids: SBI v2.0 §4.9. */
const char *sbi_impl_str(long id)
{
	static const char *const names[] = {
		"BBL", "OpenSBI", "Xvisor", "KVM", "RustSBI", "Diosix",
		"Coffer", "Xen", "PolarFire HSS", "coreboot", "oreboot",
		"bhyve",
	};

	if (id >= 0 && id < (long)ARRAY_SIZE(names))
		return names[id];
	return "unknown";
}

const char *sbi_hsm_state_str(long state)
{
	static const char *const names[] = {
		"STARTED", "STOPPED", "START_PENDING", "STOP_PENDING",
		"SUSPENDED", "SUSPEND_PENDING", "RESUME_PENDING",
	};

	if (state >= 0 && state < (long)ARRAY_SIZE(names))
		return names[state];
	return "?";
}
