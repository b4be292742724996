#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Leave physical KASLR a single slot: the one that starts the kernel's brk
# area on a memory block boundary.  Prints kernel command line words for a
# scenario (scenarios/kaslr-brk.conf).
#
# usage: scripts/kaslr-pin.sh KERNEL BOUNDARY TOP
#   KERNEL    the bzImage the scenario boots; its build tree is the
#             build/obj-* whose arch/x86/boot/bzImage is the same file
#   BOUNDARY  a 128 MiB block boundary (e.g. 256M): __brk_base goes there,
#             or the first CONFIG_PHYSICAL_ALIGN line between
#             __end_of_kernel_reserve and __brk_base when those differ
#   TOP       where the kernel's RAM ends (e.g. 512M), above BOUNDARY
#
# The decompressor avoids "memmap=nn$ss" regions and keeps the image below
# a "memmap=nn" limit, and it ignores "memmap=nn@ss".  So
#   memmap=(T-16M)$16M memmap=L memmap=(TOP-L)@L
# with T the slot and L = T + the image size + 1M leaves it T only (slots
# are CONFIG_PHYSICAL_ALIGN apart, 2 MiB at least; the lowest is 16M, the
# default load address), and the kernel, which applies the
# options in order, has its RAM up to TOP again.  The words end with
# hpe.env=EXPECT_KERNEL_TEXT=T for node_layout.sh, which fails when the
# kernel is elsewhere; when T cannot be worked out it is "unpinned" (the
# guest test fails on it), the reason goes to stderr and the exit status
# is still 0, so that the scenario file that runs this still loads.
# Only for a boot through the kernel's own decompressor (SeaBIOS, QEMU's
# -kernel): the EFI stub chooses the address itself and reads no memmap=.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
M=$((1 << 20))

unpinned() {
	echo "kaslr-pin: $*" >&2
	echo "hpe.env=EXPECT_KERNEL_TEXT=unpinned"
	exit 0
}

[ $# -eq 3 ] || unpinned "usage: scripts/kaslr-pin.sh KERNEL BOUNDARY TOP"
kernel=$1

# mib SIZE: SIZE ("256M") in bytes; fails on anything else.
mib() {
	local v=${1%M}
	[[ "$1" == *M && "$v" =~ ^[0-9]+$ ]] || return 1
	echo $((v * M))
}
boundary=$(mib "$2") || unpinned "$2: give a size in M"
ramtop=$(mib "$3") || unpinned "$3: give a size in M"
[ $((boundary % (128 * M))) -eq 0 ] || unpinned "$2 is not a 128M block boundary"

[ -f "$kernel" ] || unpinned "no $kernel"
obj=
for d in "$top"/build/obj-*; do
	if cmp -s "$d/arch/x86/boot/bzImage" "$kernel"; then
		obj=$d
		break
	fi
done
[ -n "$obj" ] || unpinned "no build/obj-* built $kernel"

# sym FILE NAME: the value of NAME in FILE (arch/x86/boot/voffset.h or
# zoffset.h, or System.map, in the build tree); fails when it is not there.
sym() {
	local v
	case "$1" in
	*.h) v=$(sed -n "s/^#define $2 _AC(0x\([0-9a-f]*\),UL)\$/\1/p; s/^#define $2 0x\([0-9a-f]*\)\$/\1/p" "$obj/$1") ;;
	*) v=$(awk -v n="$2" '$3 == n { print $1; exit }' "$obj/$1") ;;
	esac
	[ -n "$v" ] || return 1
	echo $((0x$v))
}
vh=arch/x86/boot/voffset.h zh=arch/x86/boot/zoffset.h at=${obj#"$top"/}
text=$(sym $vh VO__text) || unpinned "no VO__text in $at/$vh"
end=$(sym $vh VO__end) || unpinned "no VO__end in $at/$vh"
outlen=$(sym $zh ZO_z_output_len) || unpinned "no ZO_z_output_len in $at/$zh"
reserve=$(sym System.map __end_of_kernel_reserve) ||
	unpinned "no __end_of_kernel_reserve in $at/System.map"
brk=$(sym System.map __brk_base) || unpinned "no __brk_base in $at/System.map"
reserve=$((reserve - text))
brk=$((brk - text))
# CONFIG_PHYSICAL_ALIGN: the decompressor's slots are this far apart.
align=$(sed -n 's/^CONFIG_PHYSICAL_ALIGN=//p' "$obj/.config")
[ -n "$align" ] || unpinned "no CONFIG_PHYSICAL_ALIGN in $at/.config"
align=$((align))
[ "$align" -lt $((2 * M)) ] && align=$((2 * M))	# MIN_KERNEL_ALIGN

# The image size the decompressor asks KASLR for (extract_kernel():
# aligned to MIN_KERNEL_ALIGN, 2M).
size=$((end - text))
[ "$outlen" -le "$size" ] || size=$outlen
size=$(((size + 2 * M - 1) / (2 * M) * (2 * M)))
# The brk's offset from _text that can sit on the boundary.
off=$(((reserve + align - 1) / align * align))
[ "$off" -le "$brk" ] ||
	unpinned "no CONFIG_PHYSICAL_ALIGN line between __end_of_kernel_reserve (+$reserve) and __brk_base (+$brk)"
slot=$((boundary - off))
limit=$((slot + size + M))
[ $((slot % align)) -eq 0 ] || unpinned "slot $((slot / M))M is not CONFIG_PHYSICAL_ALIGN-aligned"
[ "$slot" -ge $((128 * M)) ] || unpinned "slot $((slot / M))M is too low: take a higher boundary"
[ "$limit" -lt "$ramtop" ] || unpinned "the image ends at $((limit / M))M, above $3"

echo "memmap=$(((slot - 16 * M) / M))M\$16M memmap=$((limit / M))M" \
     "memmap=$(((ramtop - limit) / M))M@$((limit / M))M" \
     "hpe.env=EXPECT_KERNEL_TEXT=$(printf '0x%x' "$slot")"
