#!/bin/sh
# Build the ext2 images used by tests/unit/test_ext2.c.
#
# Usage: make_ext2_images.sh <output dir>
#
# One source tree is generated (file contents follow a deterministic pattern
# that test_ext2.c recomputes) and packed by genext2fs (1 and 4 KiB blocks)
# and mke2fs (1, 2 and 4 KiB blocks, plus a revision 0 image). The mke2fs
# revision 1 images also hold a 5 GiB sparse file (i_size_high). Keep the
# layout in sync with the tables at the top of test_ext2.c.
set -eu

out=${1:?usage: make_ext2_images.sh <output dir>}
tree=$out/tree
rm -rf "$tree" "$out"/*.img "$out"/huge.tmp
mkdir -p "$tree"

# Pattern byte at offset i of a file with seed s; must match pattern() in
# test_ext2.c. Period 251 keeps equal bytes away from block-aligned strides.
python3 - "$tree" <<'EOF'
import os, sys

tree = sys.argv[1]

def pattern(off, n, seed):
    return bytes(((i % 251) + (i // 251) + seed) & 0xff
                 for i in range(off, off + n))

def write(path, size, seed):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(pattern(0, size, seed))

# Sizes around the 1/2/4 KiB block boundaries, the 12 direct blocks and the
# double-indirect range of every block size (4 KiB: 12 + 1024 blocks).
sizes = [0, 1, 1023, 1024, 1025, 2048, 4096, 12288, 12289, 24576, 24577,
         49152, 49153, 4718592 + 777]
for s in sizes:
    write(os.path.join(tree, "sizes", "f%d" % s), s, s % 97)

write(os.path.join(tree, "a", "b", "c", "d", "file"), 5000, 7)

# 100 MiB sparse file: 32 pattern bytes (seed 0x33) at each marker offset.
markers = [0, 4093, 1048576 + 1000, 67108864 - 16, 67108864 + 12345,
           67383296, 67383296 + 1024 * 300 + 5, 90000000, 104857600 - 32]
with open(os.path.join(tree, "sparse"), "wb") as f:
    f.truncate(104857600)
    for m in markers:
        f.seek(m)
        f.write(pattern(m, 32, 0x33))

os.makedirs(os.path.join(tree, "many"))
for i in range(300):
    open(os.path.join(tree, "many", "many_entries_file_number_%03d" % i),
         "wb").close()

os.makedirs(os.path.join(tree, "links"))
os.symlink("../sizes/f1", os.path.join(tree, "links", "fast"))
os.symlink("../sizes/../sizes/../sizes/../sizes/../sizes/../sizes/../sizes/f4096",
           os.path.join(tree, "links", "slow"))
os.symlink("../a/b", os.path.join(tree, "links", "dir"))
os.mkfifo(os.path.join(tree, "fifo"))
EOF

# Run a tool, showing its stderr only when it fails (mke2fs warns about
# 128-byte inodes, which the revision 0 and 2 KiB images use on purpose).
quiet() {
	"$@" 2>"$out/tool.log" || { cat "$out/tool.log" >&2; exit 1; }
}

# genext2fs: revision 1, no features (no filetype, no large_file).
quiet genext2fs -z -f -b 16384 -B 1024 -N 1024 -d "$tree" "$out/gen1k.img"
quiet genext2fs -z -f -b 4096 -B 4096 -N 1024 -d "$tree" "$out/gen4k.img"

# Revision 0 (128-byte inodes, no features) from mke2fs, before the huge file.
quiet mke2fs -q -F -t ext2 -r 0 -b 1024 -g 2048 -N 1024 -d "$tree" "$out/rev0.img" 16M

# 5 GiB sparse file with 16 pattern bytes (seed 0x44) just past 4 GiB and at
# the end: needs large_file and i_size_high.
python3 - "$tree/huge" <<'EOF'
import sys
size = 5 * 1024 ** 3 + 4097
with open(sys.argv[1], "wb") as f:
    f.truncate(size)
    for m in (4294967296 + 100, size - 16):
        f.seek(m)
        f.write(bytes(((i % 251) + (i // 251) + 0x44) & 0xff
                      for i in range(m, m + 16)))
EOF

quiet mke2fs -q -F -t ext2 -b 1024 -g 2048 -N 1024 -I 256 -d "$tree" "$out/mke1k.img" 16M
quiet mke2fs -q -F -t ext2 -b 2048 -g 2048 -N 1024 -I 128 -d "$tree" "$out/mke2k.img" 16M
quiet mke2fs -q -F -t ext2 -b 4096 -g 1024 -N 1024 -I 512 -d "$tree" "$out/mke4k.img" 16M

rm -rf "$tree" "$out/tool.log"
