#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The known bugs of tests/mutants/ stay usable: each says what it breaks
# and where the bug comes from, names scenarios that exist, and applies
# to build/linux as the series stands (a patch of the series that moves
# the code it changes must bring the mutant along).  Booting them is
# scripts/mutants.sh's job (make mutants), too long for every run.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); echo "not ok $n $1"; }

echo "TAP version 13"
if [ ! -d "$top/build/linux/.git" ]; then
	echo "Bail out! no kernel tree: run scripts/tree.sh sync"
	exit 1
fi
shopt -s nullglob
mutants=("$top"/tests/mutants/*.patch)
echo "1..$((${#mutants[@]} + 1))"
if [ ${#mutants[@]} -ge 10 ]; then
	ok "${#mutants[@]} mutants in tests/mutants/"
else
	notok "${#mutants[@]} mutants in tests/mutants/, 10 expected"
fi
for p in "${mutants[@]}"; do
	name=$(basename "$p" .patch)
	why=
	grep -q '^Bug: .' "$p" || why="$why no Bug:;"
	grep -q '^Upstream: .' "$p" || why="$why no Upstream:;"
	for s in $(sed -n 's/^Scenarios: *//p' "$p"); do
		[ -f "$top/scenarios/$s.conf" ] || why="$why no scenario $s;"
	done
	git -C "$top/build/linux" apply --check "$p" 2>/dev/null ||
		why="$why does not apply to build/linux;"
	if [ -z "$why" ]; then ok "mutant $name"; else notok "mutant $name:$why"; fi
done
