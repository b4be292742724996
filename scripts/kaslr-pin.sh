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
#             or the first 2 MiB line between __end_of_kernel_reserve and
#             __brk_base when that is not the same address
#   TOP       where the kernel's RAM ends (e.g. 512M), above BOUNDARY
#
# The decompressor avoids "memmap=nn$ss" regions and keeps the image below
# a "memmap=nn" limit, and it ignores "memmap=nn@ss".  So
#   memmap=(T-16M)$16M memmap=L memmap=(TOP-L)@L
# with T the slot and L = T + the image size + 1M leaves it T only (slots
# are 2 MiB apart, the lowest is 16M), and the kernel, which applies the
# options in order, has its RAM up to TOP again.  The words end with
# hpe.env=EXPECT_KERNEL_TEXT=T for node_layout.sh, which fails when the
# kernel is elsewhere; when T cannot be worked out it is "unpinned" and
# the reason goes to stderr.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=$1 boundary=$2 ramtop=$3
M=$((1 << 20))
align=$((2 * M))

unpinned() {
	echo "kaslr-pin: $*" >&2
	echo "hpe.env=EXPECT_KERNEL_TEXT=unpinned"
	exit 0
}

mib() {
	local v=${1%M}
	[[ "$1" == *M && "$v" =~ ^[0-9]+$ ]] || unpinned "$1: give a size in M"
	echo $((v * M))
}
boundary=$(mib "$boundary")
ramtop=$(mib "$ramtop")
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

# sym FILE NAME: the value of NAME in voffset.h/zoffset.h or System.map.
sym() {
	local v
	case "$1" in
	*.h) v=$(sed -n "s/^#define $2 _AC(0x\([0-9a-f]*\),UL)\$/\1/p; s/^#define $2 0x\([0-9a-f]*\)\$/\1/p" "$obj/arch/x86/boot/$1") ;;
	*) v=$(awk -v n="$2" '$3 == n { print $1; exit }' "$obj/$1") ;;
	esac
	[ -n "$v" ] || unpinned "no $2 in ${obj#"$top"/}/$1"
	echo $((0x$v))
}
text=$(sym voffset.h VO__text)
end=$(sym voffset.h VO__end)
outlen=$(sym zoffset.h ZO_z_output_len)
reserve=$(($(sym System.map __end_of_kernel_reserve) - text))
brk=$(($(sym System.map __brk_base) - text))

# The image size the decompressor asks KASLR for (extract_kernel()).
size=$((end - text))
[ "$outlen" -le "$size" ] || size=$outlen
size=$(((size + align - 1) / align * align))
# The brk's offset from _text that can sit on the boundary.
off=$(((reserve + align - 1) / align * align))
[ "$off" -le "$brk" ] ||
	unpinned "no 2M line between __end_of_kernel_reserve (+$reserve) and __brk_base (+$brk)"
slot=$((boundary - off))
limit=$((slot + size + M))
[ "$slot" -ge $((128 * M)) ] || unpinned "slot $((slot / M))M is too low: take a higher boundary"
[ "$limit" -lt "$ramtop" ] || unpinned "the image ends at $((limit / M))M, above $3"

echo "memmap=$(((slot - 16 * M) / M))M\$16M memmap=$((limit / M))M" \
     "memmap=$(((ramtop - limit) / M))M@$((limit / M))M" \
     "hpe.env=EXPECT_KERNEL_TEXT=$(printf '0x%x' "$slot")"
