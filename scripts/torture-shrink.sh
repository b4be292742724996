#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shorten a failing torture sequence: find a small set of steps that still
# fails when every other step is skipped (numa_hpe_torture's "skip"),
# by delta debugging (ddmin), one guest boot a try.
#
#   scripts/torture-shrink.sh SEED STEPS [FAULT_RATE]
#
#   SEED, STEPS   the failing run: its seed and the step it stopped at
#                 (the "!!! seed=S step=N ..." line); step N is always kept
#   FAULT_RATE    the run's fault_rate (default 10, torture.sh's)
#   SCENARIO=NAME the scenario that boots it (default torture)
#   VARIANT=kasan the KASAN kernel (default: the default kernel)
#   TORTURE_ARGS=LIST more module parameters, comma-separated
#                 (step_timeout=30: a hung step fails sooner)
#   SHRINK_TRY=CMD instead of a boot, run CMD with the steps kept as
#                 arguments: it fails (exit 0) or passes (non-zero); for
#                 tests of the search itself
#
# A try fails when the run does not end with "End of test: SUCCESS" or
# when the harness sees a splat.  The result is the steps kept and the
# "skip" list that replays them; each try's run stays in
# build/runs/shrink/TRY/.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ $# -ge 2 ] || { sed -n '3,20p' "$0" >&2; exit 2; }
seed=$1 steps=$2 rate=${3:-10}
scenario=${SCENARIO:-torture}
kernel=build/bzImage
[ "${VARIANT:-default}" = kasan ] && kernel=build/bzImage-kasan
out=build/runs/shrink
tries=0

MEM=1G SMP=2 CPU=qemu64 QEMU= APPEND= TIMEOUT=900
# shellcheck source=/dev/null
. "scenarios/$scenario.conf"

# list N...: a sorted set of step numbers as a "skip" list ("1-3,7").
list() {
	printf '%s\n' "$@" | sort -n | awk '
		NR == 1 { a = b = $1; next }
		$1 == b + 1 { b = $1; next }
		{ printf "%s%s,", a, (a == b ? "" : "-" b); a = b = $1 }
		END { if (NR) printf "%s%s\n", a, (a == b ? "" : "-" b) }'
}

# fails KEPT...: boot once, skipping every step before STEPS not in KEPT.
fails() {
	local skip=() s dir
	declare -A keep=()
	for s in "$@"; do keep[$s]=1; done
	for s in $(seq 1 $((steps - 1))); do
		[ -n "${keep[$s]:-}" ] || skip+=("$s")
	done
	tries=$((tries + 1))
	if [ -n "${SHRINK_TRY:-}" ]; then
		$SHRINK_TRY "$@"
		return
	fi
	dir=$out/$tries
	local args="$APPEND hpe.env=TORTURE_ONCE=1 hpe.env=TORTURE_SEED=$seed"
	args+=" hpe.env=TORTURE_STEPS=$steps hpe.env=TORTURE_FAULT_RATE=$rate"
	[ ${#skip[@]} -eq 0 ] || args+=" hpe.env=TORTURE_SKIP=$(list "${skip[@]}")"
	[ -z "${TORTURE_ARGS:-}" ] || args+=" hpe.env=TORTURE_ARGS=$TORTURE_ARGS"
	if scripts/qemu-run.sh -o "$dir" -k "$kernel" -m "$MEM" -s "$SMP" -c "$CPU" \
		-q "$QEMU" -a "$args" -t torture.sh -T "$TIMEOUT" > "$dir.log" 2>&1 &&
	   grep -q '^ok 1 ' "$dir/results.ktap"; then
		echo "shrink: try $tries, ${#@} steps kept: passes"
		return 1
	fi
	echo "shrink: try $tries, ${#@} steps kept: fails"
	return 0
}

mkdir -p "$out"
mapfile -t set < <(seq 1 $((steps - 1)))
if ! fails "${set[@]}"; then
	echo "shrink: seed $seed with $steps steps does not fail here" >&2
	exit 1
fi
# ddmin: drop chunks of the set while the run still fails.
n=2
while [ "${#set[@]}" -ge 1 ]; do
	[ "$n" -le "${#set[@]}" ] || n=${#set[@]}
	size=$(( (${#set[@]} + n - 1) / n ))
	reduced=0
	for ((start = 0; start < ${#set[@]}; start += size)); do
		rest=("${set[@]:0:start}" "${set[@]:start+size}")
		if fails "${rest[@]}"; then
			set=("${rest[@]}")
			n=$(( n > 2 ? n - 1 : 2 ))
			reduced=1
			break
		fi
	done
	[ "$reduced" = 1 ] && continue
	[ "$n" -lt "${#set[@]}" ] || break
	n=$(( 2 * n ))
done
skip=()
declare -A kept=()
for s in "${set[@]}"; do kept[$s]=1; done
for s in $(seq 1 $((steps - 1))); do
	[ -n "${kept[$s]:-}" ] || skip+=("$s")
done
echo "shrink: $tries boots; steps kept: $(list "${set[@]}" "$steps")"
echo "shrink: replay: numa_hpe_torture seed=$seed steps=$steps fault_rate=$rate" \
	"skip=$( [ ${#skip[@]} -eq 0 ] && echo none || list "${skip[@]}")"
