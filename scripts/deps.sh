#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, only those that are missing.
#
#   scripts/deps.sh build   - compiler, kernel build tools
#   scripts/deps.sh guest   - QEMU and the userspace copied into the guest
#   scripts/deps.sh all     - both
#   scripts/deps.sh bench   - the benchmarks' plots (scripts/bench-report.sh)
#   scripts/deps.sh list [build|guest|bench|all] - print the package names,
#                             one a line, install nothing; without a group
#                             all three (tests/host/deps.sh reads them)
#
# Every program the harness, the kernel build and the kselftest install run
# must come from a package listed here or from the base of every Debian
# system (Essential: yes, Priority: required), directly or as a dependency:
# tests/host/deps.sh checks it.
set -euo pipefail

# rsync: the kselftest install (scripts/mkinitramfs.sh) copies with it.
build_pkgs=(gcc make bc flex bison libelf-dev libssl-dev cpio xz-utils perl git
	    python3 python3-ply python3-git dwarves rsync)
guest_pkgs=(qemu-system-x86 busybox-static numactl util-linux ovmf stress-ng)
bench_pkgs=(gnuplot-nox)

if [ "${1:-}" = list ]; then
	case "${2:-every}" in
	build) printf '%s\n' "${build_pkgs[@]}" ;;
	guest) printf '%s\n' "${guest_pkgs[@]}" ;;
	bench) printf '%s\n' "${bench_pkgs[@]}" ;;
	all)   printf '%s\n' "${build_pkgs[@]}" "${guest_pkgs[@]}" ;;
	every) printf '%s\n' "${build_pkgs[@]}" "${guest_pkgs[@]}" "${bench_pkgs[@]}" ;;
	*) echo "usage: $0 list [build|guest|bench|all]" >&2; exit 2 ;;
	esac
	exit 0
fi

want=()
case "${1:-all}" in
build) want=("${build_pkgs[@]}") ;;
guest) want=("${guest_pkgs[@]}") ;;
bench) want=("${bench_pkgs[@]}") ;;
all)   want=("${build_pkgs[@]}" "${guest_pkgs[@]}") ;;
*) echo "usage: $0 build|guest|bench|all|list [build|guest|bench|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
