#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs (build/initramfs.cpio) with the kernel's own
# usr/gen_init_cpio: busybox-static, real userspace tools with their shared
# libraries (numactl, lsmem/chmem, lscpu/chcpu, taskset, setpriv, stress-ng),
# the series'
# kselftests (installed by the kselftest Makefile) and guest/ scripts.
#
#   scripts/mkinitramfs.sh [OUT]   (default build/initramfs.cpio)
#   WORK=DIR   scratch directory, emptied first (default build/initramfs)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
out=${1:-$top/build/initramfs.cpio}
work=${WORK:-$top/build/initramfs}
list=$work/list

tools=(/usr/bin/numactl /usr/bin/numastat /usr/bin/memhog /usr/bin/migratepages
       /usr/bin/lsmem /usr/sbin/chmem /usr/bin/lscpu /usr/sbin/chcpu
       /usr/bin/taskset /usr/bin/timeout /usr/bin/setpriv)
# Big (28 MiB with its libraries): in a cpio of its own, appended only for
# the scenarios that run it (EXTRA=stress-ng).
extra_tools=(/usr/bin/stress-ng)

rm -rf "$work"
mkdir -p "$work"

# gen_init_cpio: compiled from the kernel tree's own source.
cc -O2 -o "$work/gen_init_cpio" "$tree/usr/gen_init_cpio.c"
# The benchmarks' timer (guest/bench.sh).
cc -O2 -Wall -o "$work/hpe-bench" "$top/guest/hpe-bench.c"

# The series' selftests, installed the way kselftest installs them.
make -s -C "$tree/tools/testing/selftests" TARGETS=numa_hotplug_emu \
	O="$work/kselftest-obj" INSTALL_PATH="$work/kselftest" install >/dev/null

declare -A seen
emit_dir() {
	local d=$1
	[ -n "${seen[$d]:-}" ] && return 0
	[ "$d" = / ] && return 0
	emit_dir "$(dirname "$d")"
	seen[$d]=1
	echo "dir $d 755 0 0"
}
emit_file() { # guest-path host-path mode
	emit_dir "$(dirname "$1")"
	seen[$1]=1
	echo "file $1 $2 $3 0 0"
}

{
	for d in /dev /proc /sys /tmp /root /etc /mnt /run /bin /sbin /usr/bin /usr/sbin; do
		emit_dir "$d"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "nod /dev/ttyS1 600 0 0 c 4 65"
	emit_file /init "$top/guest/init" 755
	emit_file /demo.sh "$top/guest/demo.sh" 755
	emit_file /bench.sh "$top/guest/bench.sh" 755
	emit_file /usr/bin/hpe-bench "$work/hpe-bench" 755
	echo "root:x:0:0:root:/root:/bin/sh" > "$work/passwd"
	echo "nobody:x:65534:65534:nobody:/:/bin/false" >> "$work/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/group"
	emit_file /etc/passwd "$work/passwd" 644
	emit_file /etc/group "$work/group" 644

	# Real tools and every shared library they load (by real path, plus
	# the ELF interpreter at the path the binaries name).
	for t in "${tools[@]}"; do
		emit_file "$t" "$t" 755
	done
	for lib in $(ldd "${tools[@]}" 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib64/{print $1}' | sort -u); do
		emit_file "$lib" "$(readlink -f "$lib")" 755
	done

	# busybox for everything else, never shadowing a real tool.
	emit_file /bin/busybox /bin/busybox 755
	for a in $(/bin/busybox --list-full | grep /); do
		[ -n "${seen[/$a]:-}" ] && continue
		emit_dir "/$(dirname "$a")"
		seen[/$a]=1
		echo "slink /$a /bin/busybox 777 0 0"
	done

	# kselftests
	(cd "$work/kselftest" && find . -mindepth 1 | sort) | while read -r f; do
		g=/kselftest/${f#./}
		if [ -d "$work/kselftest/$f" ]; then
			echo "dir $g 755 0 0"
		else
			echo "file $g $work/kselftest/$f $(stat -c %a "$work/kselftest/$f") 0 0"
		fi
	done | sed '1i dir /kselftest 755 0 0'
} > "$list"

"$work/gen_init_cpio" "$list" > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: ${out#"$top"/} ($(($(stat -c %s "$out") / 1024)) KiB, $(grep -c '^file' "$list") files)"

# OUT without .cpio + -stress-ng.cpio: stress-ng and the libraries it
# loads that the main archive lacks.
xout=${out%.cpio}-stress-ng.cpio
{
	for t in "${extra_tools[@]}"; do
		emit_file "$t" "$t" 755
	done
	for lib in $(ldd "${extra_tools[@]}" 2>/dev/null | awk '/=> \//{print $3}' | sort -u); do
		[ -n "${seen[$lib]:-}" ] || emit_file "$lib" "$(readlink -f "$lib")" 755
	done
} > "$list.stress-ng"
"$work/gen_init_cpio" "$list.stress-ng" > "$xout.tmp"
mv "$xout.tmp" "$xout"
echo "mkinitramfs: ${xout#"$top"/} ($(($(stat -c %s "$xout") / 1024)) KiB)"
