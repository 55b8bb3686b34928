/* Arch interface: the host address space (Sv39).
 * RAM is identity mapped (virtual == physical); the image W^X by section;
 * device memory on request; thread stacks in their own area with guard pages.
 *   arch_mmu_init()       — boot hart, after the page allocator is up
 *   arch_mmu_map(va, pa, size, prot), arch_mmu_unmap(va, size)
 *        thread context, serialised internally; flushes every hart's TLB
 *   ioremap(pa, size)     — map device registers, returns the address to use
 *   arch_mmu_satp()       — value secondary harts load into satp */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H
#include <keel/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4

/* Where thread stacks are mapped: above the identity map, below 2^38. */
#define STACK_AREA_BASE	0x3000000000UL
#define STACK_AREA_SIZE	0x0800000000UL

struct mmu_stats {
	size_t table_pages;
	size_t mapped_4k, mapped_2m, mapped_1g;
};

int arch_mmu_init(void);
int arch_mmu_map(unsigned long va, phys_addr_t pa, size_t size, unsigned int prot);
int arch_mmu_unmap(unsigned long va, size_t size);
void *ioremap(phys_addr_t pa, size_t size);
unsigned long arch_mmu_satp(void);
void arch_mmu_get_stats(struct mmu_stats *st);
/* Physical address behind a mapped virtual address, or 0. */
phys_addr_t arch_mmu_translate(unsigned long va);
#endif
