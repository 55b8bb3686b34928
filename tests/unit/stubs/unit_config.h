/* Configuration seen by host unit tests: the defaults of configs/qemu-virt64_defconfig. */
#ifndef UNIT_CONFIG_H
#define UNIT_CONFIG_H
#define CONFIG_NR_CPUS 8
#define CONFIG_LOG_LEVEL 6
#define CONFIG_DEBUG_CHECKS 1
#endif
