#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/bench-report.sh on figures made up for the test: medians, the
# per-boot ratio to the memmap-memset reference, the ratios of medians and
# the count rows come out as computed by hand below.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Two boots of the emu run: references 2 and 4 ms (median of three each),
# cold adds 80 and 120 ms (ratios 40 and 30), warm adds 40, 50, 60 (boot
# 1) and 60, 80, 100 ms (boot 2); a count run of 12 nodes.
t=$'\t'
{
	for v in 1000000 2000000 3000000; do echo "emu${t}emu-1${t}memset16m${t}$v"; done
	for v in 4000000 4000000 5000000; do echo "emu${t}emu-2${t}memset16m${t}$v"; done
	echo "emu${t}emu-1${t}emu_add_cold${t}80000000"
	echo "emu${t}emu-2${t}emu_add_cold${t}120000000"
	for v in 40000000 50000000 60000000; do echo "emu${t}emu-1${t}emu_add_warm${t}$v"; done
	for v in 60000000 80000000 100000000; do echo "emu${t}emu-2${t}emu_add_warm${t}$v"; done
	echo "emu${t}emu-2${t}emu_del_warm${t}-5"
	echo "emu${t}emu-2${t}emu_del_warm${t}"
	for i in $(seq 1 12); do
		echo "count${t}count-1${t}count_add_$i${t}$((i * 1000000))"
		echo "count${t}count-1${t}count_del_$i${t}$(((13 - i) * 2000000))"
	done
} > "$tmp/raw.tsv"
echo "dimm-1: bench-fail: dimm_add_cold no 1 GiB in node 1: 0 kB" > "$tmp/info.txt"
echo stale > "$tmp/size.svg"
NOPLOT=1 "$top/scripts/bench-report.sh" "$tmp" > "$tmp/out" 2>&1
rc=$?

row() { grep -F -- "$1" "$tmp/out" | head -n 1 | awk '{ print $(NF - 2), $(NF - 1), $NF }'; }
n=0
check() { # name got want
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
	else
		echo "# got:  '$2'"
		echo "# want: '$3'"
		echo "not ok $n $1"
	fi
}

echo "TAP version 13"
echo "1..10"
check "bench-report exits 0" "$rc" 0
# references: 1 2 3 4 4 5 -> median 3.5 ms; ratios to themselves: 1.00
check "reference: median of every value, n" "$(row 'memmap memset reference')" "3.5 1.00 6"
# cold: median (80, 120) = 100 ms; ratios 80/2 = 40, 120/4 = 30 -> 35
check "cold add: median and per-boot ratio" "$(row 'node/probe 1 GiB node, first add')" "100.0 35.00 2"
# warm: 40 50 60 60 80 100 -> 60 ms; ratios 20 25 30 15 20 25 -> 22.50
check "warm add: median and per-boot ratio" "$(row 'node/probe 1 GiB node, again')" "60.0 22.50 6"
# cold / warm from the x ref medians: 35 / 22.5
check "cold / warm of the x ref medians" "$(grep -F 'node/probe cold / warm' "$tmp/out" | head -n 1 | awk '{ print $NF }')" "1.56"
# count: 12 nodes, windows of 3: adds (10+11+12)/(1+2+3) = 5.50;
# releases first 3 (24+22+20) / last 3 (6+4+2) = 5.50
check "count: last / first of the adds" \
	"$(grep -F 'node/probe of 12 nodes in a row: last 3 / first 3' "$tmp/out" | awk '{ print $(NF - 5) }')" "5.50"
check "count: first / last of the releases" \
	"$(grep -F 'node/release of the 12 in turn: first 3 / last 3' "$tmp/out" | awk '{ print $(NF - 5) }')" "5.50"
check "a failure the guest reported is in the table" \
	"$(grep -c 'bench-fail: dimm_add_cold' "$tmp/out")" 1
check "figures that are not a positive number are left out and counted" \
	"$(grep -c '2 figures that were not a positive number' "$tmp/out")" 1
check "no plot of an earlier run is left" "$([ -e "$tmp/size.svg" ] && echo there || echo gone)" gone
