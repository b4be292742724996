#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every scenario says what its boot provides to each test it runs, so that
# a test finding less fails instead of skipping (lib.sh expect_count): a
# scenario running node_hotplug.sh or node_layout.sh sets EXPECT_HIDDEN,
# cpu_hotplug.sh EXPECT_CPUS and memory_hotplug.sh EXPECT_POSSIBLE.
# beside_real_hotplug.sh needs QEMU's monitor: it runs where the scenario
# sets QMP=1 (the harness then follows the guest's requests) together with
# hpe.env=QMP_HOOK=1, and skips elsewhere.  KTAP on stdout.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tests_dir=$top/build/linux/tools/testing/selftests/numa_hotplug_emu
declare -A need=([node_hotplug.sh]=EXPECT_HIDDEN [node_layout.sh]=EXPECT_HIDDEN
		 [cpu_hotplug.sh]=EXPECT_CPUS [memory_hotplug.sh]=EXPECT_POSSIBLE)

confs=("$top"/scenarios/*.conf)
echo "TAP version 13"
echo "1..${#confs[@]}"
all=$(sed -n 's/^TEST_PROGS := //p; s/^\t\([a-z_ .]*\)$/\1/p' "$tests_dir/Makefile" 2>/dev/null | tr -d '\\' | xargs)
[ -n "$all" ] || all="${!need[*]}"
n=0
for conf in "${confs[@]}"; do
	n=$((n + 1))
	name=$(basename "$conf" .conf)
	TESTS= APPEND= QMP=0
	# shellcheck source=/dev/null
	. "$conf"
	missing=
	for t in ${TESTS:-$all}; do
		t=${t//,/ }
		for u in $t; do
			v=${need[$u]:-}
			[ -n "$v" ] || continue
			[[ " $APPEND " == *" hpe.env=$v="* ]] || missing="$missing $u:$v"
		done
	done
	hook=0
	[[ " $APPEND " == *" hpe.env=QMP_HOOK=1 "* ]] && hook=1
	[ "$hook" = "$QMP" ] || missing="$missing QMP=$QMP-but-QMP_HOOK=$hook"
	if [ -z "$missing" ]; then
		echo "ok $n $name states what each of its tests needs"
	else
		echo "not ok $n $name states what each of its tests needs (missing:$missing)"
	fi
done
