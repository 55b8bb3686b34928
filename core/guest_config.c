/* Guest configuration from a device-tree node in xvisor's guest schema:
 * vcpus (a vcpu_template with vcpu_count, or a vcpus node with one child per
 * vCPU) and aspace regions. Everything is validated here, once, and errors
 * name the node and attribute. */
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/guest_config.h>
#include <keel/printf.h>
#include <keel/string.h>
#include <libfdt.h>

#define PRIO_DEFAULT	3

struct parse_ctx {
	const void *fdt;
	struct guest_config *cfg;
	char *err;
	size_t err_size;
};

static int fail(struct parse_ctx *p, int ret, const char *node, const char *fmt,
		const char *what)
{
	snprintf(p->err, p->err_size, "%s: %s%s", node, what, fmt);
	return ret;
}

/* Errors about a region name it as aspace/<region>. */
static int fail_region(struct parse_ctx *p, int ret, const struct region_config *r,
		       const char *fmt, const char *what)
{
	char node[GUEST_NAME_MAX + 8];

	snprintf(node, sizeof(node), "aspace/%s", r->name);
	return fail(p, ret, node, fmt, what);
}

/* A u32 or u64 attribute (1 or 2 cells). -ENOENT when absent. */
static int get_num(const void *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len == 4)
		*out = fdt32_to_cpu(p[0]);
	else if (len == 8)
		*out = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
	else
		return -EINVAL;
	return 0;
}

static int get_str(const void *fdt, int node, const char *name, char *out, size_t size)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s)
		return -ENOENT;
	if (len < 1 || s[len - 1] != '\0' || strlen(s) >= size)
		return -EINVAL;
	strlcpy(out, s, size);
	return 0;
}

static int parse_vcpu(struct parse_ctx *p, int node, unsigned int index, const char *path)
{
	struct vcpu_config *v = &p->cfg->vcpus[index];
	uint64_t val;
	int ret;

	snprintf(v->name, sizeof(v->name), "vcpu%u", index);
	v->prio = PRIO_DEFAULT;
	v->boot = !fdt_getprop(p->fdt, node, "poweroff", NULL);
	ret = get_num(p->fdt, node, "start_pc", &val);
	if (ret == -EINVAL)
		return fail(p, ret, path, " must be 1 or 2 cells", "start_pc");
	v->start_pc = ret ? 0 : val;
	ret = get_num(p->fdt, node, "affinity", &val);
	if (ret == -EINVAL)
		return fail(p, ret, path, " must be 1 or 2 cells", "affinity");
	v->affinity = ret ? 0 : val;
	ret = get_num(p->fdt, node, "priority", &val);
	if (ret == -EINVAL || (!ret && (val < 1 || val > 7)))
		return fail(p, -EINVAL, path, " must be 1..7", "priority");
	if (!ret)
		v->prio = (unsigned int)val;
	return 0;
}

static int parse_vcpus(struct parse_ctx *p, int guest)
{
	int tmpl = fdt_subnode_offset(p->fdt, guest, "vcpu_template");
	int vcpus = fdt_subnode_offset(p->fdt, guest, "vcpus");
	uint64_t count = 1;
	int child, ret;

	if (vcpus >= 0) {
		fdt_for_each_subnode(child, p->fdt, vcpus) {
			if (p->cfg->nr_vcpus == GUEST_MAX_VCPUS)
				return fail(p, -E2BIG, "vcpus", " (the limit is 8)", "too many vCPUs");
			char path[GUEST_NAME_MAX + 8];

			snprintf(path, sizeof(path), "vcpus/%s", fdt_get_name(p->fdt, child, NULL));
			ret = parse_vcpu(p, child, p->cfg->nr_vcpus, path);
			if (ret)
				return ret;
			p->cfg->nr_vcpus++;
		}
		return p->cfg->nr_vcpus ? 0 : fail(p, -EINVAL, "vcpus", "", "no vCPU nodes");
	}
	if (tmpl < 0)
		return fail(p, -EINVAL, p->cfg->name, "", "no vcpu_template or vcpus node");
	ret = get_num(p->fdt, guest, "vcpu_count", &count);
	if (ret == -EINVAL || (!ret && (count < 1 || count > GUEST_MAX_VCPUS)))
		return fail(p, -EINVAL, p->cfg->name, " must be 1..8", "vcpu_count");
	for (unsigned int i = 0; i < count; i++) {
		ret = parse_vcpu(p, tmpl, i, "vcpu_template");
		if (ret)
			return ret;
		p->cfg->vcpus[i].boot = i == 0;	/* xvisor: vcpu0 powers on */
	}
	p->cfg->nr_vcpus = (unsigned int)count;
	return 0;
}

static int parse_kind(struct parse_ctx *p, int node, struct region_config *r)
{
	char kind[16];
	int ret = get_str(p->fdt, node, "manifest_type", kind, sizeof(kind));

	if (ret)
		return fail_region(p, -EINVAL, r, ret == -ENOENT ? " missing" : " malformed",
			    "manifest_type");
	if (!strcmp(kind, "real"))
		r->kind = REGION_REAL;
	else if (!strcmp(kind, "virtual"))
		r->kind = REGION_VIRTUAL;
	else if (!strcmp(kind, "alias"))
		r->kind = REGION_ALIAS;
	else
		return fail_region(p, -EINVAL, r, " must be real, virtual or alias", "manifest_type");
	return 0;
}

static int parse_region_numbers(struct parse_ctx *p, int node, struct region_config *r)
{
	int ret = get_num(p->fdt, node, "guest_physical_addr", &r->gpa);

	if (ret)
		return fail_region(p, -EINVAL, r, ret == -ENOENT ? " missing" : " malformed",
			    "guest_physical_addr");
	ret = get_num(p->fdt, node, "physical_size", &r->size);
	if (ret || !r->size)
		return fail_region(p, -EINVAL, r, ret == -ENOENT ? " missing" : " malformed or 0",
			    "physical_size");
	if (r->gpa + r->size < r->gpa)
		return fail_region(p, -EINVAL, r, " wraps around", "guest_physical_addr + physical_size");
	if (r->kind != REGION_VIRTUAL && (!IS_ALIGNED(r->gpa, 4096) || !IS_ALIGNED(r->size, 4096)))
		return fail_region(p, -EINVAL, r, " must be 4 KiB aligned",
				   "guest_physical_addr and physical_size");
	if (r->kind != REGION_ALIAS)
		return 0;
	ret = get_num(p->fdt, node, "alias_physical_addr", &r->alias_gpa);
	if (ret == -ENOENT)
		ret = get_num(p->fdt, node, "aliased_guest_physical_addr", &r->alias_gpa);
	if (ret)
		return fail_region(p, -EINVAL, r, ret == -ENOENT ? " missing" : " malformed",
				   "alias_physical_addr");
	if (!IS_ALIGNED(r->alias_gpa, 4096))
		return fail_region(p, -EINVAL, r, " must be 4 KiB aligned", "alias_physical_addr");
	return 0;
}

static int parse_region_irqs(struct parse_ctx *p, int node, struct region_config *r)
{
	int len;
	const fdt32_t *irqs = fdt_getprop(p->fdt, node, "interrupts", &len);

	if (!irqs)
		return 0;
	if (len == 0 || len % 4 || len / 4 > REGION_MAX_IRQS)
		return fail_region(p, -EINVAL, r, " must be 1 to 4 cells", "interrupts");
	r->nr_irqs = len / 4;
	for (unsigned int i = 0; i < r->nr_irqs; i++)
		r->irqs[i] = fdt32_to_cpu(irqs[i]);
	return 0;
}

static int parse_region(struct parse_ctx *p, int node, struct region_config *r,
			bool (*known)(const char *))
{
	int ret;

	strlcpy(r->name, fdt_get_name(p->fdt, node, NULL), sizeof(r->name));
	r->node = node;
	ret = parse_kind(p, node, r);
	if (!ret)
		ret = parse_region_numbers(p, node, r);
	if (!ret)
		ret = parse_region_irqs(p, node, r);
	if (ret)
		return ret;
	if (get_str(p->fdt, node, "address_type", r->address_type,
		    sizeof(r->address_type)) == -EINVAL)
		return fail_region(p, -EINVAL, r, " malformed or too long", "address_type");
	if (get_str(p->fdt, node, "device_type", r->device_type,
		    sizeof(r->device_type)) == -EINVAL)
		return fail_region(p, -EINVAL, r, " malformed or too long", "device_type");
	r->read_only = strstr(r->device_type, "rom") != NULL;
	if (r->kind != REGION_VIRTUAL)
		return 0;
	ret = get_str(p->fdt, node, "compatible", r->compatible, sizeof(r->compatible));
	if (ret)
		return fail_region(p, -EINVAL, r, ret == -ENOENT ? " missing" : " malformed",
			    "compatible");
	if (known && !known(r->compatible))
		return fail_region(p, -ENODEV, r, r->compatible, "no emulator for compatible ");
	return 0;
}

static void sort_regions(struct guest_config *cfg)
{
	for (unsigned int i = 1; i < cfg->nr_regions; i++) {
		struct region_config tmp = cfg->regions[i];
		unsigned int j = i;

		for (; j > 0 && cfg->regions[j - 1].gpa > tmp.gpa; j--)
			cfg->regions[j] = cfg->regions[j - 1];
		cfg->regions[j] = tmp;
	}
}

static int check_layout(struct parse_ctx *p)
{
	struct guest_config *cfg = p->cfg;

	for (unsigned int i = 1; i < cfg->nr_regions; i++) {
		const struct region_config *a = &cfg->regions[i - 1], *b = &cfg->regions[i];

		if (a->gpa + a->size > b->gpa) {
			snprintf(p->err, p->err_size, "aspace/%s: guest_physical_addr overlaps aspace/%s",
				 b->name, a->name);
			return -EINVAL;
		}
	}
	for (unsigned int i = 0; i < cfg->nr_regions; i++) {
		const struct region_config *r = &cfg->regions[i];
		const struct region_config *t;

		if (r->kind != REGION_ALIAS)
			continue;
		t = guest_config_find(cfg, r->alias_gpa);
		if (!t || t->kind != REGION_REAL || r->size > t->size ||
		    r->alias_gpa - t->gpa > t->size - r->size)
			return fail_region(p, -EINVAL, r, " is not inside a real region",
				    "aliased_guest_physical_addr");
	}
	return 0;
}

int guest_config_parse(const void *fdt, int node, struct guest_config *cfg,
		       bool (*known)(const char *), char *err, size_t err_size)
{
	struct parse_ctx p = { fdt, cfg, err, err_size };
	int aspace, child, ret;

	*cfg = (struct guest_config){ 0 };
	err[0] = '\0';
	strlcpy(cfg->name, fdt_get_name(fdt, node, NULL) ?: "?", sizeof(cfg->name));
	ret = parse_vcpus(&p, node);
	if (ret)
		return ret;
	aspace = fdt_subnode_offset(fdt, node, "aspace");
	if (aspace < 0)
		return fail(&p, -EINVAL, cfg->name, "", "no aspace node");
	fdt_for_each_subnode(child, fdt, aspace) {
		if (cfg->nr_regions == GUEST_MAX_REGIONS)
			return fail(&p, -E2BIG, "aspace", " (the limit is 32)", "too many regions");
		ret = parse_region(&p, child, &cfg->regions[cfg->nr_regions], known);
		if (ret)
			return ret;
		cfg->nr_regions++;
	}
	sort_regions(cfg);
	return check_layout(&p);
}

const struct region_config *guest_config_find(const struct guest_config *cfg, uint64_t gpa)
{
	unsigned int lo = 0, hi = cfg->nr_regions;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		const struct region_config *r = &cfg->regions[mid];

		if (gpa < r->gpa)
			hi = mid;
		else if (gpa - r->gpa >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}
