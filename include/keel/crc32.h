/* CRC-32 as used by GPT, Ethernet, zlib and PNG: the IEEE 802.3 polynomial
 * 0x04C11DB7 in reflected form (0xEDB88320), initial value and final XOR
 * 0xFFFFFFFF. crc32("123456789") == 0xCBF43926. */
#ifndef KEEL_CRC32_H
#define KEEL_CRC32_H

#include <keel/types.h>

/* CRC-32 of the len bytes at buf. Any context, reentrant. */
uint32_t crc32(const void *buf, size_t len);

/* Continue a CRC-32: crc is the result over the bytes before buf (0 to
 * start), so crc32_continue(crc32(a, n), b, m) is the CRC of a then b.
 * Any context, reentrant. Returns the CRC of everything so far. */
uint32_t crc32_continue(uint32_t crc, const void *buf, size_t len);

#endif
