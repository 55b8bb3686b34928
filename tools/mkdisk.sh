#!/bin/sh
# Build Keel's boot disk: an ext2 image (genext2fs) that QEMU passes as the
# initrd and Keel mounts with `vfs mount initrd /`. Contents:
#   /boot.xscript                        tools/disk/boot.xscript
#   /system/banner.txt                   Keel's banner, from core/version.c
#   /images/riscv/virt64-guest.dtb       dtc of tests/guests/virt64/virt64-guest.dts
#   /images/riscv/virt64/README.txt      what goes in that folder
#   /images/riscv/virt64/nor_flash.list  tests/guests/virt64/nor_flash.list
#   /images/riscv/virt64/*.bin           every <build>/guests/*.bin, if any
#   /images/riscv/virt64/firmware.bin    <build>/guests/basic/firmware.bin (the
#                                        basic test firmware, linked at 0), if built
#
# Usage: tools/mkdisk.sh [build dir] [output image]   (from any directory;
# relative paths are taken from the top of the source tree). Normally run
# by `make disk` (tools/disk.mk).
set -eu

cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=${2:-$BUILD/disk.img}
ROOT=$BUILD/disk
GUEST=$ROOT/images/riscv/virt64

for tool in dtc genext2fs python3; do
	command -v "$tool" >/dev/null || { echo "mkdisk: $tool not found (make deps)" >&2; exit 1; }
done

rm -rf "$ROOT"
mkdir -p "$ROOT/system" "$GUEST"

cp tools/disk/boot.xscript "$ROOT/boot.xscript"

# The banner is the C string keel_banner[] of core/version.c.
python3 - core/version.c > "$ROOT/system/banner.txt" <<'PY'
import ast, re, sys
src = open(sys.argv[1]).read()
m = re.search(r'keel_banner\[\]\s*=((?:\s*"(?:[^"\\]|\\.)*")+)\s*;', src)
if not m:
    sys.exit("mkdisk: no keel_banner[] in " + sys.argv[1])
sys.stdout.write("".join(ast.literal_eval(s)
                         for s in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(1))))
PY

# The guest-config schema puts "interrupts" in regions without an
# interrupt-parent (the guest's PLIC is implied): silence that check only.
dtc -W no-interrupts_property -I dts -O dtb \
	-o "$ROOT/images/riscv/virt64-guest.dtb" tests/guests/virt64/virt64-guest.dts

cp tests/guests/virt64/nor_flash.list "$GUEST/nor_flash.list"
cp tools/disk/virt64-README.txt "$GUEST/README.txt"
for bin in "$BUILD"/guests/*.bin "$BUILD"/guests/basic/firmware.bin; do
	if [ -f "$bin" ]; then
		cp "$bin" "$GUEST/"
	fi
done

# Size: the contents plus a quarter and 1 MiB, in 1 KiB blocks.
kib=$(du -sk "$ROOT" | cut -f1)
blocks=$((kib + kib / 4 + 1024))
genext2fs -B 1024 -b "$blocks" -U -d "$ROOT" "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "  disk.img: $(stat -c %s "$OUT") bytes, $(find "$ROOT" -type f | wc -l) files"
