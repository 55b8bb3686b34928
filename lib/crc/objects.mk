# lib/crc: checksums (CRC-32 for GPT partition tables).
obj-y += lib/crc32.o
