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
} | sed 's/$/\r/' > "$tmp/known.log"	# CR LF, as the serial console writes
{
	report "$hdr" warn_alloc alloc_migration_target migrate_pages do_mbind
	echo "[    3.000000] WARNING: CPU: 0 PID: 1 at mm/memory_hotplug.c:1 x"
} > "$tmp/other.log"
splat='Call Trace:|WARNING:|allocation failure'

echo "TAP version 13"
echo "1..7"
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
# A line no warn_alloc() report prints (another CPU's WARNING) inside the
# block keeps it whole; so does a block the console cut off.
report "$hdr" $offline | sed '5a [  126.149999] WARNING: CPU: 1 PID: 9 at mm/x.c:1 y+0x1/0x2' > "$tmp/mixed.log"
"$top/scripts/known-reports.sh" offline-migrate-alloc "$tmp/mixed.log" "$tmp/out" "$tmp/tally"
if [ "$(cat "$tmp/tally")" = "offline-migrate-alloc 0" ] && grep -q WARNING: "$tmp/out"; then
	ok "a WARNING inside a matching report keeps the report in"
else
	notok "a WARNING inside a matching report keeps the report in"
fi
{ report "$hdr" $offline | head -n 10; echo "[  127.0] Kernel panic - not syncing: x"; } > "$tmp/cut2.log"
"$top/scripts/known-reports.sh" offline-migrate-alloc "$tmp/cut2.log" "$tmp/out" "$tmp/tally"
if grep -q 'Kernel panic' "$tmp/out" && grep -q 'Call Trace:' "$tmp/out"; then
	ok "a report without </TASK>, and the panic after it, stay in"
else
	notok "a report without </TASK>, and the panic after it, stay in"
fi
# vmemmap-alloc: the kernel prints it once a boot; a second one stays in.
vm="vmemmap alloc failure: order:9, mode:0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL), nodemask=(null)"
vmstack="warn_alloc vmemmap_alloc_block vmemmap_populate sparse_add_section __add_pages"
{ report "$vm" $vmstack; report "$vm" $vmstack; } > "$tmp/vm.log"
"$top/scripts/known-reports.sh" vmemmap-alloc "$tmp/vm.log" "$tmp/out" "$tmp/tally"
if [ "$(cat "$tmp/tally")" = "vmemmap-alloc 1" ] && [ "$(grep -c 'Call Trace:' "$tmp/out")" -eq 1 ]; then
	ok "vmemmap-alloc: the first report left out, a second one kept"
else
	notok "vmemmap-alloc: the first report left out, a second one kept"
	sed 's/^/# /' "$tmp/tally"
fi
