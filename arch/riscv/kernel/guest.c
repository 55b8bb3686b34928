/* RISC-V side of a guest: its G-stage page table and VMID. */
#include <arch/guest.h>
#include <asm/vcpu_internal.h>
#include <keel/errno.h>

int arch_guest_init(struct guest *g)
{
	g->arch.vmid_gen = 0;
	return gstage_init(&g->arch.gstage, hyp_caps.sv48x4 ? 4 : 3);
}

void arch_guest_destroy(struct guest *g)
{
	vmid_invalidate(g);
	gstage_destroy(&g->arch.gstage);
}

int arch_guest_map(struct guest *g, uint64_t gpa, phys_addr_t hpa, uint64_t size,
		   unsigned int prot)
{
	return gstage_map(&g->arch.gstage, gpa, hpa, size, prot);
}

void arch_guest_flush(struct guest *g)
{
	vmid_invalidate(g);
}
