#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Put known hotplug bugs back into the kernel, one at a time, and check that
# the tests find each one: the emulator exists to reproduce hotplug bugs, and
# a test that never fails proves nothing.
#
#   scripts/mutants.sh [NAME...]     (default: every tests/mutants/*.patch)
#
# Each tests/mutants/NAME.patch is a diff against build/linux (the series
# applied) with a header: "Bug:" (what goes wrong), "Upstream:" (the fix
# that removed that bug, or the class of bugs it stands for),
# "Scenarios:" (the scenarios to boot; default $DEFAULT_SCENARIOS), and
# "Expect:" for a bug the emulator cannot reach (why: it survives, and
# the run fails if it is caught, so that the reason is looked at).
#
# First the kernel as it is (the baseline) is built into build/obj-mutant
# (build/bzImage-mutant; a copy of build/obj-default the first time, so
# that the builds are incremental) and boots every scenario the mutants
# name: each must pass, or the run stops, as a failure there would be
# taken for a caught mutant.  Then, for each mutant, the diff is applied,
# the kernel built and the diff reversed at once (also when the script is
# interrupted), and the mutant's scenarios boot that kernel, $GUESTS at a
# time, as scripts/check.sh boots them.  A mutant is caught when a
# scenario fails (a test, a splat, a guest that did not finish): the
# failed tests are printed, with the torture test's first inconsistency.
# Results go to build/mutants/NAME/.  Exit status: 0 when every mutant was
# caught (or survived as its "Expect:" says), 1 otherwise, 2 on a setup
# error (build/linux missing or with uncommitted changes, a diff that
# does not apply, a build that fails, a baseline scenario that fails).
# The diffs go into build/linux itself for each build: do not build or
# test from that tree while this runs.
#
#   GUESTS=N           guests booted side by side (2)
#   MUTANT_TIMEOUT=S   a scenario's timeout at most S seconds (240)
#   NOBASELINE=1       skip the baseline (it passed on this tree already)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tree=build/linux
guests=${GUESTS:-2}
DEFAULT_SCENARIOS="torture uma-2g-hide topology mem-possible-hide"

[ -d "$tree/.git" ] || { echo "mutants: no $tree (scripts/tree.sh sync makes it)" >&2; exit 2; }
# A tree with changes (a mutant left by a killed run, work not committed)
# would be in every kernel built here, the baseline's too.
if ! git -C "$tree" diff --quiet HEAD; then
	echo "mutants: $tree has uncommitted changes: commit, stash or reset them" >&2
	exit 2
fi
if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for p in tests/mutants/*.patch; do names+=("$(basename "$p" .patch)"); done
fi
# The selftests as the tree has them now, as scripts/check.sh does.
scripts/mkinitramfs.sh > /dev/null

field() { sed -n "/^$1: */{s///p;q}" "$2"; }
scenarios_of() {
	local s
	s=$(field Scenarios "$1")
	echo "${s:-$DEFAULT_SCENARIOS}"
}

# The object tree: a copy of the test kernel's, so that each build is
# incremental.
if [ ! -d build/obj-mutant ] && [ -d build/obj-default ]; then
	cp -a build/obj-default build/obj-mutant
fi

# The diff leaves the tree as soon as its build ends, and on any exit;
# an interrupted run stops its build and guests first.
applied=
trap '[ -z "$applied" ] || git -C "$tree" apply -R "$applied"' EXIT
trap 'kill $(jobs -p) 2>/dev/null; wait; exit 130' INT TERM HUP

# build OUT [PATCH]: the kernel with PATCH applied (none: as it is).
build() {
	local out=$1 patch=${2:-} rc=0 files
	if [ -n "$patch" ]; then
		files=$(sed -n 's|^+++ b/||p' "$patch")
		# shellcheck disable=SC2086
		if ! git -C "$tree" diff --quiet HEAD -- $files; then
			echo "mutants: $tree has uncommitted changes in $files" >&2
			exit 2
		fi
		git -C "$tree" apply --check "$patch" ||
			{ echo "mutants: $patch does not apply" >&2; exit 2; }
		applied=$patch
		git -C "$tree" apply "$patch"
	fi
	OBJ=$top/build/obj-mutant OUT=$top/build/bzImage-mutant \
		scripts/build-kernel.sh > "$out/build.log" 2>&1 || rc=$?
	if [ -n "$patch" ]; then
		git -C "$tree" apply -R "$patch"
		applied=
	fi
	if [ "$rc" -ne 0 ]; then
		tail -n 20 "$out/build.log" >&2
		echo "mutants: the build failed ($out/build.log)" >&2
		exit 2
	fi
}

# boot OUT SCENARIOS...: boot each; fill by[] with what failed.
boot() {
	local out=$1 s rc why bad conf
	shift
	for s in "$@"; do
		conf=scenarios/$s.conf
		[ -f "$conf" ] || { echo "mutants: no $conf" >&2; exit 2; }
		while [ "$(jobs -rp | wc -l)" -ge "$guests" ]; do
			wait -n || true
		done
		(
			MEM=1G SMP=2 CPU=qemu64 QEMU='' APPEND='' TESTS='' TIMEOUT=900 QMP=0 EXTRA='' KNOWN=''
			# the kernel a scenario may look at (kaslr-brk.conf)
			kernel=build/bzImage-mutant
			# shellcheck source=/dev/null
			. "$conf"
			# A bug can hang a guest (allocations that never find
			# the new memory): the default kernel runs each of
			# these scenarios in under two minutes.
			[ "$TIMEOUT" -le "${MUTANT_TIMEOUT:-240}" ] || TIMEOUT=${MUTANT_TIMEOUT:-240}
			args=()
			[ "$QMP" = 1 ] && args+=(-Q)
			[ -n "$EXTRA" ] && args+=(-e "build/initramfs-$EXTRA.cpio")
			[ -n "$KNOWN" ] && args+=(-K "$KNOWN")
			rc=0
			scripts/qemu-run.sh -o "$out/$s" -k "$kernel" -m "$MEM" \
				-s "$SMP" -c "$CPU" -q "$QEMU" -a "$APPEND" -t "$TESTS" \
				-T "$TIMEOUT" -r tests "${args[@]}" > "$out/$s.log" 2>&1 || rc=$?
			echo "$rc" > "$out/$s.rc"
		) &
	done
	wait
	by=() timeouts=0
	for s in "$@"; do
		rc=$(cat "$out/$s.rc" 2>/dev/null || echo lost)
		# The failed tests as check.sh counts them (KTAP results, and
		# KUnit on the console), else the reason qemu-run gave; and the
		# torture test's first inconsistency, which says more than its
		# result's name.
		why=$(awk -f scripts/ktap-summary.awk "$out/$s/results.ktap" \
			kernel_only=1 "$out/$s/console.log" 2>/dev/null |
			sed -n 's/^FAIL: //p' | grep -v '^not ok [0-9]* selftests: ' |
			head -n 3 | paste -sd '|' || true)
		# A splat says more than the hang it may have caused.
		splat=$(grep -m1 'FAIL: kernel splat' "$out/$s.log" | sed 's/^qemu-run: FAIL: //' || true)
		[ -n "$why" ] || [ "$rc" = 0 ] ||
			why=${splat:-$(grep -m1 'FAIL:' "$out/$s.log" | sed 's/^qemu-run: FAIL: //' || true)}
		bad=$(grep -m1 -o '!!! .*' "$out/$s/console.log" 2>/dev/null || true)
		if [ -n "$why" ] || [ "$rc" != 0 ] ||
		   grep -q '^not ok' "$out/$s/results.ktap" 2>/dev/null; then
			by+=("$s: ${why:-a test script failed}${bad:+ [${bad#!!! }]}")
			# A guest that only ran out of time proves less: on a
			# loaded host a slow guest looks the same.  It did
			# more than that when a test failed or the kernel
			# splatted before.
			if grep -q 'FAIL: QEMU killed after' "$out/$s.log" && [ -z "$splat" ] &&
			   ! grep -q '^not ok' "$out/$s/results.ktap" 2>/dev/null; then
				timeouts=$((timeouts + 1))
			fi
		fi
	done
}

for name in "${names[@]}"; do
	[ -f "tests/mutants/$name.patch" ] || { echo "mutants: no tests/mutants/$name.patch" >&2; exit 2; }
done
# The baseline: every scenario the mutants boot passes without them.
all=$(for name in "${names[@]}"; do
	scenarios_of "tests/mutants/$name.patch"
done | tr ' ' '\n' | sort -u | xargs)
if [ "${NOBASELINE:-0}" != 1 ]; then
	out=build/mutants/baseline
	rm -rf "$out"
	mkdir -p "$out"
	echo "mutants: baseline: the kernel as it is, on $all"
	t0=$(date +%s)
	build "$out"
	# shellcheck disable=SC2086
	boot "$out" $all
	if [ ${#by[@]} -gt 0 ]; then
		printf 'mutants: baseline fails: %s\n' "${by[@]}" >&2
		exit 2
	fi
	echo "baseline passes ($(($(date +%s) - t0))s)"
fi

caught=0 survived=0 known=0 unexpected=0 rows=()
for name in "${names[@]}"; do
	patch=$top/tests/mutants/$name.patch
	out=build/mutants/$name
	rm -rf "$out"
	mkdir -p "$out"
	scenarios=$(scenarios_of "$patch")
	echo "mutants: $name: $(field Bug "$patch")"
	t0=$(date +%s)
	build "$out" "$patch"
	# shellcheck disable=SC2086
	boot "$out" $scenarios
	secs=$(($(date +%s) - t0))
	first=${#rows[@]}
	expect=$(field Expect "$patch")
	if [ ${#by[@]} -gt 0 ]; then
		caught=$((caught + 1))
		how="${#by[@]} of $(wc -w <<<"$scenarios") scenarios"
		[ "$timeouts" = 0 ] || how="$how, $timeouts of them by timeout only"
		rows+=("caught   $name ($how, ${secs}s)")
		for b in "${by[@]}"; do rows+=("           ${b:0:240}"); done
		[ -z "$expect" ] || { rows+=("           (expected to survive: $expect)"); unexpected=1; }
	elif [ -n "$expect" ]; then
		known=$((known + 1))
		rows+=("survived $name, as expected (${secs}s): $expect")
	else
		survived=$((survived + 1))
		rows+=("SURVIVED $name ($scenarios, ${secs}s)")
	fi
	printf '%s\n' "${rows[@]:$first}" | tee "$out/verdict"
done

echo
echo "mutants: results"
printf '  %s\n' "${rows[@]}"
echo "$caught caught, $survived survived, $known known to survive"
[ "$survived" -eq 0 ] && [ "$unexpected" -eq 0 ]
