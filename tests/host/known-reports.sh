#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/known-reports.sh: a known report is left out (and counted) only
# when its header and its whole stack match; the same header with another
# stack, and any other splat, stay in for qemu-run's splat check.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); echo "not ok $n $1"; }

# report HEADER FUNCTIONS...: a warn_alloc() report as 6.12 prints it.
report() {
	echo "[  126.144023] stress-ng-memho: $1"
	echo "[  126.148910] CPU: 0 UID: 0 PID: 404 Comm: stress-ng-memho"
	echo "[  126.149215] Call Trace:"
	echo "[  126.149290]  <TASK>"
	shift
	for f in "$@"; do echo "[  126.150056]  $f+0x88/0x8a"; done
	echo "[  126.150056]  </TASK>"
	echo "[  126.171958] Mem-Info:"
}
hdr='page allocation failure: order:0, mode:0x144cc8(GFP_USER|__GFP_RETRY_MAYFAIL|__GFP_COMP|__GFP_MOVABLE), nodemask=2'
offline="warn_alloc alloc_migration_target migrate_pages do_migrate_range offline_pages memory_subsys_offline"
{
	echo "[    1.000000] boot"
	report "$hdr" $offline
	echo "[    2.000000] between"
	report "$hdr" $offline
} > "$tmp/known.log"
{
	report "$hdr" warn_alloc alloc_migration_target migrate_pages do_mbind
	echo "[    3.000000] WARNING: CPU: 0 PID: 1 at mm/memory_hotplug.c:1 x"
} > "$tmp/other.log"
splat='Call Trace:|WARNING:|allocation failure'

echo "TAP version 13"
echo "1..4"
"$top/scripts/known-reports.sh" offline-migrate-alloc "$tmp/known.log" "$tmp/out" "$tmp/tally"
if [ "$(cat "$tmp/tally")" = "offline-migrate-alloc 2" ] &&
   ! grep -qE "$splat" "$tmp/out" && grep -q between "$tmp/out" &&
   grep -q boot "$tmp/out" && grep -q Mem-Info "$tmp/out"; then
	ok "two offline-migrate-alloc reports left out and counted, the rest kept"
else
	notok "two offline-migrate-alloc reports left out and counted"
	sed 's/^/# /' "$tmp/tally" "$tmp/out"
fi
"$top/scripts/known-reports.sh" offline-migrate-alloc "$tmp/other.log" "$tmp/out" "$tmp/tally"
if [ "$(cat "$tmp/tally")" = "offline-migrate-alloc 0" ] &&
   [ "$(grep -cE "$splat" "$tmp/out")" -eq 3 ]; then
	ok "the same header from another stack and a WARNING stay in"
else
	notok "the same header from another stack and a WARNING stay in"
	sed 's/^/# /' "$tmp/tally" "$tmp/out"
fi
# A report cut short (the console ended before </TASK>) is left out only
# if every function is there.
report "$hdr" warn_alloc alloc_migration_target | head -n 6 > "$tmp/cut.log"
"$top/scripts/known-reports.sh" offline-migrate-alloc "$tmp/cut.log" "$tmp/out" "$tmp/tally"
if grep -q 'Call Trace:' "$tmp/out"; then
	ok "a report cut short before offline_pages stays in"
else
	notok "a report cut short before offline_pages stays in"
fi
if "$top/scripts/known-reports.sh" no-such-report "$tmp/known.log" "$tmp/out" "$tmp/tally" 2> /dev/null; then
	notok "an unknown name is refused"
else
	ok "an unknown name is refused"
fi
