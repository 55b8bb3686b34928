/* Fetch guest instruction bytes with HLVX.HU (priv spec §9.2.4 / §9.3): a
 * guest page fault on the fetch comes to the host trap handler, which sees
 * sepc == hlvx_fault_pc and resumes at hlvx_fixup (returns -EFAULT). */
	.text
	.globl hlvx_hu, hlvx_fault_pc, hlvx_fixup
	/* a0 = guest virtual address, a1 = unsigned long *out; returns 0 */
hlvx_hu:
	.option push
	.option arch, +h
hlvx_fault_pc:
	hlvx.hu	t0, (a0)
	.option pop
	sd	t0, 0(a1)
	li	a0, 0
	ret
hlvx_fixup:
	li	a0, -14
	ret

	/* Read a doubleword of guest virtual memory with HLV.D; same fixup. */
	.globl vcpu_read_guest_ulong, hlv_d_fault_pc, hlv_d_fixup
vcpu_read_guest_ulong:
	.option push
	.option arch, +h
hlv_d_fault_pc:
	hlv.d	t0, (a0)
	.option pop
	sd	t0, 0(a1)
	li	a0, 0
	ret
hlv_d_fixup:
	li	a0, -14
	ret

	/* 32 bits of guest instruction memory with HLVX.WU; same fixup. */
	.globl hlvx_wu, hlvx_wu_fault_pc, hlvx_wu_fixup
hlvx_wu:
	.option push
	.option arch, +h
hlvx_wu_fault_pc:
	hlvx.wu	t0, (a0)
	.option pop
	sd	t0, 0(a1)
	li	a0, 0
	ret
hlvx_wu_fixup:
	li	a0, -14
	ret
