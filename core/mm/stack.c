/* Thread stacks in the stack area (STACK_AREA_BASE): fixed slots of twice
 * the largest stack size; the stack sits at the top of its slot, and the
 * unmapped lower half is its guard. */
#include <arch/mmu.h>
#include <keel/compiler.h>
#include <keel/page_alloc.h>
#include <keel/spinlock.h>
#include <keel/stack.h>

#define STACK_MAX	(64 * 1024UL)
#define SLOT_SIZE	(2 * STACK_MAX)
#define NR_SLOTS	1024

static uint64_t slot_used[NR_SLOTS / 64];
static unsigned int nr_used;
static DEFINE_SPINLOCK(slot_lock);

static int slot_get(void)
{
	unsigned long flags = spin_lock_irqsave(&slot_lock);
	int slot = -1;

	for (unsigned int w = 0; w < ARRAY_SIZE(slot_used) && slot < 0; w++) {
		if (~slot_used[w]) {
			unsigned int b = __builtin_ctzll(~slot_used[w]);

			slot_used[w] |= 1ULL << b;
			slot = w * 64 + b;
			nr_used++;
		}
	}
	spin_unlock_irqrestore(&slot_lock, flags);
	return slot;
}

static void slot_put(unsigned int slot)
{
	unsigned long flags = spin_lock_irqsave(&slot_lock);

	slot_used[slot / 64] &= ~(1ULL << (slot % 64));
	nr_used--;
	spin_unlock_irqrestore(&slot_lock, flags);
}

static unsigned int order_of(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

unsigned long stack_alloc(size_t size)
{
	int slot;
	void *pages;
	unsigned long base;

	if (size < PAGE_SIZE || size > STACK_MAX || (size & (size - 1)))
		return 0;
	slot = slot_get();
	if (slot < 0)
		return 0;
	pages = page_alloc(order_of(size), PAGE_OWNER_STACK);
	if (!pages)
		goto err_slot;
	base = STACK_AREA_BASE + (unsigned long)slot * SLOT_SIZE + SLOT_SIZE - size;
	if (arch_mmu_map(base, (phys_addr_t)pages, size, PROT_READ | PROT_WRITE))
		goto err_pages;
	return base;

err_pages:
	page_free(pages);
err_slot:
	slot_put(slot);
	return 0;
}

void stack_free(unsigned long base, size_t size)
{
	phys_addr_t pa = arch_mmu_translate(base);

	arch_mmu_unmap(base, size);
	if (pa)
		page_free((void *)pa);
	slot_put((base - STACK_AREA_BASE) / SLOT_SIZE);
}

unsigned int stack_count(void)
{
	return nr_used;
}
