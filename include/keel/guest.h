/* Guests and their vCPUs. A guest has an address space (regions from its
 * validated config), a G-stage page table, vCPUs scheduled like any other
 * Keel thread, and emulated devices. */
#ifndef KEEL_GUEST_H
#define KEEL_GUEST_H

#include <keel/types.h>
#include <keel/list.h>
#include <keel/spinlock.h>
#include <keel/sched.h>
#include <keel/timer_queue.h>
#include <keel/guest_config.h>
#include <keel/vcpu_irq.h>
#include <arch/guest.h>

struct devemu_dev;

enum guest_state {
	GUEST_RESET,		/* created or reset, not started */
	GUEST_RUNNING,		/* kicked */
	GUEST_PAUSED,
	GUEST_HALTED,		/* stopped by the user or by the guest (SRST) */
};

/* Guest-visible hart state (SBI HSM). */
enum vcpu_hsm {
	VCPU_HSM_STOPPED,
	VCPU_HSM_STARTED,
	VCPU_HSM_SUSPENDED,
};

#define EXIT_STAT_CAUSES	24
#define SBI_STAT_EXTS		10

struct vcpu_stats {
	uint64_t exits;
	uint64_t exit_cause[EXIT_STAT_CAUSES];	/* synchronous exits by scause */
	uint64_t exit_irq;			/* host interrupts taken in the guest */
	uint64_t sbi[SBI_STAT_EXTS];		/* by extension, see sbi_stat_names */
	uint64_t mmio_reads, mmio_writes;
	uint64_t mmio_faults;			/* reflected access faults */
	uint64_t wfi, wfi_blocked;
};

/* A guest vCPU: a schedulable vCPU plus guest state. */
struct guest_vcpu {
	struct vcpu vcpu;		/* what the scheduler runs */
	struct guest *guest;
	unsigned int index;		/* guest hart id */
	struct vcpu_arch arch;
	volatile enum vcpu_hsm hsm;
	uint64_t start_pc, start_arg;	/* HSM hart_start */
	struct timer_event timer;	/* SBI set_timer without Sstc */
	struct timer_event wfi_timer;	/* wakes a vCPU blocked in WFI (Sstc) */
	struct waitqueue wq;		/* the vCPU thread sleeps here */
	volatile bool parked;		/* out of the guest, waiting to be allowed in */
	volatile uint32_t requests;	/* VCPU_REQ_* bits */
	struct devemu_dev *last_mmio;	/* device of the last MMIO exit */
	struct vcpu_stats stats;
};

#define VCPU_REQ_RESET		0x1	/* reload the reset state before running */
#define VCPU_REQ_FENCE_I	0x4	/* remote fence.i */
#define VCPU_REQ_SFENCE		0x8	/* remote sfence.vma (all) */
#define VCPU_REQ_EXIT		0x10	/* the guest is being destroyed */

struct guest_region {
	const struct region_config *cfg;
	phys_addr_t hpa;		/* real regions: backing memory */
	size_t alloc_size;		/* bytes allocated for hpa */
	struct devemu_dev *dev;		/* virtual regions */
};

struct guest {
	char name[GUEST_NAME_MAX];
	unsigned int id;
	volatile enum guest_state state;
	struct list_head node;
	spinlock_t lock;
	struct guest_config cfg;
	struct guest_region regions[GUEST_MAX_REGIONS];	/* parallel to cfg.regions */
	unsigned int nr_vcpus;
	struct guest_vcpu *vcpus[GUEST_MAX_VCPUS];
	struct guest_arch arch;		/* G-stage, VMID */
	void *config_blob;		/* copy of the config subtree (regions' nodes) */
	const struct devemu_irqchip *irqchip;
	struct vserial *console;	/* SBI console: the first UART's port */
	uint64_t created_ticks;
	volatile int live_threads;	/* vCPU threads not yet exited */
};

static inline struct guest_vcpu *to_guest_vcpu(struct vcpu *v)
{
	return container_of(v, struct guest_vcpu, vcpu);
}

/* Lifecycle (thread context, shell). Return 0 or -errno. */
int guest_create(const char *name, char *err, size_t err_size);
int guest_destroy(struct guest *g);
int guest_kick(struct guest *g);
int guest_pause(struct guest *g);
int guest_resume(struct guest *g);
int guest_halt(struct guest *g);
int guest_reset(struct guest *g);
struct guest *guest_find(const char *name);
void guest_for_each(void (*fn)(struct guest *g, void *ctx), void *ctx);
const char *guest_state_name(enum guest_state s);

/* Called by a vCPU on itself: SRST from the guest. Any vCPU context. */
void guest_request_shutdown(struct guest *g, bool reset);

/* Guest physical memory: the real region containing [gpa, gpa+len), as a
 * host pointer, or NULL. */
void *guest_gpa_to_hva(struct guest *g, uint64_t gpa, size_t len, bool write);
/* Copy into / out of guest RAM/ROM with bounds checks. */
int guest_memory_write(struct guest *g, uint64_t gpa, const void *src, size_t len);
int guest_memory_read(struct guest *g, uint64_t gpa, void *dst, size_t len);
/* The region of gpa (or -1). */
int guest_region_index(const struct guest *g, uint64_t gpa);

/* vCPU side (core/vcpu.c). */
struct guest_vcpu *guest_vcpu_create(struct guest *g, unsigned int index);
void guest_vcpu_destroy(struct guest_vcpu *gv);
/* Make a stopped vCPU runnable at pc with a1 = arg (HSM start, kick). */
int guest_vcpu_start(struct guest_vcpu *gv, uint64_t pc, uint64_t arg);
/* Leave the guest: the calling vCPU blocks (HSM stop / SRST). */
void guest_vcpu_stop_self(struct guest_vcpu *gv);
/* Block the calling vCPU until an interrupt is pending (WFI). */
void guest_vcpu_wfi(struct guest_vcpu *gv);
/* Make a vCPU notice new pending interrupts or requests at once. */
void guest_vcpu_kick(struct guest_vcpu *gv);
struct guest_vcpu *guest_vcpu_by_index(struct guest *g, unsigned int index);
/* Refresh gv's saved registers from the hart running it (for display). */
void guest_vcpu_sync_state(struct guest_vcpu *gv);

#endif
