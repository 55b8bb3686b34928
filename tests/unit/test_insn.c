/* Unit tests of the trap-emulation instruction decoders
 * (arch/riscv/kernel/insn.c): MMIO loads/stores in 32-bit, compressed and
 * htinst-transformed form, sign extension, and the SYSTEM instructions of
 * virtual-instruction exits.
 *
 * The encodings in mmio_cases[] and system_cases[] come from the assembler,
 * not from the decoder's author: each text was assembled once with
 * riscv64-linux-gnu-as (binutils 2.40, -march=rv64gcqvh_zfh_svinval, base
 * forms under `.option norvc`, compressed ones by their c. mnemonic) and
 * the words read back with `objdump -d -M no-aliases`. Zcb (unknown to
 * binutils 2.40) and the wider sweeps use encoders written here from the
 * spec's instruction formats (unpriv spec §2.2, §16.2; Zc* v1.0). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/insn.h>
#include <keel/compiler.h>
#include <keel/errno.h>

/* ------------------------------------------------------------ helpers */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd32(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static bool same_mmio(const struct mmio_insn *a, const struct mmio_insn *b)
{
	return a->is_store == b->is_store && a->width == b->width &&
	       a->sign_extend == b->sign_extend && a->reg == b->reg && a->len == b->len;
}

/* Fail with the case named when ret/got differ from want_ret/want. */
static void expect_mmio(const char *what, uint32_t insn, int ret,
			const struct mmio_insn *got, int want_ret,
			const struct mmio_insn *want)
{
	if (ret == want_ret && (ret || same_mmio(got, want)))
		return;
	print_error("%s (0x%08x): ret %d want %d\n", what, insn, ret, want_ret);
	print_error("  got  store %d width %u sext %d reg %u len %u\n", got->is_store,
		    got->width, got->sign_extend, got->reg, got->len);
	print_error("  want store %d width %u sext %d reg %u len %u\n", want->is_store,
		    want->width, want->sign_extend, want->reg, want->len);
	fail();
}

static struct mmio_insn mk(bool store, unsigned int width, bool sext,
			   unsigned int reg, unsigned int len)
{
	return (struct mmio_insn){ store, width, sext, reg, len };
}

static void check(const char *what, uint32_t insn, int want_ret, struct mmio_insn want)
{
	struct mmio_insn got = { 0 };

	expect_mmio(what, insn, insn_decode_mmio(insn, &got), &got, want_ret, &want);
}

static void check_htinst(const char *what, uint32_t htinst, int want_ret,
			 struct mmio_insn want)
{
	struct mmio_insn got = { 0 };

	expect_mmio(what, htinst, insn_decode_htinst(htinst, &got), &got, want_ret, &want);
}

/* Spec-format encoders (unpriv spec §2.2 I/S types, §16.2 CL/CS/CI/CSS). */
static uint32_t enc_i(unsigned int opc, unsigned int f3, unsigned int rd,
		      unsigned int rs1, int imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static uint32_t enc_s(unsigned int opc, unsigned int f3, unsigned int rs2,
		      unsigned int rs1, int imm)
{
	return ((uint32_t)imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       ((uint32_t)imm & 0x1f) << 7 | opc;
}

/* CL/CS: funct3 | imm[12:10] | rs1' | imm[6:5] | rd'/rs2' | op 00. */
static uint32_t enc_cl(unsigned int f3, unsigned int imm5, unsigned int rs1p,
		       unsigned int rdp)
{
	return f3 << 13 | (imm5 >> 2 & 7) << 10 | rs1p << 7 | (imm5 & 3) << 5 | rdp << 2;
}

/* CI (C.LWSP/C.LDSP): funct3 | imm[12] | rd | imm[6:2] | op 10. */
static uint32_t enc_ci(unsigned int f3, unsigned int imm6, unsigned int rd)
{
	return f3 << 13 | (imm6 >> 5 & 1) << 12 | rd << 7 | (imm6 & 0x1f) << 2 | 2;
}

/* CSS (C.SWSP/C.SDSP): funct3 | imm[12:7] | rs2 | op 10. */
static uint32_t enc_css(unsigned int f3, unsigned int imm6, unsigned int rs2)
{
	return f3 << 13 | (imm6 & 0x3f) << 7 | rs2 << 2 | 2;
}

/* Zcb: 100 | funct3b [12:10] | rs1' | bits [6:5] | rd'/rs2' | 00. */
static uint32_t enc_zcb(unsigned int f3b, unsigned int bits65, unsigned int rs1p,
			unsigned int rp)
{
	return 4U << 13 | f3b << 10 | rs1p << 7 | bits65 << 5 | rp << 2;
}

/* The 32-bit instruction a transformed htinst holds for a decoded access
 * (priv spec §9.6.3): offset fields zero, rs1 = Addr. Offset. */
static uint32_t transform(const struct mmio_insn *m, unsigned int addr_offset)
{
	unsigned int f3 = (unsigned int)__builtin_ctz(m->width);

	if (m->is_store)
		return enc_s(0x23, f3, m->reg, addr_offset, 0);
	if (!m->sign_extend && m->width < 8)
		f3 |= 4;
	return enc_i(0x03, f3, m->reg, addr_offset, 0);
}

/* ------------------------------------------------------------ MMIO table */

struct mmio_case {
	uint32_t insn;
	int ret;
	struct mmio_insn want;
	const char *text;
};

#define LOAD(h, w, s, r, l, t)	{ h, 0, { false, w, s, r, l }, t }
#define STORE(h, w, r, l, t)	{ h, 0, { true, w, false, r, l }, t }
#define FAIL(h, e, t)		{ h, -e, { false, 0, false, 0, 0 }, t }

static const struct mmio_case mmio_cases[] = {
	LOAD(0x00050003, 1, true, 0, 4, "lb zero,0(a0)"),
	LOAD(0x00110083, 1, true, 1, 4, "lb ra,1(sp)"),
	LOAD(0xfff08103, 1, true, 2, 4, "lb sp,-1(ra)"),
	LOAD(0x00800503, 1, true, 10, 4, "lb a0,8(zero)"),
	LOAD(0x7fff8783, 1, true, 15, 4, "lb a5,2047(t6)"),
	LOAD(0x80078f83, 1, true, 31, 4, "lb t6,-2048(a5)"),
	LOAD(0x00051003, 2, true, 0, 4, "lh zero,0(a0)"),
	LOAD(0x00111083, 2, true, 1, 4, "lh ra,1(sp)"),
	LOAD(0xfff09103, 2, true, 2, 4, "lh sp,-1(ra)"),
	LOAD(0x00801503, 2, true, 10, 4, "lh a0,8(zero)"),
	LOAD(0x7fff9783, 2, true, 15, 4, "lh a5,2047(t6)"),
	LOAD(0x80079f83, 2, true, 31, 4, "lh t6,-2048(a5)"),
	LOAD(0x00052003, 4, true, 0, 4, "lw zero,0(a0)"),
	LOAD(0x00112083, 4, true, 1, 4, "lw ra,1(sp)"),
	LOAD(0xfff0a103, 4, true, 2, 4, "lw sp,-1(ra)"),
	LOAD(0x00802503, 4, true, 10, 4, "lw a0,8(zero)"),
	LOAD(0x7fffa783, 4, true, 15, 4, "lw a5,2047(t6)"),
	LOAD(0x8007af83, 4, true, 31, 4, "lw t6,-2048(a5)"),
	LOAD(0x00053003, 8, false, 0, 4, "ld zero,0(a0)"),
	LOAD(0x00113083, 8, false, 1, 4, "ld ra,1(sp)"),
	LOAD(0xfff0b103, 8, false, 2, 4, "ld sp,-1(ra)"),
	LOAD(0x00803503, 8, false, 10, 4, "ld a0,8(zero)"),
	LOAD(0x7fffb783, 8, false, 15, 4, "ld a5,2047(t6)"),
	LOAD(0x8007bf83, 8, false, 31, 4, "ld t6,-2048(a5)"),
	LOAD(0x00054003, 1, false, 0, 4, "lbu zero,0(a0)"),
	LOAD(0x00114083, 1, false, 1, 4, "lbu ra,1(sp)"),
	LOAD(0xfff0c103, 1, false, 2, 4, "lbu sp,-1(ra)"),
	LOAD(0x00804503, 1, false, 10, 4, "lbu a0,8(zero)"),
	LOAD(0x7fffc783, 1, false, 15, 4, "lbu a5,2047(t6)"),
	LOAD(0x8007cf83, 1, false, 31, 4, "lbu t6,-2048(a5)"),
	LOAD(0x00055003, 2, false, 0, 4, "lhu zero,0(a0)"),
	LOAD(0x00115083, 2, false, 1, 4, "lhu ra,1(sp)"),
	LOAD(0xfff0d103, 2, false, 2, 4, "lhu sp,-1(ra)"),
	LOAD(0x00805503, 2, false, 10, 4, "lhu a0,8(zero)"),
	LOAD(0x7fffd783, 2, false, 15, 4, "lhu a5,2047(t6)"),
	LOAD(0x8007df83, 2, false, 31, 4, "lhu t6,-2048(a5)"),
	LOAD(0x00056003, 4, false, 0, 4, "lwu zero,0(a0)"),
	LOAD(0x00116083, 4, false, 1, 4, "lwu ra,1(sp)"),
	LOAD(0xfff0e103, 4, false, 2, 4, "lwu sp,-1(ra)"),
	LOAD(0x00806503, 4, false, 10, 4, "lwu a0,8(zero)"),
	LOAD(0x7fffe783, 4, false, 15, 4, "lwu a5,2047(t6)"),
	LOAD(0x8007ef83, 4, false, 31, 4, "lwu t6,-2048(a5)"),
	STORE(0xfe008fa3, 1, 0, 4, "sb zero,-1(ra)"),
	STORE(0x001f8423, 1, 1, 4, "sb ra,8(t6)"),
	STORE(0x7e250fa3, 1, 2, 4, "sb sp,2047(a0)"),
	STORE(0x80a08023, 1, 10, 4, "sb a0,-2048(ra)"),
	STORE(0x00ff8023, 1, 15, 4, "sb a5,0(t6)"),
	STORE(0x01f500a3, 1, 31, 4, "sb t6,1(a0)"),
	STORE(0xfe009fa3, 2, 0, 4, "sh zero,-1(ra)"),
	STORE(0x001f9423, 2, 1, 4, "sh ra,8(t6)"),
	STORE(0x7e251fa3, 2, 2, 4, "sh sp,2047(a0)"),
	STORE(0x80a09023, 2, 10, 4, "sh a0,-2048(ra)"),
	STORE(0x00ff9023, 2, 15, 4, "sh a5,0(t6)"),
	STORE(0x01f510a3, 2, 31, 4, "sh t6,1(a0)"),
	STORE(0xfe00afa3, 4, 0, 4, "sw zero,-1(ra)"),
	STORE(0x001fa423, 4, 1, 4, "sw ra,8(t6)"),
	STORE(0x7e252fa3, 4, 2, 4, "sw sp,2047(a0)"),
	STORE(0x80a0a023, 4, 10, 4, "sw a0,-2048(ra)"),
	STORE(0x00ffa023, 4, 15, 4, "sw a5,0(t6)"),
	STORE(0x01f520a3, 4, 31, 4, "sw t6,1(a0)"),
	STORE(0xfe00bfa3, 8, 0, 4, "sd zero,-1(ra)"),
	STORE(0x001fb423, 8, 1, 4, "sd ra,8(t6)"),
	STORE(0x7e253fa3, 8, 2, 4, "sd sp,2047(a0)"),
	STORE(0x80a0b023, 8, 10, 4, "sd a0,-2048(ra)"),
	STORE(0x00ffb023, 8, 15, 4, "sd a5,0(t6)"),
	STORE(0x01f530a3, 8, 31, 4, "sd t6,1(a0)"),
	LOAD(0x00004080, 4, true, 8, 2, "c.lw s0,0(s1)"),
	LOAD(0x00006080, 8, false, 8, 2, "c.ld s0,0(s1)"),
	STORE(0x0000dce0, 4, 8, 2, "c.sw s0,124(s1)"),
	STORE(0x0000fce0, 8, 8, 2, "c.sd s0,248(s1)"),
	LOAD(0x00004244, 4, true, 9, 2, "c.lw s1,4(a2)"),
	LOAD(0x00006604, 8, false, 9, 2, "c.ld s1,8(a2)"),
	STORE(0x0000c204, 4, 9, 2, "c.sw s1,0(a2)"),
	STORE(0x0000e204, 8, 9, 2, "c.sd s1,0(a2)"),
	LOAD(0x00005fe8, 4, true, 10, 2, "c.lw a0,124(a5)"),
	LOAD(0x00007fe8, 8, false, 10, 2, "c.ld a0,248(a5)"),
	STORE(0x0000c3c8, 4, 10, 2, "c.sw a0,4(a5)"),
	STORE(0x0000e788, 8, 10, 2, "c.sd a0,8(a5)"),
	LOAD(0x0000412c, 4, true, 11, 2, "c.lw a1,64(a0)"),
	LOAD(0x0000614c, 8, false, 11, 2, "c.ld a1,128(a0)"),
	STORE(0x0000dd4c, 4, 11, 2, "c.sw a1,60(a0)"),
	STORE(0x0000f12c, 8, 11, 2, "c.sd a1,96(a0)"),
	LOAD(0x00004290, 4, true, 12, 2, "c.lw a2,0(a3)"),
	LOAD(0x00006290, 8, false, 12, 2, "c.ld a2,0(a3)"),
	STORE(0x0000def0, 4, 12, 2, "c.sw a2,124(a3)"),
	STORE(0x0000fef0, 8, 12, 2, "c.sd a2,248(a3)"),
	LOAD(0x00004054, 4, true, 13, 2, "c.lw a3,4(s0)"),
	LOAD(0x00006414, 8, false, 13, 2, "c.ld a3,8(s0)"),
	STORE(0x0000c014, 4, 13, 2, "c.sw a3,0(s0)"),
	STORE(0x0000e014, 8, 13, 2, "c.sd a3,0(s0)"),
	LOAD(0x00005df8, 4, true, 14, 2, "c.lw a4,124(a1)"),
	LOAD(0x00007df8, 8, false, 14, 2, "c.ld a4,248(a1)"),
	STORE(0x0000c1d8, 4, 14, 2, "c.sw a4,4(a1)"),
	STORE(0x0000e598, 8, 14, 2, "c.sd a4,8(a1)"),
	LOAD(0x0000433c, 4, true, 15, 2, "c.lw a5,64(a4)"),
	LOAD(0x0000635c, 8, false, 15, 2, "c.ld a5,128(a4)"),
	STORE(0x0000df5c, 4, 15, 2, "c.sw a5,60(a4)"),
	STORE(0x0000f33c, 8, 15, 2, "c.sd a5,96(a4)"),
	LOAD(0x00004082, 4, true, 1, 2, "c.lwsp ra,0(sp)"),
	LOAD(0x00006082, 8, false, 1, 2, "c.ldsp ra,0(sp)"),
	LOAD(0x00004112, 4, true, 2, 2, "c.lwsp sp,4(sp)"),
	LOAD(0x00006122, 8, false, 2, 2, "c.ldsp sp,8(sp)"),
	LOAD(0x000052fe, 4, true, 5, 2, "c.lwsp t0,252(sp)"),
	LOAD(0x000072fe, 8, false, 5, 2, "c.ldsp t0,504(sp)"),
	LOAD(0x0000440a, 4, true, 8, 2, "c.lwsp s0,128(sp)"),
	LOAD(0x00006412, 8, false, 8, 2, "c.ldsp s0,256(sp)"),
	LOAD(0x00004502, 4, true, 10, 2, "c.lwsp a0,0(sp)"),
	LOAD(0x00006502, 8, false, 10, 2, "c.ldsp a0,0(sp)"),
	LOAD(0x00004792, 4, true, 15, 2, "c.lwsp a5,4(sp)"),
	LOAD(0x000067a2, 8, false, 15, 2, "c.ldsp a5,8(sp)"),
	LOAD(0x0000587e, 4, true, 16, 2, "c.lwsp a6,252(sp)"),
	LOAD(0x0000787e, 8, false, 16, 2, "c.ldsp a6,504(sp)"),
	LOAD(0x00004f8a, 4, true, 31, 2, "c.lwsp t6,128(sp)"),
	LOAD(0x00006f92, 8, false, 31, 2, "c.ldsp t6,256(sp)"),
	STORE(0x0000df82, 4, 0, 2, "c.swsp zero,252(sp)"),
	STORE(0x0000ff82, 8, 0, 2, "c.sdsp zero,504(sp)"),
	STORE(0x0000c006, 4, 1, 2, "c.swsp ra,0(sp)"),
	STORE(0x0000e006, 8, 1, 2, "c.sdsp ra,0(sp)"),
	STORE(0x0000c20a, 4, 2, 2, "c.swsp sp,4(sp)"),
	STORE(0x0000e40a, 8, 2, 2, "c.sdsp sp,8(sp)"),
	STORE(0x0000c122, 4, 8, 2, "c.swsp s0,128(sp)"),
	STORE(0x0000e222, 8, 8, 2, "c.sdsp s0,256(sp)"),
	STORE(0x0000dfaa, 4, 10, 2, "c.swsp a0,252(sp)"),
	STORE(0x0000ffaa, 8, 10, 2, "c.sdsp a0,504(sp)"),
	STORE(0x0000c03e, 4, 15, 2, "c.swsp a5,0(sp)"),
	STORE(0x0000e03e, 8, 15, 2, "c.sdsp a5,0(sp)"),
	STORE(0x0000c242, 4, 16, 2, "c.swsp a6,4(sp)"),
	STORE(0x0000e442, 8, 16, 2, "c.sdsp a6,8(sp)"),
	STORE(0x0000c17e, 4, 31, 2, "c.swsp t6,128(sp)"),
	STORE(0x0000e27e, 8, 31, 2, "c.sdsp t6,256(sp)"),
	FAIL(0x00052507, ENOTSUP, "flw fa0,0(a0)"),
	FAIL(0xfe012e27, ENOTSUP, "fsw ft0,-4(sp)"),
	FAIL(0x7f8fbd87, ENOTSUP, "fld fs11,2040(t6)"),
	FAIL(0x81103027, ENOTSUP, "fsd fa7,-2048(zero)"),
	FAIL(0x0105c507, ENOTSUP, "flq fa0,16(a1)"),
	FAIL(0x02b64027, ENOTSUP, "fsq fa1,32(a2)"),
	FAIL(0x00269187, ENOTSUP, "flh ft3,2(a3)"),
	FAIL(0x00471327, ENOTSUP, "fsh ft4,6(a4)"),
	FAIL(0x00002588, ENOTSUP, "c.fld fa0,8(a1)"),
	FAIL(0x0000bc64, ENOTSUP, "c.fsd fs1,248(s0)"),
	FAIL(0x0000307e, ENOTSUP, "c.fldsp ft0,504(sp)"),
	FAIL(0x0000a03e, ENOTSUP, "c.fsdsp fa5,0(sp)"),
	FAIL(0x02056087, ENOTSUP, "vle32.v v1,(a0)"),
	FAIL(0x02058127, ENOTSUP, "vse8.v v2,(a1)"),
	FAIL(0x0ad67187, ENOTSUP, "vlse64.v v3,(a2),a3"),
	FAIL(0x00c58533, EINVAL, "add a0,a1,a2"),
	FAIL(0x00150513, EINVAL, "addi a0,a0,1"),
	FAIL(0x12345537, EINVAL, "lui a0,0x12345"),
	FAIL(0x000000ef, EINVAL, "jal ra,0"),
	FAIL(0x00000073, EINVAL, "ecall"),
	FAIL(0x00100073, EINVAL, "ebreak"),
	FAIL(0x10500073, EINVAL, "wfi"),
	FAIL(0x10059573, EINVAL, "csrrw a0,sstatus,a1"),
	FAIL(0x0ff0000f, EINVAL, "fence"),
	FAIL(0x0000100f, EINVAL, "fence.i"),
	FAIL(0x00b6252f, EINVAL, "amoadd.w a0,a1,(a2)"),
	FAIL(0x1005b52f, EINVAL, "lr.d a0,(a1)"),
	FAIL(0x18b6352f, EINVAL, "sc.d a0,a1,(a2)"),
	FAIL(0x0eb6352f, EINVAL, "amoswap.d.aqrl a0,a1,(a2)"),
	FAIL(0x00000505, EINVAL, "c.addi a0,1"),
	FAIL(0x00004515, EINVAL, "c.li a0,5"),
	FAIL(0x0000006f, EINVAL, "c.j 0"),
	FAIL(0x0000852e, EINVAL, "c.mv a0,a1"),
	FAIL(0x0000952e, EINVAL, "c.add a0,a1"),
	FAIL(0x00000808, EINVAL, "c.addi4spn a0,sp,16"),
	FAIL(0x00006505, EINVAL, "c.lui a0,1"),
	FAIL(0x00000001, EINVAL, "c.nop"),
	FAIL(0x00009002, EINVAL, "c.ebreak"),
	FAIL(0x00008082, EINVAL, "c.jr ra"),
	FAIL(0x0000050e, EINVAL, "c.slli a0,3"),
	FAIL(0x6805c573, EINVAL, "hlv.w a0,(a1)"),
	FAIL(0x6ea5c073, EINVAL, "hsv.d a0,(a1)"),
	FAIL(0x02c58533, EINVAL, "mul a0,a1,a2"),
};

static void test_mmio_table(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(mmio_cases); i++) {
		const struct mmio_case *c = &mmio_cases[i];
		struct mmio_insn got = { 0 };

		expect_mmio(c->text, c->insn, insn_decode_mmio(c->insn, &got), &got,
			    c->ret, &c->want);
	}
}

/* A compressed instruction is the low half only: any high half decodes alike. */
static void test_mmio_compressed_ignores_high_half(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(mmio_cases); i++) {
		const struct mmio_case *c = &mmio_cases[i];

		if ((c->insn & 3) == 3)
			continue;
		for (int k = 0; k < 16; k++) {
			uint32_t insn = c->insn | rnd32() << 16;
			struct mmio_insn got = { 0 };

			expect_mmio(c->text, insn, insn_decode_mmio(insn, &got), &got,
				    c->ret, &c->want);
		}
	}
}

/* Every base load/store with every register and boundary offsets. */
static void test_mmio_base_sweep(void **state)
{
	static const int imms[] = { 0, 1, -1, 7, 2047, -2048, 0x555, -0x556 };
	static const unsigned int lw[] = { 1, 2, 4, 8, 1, 2, 4 };

	for (unsigned int r = 0; r < 32; r++) {
		for (size_t k = 0; k < ARRAY_SIZE(imms); k++) {
			unsigned int base = (unsigned int)(r * 7 + k) & 31;

			for (unsigned int f3 = 0; f3 < 7; f3++)
				check("load", enc_i(0x03, f3, r, base, imms[k]), 0,
				      mk(false, lw[f3], f3 < 3, r, 4));
			for (unsigned int f3 = 0; f3 < 4; f3++)
				check("store", enc_s(0x23, f3, r, base, imms[k]), 0,
				      mk(true, 1U << f3, false, r, 4));
		}
	}
	/* funct3 7 loads (LDU) and 4..7 stores (SQ...) are not RV64 accesses. */
	check("ldu", enc_i(0x03, 7, 10, 11, 0), -EINVAL, mk(0, 0, 0, 0, 0));
	for (unsigned int f3 = 4; f3 < 8; f3++)
		check("sq", enc_s(0x23, f3, 10, 11, 0), -EINVAL, mk(0, 0, 0, 0, 0));
}

/* CL/CS registers are x8 + n; the SP-relative forms take any register,
 * except rd = x0 for C.LWSP/C.LDSP (reserved). */
static void test_mmio_compressed_registers(void **state)
{
	for (unsigned int n = 0; n < 8; n++) {
		for (unsigned int imm = 0; imm < 32; imm += 5) {
			unsigned int b = (n + imm) & 7;

			check("c.lw", enc_cl(2, imm, b, n), 0, mk(false, 4, true, 8 + n, 2));
			check("c.ld", enc_cl(3, imm, b, n), 0, mk(false, 8, false, 8 + n, 2));
			check("c.sw", enc_cl(6, imm, b, n), 0, mk(true, 4, false, 8 + n, 2));
			check("c.sd", enc_cl(7, imm, b, n), 0, mk(true, 8, false, 8 + n, 2));
		}
	}
	for (unsigned int r = 0; r < 32; r++) {
		for (unsigned int imm = 0; imm < 64; imm += 21) {
			int lret = r ? 0 : -EINVAL;

			check("c.lwsp", enc_ci(2, imm, r), lret, mk(false, 4, true, r, 2));
			check("c.ldsp", enc_ci(3, imm, r), lret, mk(false, 8, false, r, 2));
			check("c.swsp", enc_css(6, imm, r), 0, mk(true, 4, false, r, 2));
			check("c.sdsp", enc_css(7, imm, r), 0, mk(true, 8, false, r, 2));
		}
	}
}

/* Zcb (Zc* v1.0): C.LBU 000, C.LHU 001 + bit6 0, C.LH 001 + bit6 1,
 * C.SB 010, C.SH 011 + bit6 0; C.SH with bit 6 set and 100..111 reserved. */
static void test_mmio_zcb(void **state)
{
	for (unsigned int n = 0; n < 8; n++) {
		unsigned int b = 7 - n, u = n & 1;	/* u: uimm[1], in bit 5 */

		check("c.lbu", enc_zcb(0, n & 3, b, n), 0, mk(false, 1, false, 8 + n, 2));
		check("c.lhu", enc_zcb(1, u, b, n), 0, mk(false, 2, false, 8 + n, 2));
		check("c.lh", enc_zcb(1, 2 | u, b, n), 0, mk(false, 2, true, 8 + n, 2));
		check("c.sb", enc_zcb(2, n & 3, b, n), 0, mk(true, 1, false, 8 + n, 2));
		check("c.sh", enc_zcb(3, u, b, n), 0, mk(true, 2, false, 8 + n, 2));
		check("c.sh bit6", enc_zcb(3, 2 | u, b, n), -EINVAL, mk(0, 0, 0, 0, 0));
		for (unsigned int f = 4; f < 8; f++)
			check("zcb reserved", enc_zcb(f, u, b, n), -EINVAL, mk(0, 0, 0, 0, 0));
	}
}

/* Result of one decode, checked for consistency; returns ret. */
static int decode_checked(uint32_t insn)
{
	struct mmio_insn m = { .width = 99, .reg = 99, .len = 99 };
	int ret = insn_decode_mmio(insn, &m);

	assert_true(ret == 0 || ret == -EINVAL || ret == -ENOTSUP);
	if (ret == 0) {
		assert_true(m.width == 1 || m.width == 2 || m.width == 4 || m.width == 8);
		assert_true(m.reg < 32);
		assert_int_equal(m.len, insn_length((uint16_t)insn));
		assert_false(m.sign_extend && (m.is_store || m.width == 8));
	}
	return ret;
}

/*
 * All 65536 low halves (high half zero). Expected counts, from the opcode
 * maps (a compressed quadrant + funct3 group is 2^11 values):
 *   ok:      C.LW C.LD C.SW C.SD 4 * 2048; Zcb C.LBU C.LHU/LH C.SB 3 * 256
 *            + C.SH 128; C.LWSP C.LDSP 2 * (2048 - 64 with rd = 0);
 *            C.SWSP C.SDSP 2 * 2048; 32-bit words with bits [31:16] = 0:
 *            LOAD is 2^9 values, 7 of 8 funct3 -> 448, STORE 4 of 8 -> 256.
 *   ENOTSUP: C.FLD C.FSD C.FLDSP C.FSDSP 4 * 2048; LOAD-FP, STORE-FP 2 * 512.
 */
static void test_mmio_all_16bit(void **state)
{
	unsigned int ok = 0, notsup = 0;

	for (uint32_t v = 0; v <= 0xffff; v++) {
		int ret = decode_checked(v);

		ok += ret == 0;
		notsup += ret == -ENOTSUP;
	}
	assert_int_equal(ok, 4 * 2048 + 3 * 256 + 128 + 2 * (2048 - 64) + 2 * 2048 +
			 448 + 256);
	assert_int_equal(notsup, 4 * 2048 + 2 * 512);
	assert_int_equal(insn_decode_mmio(0x0000, &(struct mmio_insn){ 0 }), -EINVAL);
}

/* Reference for a 32-bit word: what the opcode map says it must give. */
static int expected_32(uint32_t insn)
{
	unsigned int f3 = (insn >> 12) & 7;

	switch (insn & 0x7f) {
	case 0x03:
		return f3 == 7 ? -EINVAL : 0;
	case 0x23:
		return f3 > 3 ? -EINVAL : 0;
	case 0x07:
	case 0x27:
		return -ENOTSUP;
	default:
		return -EINVAL;
	}
}

/* 10^6 random words: no crash (ASan/UBSan), results consistent with the
 * opcode map, compressed ones equal to their low half alone, htinst and
 * system decoders consistent too. */
static void test_random_words(void **state)
{
	for (int i = 0; i < 1000000; i++) {
		uint32_t v = rnd32();
		struct mmio_insn a, b;
		struct system_insn si;
		int ret = decode_checked(v), hret, sret;

		if ((v & 3) == 3)
			assert_int_equal(ret, expected_32(v));
		else
			assert_int_equal(ret, decode_checked(v & 0xffff));
		hret = insn_decode_htinst(v, &a);
		if (!(v & 1))
			assert_int_equal(hret, -EINVAL);
		else if (hret == 0) {
			assert_int_equal(insn_decode_mmio(v | 2, &b), 0);
			b.len = (v & 2) ? 4 : 2;
			expect_mmio("htinst", v, hret, &a, 0, &b);
		}
		sret = insn_decode_system(v, &si);
		assert_true(sret == -EINVAL || (sret >= 0 && sret == (int)si.kind));
		if (sret >= 0)
			assert_int_equal(v & 0x7f, 0x73);
	}
}

/* ------------------------------------------------------------ htinst */

/* Every decodable table entry, transformed as the hart would (any Addr.
 * Offset), decodes to the same access; compressed ones with bit 1 clear. */
static void test_htinst_from_table(void **state)
{
	unsigned int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(mmio_cases); i++) {
		const struct mmio_case *c = &mmio_cases[i];
		bool is32 = (c->insn & 3) == 3;
		/* kept by the transformation: rs2, funct3, opcode / funct3, rd, opcode */
		uint32_t keep = c->want.is_store ? 0x01f0707f : 0x00007fff;

		if (c->ret)
			continue;
		for (unsigned int off = 0; off < 32; off += 7) {
			uint32_t t = transform(&c->want, off);

			if (is32)
				assert_int_equal(t, (c->insn & keep) | off << 15);
			else
				t &= ~2U;
			check_htinst(c->text, t, 0, c->want);
			n++;
		}
	}
	assert_true(n > 500);
}

static void test_htinst_special(void **state)
{
	struct mmio_insn got = { 0 };
	static const unsigned long einval[] = {
		0,		/* no information */
		0x00002000,	/* pseudo: 32-bit read for VS-stage translation */
		0x00002020,	/* pseudo: 32-bit write */
		0x00003000,	/* pseudo: 64-bit read */
		0x00003020,	/* pseudo: 64-bit write */
		0x00452503,	/* lw a0,4(a0): offset not zeroed */
		0x00a52223,	/* sw a0,4(a0): offset not zeroed */
		0x02a52023,	/* sw with imm[11:5] set */
		0x0800252f,	/* amoswap.w a0,zero,(x0): AMOs are not emulated */
		0x1000252f,	/* lr.w */
		0x68004573,	/* hlv.w a0,(x0) */
		0x00000013,	/* addi: not a memory access */
		0x100002503UL,	/* lw with bits above 31 */
		0x00007503,	/* funct3 7 load */
	};

	for (size_t i = 0; i < ARRAY_SIZE(einval); i++)
		assert_int_equal(insn_decode_htinst(einval[i], &got), -EINVAL);

	/* c.lw a0,4(a1) (0x41c8) -> lw a0,0(x0) with bit 1 clear */
	check_htinst("c.lw", 0x00002501, 0, mk(false, 4, true, 10, 2));
	/* the same with Addr. Offset 2 (misaligned, split access) */
	check_htinst("c.lw+2", 0x00012501, 0, mk(false, 4, true, 10, 2));
	/* c.sdsp ra,8(sp) -> sd ra,0(x0), bit 1 clear */
	check_htinst("c.sdsp", 0x00103021, 0, mk(true, 8, false, 1, 2));
	/* lhu t6 with Addr. Offset 3, 32-bit */
	check_htinst("lhu", 0x0001df83, 0, mk(false, 2, false, 31, 4));

	/* Transformed FP accesses: flw fa0 / fsd fs1 / c.fld (bit 1 clear). */
	assert_int_equal(insn_decode_htinst(0x00002507, &got), -ENOTSUP);
	assert_int_equal(insn_decode_htinst(0x00903027, &got), -ENOTSUP);
	assert_int_equal(insn_decode_htinst(0x00003505, &got), -ENOTSUP);
}

/* ------------------------------------------------------------ values */

static void test_sign_extend(void **state)
{
	assert_int_equal(insn_sign_extend(0x80, 1), 0xffffffffffffff80UL);
	assert_int_equal(insn_sign_extend(0x7f, 1), 0x7f);
	assert_int_equal(insn_sign_extend(0x12345680, 1), 0xffffffffffffff80UL);
	assert_int_equal(insn_sign_extend(0xabcd12ff, 1), 0xffffffffffffffffUL);
	assert_int_equal(insn_sign_extend(0x8000, 2), 0xffffffffffff8000UL);
	assert_int_equal(insn_sign_extend(0xffff7fff, 2), 0x7fff);
	assert_int_equal(insn_sign_extend(0x80000000, 4), 0xffffffff80000000UL);
	assert_int_equal(insn_sign_extend(0xdead00007fffffffUL, 4), 0x7fffffff);
	assert_int_equal(insn_sign_extend(0x8000000000000000UL, 8), 0x8000000000000000UL);
	assert_int_equal(insn_sign_extend(0x1234, 0), 0);
	assert_int_equal(insn_sign_extend(0x1234, 16), 0x1234);
}

static void test_load_value(void **state)
{
	struct mmio_insn lb = mk(false, 1, true, 10, 4), lbu = mk(false, 1, false, 10, 4);
	struct mmio_insn lh = mk(false, 2, true, 10, 2), lwu = mk(false, 4, false, 10, 4);
	struct mmio_insn ld = mk(false, 8, false, 10, 4);

	assert_int_equal(insn_mmio_load_value(&lb, 0xfe), 0xfffffffffffffffeUL);
	assert_int_equal(insn_mmio_load_value(&lbu, 0x1fe), 0xfe);
	assert_int_equal(insn_mmio_load_value(&lh, 0xabcd8001), 0xffffffffffff8001UL);
	assert_int_equal(insn_mmio_load_value(&lwu, 0xffffffff80000000UL), 0x80000000);
	assert_int_equal(insn_mmio_load_value(&ld, 0xfedcba9876543210UL),
			 0xfedcba9876543210UL);
	assert_int_equal(insn_length(0x4188), 2);
	assert_int_equal(insn_length(0x2503), 4);
}

/* ------------------------------------------------------------ SYSTEM */

struct system_case {
	uint32_t insn;
	int ret;
	struct system_insn want;
	const char *text;
};

#define SYS(h, k, a, b, t) \
	{ h, SYSTEM_INSN_##k, { .kind = SYSTEM_INSN_##k, .rs1 = a, .rs2 = b }, t }
#define CSR(h, o, i, n, d, s, t) { h, SYSTEM_INSN_CSR, { .kind = SYSTEM_INSN_CSR, \
	.csr_op = INSN_CSR_##o, .csr_imm = i, .csr = n, .rd = d, .rs1 = s }, t }
#define SFAIL(h, t)		{ h, -EINVAL, { .kind = 0 }, t }

static const struct system_case system_cases[] = {
	SYS(0x10500073, WFI, 0, 0, "wfi"),
	SYS(0x10200073, SRET, 0, 0, "sret"),
	SYS(0x12000073, SFENCE_VMA, 0, 0, "sfence.vma zero,zero"),
	SYS(0x16000073, SFENCE_VMA, 0, 0, "sinval.vma zero,zero"),
	SYS(0x22000073, HFENCE_VVMA, 0, 0, "hfence.vvma zero,zero"),
	SYS(0x26000073, HFENCE_VVMA, 0, 0, "hinval.vvma zero,zero"),
	SYS(0x62000073, HFENCE_GVMA, 0, 0, "hfence.gvma zero,zero"),
	SYS(0x66000073, HFENCE_GVMA, 0, 0, "hinval.gvma zero,zero"),
	SYS(0x12050073, SFENCE_VMA, 10, 0, "sfence.vma a0,zero"),
	SYS(0x16050073, SFENCE_VMA, 10, 0, "sinval.vma a0,zero"),
	SYS(0x22050073, HFENCE_VVMA, 10, 0, "hfence.vvma a0,zero"),
	SYS(0x26050073, HFENCE_VVMA, 10, 0, "hinval.vvma a0,zero"),
	SYS(0x62050073, HFENCE_GVMA, 10, 0, "hfence.gvma a0,zero"),
	SYS(0x66050073, HFENCE_GVMA, 10, 0, "hinval.gvma a0,zero"),
	SYS(0x12b00073, SFENCE_VMA, 0, 11, "sfence.vma zero,a1"),
	SYS(0x16b00073, SFENCE_VMA, 0, 11, "sinval.vma zero,a1"),
	SYS(0x22b00073, HFENCE_VVMA, 0, 11, "hfence.vvma zero,a1"),
	SYS(0x26b00073, HFENCE_VVMA, 0, 11, "hinval.vvma zero,a1"),
	SYS(0x62b00073, HFENCE_GVMA, 0, 11, "hfence.gvma zero,a1"),
	SYS(0x66b00073, HFENCE_GVMA, 0, 11, "hinval.gvma zero,a1"),
	SYS(0x13bf8073, SFENCE_VMA, 31, 27, "sfence.vma t6,s11"),
	SYS(0x17bf8073, SFENCE_VMA, 31, 27, "sinval.vma t6,s11"),
	SYS(0x23bf8073, HFENCE_VVMA, 31, 27, "hfence.vvma t6,s11"),
	SYS(0x27bf8073, HFENCE_VVMA, 31, 27, "hinval.vvma t6,s11"),
	SYS(0x63bf8073, HFENCE_GVMA, 31, 27, "hfence.gvma t6,s11"),
	SYS(0x67bf8073, HFENCE_GVMA, 31, 27, "hinval.gvma t6,s11"),
	SYS(0x12e78073, SFENCE_VMA, 15, 14, "sfence.vma a5,a4"),
	SYS(0x16e78073, SFENCE_VMA, 15, 14, "sinval.vma a5,a4"),
	SYS(0x22e78073, HFENCE_VVMA, 15, 14, "hfence.vvma a5,a4"),
	SYS(0x26e78073, HFENCE_VVMA, 15, 14, "hinval.vvma a5,a4"),
	SYS(0x62e78073, HFENCE_GVMA, 15, 14, "hfence.gvma a5,a4"),
	SYS(0x66e78073, HFENCE_GVMA, 15, 14, "hinval.gvma a5,a4"),
	CSR(0x10011073, RW, false, 0x100, 0, 2, "csrrw zero,sstatus,sp"),
	CSR(0x180510f3, RW, false, 0x180, 1, 10, "csrrw ra,satp,a0"),
	CSR(0x60079173, RW, false, 0x600, 2, 15, "csrrw sp,hstatus,a5"),
	CSR(0x5a8f9573, RW, false, 0x5a8, 10, 31, "csrrw a0,0x5a8,t6"),
	CSR(0xfff017f3, RW, false, 0xfff, 15, 0, "csrrw a5,0xfff,zero"),
	CSR(0x00009ff3, RW, false, 0x000, 31, 1, "csrrw t6,0,ra"),
	CSR(0x10012073, RS, false, 0x100, 0, 2, "csrrs zero,sstatus,sp"),
	CSR(0x180520f3, RS, false, 0x180, 1, 10, "csrrs ra,satp,a0"),
	CSR(0x6007a173, RS, false, 0x600, 2, 15, "csrrs sp,hstatus,a5"),
	CSR(0x5a8fa573, RS, false, 0x5a8, 10, 31, "csrrs a0,0x5a8,t6"),
	CSR(0xfff027f3, RS, false, 0xfff, 15, 0, "csrrs a5,0xfff,zero"),
	CSR(0x0000aff3, RS, false, 0x000, 31, 1, "csrrs t6,0,ra"),
	CSR(0x10013073, RC, false, 0x100, 0, 2, "csrrc zero,sstatus,sp"),
	CSR(0x180530f3, RC, false, 0x180, 1, 10, "csrrc ra,satp,a0"),
	CSR(0x6007b173, RC, false, 0x600, 2, 15, "csrrc sp,hstatus,a5"),
	CSR(0x5a8fb573, RC, false, 0x5a8, 10, 31, "csrrc a0,0x5a8,t6"),
	CSR(0xfff037f3, RC, false, 0xfff, 15, 0, "csrrc a5,0xfff,zero"),
	CSR(0x0000bff3, RC, false, 0x000, 31, 1, "csrrc t6,0,ra"),
	CSR(0x100fd073, RW, true, 0x100, 0, 31, "csrrwi zero,sstatus,31"),
	CSR(0x1802d0f3, RW, true, 0x180, 1, 5, "csrrwi ra,satp,5"),
	CSR(0x60005173, RW, true, 0x600, 2, 0, "csrrwi sp,hstatus,0"),
	CSR(0x5a80d573, RW, true, 0x5a8, 10, 1, "csrrwi a0,0x5a8,1"),
	CSR(0xfff8d7f3, RW, true, 0xfff, 15, 17, "csrrwi a5,0xfff,17"),
	CSR(0x000fdff3, RW, true, 0x000, 31, 31, "csrrwi t6,0,31"),
	CSR(0x1002e073, RS, true, 0x100, 0, 5, "csrrsi zero,sstatus,5"),
	CSR(0x180060f3, RS, true, 0x180, 1, 0, "csrrsi ra,satp,0"),
	CSR(0x6000e173, RS, true, 0x600, 2, 1, "csrrsi sp,hstatus,1"),
	CSR(0x5a88e573, RS, true, 0x5a8, 10, 17, "csrrsi a0,0x5a8,17"),
	CSR(0xffffe7f3, RS, true, 0xfff, 15, 31, "csrrsi a5,0xfff,31"),
	CSR(0x0002eff3, RS, true, 0x000, 31, 5, "csrrsi t6,0,5"),
	CSR(0x10007073, RC, true, 0x100, 0, 0, "csrrci zero,sstatus,0"),
	CSR(0x1800f0f3, RC, true, 0x180, 1, 1, "csrrci ra,satp,1"),
	CSR(0x6008f173, RC, true, 0x600, 2, 17, "csrrci sp,hstatus,17"),
	CSR(0x5a8ff573, RC, true, 0x5a8, 10, 31, "csrrci a0,0x5a8,31"),
	CSR(0xfff2f7f3, RC, true, 0xfff, 15, 5, "csrrci a5,0xfff,5"),
	CSR(0x00007ff3, RC, true, 0x000, 31, 0, "csrrci t6,0,0"),
	SFAIL(0x00000073, "ecall"),
	SFAIL(0x00100073, "ebreak"),
	SFAIL(0x30200073, "mret"),
	SFAIL(0x7b200073, "dret"),
	SFAIL(0x18000073, "sfence.w.inval"),
	SFAIL(0x18100073, "sfence.inval.ir"),
	SFAIL(0x6805c573, "hlv.w a0,(a1)"),
	SFAIL(0x6aa5c073, "hsv.w a0,(a1)"),
	SFAIL(0x6435c573, "hlvx.hu a0,(a1)"),
	SFAIL(0x00c58533, "add a0,a1,a2"),
	SFAIL(0x0005a503, "lw a0,0(a1)"),
	SFAIL(0x00000001, "c.nop"),
};

static void expect_system(const struct system_case *c, uint32_t insn)
{
	struct system_insn got = { .kind = 99, .csr = 0x1000, .rd = 99 };
	const struct system_insn *w = &c->want;
	int ret = insn_decode_system(insn, &got);

	if (ret != c->ret) {
		print_error("%s (0x%08x): ret %d want %d\n", c->text, insn, ret, c->ret);
		fail();
	}
	if (ret < 0)
		return;
	if (got.kind != w->kind || got.csr_op != w->csr_op || got.csr_imm != w->csr_imm ||
	    got.csr != w->csr || got.rd != w->rd || got.rs1 != w->rs1 || got.rs2 != w->rs2) {
		print_error("%s (0x%08x): kind %d op %d imm %d csr 0x%x rd %u rs1 %u rs2 %u\n",
			    c->text, insn, got.kind, got.csr_op, got.csr_imm, got.csr, got.rd,
			    got.rs1, got.rs2);
		fail();
	}
}

static void test_system_table(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(system_cases); i++)
		expect_system(&system_cases[i], system_cases[i].insn);
}

/* Every CSR op with every rd and rs1/uimm and assorted CSR numbers. */
static void test_system_csr_sweep(void **state)
{
	static const unsigned int csrs[] = { 0x000, 0x100, 0x180, 0x5a8, 0x600, 0xc01, 0xfff };

	for (unsigned int f3 = 1; f3 < 8; f3++) {
		for (unsigned int rd = 0; rd < 32; rd++) {
			for (size_t k = 0; k < ARRAY_SIZE(csrs); k++) {
				unsigned int rs1 = (rd * 3 + k) & 31;
				struct system_case c = {
					enc_i(0x73, f3, rd, rs1, (int)csrs[k]),
					f3 == 4 ? -EINVAL : SYSTEM_INSN_CSR,
					{ SYSTEM_INSN_CSR, (enum insn_csr_op)((f3 & 3) - 1),
					  f3 > 4, csrs[k], rd, rs1, 0 },
					"csr sweep",
				};

				expect_system(&c, c.insn);
			}
		}
	}
}

/* The fences need rd = 0 and funct3 = 0; WFI and SRET are exact words. */
static void test_system_invalid_fields(void **state)
{
	struct system_insn si;

	assert_int_equal(insn_decode_system(0x12000073 | 5 << 7, &si), -EINVAL);
	assert_int_equal(insn_decode_system(0x62000073 | 1 << 7, &si), -EINVAL);
	assert_int_equal(insn_decode_system(0x10500073 | 1 << 15, &si), -EINVAL);
	assert_int_equal(insn_decode_system(0x10500073 | 1 << 7, &si), -EINVAL);
	assert_int_equal(insn_decode_system(0x10200073 | 1 << 20, &si), -EINVAL);
	assert_int_equal(insn_decode_system(0x10500072, &si), -EINVAL);
	assert_int_equal(insn_decode_system(0x0000, &si), -EINVAL);
	/* hfence.vvma with funct3 != 0 is an HLV/HSV-space or CSR word */
	assert_int_equal(insn_decode_system(0x22004073, &si), -EINVAL);
}

/* Zicsr: CSRRW/I with rd = x0 do not read; CSRRS/C(I) with rs1/uimm = 0
 * do not write. */
static struct system_insn csr_insn(uint32_t insn)
{
	struct system_insn si = { 0 };

	assert_int_equal(insn_decode_system(insn, &si), SYSTEM_INSN_CSR);
	return si;
}

static void test_system_csr_side_effects(void **state)
{
	struct system_insn si;

	si = csr_insn(0x18051073);		/* csrw satp,a0 */
	assert_false(insn_csr_reads(&si));
	assert_true(insn_csr_writes(&si));
	si = csr_insn(0x18002573);		/* csrr a0,satp */
	assert_true(insn_csr_reads(&si));
	assert_false(insn_csr_writes(&si));
	si = csr_insn(0x10007573);		/* csrrci a0,sstatus,0 */
	assert_true(insn_csr_reads(&si));
	assert_false(insn_csr_writes(&si));
	si = csr_insn(0x10015073);		/* csrwi sstatus,2 */
	assert_false(insn_csr_reads(&si));
	assert_true(insn_csr_writes(&si));
	si = csr_insn(0x1000a073);		/* csrs sstatus,ra */
	assert_true(insn_csr_reads(&si));
	assert_true(insn_csr_writes(&si));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmio_table),
		cmocka_unit_test(test_mmio_compressed_ignores_high_half),
		cmocka_unit_test(test_mmio_base_sweep),
		cmocka_unit_test(test_mmio_compressed_registers),
		cmocka_unit_test(test_mmio_zcb),
		cmocka_unit_test(test_mmio_all_16bit),
		cmocka_unit_test(test_random_words),
		cmocka_unit_test(test_htinst_from_table),
		cmocka_unit_test(test_htinst_special),
		cmocka_unit_test(test_sign_extend),
		cmocka_unit_test(test_load_value),
		cmocka_unit_test(test_system_table),
		cmocka_unit_test(test_system_csr_sweep),
		cmocka_unit_test(test_system_invalid_fields),
		cmocka_unit_test(test_system_csr_side_effects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
