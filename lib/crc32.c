/* CRC-32 (IEEE 802.3, reflected), four bits at a time through a 16-entry
 * table: small enough for the image, fast enough for partition tables. */
#include <keel/crc32.h>

/* crc32_nibble[n]: the 4-bit value n shifted out through the reflected
 * polynomial 0xEDB88320 four times, low bit first. */
static const uint32_t crc32_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t crc32_continue(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ crc32_nibble[crc & 0xf];
		crc = (crc >> 4) ^ crc32_nibble[crc & 0xf];
	}
	return ~crc;
}

uint32_t crc32(const void *buf, size_t len)
{
	return crc32_continue(0, buf, len);
}
