/* Hart features from the device tree's riscv,isa string. */
#include <arch/cpu.h>
#include <keel/percpu.h>
#include <keel/string.h>
#include <libfdt.h>

/* True if the ISA string names multi-letter extension `ext` (e.g. "sstc"). */
static bool isa_has(const char *isa, const char *ext)
{
	size_t n = strlen(ext);

	for (const char *p = strchr(isa, '_'); p; p = strchr(p + 1, '_'))
		if (!strncmp(p + 1, ext, n) && (p[1 + n] == '_' || p[1 + n] == '\0'))
			return true;
	return false;
}

void arch_cpu_probe(struct cpu *c, const void *fdt, int node)
{
	const char *isa = fdt_getprop(fdt, node, "riscv,isa", NULL);

	c->arch.isa = isa;
	c->arch.has_sstc = isa && isa_has(isa, "sstc");
}

const char *arch_cpu_isa(const struct cpu *c)
{
	return c->arch.isa ? c->arch.isa : "?";
}
