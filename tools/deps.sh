#!/bin/sh
# Installs, from Debian 12 packages, every tool Keel needs to build, run and test.
# Idempotent: silent and fast when everything is present; runs apt-get update only
# when something has to be installed.
set -e

# package:probe-path pairs — the path proves the package is installed.
PKGS="
qemu-system-misc:/usr/bin/qemu-system-riscv64
opensbi:/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
gcc-riscv64-linux-gnu:/usr/bin/riscv64-linux-gnu-gcc
binutils-riscv64-linux-gnu:/usr/bin/riscv64-linux-gnu-objcopy
device-tree-compiler:/usr/bin/dtc
libfdt-dev:/usr/include/libfdt.h
genext2fs:/usr/bin/genext2fs
e2fsprogs:/usr/sbin/mke2fs
gdb-multiarch:/usr/bin/gdb-multiarch
linux-source-6.1:/usr/src/linux-source-6.1.tar.xz
python3-kconfiglib:/usr/lib/python3/dist-packages/kconfiglib.py
libcmocka-dev:/usr/include/cmocka.h
python3-pytest:/usr/lib/python3/dist-packages/pytest/__init__.py
python3-pexpect:/usr/lib/python3/dist-packages/pexpect/__init__.py
python3-pytest-xdist:/usr/lib/python3/dist-packages/xdist/__init__.py
gcc:/usr/bin/gcc
make:/usr/bin/make
xz-utils:/usr/bin/xz
"

missing=""
for entry in $PKGS; do
	pkg=${entry%%:*}
	path=${entry#*:}
	[ -e "$path" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
