#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test command: build what is missing, run the host-side tests, boot
# every scenario (scenarios/*.conf) and run the kselftests (and KUnit, at
# boot) in each, then print one line "N passed, N failed, N skipped".
# Exit status is non-zero on any failure, a guest that did not finish, or a
# kernel splat.
#
#   VARIANTS="default kasan"  kernels to test (default: "default"); kasan
#                      adds KASAN + kmemleak (config/kasan.config)
#   SCENARIOS="a b"    only these scenarios (names without .conf)
#   KASAN_CYCLES=N     repeat loops of the tests on non-default kernels (2)
#   TORTURE_DURATION=S the torture test runs S seconds, not its set steps,
#                      and stress_real_tools.sh its 100 cycles
# A scenario file sets MEM, SMP, CPU, QEMU (more QEMU arguments), APPEND
# (kernel command line), TESTS (comma-separated test files, default all),
# TIMEOUT, REPEAT (boots), DEFAULT_ONLY=1 (too slow for KASAN), KASAN_APPEND
# and KASAN_TESTS (what changes on the KASAN kernel), QMP=1
# (QEMU's monitor follows the guest's "hpe-qmp:" requests: real hotplug)
# and LONG=1 (one of the longest boots: started first), EXTRA=NAME (the
# cpio build/initramfs-NAME.cpio appended: stress-ng).
#   NOBUILD=1          do not rebuild (use build/bzImage as it is)
#   GUESTS=N           guests booted side by side (default 2: TCG runs a
#                      mostly idle 2-vCPU guest on about one host core)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
variants=${VARIANTS:-${VARIANT:-default}}
guests=${GUESTS:-2}
t0=$(date +%s)

if [ "${NOBUILD:-0}" != 1 ]; then
	scripts/deps.sh all
	scripts/tree.sh sync
	scripts/mkinitramfs.sh
fi

total_pass=0 total_fail=0 total_skip=0
failures=() diagnoses=()
# tally TAG AWK-ARGS...: count the KTAP results of the given files.
tally() {
	local tag=$1 out line p f s
	shift
	out=$(awk -f scripts/ktap-summary.awk "$@" 2>/dev/null || true)
	line=$(tail -n 1 <<<"$out")
	read -r p _ f _ s _ <<<"${line//,/}"
	total_pass=$((total_pass + ${p:-0})) total_fail=$((total_fail + ${f:-0}))
	total_skip=$((total_skip + ${s:-0}))
	while IFS= read -r l; do failures+=("$l"); done < <(grep '^FAIL:' <<<"$out" || true)
	printf 'check: %-24s %s\n' "$tag" "$line"
	[ $((${p:-0} + ${f:-0} + ${s:-0})) -gt 0 ]
}
# failed TAG WHY: a failure that is not a KTAP result (crash, hang, splat).
failed() {
	total_fail=$((total_fail + 1))
	failures+=("FAIL: $1: $2")
	printf 'check: %-24s FAIL: %s\n' "$1" "$2"
}

# Host-side tests of the harness itself (KTAP on stdout).
runs=build/runs/host
mkdir -p "$runs/host"
shopt -s nullglob
for t in tests/host/*.sh; do
	name=host/$(basename "$t" .sh)
	rc=0
	bash "$t" > "$runs/$name.ktap" 2>&1 || rc=$?
	tally "$name" tag="$name: " "$runs/$name.ktap" || failed "$name" "no test result"
	[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || failed "$name" "exit status $rc"
done

for variant in $variants; do
	kernel=build/bzImage
	[ "$variant" = default ] || kernel=build/bzImage-$variant
	runs=build/runs/$variant
	mkdir -p "$runs"
	if [ "${NOBUILD:-0}" != 1 ]; then
		VARIANT=$variant scripts/build-kernel.sh
	fi
	# Tests of the built kernel tree (KTAP on stdout), e.g. module builds.
	if [ "$variant" = default ]; then
		builds=(tests/build/*.sh)
		[ ${#builds[@]} -gt 0 ] || failed build "no tests/build/*.sh (not checked out?)"
		for t in "${builds[@]}"; do
			name=build/$(basename "$t" .sh)
			rc=0
			VARIANT=$variant bash "$t" > "$runs/$(basename "$t" .sh).ktap" 2>&1 || rc=$?
			tally "$name" tag="$name: " "$runs/$(basename "$t" .sh).ktap" ||
				failed "$name" "no test result"
			[ "$rc" -eq 0 ] || failed "$name" "exit status $rc"
		done
	fi
	# Guest scenarios: kselftest results from the second serial port, KUnit
	# results from the console (printk lines only). The boots run $GUESTS at
	# a time and are tallied in order once all of them have ended.
	# Scenarios marked LONG=1 start first, so that no long boot is left
	# running alone at the end.
	labels=() dirs=()
	for conf in $(grep -l '^LONG=1' scenarios/*.conf) \
		    $(grep -L '^LONG=1' scenarios/*.conf); do
		name=$(basename "$conf" .conf)
		if [ -n "${SCENARIOS:-}" ] && [[ " $SCENARIOS " != *" $name "* ]]; then
			continue
		fi
		MEM=1G SMP=2 CPU=qemu64 QEMU= APPEND= TESTS= TIMEOUT=900 REPEAT=1 DEFAULT_ONLY=0 QMP=0 LONG=0
		EXTRA= KNOWN= KASAN_APPEND= KASAN_TESTS=
		# shellcheck source=/dev/null
		. "$conf"
		# A long torture run (make torture): the time each run takes,
		# three times over (the run, its replay, the rest) on top.
		if [ -n "${TORTURE_DURATION:-}" ]; then
			TIMEOUT=$((TIMEOUT + 3 * TORTURE_DURATION))
			APPEND="$APPEND hpe.env=TORTURE_DURATION=$TORTURE_DURATION"
			APPEND="$APPEND hpe.env=KSFT_TIMEOUT=$((TIMEOUT - 60)) hpe.env=STRESS_CYCLES=100"
		fi
		# The KASAN kernel is 5-10 times slower: it boots each scenario
		# once, runs the tests' repeat loops (CYCLES) a few times only,
		# and leaves out those marked DEFAULT_ONLY=1.
		if [ "$variant" != default ]; then
			if [ "$DEFAULT_ONLY" = 1 ]; then
				printf 'check: %-24s not run (DEFAULT_ONLY)\n' "$variant/$name"
				continue
			fi
			REPEAT=1
			# Each path once or a few times is what KASAN needs;
			# the default kernel runs the long repeat loops.
			APPEND="$APPEND hpe.env=CYCLES=${KASAN_CYCLES:-2}"
			# What a scenario shortens for KASAN (KASAN_APPEND=),
			# or the tests it runs there (KASAN_TESTS=).
			[ -z "$KASAN_APPEND" ] || APPEND="$APPEND $KASAN_APPEND"
			[ -z "$KASAN_TESTS" ] || TESTS=$KASAN_TESTS
		fi
		for boot in $(seq 1 "$REPEAT"); do
			dir=$runs/$name
			label=$name
			[ "$variant" = default ] || label=$variant/$name
			if [ "$REPEAT" -gt 1 ]; then
				dir=$dir.$boot
				label=$label.$boot
			fi
			qmp=()
			[ "$QMP" = 1 ] && qmp=(-Q)
			[ -n "$EXTRA" ] && qmp+=(-e "build/initramfs-$EXTRA.cpio")
			[ -n "$KNOWN" ] && qmp+=(-K "$KNOWN")
			while [ "$(jobs -rp | wc -l)" -ge "$guests" ]; do
				wait -n || true
			done
			rm -f "$dir.rc"
			( rc=0
			  scripts/qemu-run.sh -o "$dir" -k "$kernel" -m "$MEM" -s "$SMP" \
				-c "$CPU" -q "$QEMU" -a "$APPEND" -t "$TESTS" -T "$TIMEOUT" \
				-r tests "${qmp[@]}" > "$dir.log" 2>&1 || rc=$?
			  echo "$rc" > "$dir.rc" ) &
			labels+=("$label") dirs+=("$dir")
		done
	done
	wait
	for i in "${!labels[@]}"; do
		label=${labels[$i]} dir=${dirs[$i]}
		rc=$(cat "$dir.rc" 2>/dev/null || echo lost)
		sed 's/^/  /' "$dir.log"
		tally "$label" tag="$label: " "$dir/results.ktap" \
			kernel_only=1 tag="$label: kunit: " "$dir/console.log" ||
			failed "$label" "no test result at all"
		if [ "$rc" != 0 ]; then
			failed "$label" "$(grep -m1 'FAIL:' "$dir.log" | sed 's/^qemu-run: FAIL: //')"
			[ -s "$dir/diagnosis" ] && diagnoses+=("$label" "$dir/diagnosis")
		fi
	done
done

# What each failed guest was doing (scripts/qemu-run.sh), near the totals
# so that a CI log's tail shows it.
for ((i = 0; i < ${#diagnoses[@]}; i += 2)); do
	echo "diagnosis: ${diagnoses[i]} (${diagnoses[i + 1]}):"
	head -n 40 "${diagnoses[i + 1]}" | sed 's/^/  /'
done
for l in "${failures[@]}"; do echo "$l"; done
echo "check: kernels: $variants; $(($(date +%s) - t0)) s"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
