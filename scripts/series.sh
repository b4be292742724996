#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Mailing form of the series and its checks.
#
#   scripts/series.sh outgoing   - build/outgoing/: git format-patch series with
#                                  a cover letter (patches/cover-letter), then
#                                  checkpatch --strict on every patch
#   scripts/series.sh checkpatch [PATCH...] - checkpatch --strict, KTAP output
#   scripts/series.sh bisect [N] - build every prefix of the series (one
#                                  kernel build per patch, in build/linux-bisect),
#                                  from patch N on (default 1)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
# checkpatch's spdxcheck wants Debian's python3 (python3-ply, python3-git).
export PATH=/usr/bin:/bin:$PATH

# covered PATCH: PATCH creates files, deletes or renames none, and every
# file it creates is already in our MAINTAINERS section (get_maintainer.pl
# names us for it), which answers checkpatch's FILE_PATH_CHANGES question
# "does MAINTAINERS need updating?".
covered() {
	local f new
	grep -qE '^(\+\+\+ /dev/null|rename from )' "$1" && return 1
	new=$(awk '/^--- \/dev\/null/ { getline; sub(/^\+\+\+ b\//, ""); print }' "$1")
	[ -n "$new" ] || return 1
	for f in $new; do
		(cd "$tree" && ./scripts/get_maintainer.pl --no-git --no-rolestats -f "$f" 2>/dev/null) |
			grep -q '^NUMA hotplug emulator developers' || return 1
	done
}

checkpatch() { # KTAP, one result per patch
	local n=0 bad=0 p log ignore
	echo "TAP version 13"
	echo "1..$#"
	for p in "$@"; do
		n=$((n + 1))
		ignore=
		covered "$p" && ignore=--ignore=FILE_PATH_CHANGES
		log=$(cd "$tree" && ./scripts/checkpatch.pl --strict --no-tree --show-types $ignore "$p" 2>&1) || true
		if grep -q '^total: 0 errors, 0 warnings, 0 checks' <<<"$log"; then
			echo "ok $n checkpatch --strict $(basename "$p")"
		else
			grep -E '^(ERROR|WARNING|CHECK)|^#|^total' <<<"$log" | sed 's/^/# /'
			echo "not ok $n checkpatch --strict $(basename "$p")"
			bad=1
		fi
	done
	return $bad
}

outgoing() {
	local out=$top/build/outgoing subject
	rm -rf "$out"
	git -C "$tree" format-patch -q --cover-letter --base=base -o "$out" base..HEAD
	subject=$(head -n 1 "$top/patches/cover-letter")
	sed -i -e "s/\*\*\* SUBJECT HERE \*\*\*/$subject/" \
		-e "/\*\*\* BLURB HERE \*\*\*/{r /dev/stdin
d}" "$out"/0000-cover-letter.patch < <(tail -n +3 "$top/patches/cover-letter")
	echo "series: $(ls "$out" | wc -l) files in build/outgoing/"
	checkpatch $(ls "$out"/*.patch | grep -v 0000-cover-letter)
}

bisect() {
	local wt=$top/build/linux-bisect c n=0 total first=${1:-1}
	if [ ! -d "$wt" ]; then
		git -C "$tree" worktree add -q --detach "$wt" base
	fi
	total=$(git -C "$tree" rev-list --count base..HEAD)
	for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
		n=$((n + 1))
		[ "$n" -ge "$first" ] || continue
		echo "series: [$n/$total] $(git -C "$tree" log -1 --format=%s "$c")"
		git -C "$wt" checkout -q --detach "$c"
		TREE=$wt OBJ=$top/build/obj-bisect OUT=$top/build/obj-bisect/bzImage \
			"$top/scripts/build-kernel.sh" | tail -n 1
	done
	if [ "$first" -gt 1 ]; then
		echo "series: prefixes $first-$total of $total build"
	else
		echo "series: all $total prefixes build"
	fi
}

case "${1:-}" in
outgoing) outgoing ;;
checkpatch) shift; checkpatch "$@" ;;
bisect) shift; bisect "$@" ;;
*) sed -n '3,10p' "$0" >&2; exit 2 ;;
esac
