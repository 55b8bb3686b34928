/* Synchronous guest exits: SBI calls, guest page faults in emulated regions
 * (MMIO), virtual-instruction traps (WFI), and exceptions reflected back to
 * the guest. Keel never panics on anything a guest does. */
#include <arch/guest.h>
#include <asm/insn.h>
#include <asm/vcpu_internal.h>
#include <arch/irqflags.h>
#include <arch/trap.h>
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/printk.h>
#include <keel/timer.h>

#define INSN_WFI	0x10500073U

/* Read guest memory with HLVX/HLV (hlvx.S): the access uses the guest's
 * privilege, hstatus.SPVP, which still holds the guest's value after an
 * exit (vcpu_switch.S); a fault is caught by the host trap handler's fixup
 * (trap.c) and returns -EFAULT. Exit handlers only. */
int hlvx_hu(unsigned long gva, unsigned long *val);
int hlvx_wu(unsigned long gva, unsigned long *val);

static int fetch_insn(struct guest_vcpu *gv, uint32_t *insn)
{
	unsigned long pc = gv->arch.guest.sepc, lo, hi;

	/* One 32-bit read when it cannot cross a page (priv spec: HLVX.WU). */
	if ((pc & 3) == 0 && !hlvx_wu(pc, &lo)) {
		*insn = (uint32_t)((lo & 3) == 3 ? lo : lo & 0xffff);
		return 0;
	}
	if (hlvx_hu(pc, &lo))
		return -EFAULT;
	if ((lo & 3) != 3) {
		*insn = (uint32_t)lo;
		return 0;
	}
	if (hlvx_hu(pc + 2, &hi))
		return -EFAULT;
	*insn = (uint32_t)(lo | (hi << 16));
	return 0;
}

void vcpu_inject_exception(struct guest_vcpu *gv, unsigned long cause, unsigned long tval)
{
	struct vcpu_arch *a = &gv->arch;
	unsigned long vsstatus = csr_read(vsstatus);

	/* priv spec §9.4.4: as if the trap had been taken in VS-mode. */
	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (a->guest.hstatus & HSTATUS_SPVP)
		vsstatus |= SSTATUS_SPP;
	if (vsstatus & SSTATUS_SIE)
		vsstatus |= SSTATUS_SPIE;
	vsstatus &= ~SSTATUS_SIE;
	csr_write(vsstatus, vsstatus);
	csr_write(vsepc, a->guest.sepc);
	csr_write(vscause, cause);
	csr_write(vstval, tval);
	a->guest.sepc = csr_read(vstvec) & ~3UL;
	a->guest.hstatus |= HSTATUS_SPVP;
}

static void reflect_access_fault(struct guest_vcpu *gv, uint64_t gpa)
{
	static uint64_t last_log;
	unsigned long cause = gv->arch.trap.scause;
	unsigned long fault = cause == EXC_LOAD_GUEST_PAGE_FAULT ? EXC_LOAD_ACCESS :
			      cause == EXC_STORE_GUEST_PAGE_FAULT ? EXC_STORE_ACCESS :
			      EXC_INST_ACCESS;
	uint64_t now = timer_now();

	gv->stats.mmio_faults++;
	if (now - last_log > timer_ms_to_ticks(1000)) {
		last_log = now;
		pr_warn("%s/vcpu%u: %s at gpa 0x%llx (pc 0x%lx) outside its devices: access fault\n",
			gv->guest->name, gv->index, arch_trap_cause_name(cause),
			(unsigned long long)gpa, gv->arch.guest.sepc);
	}
	vcpu_inject_exception(gv, fault, gv->arch.trap.stval);
}

static int decode_access(struct guest_vcpu *gv, struct mmio_insn *mi)
{
	uint32_t insn;

	/* A transformed instruction saves the fetch; anything else in htinst
	 * (zero, a pseudo-instruction) means reading the guest's code. */
	if ((gv->arch.trap.htinst & 1) && !insn_decode_htinst(gv->arch.trap.htinst, mi))
		return 0;
	if (fetch_insn(gv, &insn))
		return -EFAULT;
	/* Device drivers poll in loops: keep the last decode, checked
	 * against the instruction bits just fetched. */
	if (insn == gv->arch.mmio_insn_bits && gv->arch.mmio_insn.len) {
		*mi = gv->arch.mmio_insn;
		return 0;
	}
	if (insn_decode_mmio(insn, mi))
		return -EINVAL;
	gv->arch.mmio_insn_bits = insn;
	gv->arch.mmio_insn = *mi;
	return 0;
}

static int emulate_mmio(struct guest_vcpu *gv, struct devemu_dev *dev, uint64_t gpa)
{
	struct mmio_insn mi;
	uint64_t off = gpa - dev->region->gpa, val;
	int ret = decode_access(gv, &mi);

	if (ret || off + mi.width > dev->region->size)
		return ret ? ret : -EFAULT;
	if (mi.is_store) {
		val = mi.reg ? *vcpu_reg(gv, mi.reg) : 0;
		ret = dev->emu->write(dev, off, mi.width, val);
		dev->writes++;
		gv->stats.mmio_writes++;
	} else {
		ret = dev->emu->read(dev, off, mi.width, &val);
		dev->reads++;
		gv->stats.mmio_reads++;
		if (!ret && mi.reg)
			*vcpu_reg(gv, mi.reg) = insn_mmio_load_value(&mi, val);
	}
	if (!ret)
		gv->arch.guest.sepc += mi.len;
	return ret;
}

static void guest_page_fault(struct guest_vcpu *gv)
{
	struct vcpu_trap_info *t = &gv->arch.trap;
	uint64_t gpa = (t->htval << 2) | (t->stval & 3);
	struct devemu_dev *dev = gv->last_mmio;
	int idx;

	/* Most exits hit the device the last one did: look it up once. */
	if (!dev || gpa - dev->region->gpa >= dev->region->size) {
		idx = guest_region_index(gv->guest, gpa);
		dev = idx >= 0 ? gv->guest->regions[idx].dev : NULL;
		if (dev)
			gv->last_mmio = dev;
	}

	if (dev && t->scause != EXC_INST_GUEST_PAGE_FAULT && !emulate_mmio(gv, dev, gpa))
		return;
	reflect_access_fault(gv, gpa);
}

static void virtual_instruction(struct guest_vcpu *gv)
{
	uint32_t insn = (uint32_t)gv->arch.trap.stval;

	if (!insn && fetch_insn(gv, &insn))
		insn = 0;
	if (insn == INSN_WFI) {
		gv->arch.guest.sepc += 4;
		gv->stats.wfi++;
		guest_vcpu_wfi(gv);
		return;
	}
	/* Unknown CSRs and instructions: illegal instruction in the guest. */
	vcpu_inject_exception(gv, EXC_ILLEGAL_INST, insn);
}

static void unexpected_exit(struct guest_vcpu *gv)
{
	unsigned long cause = gv->arch.trap.scause;

	pr_err("%s/vcpu%u: unexpected %s (cause %lu) at pc 0x%lx, stval 0x%lx: halting the guest\n",
	       gv->guest->name, gv->index, arch_trap_cause_name(cause), cause,
	       gv->arch.guest.sepc, gv->arch.trap.stval);
	guest_request_shutdown(gv->guest, false);
}

typedef void (*exit_handler_t)(struct guest_vcpu *gv);

static const exit_handler_t exit_handlers[EXIT_STAT_CAUSES] = {
	[EXC_ECALL_VS] = vcpu_sbi_ecall,
	[EXC_INST_GUEST_PAGE_FAULT] = guest_page_fault,
	[EXC_LOAD_GUEST_PAGE_FAULT] = guest_page_fault,
	[EXC_STORE_GUEST_PAGE_FAULT] = guest_page_fault,
	[EXC_VIRTUAL_INST] = virtual_instruction,
};

void vcpu_handle_sync_exit(struct guest_vcpu *gv)
{
	unsigned long cause = gv->arch.trap.scause;
	exit_handler_t fn;

	if (likely(cause == EXC_ECALL_VS)) {	/* the most frequent exit */
		gv->stats.exit_cause[cause]++;
		vcpu_sbi_ecall(gv);
		return;
	}
	fn = cause < EXIT_STAT_CAUSES ? exit_handlers[cause] : NULL;
	if (cause < EXIT_STAT_CAUSES)
		gv->stats.exit_cause[cause]++;
	(fn ? fn : unexpected_exit)(gv);
}
