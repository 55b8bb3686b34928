/* Instruction decoding for trap emulation: the loads and stores behind
 * guest-page faults on emulated MMIO (DESIGN.md "Exits"), and the system
 * instructions behind virtual-instruction exits (scause 22).
 *
 * Pure functions of the instruction bits: no CSR access, no memory access,
 * callable from any context and on the host (tests/unit/test_insn.c).
 * Encodings are those of the unprivileged spec (20191213): RV32I/RV64I
 * loads and stores (§2.6, §5.3), the C extension (§16.2 formats, §16.3
 * loads and stores, §16.8 opcode map), Zicsr (§9.1), and the Zcb byte and
 * halfword forms (Zc* extensions v1.0, "Zcb"); privileged instructions per
 * priv spec §3.3.3 (WFI), §3.3.2 (SRET), §4.2.1 (SFENCE.VMA), §9.3
 * (HFENCE), Svinval. Transformed instructions in htinst follow priv spec
 * §9.6.3 "Transformed Instruction or Pseudoinstruction for mtinst or htinst". */
#ifndef ASM_INSN_H
#define ASM_INSN_H

#include <keel/types.h>

/* A decoded integer load or store. */
struct mmio_insn {
	bool is_store;
	unsigned int width;	/* access size in bytes: 1, 2, 4 or 8 */
	bool sign_extend;	/* loads narrower than 8 bytes: LB, LH, LW, C.LW... */
	unsigned int reg;	/* rd for loads (may be x0), rs2 for stores */
	unsigned int len;	/* instruction length in bytes: 2 or 4 (sepc step) */
};

/* Length in bytes of the instruction whose low 16 bits are lo: 2 when
 * bits [1:0] != 0b11 (compressed), else 4. Longer encodings (bits [4:0] ==
 * 0b11111) are reported as 4 and then rejected by the decoders. Lets a
 * caller fetching through HLVX read the second halfword only when needed. */
static inline unsigned int insn_length(uint16_t lo)
{
	return (lo & 3) == 3 ? 4 : 2;
}

/*
 * Decode the load/store insn (a 32-bit instruction, or a compressed one in
 * the low 16 bits when bits [1:0] != 0b11; the high half is then ignored).
 * Recognises LB LH LW LD LBU LHU LWU, SB SH SW SD, C.LW C.LD C.SW C.SD
 * (rd'/rs2' = x8 + n), C.LWSP C.LDSP C.SWSP C.SDSP, and the Zcb forms
 * C.LBU C.LHU C.LH C.SB C.SH (a hart without Zcb never executes them, so
 * accepting them is always safe). The base register and the offset are not
 * reported: the faulting address comes from htval/stval.
 * Any context. Returns 0 with *out filled; -ENOTSUP for floating-point and
 * vector loads/stores (LOAD-FP/STORE-FP opcodes, C.FLD, C.FSD, C.FLDSP,
 * C.FSDSP): MMIO through FP or vector registers is not emulated; -EINVAL for
 * anything else (including AMOs, LR/SC and reserved encodings).
 */
int insn_decode_mmio(uint32_t insn, struct mmio_insn *out);

/*
 * Decode the htinst value of a guest-page fault (priv spec §9.6.3). A
 * transformed standard load/store has bit 0 set, bit 1 set when the original
 * instruction was 32-bit (clear: compressed, len 2), the offset field zeroed
 * (imm[11:0] of loads, imm[11:5] and imm[4:0] of stores) and the rs1 field
 * replaced by the "Addr. Offset" of a misaligned access, which is ignored
 * here (the HLVX path cannot know it either).
 * Any context. Returns 0 with *out filled (len from bit 1); -ENOTSUP for a
 * transformed FP load/store; -EINVAL when htinst is 0, a pseudoinstruction
 * (bit 0 clear: implicit VS-stage page-table access), has bits above 31 or
 * a nonzero offset field, or is no integer load/store. On -EINVAL the caller
 * fetches the instruction with HLVX and uses insn_decode_mmio().
 */
int insn_decode_htinst(unsigned long htinst, struct mmio_insn *out);

/* Sign-extend the low width bytes of val (width 1, 2 or 4) to a full
 * register; width >= 8 returns val unchanged, width 0 returns 0. Any context. */
unsigned long insn_sign_extend(unsigned long val, unsigned int width);

/* Register value a decoded load leaves in mi->reg for the width-byte value
 * val read from the device: sign- or zero-extended as the instruction says
 * (bits of val above width are ignored). Any context. */
unsigned long insn_mmio_load_value(const struct mmio_insn *mi, unsigned long val);

/* What insn_decode_system() found. */
enum system_insn_kind {
	SYSTEM_INSN_WFI,		/* hstatus.VTW */
	SYSTEM_INSN_SRET,		/* hstatus.VTSR */
	SYSTEM_INSN_SFENCE_VMA,		/* SFENCE.VMA and SINVAL.VMA (Svinval) */
	SYSTEM_INSN_HFENCE_VVMA,	/* HFENCE.VVMA and HINVAL.VVMA */
	SYSTEM_INSN_HFENCE_GVMA,	/* HFENCE.GVMA and HINVAL.GVMA */
	SYSTEM_INSN_CSR,		/* CSRRW/S/C and CSRRWI/SI/CI */
};

/* The operation of a Zicsr instruction. */
enum insn_csr_op {
	INSN_CSR_RW,			/* write rs1 */
	INSN_CSR_RS,			/* set the bits of rs1 */
	INSN_CSR_RC,			/* clear the bits of rs1 */
};

struct system_insn {
	enum system_insn_kind kind;
	enum insn_csr_op csr_op;	/* SYSTEM_INSN_CSR only */
	bool csr_imm;			/* I form: rs1 is uimm[4:0], not a register */
	unsigned int csr;		/* CSR number, 12 bits */
	unsigned int rd;		/* CSR: destination register */
	unsigned int rs1;		/* CSR: source register or uimm; fences: address register */
	unsigned int rs2;		/* fences: ASID (SFENCE, HFENCE.VVMA) or VMID register */
};

/*
 * Decode a SYSTEM-opcode instruction behind a virtual-instruction exit: WFI,
 * SRET, SFENCE.VMA/SINVAL.VMA, HFENCE.VVMA/GVMA and HINVAL.VVMA/GVMA, and
 * the six Zicsr instructions. Fields the kind does not use are zeroed.
 * Any context. Returns the kind (>= 0) with *out filled, or -EINVAL for
 * anything else (ECALL, EBREAK, MRET, HLV/HSV, SFENCE.W.INVAL, a compressed
 * instruction...), which the caller reflects as an illegal instruction.
 */
int insn_decode_system(uint32_t insn, struct system_insn *out);

/* Whether a decoded CSR instruction reads the CSR: all but CSRRW/CSRRWI
 * with rd = x0 do (Zicsr "CSR Instructions"), so side effects of the read
 * must be skipped for those. */
static inline bool insn_csr_reads(const struct system_insn *si)
{
	return si->csr_op != INSN_CSR_RW || si->rd != 0;
}

/* Whether a decoded CSR instruction writes the CSR: all but CSRRS/CSRRC
 * (and the I forms) with rs1 = x0 / uimm = 0 do, so a read-only CSR may be
 * read by those without raising an exception. */
static inline bool insn_csr_writes(const struct system_insn *si)
{
	return si->csr_op == INSN_CSR_RW || si->rs1 != 0;
}

#endif
