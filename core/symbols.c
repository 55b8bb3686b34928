/*
 * Symbol lookup in the table embedded by tools/gen_symtab.py
 * (see <keel/symbols.h>).
 *
 * Used on the panic path, so it depends on nothing but the table: no heap,
 * no locks, no printf (the formatting below is self-contained).
 */
#include <keel/errno.h>
#include <keel/symbols.h>

/* Index of the last symbol at or below addr; the caller checks addrs[0]. */
static size_t symbol_index(uint64_t addr, size_t count)
{
	size_t lo = 0, hi = count;	/* answer in [lo, hi) */

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (keel_symtab_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int symbol_lookup(uintptr_t addr, const char **name, uintptr_t *offset,
		  uintptr_t *size)
{
	size_t count = (size_t)keel_symtab_count;
	uint64_t start, end;
	size_t i;

	if (count == 0 || addr < keel_symtab_addrs[0] ||
	    addr >= keel_symtab_text_end)
		return -ENOENT;
	i = symbol_index(addr, count);
	start = keel_symtab_addrs[i];
	end = i + 1 < count ? keel_symtab_addrs[i + 1] : keel_symtab_text_end;
	if (name)
		*name = &keel_symtab_names[keel_symtab_names_off[i]];
	if (offset)
		*offset = addr - start;
	if (size)
		*size = end - start;
	return 0;
}

/* Bounded output buffer: counts every byte, stores those that fit. */
struct symbuf {
	char *buf;
	size_t n;
	size_t len;
};

static void symbuf_putc(struct symbuf *sb, char c)
{
	if (sb->len + 1 < sb->n)
		sb->buf[sb->len] = c;
	sb->len++;
}

static void symbuf_puts(struct symbuf *sb, const char *s)
{
	while (*s)
		symbuf_putc(sb, *s++);
}

/* "0x" and the hexadecimal digits of v, without leading zeros. */
static void symbuf_puthex(struct symbuf *sb, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 60;

	symbuf_puts(sb, "0x");
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		symbuf_putc(sb, digits[(v >> shift) & 0xf]);
}

int symbol_format(char *buf, size_t n, uintptr_t addr)
{
	struct symbuf sb = { .buf = buf, .n = n, .len = 0 };
	const char *name;
	uintptr_t offset, size;

	if (symbol_lookup(addr, &name, &offset, &size) == 0) {
		symbuf_puts(&sb, name);
		symbuf_putc(&sb, '+');
		symbuf_puthex(&sb, offset);
		symbuf_putc(&sb, '/');
		symbuf_puthex(&sb, size);
	} else {
		symbuf_puthex(&sb, addr);
	}
	if (n)
		buf[sb.len < n ? sb.len : n - 1] = '\0';
	return (int)sb.len;
}
