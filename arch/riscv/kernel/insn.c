/* Instruction decoding for trap emulation (see <asm/insn.h>): integer loads
 * and stores for MMIO guest-page faults, in their 32-bit, compressed and
 * htinst-transformed forms, and SYSTEM instructions for virtual-instruction
 * exits. Pure functions of the instruction bits, built for the host too. */
#include <asm/insn.h>
#include <keel/compiler.h>
#include <keel/errno.h>

/* 32-bit major opcodes, bits [6:0] (unpriv spec §24, Table 24.1). */
#define OPC_LOAD	0x03
#define OPC_LOAD_FP	0x07
#define OPC_STORE	0x23
#define OPC_STORE_FP	0x27
#define OPC_SYSTEM	0x73
#define OPC_MASK	0x7f

/* 32-bit fields (unpriv spec §2.2 "Base Instruction Formats"). */
#define INSN_RD(i)	(((i) >> 7) & 0x1f)
#define INSN_FUNCT3(i)	(((i) >> 12) & 0x7)
#define INSN_RS1(i)	(((i) >> 15) & 0x1f)
#define INSN_RS2(i)	(((i) >> 20) & 0x1f)

/* Compressed fields (unpriv spec §16.2 "Compressed Instruction Formats"). */
#define RVC_OP(c)	((c) & 0x3)
#define RVC_FUNCT3(c)	(((c) >> 13) & 0x7)
#define RVC_FUNCT6(c)	(((c) >> 10) & 0x3f)
#define RVC_RD(c)	(((c) >> 7) & 0x1f)	/* CI: rd, bits [11:7] */
#define RVC_RS2(c)	(((c) >> 2) & 0x1f)	/* CSS: rs2, bits [6:2] */
#define RVC_RDP(c)	(8 + (((c) >> 2) & 0x7))	/* CL/CS: rd'/rs2' = x8 + n */
#define RVC_BIT6(c)	(((c) >> 6) & 0x1)

static int set_access(struct mmio_insn *out, bool store, unsigned int width,
		      bool sext, unsigned int reg, unsigned int len)
{
	out->is_store = store;
	out->width = width;
	out->sign_extend = sext && width < 8;
	out->reg = reg;
	out->len = len;
	return 0;
}

/* A 32-bit LOAD/STORE (unpriv spec §2.6, §5.3): funct3 gives the width as
 * log2(bytes) in bits [1:0] and "unsigned" in bit 2 for loads. len is
 * passed in because transformed compressed instructions decode here too. */
static int decode_32(uint32_t insn, struct mmio_insn *out, unsigned int len)
{
	unsigned int f3 = INSN_FUNCT3(insn);

	switch (insn & OPC_MASK) {
	case OPC_LOAD:
		if (f3 == 7)		/* LDU does not exist in RV64 */
			return -EINVAL;
		return set_access(out, false, 1U << (f3 & 3), f3 < 4, INSN_RD(insn), len);
	case OPC_STORE:
		if (f3 > 3)		/* SQ is RV128 only */
			return -EINVAL;
		return set_access(out, true, 1U << f3, false, INSN_RS2(insn), len);
	case OPC_LOAD_FP:
	case OPC_STORE_FP:
		return -ENOTSUP;	/* FLH/FLW/FLD/FLQ..., vector loads/stores */
	default:
		return -EINVAL;
	}
}

/* Quadrant 0, funct3 100: the Zcb byte and halfword loads/stores
 * (Zc* v1.0 "Zcb"): C.LBU 100000, C.LHU/C.LH 100001 (bit 6 = 0/1),
 * C.SB 100010, C.SH 100011 with bit 6 = 0. */
static int decode_zcb(uint16_t c, struct mmio_insn *out)
{
	switch (RVC_FUNCT6(c)) {
	case 0x20:
		return set_access(out, false, 1, false, RVC_RDP(c), 2);
	case 0x21:
		return set_access(out, false, 2, RVC_BIT6(c), RVC_RDP(c), 2);
	case 0x22:
		return set_access(out, true, 1, false, RVC_RDP(c), 2);
	case 0x23:
		if (RVC_BIT6(c))
			return -EINVAL;
		return set_access(out, true, 2, false, RVC_RDP(c), 2);
	default:
		return -EINVAL;
	}
}

/* Quadrant 0: register-based CL/CS forms (unpriv spec §16.3; RV64 column
 * of the §16.8 opcode map). */
static int decode_q0(uint16_t c, struct mmio_insn *out)
{
	switch (RVC_FUNCT3(c)) {
	case 1:				/* C.FLD */
	case 5:				/* C.FSD */
		return -ENOTSUP;
	case 2:
		return set_access(out, false, 4, true, RVC_RDP(c), 2);	/* C.LW */
	case 3:
		return set_access(out, false, 8, false, RVC_RDP(c), 2);	/* C.LD */
	case 4:
		return decode_zcb(c, out);
	case 6:
		return set_access(out, true, 4, false, RVC_RDP(c), 2);	/* C.SW */
	case 7:
		return set_access(out, true, 8, false, RVC_RDP(c), 2);	/* C.SD */
	default:
		return -EINVAL;		/* C.ADDI4SPN, illegal all-zero */
	}
}

/* Quadrant 2: stack-pointer-based CI/CSS forms (unpriv spec §16.3,
 * "Stack-Pointer-Based Loads and Stores"); C.LWSP/C.LDSP with rd = x0 are
 * reserved. */
static int decode_q2(uint16_t c, struct mmio_insn *out)
{
	switch (RVC_FUNCT3(c)) {
	case 1:				/* C.FLDSP */
	case 5:				/* C.FSDSP */
		return -ENOTSUP;
	case 2:				/* C.LWSP */
	case 3:				/* C.LDSP */
		if (!RVC_RD(c))
			return -EINVAL;
		return set_access(out, false, RVC_FUNCT3(c) == 2 ? 4 : 8, true,
				  RVC_RD(c), 2);
	case 6:
		return set_access(out, true, 4, false, RVC_RS2(c), 2);	/* C.SWSP */
	case 7:
		return set_access(out, true, 8, false, RVC_RS2(c), 2);	/* C.SDSP */
	default:
		return -EINVAL;
	}
}

int insn_decode_mmio(uint32_t insn, struct mmio_insn *out)
{
	uint16_t c = (uint16_t)insn;

	switch (RVC_OP(c)) {
	case 0:
		return decode_q0(c, out);
	case 2:
		return decode_q2(c, out);
	case 3:
		return decode_32(insn, out, 4);
	default:
		return -EINVAL;		/* quadrant 1 has no loads or stores */
	}
}

int insn_decode_htinst(unsigned long htinst, struct mmio_insn *out)
{
	uint32_t insn = (uint32_t)htinst | 2;	/* bit 1: 0 = was compressed */

	if (!(htinst & 1) || htinst > 0xffffffffUL)
		return -EINVAL;		/* zero, pseudoinstruction, not 32-bit */
	switch (insn & OPC_MASK) {
	case OPC_LOAD:
	case OPC_LOAD_FP:
		if (insn >> 20)			/* imm[11:0] */
			return -EINVAL;
		break;
	case OPC_STORE:
	case OPC_STORE_FP:
		if ((insn >> 25) || INSN_RD(insn))	/* imm[11:5], imm[4:0] */
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	return decode_32(insn, out, (htinst & 2) ? 4 : 2);
}

unsigned long insn_sign_extend(unsigned long val, unsigned int width)
{
	unsigned int shift;

	if (width >= sizeof(unsigned long))
		return val;
	if (!width)
		return 0;
	shift = (unsigned int)(sizeof(unsigned long) - width) * 8;
	return (unsigned long)((long)(val << shift) >> shift);
}

unsigned long insn_mmio_load_value(const struct mmio_insn *mi, unsigned long val)
{
	if (mi->width >= sizeof(unsigned long))
		return val;
	if (mi->sign_extend)
		return insn_sign_extend(val, mi->width);
	return val & ((1UL << (mi->width * 8)) - 1);
}

/* SYSTEM instructions with funct3 = 0 that trap as virtual instructions,
 * as mask/match pairs. The fences keep rs1/rs2 (address and ASID/VMID
 * registers) and need rd = 0; SINVAL/HINVAL (Svinval) behave as the fences
 * for an emulator. */
static const struct {
	uint32_t mask, match;
	enum system_insn_kind kind;
} priv_insns[] = {
	{ 0xffffffff, 0x10500073, SYSTEM_INSN_WFI },		/* priv §3.3.3 */
	{ 0xffffffff, 0x10200073, SYSTEM_INSN_SRET },		/* priv §3.3.2 */
	{ 0xfe007fff, 0x12000073, SYSTEM_INSN_SFENCE_VMA },	/* priv §4.2.1 */
	{ 0xfe007fff, 0x16000073, SYSTEM_INSN_SFENCE_VMA },	/* SINVAL.VMA */
	{ 0xfe007fff, 0x22000073, SYSTEM_INSN_HFENCE_VVMA },	/* priv §9.3.2 */
	{ 0xfe007fff, 0x26000073, SYSTEM_INSN_HFENCE_VVMA },	/* HINVAL.VVMA */
	{ 0xfe007fff, 0x62000073, SYSTEM_INSN_HFENCE_GVMA },	/* priv §9.3.2 */
	{ 0xfe007fff, 0x66000073, SYSTEM_INSN_HFENCE_GVMA },	/* HINVAL.GVMA */
};

static int decode_priv(uint32_t insn, struct system_insn *si)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(priv_insns); i++) {
		if ((insn & priv_insns[i].mask) != priv_insns[i].match)
			continue;
		si->kind = priv_insns[i].kind;
		if (si->kind != SYSTEM_INSN_WFI && si->kind != SYSTEM_INSN_SRET) {
			si->rs1 = INSN_RS1(insn);
			si->rs2 = INSN_RS2(insn);
		}
		return 0;
	}
	return -EINVAL;
}

/* CSRRW/CSRRS/CSRRC = funct3 1/2/3, the I forms 5/6/7 (unpriv spec §9.1). */
static int decode_csr(uint32_t insn, struct system_insn *si)
{
	unsigned int f3 = INSN_FUNCT3(insn);

	if ((f3 & 3) == 0)
		return -EINVAL;		/* 4: HLV/HSV, or reserved */
	si->kind = SYSTEM_INSN_CSR;
	si->csr_op = (enum insn_csr_op)((f3 & 3) - 1);
	si->csr_imm = f3 & 4;
	si->csr = insn >> 20;
	si->rd = INSN_RD(insn);
	si->rs1 = INSN_RS1(insn);
	return 0;
}

int insn_decode_system(uint32_t insn, struct system_insn *out)
{
	struct system_insn si = { 0 };
	int ret;

	if ((insn & OPC_MASK) != OPC_SYSTEM)
		return -EINVAL;
	if (INSN_FUNCT3(insn) == 0)
		ret = decode_priv(insn, &si);
	else
		ret = decode_csr(insn, &si);
	if (ret)
		return ret;
	*out = si;
	return (int)si.kind;
}
