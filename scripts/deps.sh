#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, only those that are missing.
#
#   scripts/deps.sh build   - compiler, kernel build tools
#   scripts/deps.sh guest   - QEMU and the userspace copied into the guest
#   scripts/deps.sh all     - both
#   scripts/deps.sh list [build|guest|all] - print the package names, one a
#                             line, install nothing (tests/host/deps.sh reads them)
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

if [ "${1:-}" = list ]; then
	case "${2:-all}" in
	build) printf '%s\n' "${build_pkgs[@]}" ;;
	guest) printf '%s\n' "${guest_pkgs[@]}" ;;
	all)   printf '%s\n' "${build_pkgs[@]}" "${guest_pkgs[@]}" ;;
	*) echo "usage: $0 list [build|guest|all]" >&2; exit 2 ;;
	esac
	exit 0
fi

want=()
case "${1:-all}" in
build) want=("${build_pkgs[@]}") ;;
guest) want=("${guest_pkgs[@]}") ;;
all)   want=("${build_pkgs[@]}" "${guest_pkgs[@]}") ;;
*) echo "usage: $0 build|guest|all|list [build|guest|all]" >&2; exit 2 ;;
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
