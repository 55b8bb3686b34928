/* A guest's configuration as read from its device-tree node (/guests/<name>)
 * in xvisor's guest schema, validated once at load time. */
#ifndef KEEL_GUEST_CONFIG_H
#define KEEL_GUEST_CONFIG_H

#include <keel/types.h>

#define GUEST_NAME_MAX		32
#define GUEST_MAX_VCPUS		8
#define GUEST_MAX_REGIONS	32
#define REGION_MAX_IRQS		4

enum region_kind {
	REGION_REAL,		/* manifest_type "real": host memory mapped in the G-stage */
	REGION_VIRTUAL,		/* "virtual": emulated device, accesses trap */
	REGION_ALIAS,		/* "alias": another view of a real region */
};

struct region_config {
	char name[GUEST_NAME_MAX];	/* node name under aspace, e.g. "uart0" */
	int node;			/* offset of the node in the config blob */
	enum region_kind kind;
	char address_type[16];		/* "memory" or "io" */
	char device_type[32];		/* "alloced_ram", "alloced_rom", "serial", "pic", ... */
	char compatible[48];		/* virtual regions: the emulator */
	uint64_t gpa;			/* guest_physical_addr */
	uint64_t size;			/* physical_size */
	uint64_t alias_gpa;		/* alias regions: aliased_guest_physical_addr */
	bool read_only;			/* ROM */
	uint32_t irqs[REGION_MAX_IRQS];	/* "interrupts" */
	unsigned int nr_irqs;
};

struct vcpu_config {
	char name[GUEST_NAME_MAX];
	uint64_t start_pc;		/* "start_pc" */
	uint64_t affinity;		/* host cpu mask, 0 = any */
	unsigned int prio;		/* scheduler priority (default PRIO_NORMAL) */
	bool boot;			/* starts on kick (vcpu0), others wait for HSM */
};

struct guest_config {
	char name[GUEST_NAME_MAX];
	unsigned int nr_vcpus;
	struct vcpu_config vcpus[GUEST_MAX_VCPUS];
	unsigned int nr_regions;
	struct region_config regions[GUEST_MAX_REGIONS];	/* sorted by gpa */
};

/* Parse and validate the guest node at `node` of `fdt`. On error returns a
 * negative errno and writes a message naming the node and attribute into
 * err (e.g. "aspace/uart0: physical_size missing"). Emulator compatibles
 * are checked with `known_compatible` (NULL: not checked). */
int guest_config_parse(const void *fdt, int node, struct guest_config *cfg,
		       bool (*known_compatible)(const char *compat),
		       char *err, size_t err_size);

/* The region containing gpa, or NULL (binary search). */
const struct region_config *guest_config_find(const struct guest_config *cfg, uint64_t gpa);

#endif
