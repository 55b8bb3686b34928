/*
 * Kernel symbol lookup for symbolized backtraces and panic reports.
 *
 * The table is generated at build time by tools/gen_symtab.py from the text
 * symbols of the kernel (two-pass link, see the Makefile) and embedded in
 * .rodata.symtab. It is read-only, so every function here is safe in any
 * context (interrupts, panic, early boot before the MMU is on) and takes no
 * lock.
 */
#ifndef KEEL_SYMBOLS_H
#define KEEL_SYMBOLS_H

#include <keel/types.h>

/*
 * Find the function containing addr.
 * On success stores (each pointer may be NULL): *name the symbol name,
 * *offset addr minus the symbol address, *size the distance to the next
 * symbol (or to the end of text for the last one).
 * Any context, no locks. Returns 0, or -ENOENT if addr is outside the
 * kernel text or the table is empty (first link pass).
 */
int symbol_lookup(uintptr_t addr, const char **name, uintptr_t *offset,
		  uintptr_t *size);

/*
 * Format addr as "name+0xoff/0xsize" (e.g. "printk+0x20/0x2c"), or as
 * "0x80201234" when it is not in the kernel text.
 * Any context, no locks. Writes at most n bytes including the NUL (the text
 * is truncated to fit; nothing is written when n is 0). Returns the length
 * of the full text, like snprintf.
 */
int symbol_format(char *buf, size_t n, uintptr_t addr);

/*
 * The table itself, defined by the generated build/symtab.S (declared here
 * so that unit tests can provide a fake one with checked types).
 * keel_symtab_addrs is sorted and its addresses are distinct.
 */
extern const uint64_t keel_symtab_count;
extern const uint64_t keel_symtab_text_end;	/* end of the last symbol */
extern const uint64_t keel_symtab_addrs[];
extern const uint32_t keel_symtab_names_off[];	/* into keel_symtab_names */
extern const char keel_symtab_names[];		/* NUL-separated */

#endif
