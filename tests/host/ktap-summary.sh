#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/ktap-summary.awk against stored logs: each tests/data/ktap/NAME.log
# has NAME.expect, the summary line it must give (the first line of
# NAME.args, if present, gives extra awk arguments).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=("$top"/tests/data/ktap/*.log)
echo "TAP version 13"
echo "1..${#logs[@]}"
n=0
for log in "${logs[@]}"; do
	n=$((n + 1))
	name=$(basename "$log" .log)
	args=()
	[ -f "${log%.log}.args" ] && read -r -a args < "${log%.log}.args"
	got=$(awk "${args[@]}" -f "$top/scripts/ktap-summary.awk" "$log" | tail -n 1)
	want=$(cat "${log%.log}.expect")
	if [ "$got" = "$want" ]; then
		echo "ok $n $name"
	else
		echo "# got:  $got"
		echo "# want: $want"
		echo "not ok $n $name"
	fi
done
