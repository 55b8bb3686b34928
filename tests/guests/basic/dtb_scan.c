/*
 * Minimal flattened-device-tree scan (devicetree spec v0.4 §5): the first
 * timebase-frequency property and whether the first riscv,isa names sstc.
 * The header is read through a trap-guarded probe so that a bogus a1 cannot
 * crash the firmware; sizes are bounded before the blob is walked.
 */
#include "cmds.h"
#include "hart.h"
#include "lib.h"

#define FDT_MAGIC	0xd00dfeedU
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_MAX_SIZE	(1U << 20)

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint32_t align4(uint32_t v)
{
	return (v + 3) & ~3U;
}

struct fdt_walk {
	const uint8_t *blob;
	uint32_t off, end;		/* cursor and end of the struct block */
	uint32_t strings, strings_size;
};

static void fdt_prop(struct fdt_walk *w, const uint8_t *data, uint32_t len,
		     uint32_t nameoff, uint64_t *timebase, bool *isa_sstc)
{
	const char *name;

	if (nameoff >= w->strings_size)
		return;
	name = (const char *)w->blob + w->strings + nameoff;
	if (!strcmp(name, "timebase-frequency") && !*timebase) {
		if (len == 4)
			*timebase = be32(data);
		else if (len == 8)
			*timebase = (uint64_t)be32(data) << 32 | be32(data + 4);
	} else if (!strcmp(name, "riscv,isa") && len && !data[len - 1]) {
		*isa_sstc = *isa_sstc || strstr((const char *)data, "_sstc");
	}
}

/* One token at w->off; false at FDT_END or on a malformed blob. */
static bool fdt_step(struct fdt_walk *w, uint64_t *timebase, bool *isa_sstc)
{
	uint32_t tok, len;

	if (w->off + 4 > w->end)
		return false;
	tok = be32(w->blob + w->off);
	w->off += 4;
	switch (tok) {
	case FDT_BEGIN_NODE:
		while (w->off < w->end && w->blob[w->off])
			w->off++;
		w->off = align4(w->off + 1);
		return true;
	case FDT_END_NODE:
	case FDT_NOP:
		return true;
	case FDT_PROP:
		if (w->off + 8 > w->end)
			return false;
		len = be32(w->blob + w->off);
		if (len > w->end - w->off - 8)
			return false;
		fdt_prop(w, w->blob + w->off + 8, len,
			 be32(w->blob + w->off + 4), timebase, isa_sstc);
		w->off = align4(w->off + 8 + len);
		return true;
	default:
		return false;
	}
}

bool fdt_scan(uintptr_t addr, uint64_t *timebase, bool *isa_sstc)
{
	const uint8_t *b = (const uint8_t *)addr;
	struct fdt_walk w = { .blob = b };
	uint32_t magic, total;

	*timebase = 0;
	*isa_sstc = false;
	if (!addr || (addr & 7) || probe_load32(addr, &magic) ||
	    be32((const uint8_t *)&magic) != FDT_MAGIC)
		return false;
	total = be32(b + 4);
	w.off = be32(b + 8);
	w.strings = be32(b + 12);
	w.strings_size = be32(b + 32);
	w.end = w.off + be32(b + 36);
	if (total > FDT_MAX_SIZE || w.end > total || w.off > w.end ||
	    w.strings > total || w.strings_size > total - w.strings)
		return false;
	while (fdt_step(&w, timebase, isa_sstc))
		;
	return true;
}
