/* Shared between the files of core/block only (not a public interface). */
#ifndef CORE_BLOCK_INTERNAL_H
#define CORE_BLOCK_INTERNAL_H

#include <keel/blockdev.h>

/* Free part if blockdev_scan_partitions() allocated it; other devices are
 * left alone (their owner frees them). part must be unregistered already.
 * Any context. */
void partition_release(struct blockdev *part);

#endif
