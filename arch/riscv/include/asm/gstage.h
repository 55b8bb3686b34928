/* G-stage (guest-physical -> host-physical) page tables, priv spec §9.5:
 * Sv39x4 (41-bit guest physical addresses, 3 levels) and Sv48x4 (50-bit,
 * 4 levels). The root table is 16 KiB with 2048 entries (the extra two bits
 * of the x4 modes index it) and 16 KiB aligned; the other tables are 4 KiB.
 * Leaves carry U (every G-stage access is checked as a user access,
 * §9.5.1), A, and D when writable, so no hardware A/D update is needed.
 *
 * Table pages come from the buddy allocator (PAGE_OWNER_PGTABLE); RAM is
 * identity mapped, so a table's pointer is its physical address. The
 * mapped memory itself belongs to the caller.
 *
 * TLB maintenance is the caller's: these functions only write PTEs. After
 * gstage_unmap() or a gstage_map() that replaces a mapping, every hart that
 * may hold translations of the guest's VMID must execute
 * `hfence.gvma gpa >> 2, vmid` for each affected page (or one
 * `hfence.gvma x0, vmid` for large ranges) before the old host memory is
 * reused. After mapping a previously unmapped range a fence is needed only
 * against spurious faults: without Svvptc a hart may have cached the
 * invalid entry (priv spec §4.2.1), so a guest-page fault on a mapped gpa
 * is answered with a local `hfence.gvma gpa >> 2, vmid` and a retry.
 * Table pages are freed only by gstage_destroy(), never while the guest
 * can run, so a walk in flight (hardware or gstage_translate()) never reads
 * a freed table. */
#ifndef ASM_GSTAGE_H
#define ASM_GSTAGE_H

#include <keel/spinlock.h>
#include <keel/types.h>

/* Guest access permissions for gstage_map() / gstage_translate(). */
#define GSTAGE_R	0x1
#define GSTAGE_W	0x2
#define GSTAGE_X	0x4
#define GSTAGE_RW	(GSTAGE_R | GSTAGE_W)
#define GSTAGE_RWX	(GSTAGE_R | GSTAGE_W | GSTAGE_X)

#define GSTAGE_LEVELS_SV39X4	3
#define GSTAGE_LEVELS_SV48X4	4

struct gstage {
	uint64_t *root;		/* 16 KiB root table, NULL once destroyed */
	unsigned int levels;	/* 3 = Sv39x4, 4 = Sv48x4 */
	size_t table_pages;	/* 4 KiB pages of tables, the root counting 4 */
	spinlock_t lock;	/* serialises gstage_map() / gstage_unmap() */
};

/* Bytes of guest-physical address space: 2^41 (Sv39x4) or 2^50 (Sv48x4). */
static inline uint64_t gstage_gpa_limit(const struct gstage *gs)
{
	return 1ULL << (12 + 9 * gs->levels + 2);
}

/*
 * Set up an empty G-stage with levels 3 (Sv39x4) or 4 (Sv48x4): allocates
 * the zeroed 16 KiB root. Thread context (or any context: never sleeps).
 * Returns 0, -EINVAL for another level count, -ENOMEM.
 */
int gstage_init(struct gstage *gs, unsigned int levels);

/*
 * Map [gpa, gpa + size) to [hpa, hpa + size) with prot (GSTAGE_R/W/X; W
 * needs R, and R or X must be given, priv spec §4.3.1 Table 4.5). Uses
 * 1 GiB and 2 MiB leaves where gpa and hpa are both aligned and the rest
 * of the range covers the leaf, 4 KiB leaves elsewhere. An existing mapping
 * in the range is replaced: a larger leaf partly covered is split (its
 * other pages keep their mapping); where finer tables already exist the new
 * mapping goes into them with smaller leaves.
 * Any context; takes gs->lock (irqsave) and the page allocator's lock.
 * Fences owed: `hfence.gvma gpa >> 2, vmid` per page on every hart of the
 * guest when a mapping was replaced; none (but see above) for a range that
 * was unmapped.
 * Returns 0; -EINVAL when gpa, hpa or size is not 4 KiB aligned, size is 0,
 * the range passes the guest-physical limit (2^41 / 2^50) or hpa the 56-bit
 * physical limit, or prot is invalid; -ENOMEM when a table cannot be
 * allocated: the range is then partly mapped (every mapped page maps
 * correctly) and the caller unmaps it or destroys the G-stage.
 */
int gstage_map(struct gstage *gs, uint64_t gpa, phys_addr_t hpa, uint64_t size,
	       unsigned int prot);

/*
 * Remove the mappings of [gpa, gpa + size) (unmapped pages in it are
 * fine). A larger leaf partly covered is split so that its pages outside
 * the range stay mapped. Tables emptied this way are kept until
 * gstage_destroy().
 * Any context; takes gs->lock (irqsave) and the page allocator's lock.
 * Fences owed: `hfence.gvma gpa >> 2, vmid` per page (or for the whole
 * VMID) on every hart of the guest before the host memory is reused.
 * Returns 0; -EINVAL for misalignment, size 0, or a range past the limit;
 * -ENOMEM when splitting a leaf needs a table that cannot be allocated:
 * the range is then partly unmapped, pages still mapped map as before.
 */
int gstage_unmap(struct gstage *gs, uint64_t gpa, uint64_t size);

/*
 * Look up gpa (any byte address): stores the host physical address of that
 * byte in *hpa and the leaf's GSTAGE_R/W/X bits in *prot (either may be
 * NULL). Any context; lock-free (tables are never freed under a walk), so
 * it may race with gstage_map()/gstage_unmap() and see either state.
 * Returns 0, or -ENOENT when gpa is not mapped or is past the limit.
 */
int gstage_translate(const struct gstage *gs, uint64_t gpa, phys_addr_t *hpa,
		     unsigned int *prot);

/*
 * Free every table page (the mapped memory stays the caller's) and leave
 * gs empty (root NULL). No hart may run the guest any more; before the
 * VMID is given to another guest, `hfence.gvma x0, vmid` must run on every
 * hart the guest ran on. Thread context; gs must not be used concurrently.
 */
void gstage_destroy(struct gstage *gs);

/*
 * The hgatp value selecting this G-stage (priv spec §9.2.10): MODE (8 =
 * Sv39x4, 9 = Sv48x4) << 60 | VMID << 44 | root PPN. vmid is truncated to
 * the 14 bits of the field; the caller keeps it below 2^VMIDLEN. Any context.
 */
unsigned long gstage_hgatp(const struct gstage *gs, unsigned int vmid);

#endif
