#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the guest kernel in QEMU (TCG) and judge the run.
#
# usage: scripts/qemu-run.sh [options]
#   -o DIR        where console.log, results.ktap and qemu-cmd go (required)
#   -k FILE       kernel (build/bzImage)        -i FILE  initramfs (build/initramfs.cpio)
#                 (FILE.modules.cpio, the kernel's modules, is appended to it)
#   -e FILE       one more cpio archive appended to the initramfs
#   -m SPEC       -m argument, e.g. 2G or 2G,slots=4,maxmem=8G (default 1G)
#   -s SPEC       -smp argument, e.g. 4 or 1,maxcpus=4 (default 2)
#   -c MODEL      -cpu model (default qemu64)
#   -q "ARGS"     more QEMU arguments (e.g. -numa ... -object ...)
#   -a "ARGS"     more kernel command line
#   -r WHAT       tests | demo | bench | shell (default tests; bench:
#                 guest/bench.sh, for scripts/bench.sh)
#   -t LIST       only these tests (comma-separated file names)
#   -T SECONDS    hard timeout (default 600)
#   -f            follow the run on stdout: for -r demo the walk-through
#                 (demo.log), otherwise the console (console.log)
#   -K NAMES      known kernel reports to leave out of the splat check
#                 (comma-separated names from the table below); each one
#                 left out is counted and printed
#   -Q            QEMU's monitor (QMP) on DIR/qmp.sock, driven by
#                 scripts/qmp-hook.py: each console line "hpe-qmp: {JSON}"
#                 a guest test writes is sent to it (real hotplug); the
#                 replies go to DIR/qmp.log
#
# The console goes to DIR/console.log, the KTAP results (second serial
# port) to DIR/results.ktap, the exact command to DIR/qemu-cmd for replay.
# -r demo adds a third serial port, DIR/demo.log: guest/demo.sh writes its
# walk-through there (and on the console), without the boot log.
# Exit status: 0 when the guest finished and the console shows no panic
# and no kernel splat, 1 otherwise (the reasons are printed).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=$top/build/bzImage
initrd=$top/build/initramfs.cpio
mem=1G smp=2 cpu=qemu64 qextra= append= run=tests tests= timeout=600 out= follow=0 qmp=0
extra= known=

while getopts "o:k:i:e:m:s:c:q:a:r:t:T:K:fQ" opt; do
	case "$opt" in
	o) out=$OPTARG ;; k) kernel=$OPTARG ;; i) initrd=$OPTARG ;; e) extra=$OPTARG ;;
	m) mem=$OPTARG ;; s) smp=$OPTARG ;; c) cpu=$OPTARG ;;
	q) qextra=$OPTARG ;; a) append=$OPTARG ;; r) run=$OPTARG ;;
	t) tests=$OPTARG ;; T) timeout=$OPTARG ;; K) known=$OPTARG ;;
	f) follow=1 ;; Q) qmp=1 ;;
	*) sed -n '3,28p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { sed -n '3,28p' "$0" >&2; exit 2; }
mkdir -p "$out"
console=$out/console.log results=$out/results.ktap demolog=$out/demo.log
rm -f "$console" "$results" "$demolog" "$out/diagnosis"

# The modules built with the kernel (build-kernel.sh), appended to the
# initramfs: the kernel unpacks concatenated cpio archives in turn.
more=()
[ -f "$kernel.modules.cpio" ] && more+=("$kernel.modules.cpio")
if [ -n "$extra" ]; then
	[ -f "$extra" ] || { echo "qemu-run: no $extra (scripts/mkinitramfs.sh makes it)" >&2; exit 2; }
	more+=("$extra")
fi
if [ ${#more[@]} -gt 0 ]; then
	cat "$initrd" "${more[@]}" > "$out/initrd.cpio"
	initrd=$out/initrd.cpio
fi

# earlyprintk: a crash before the serial console is registered (in
# setup_arch() or mm_core_init()) is on the console too, not an empty log.
cmdline="console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1 hpe.run=$run"
# A minute before the timeout the guest dumps its tasks and locks
# (guest/init), so that a hang is seen, not only timed out.
[ "$run" != shell ] && [ "$timeout" -gt 120 ] && cmdline+=" hpe.hang=$((timeout - 60))"
[ -n "$tests" ] && cmdline+=" hpe.tests=$tests"
[ -n "$append" ] && cmdline+=" $append"

cmd=(qemu-system-x86_64 -accel tcg -M pc -cpu "$cpu" -m "$mem" -smp "$smp"
     -kernel "$kernel" -initrd "$initrd" -append "$cmdline"
     -display none -monitor none -no-reboot
     -chardev "file,id=con,path=$console" -serial chardev:con
     -chardev "file,id=res,path=$results" -serial chardev:res)
[ "$run" = demo ] && cmd+=(-chardev "file,id=demo,path=$demolog" -serial chardev:demo)
if [ "$qmp" = 1 ]; then
	rm -f "$out/qmp.sock" "$out/qmp.log"
	cmd+=(-qmp "unix:$out/qmp.sock,server=on,wait=off")
fi
# shellcheck disable=SC2206
cmd+=($qextra)
if [ "$run" = shell ]; then
	# Interactive: the console on this terminal (Ctrl-A X quits).
	cmd=("${cmd[@]/chardev:con/mon:stdio}")
	printf '%q ' "${cmd[@]}" > "$out/qemu-cmd"
	exec "${cmd[@]}"
fi
printf '%q ' "${cmd[@]}" > "$out/qemu-cmd"
echo >> "$out/qemu-cmd"

start=$(date +%s.%N)
if [ "$follow" = 1 ]; then
	followed=$console
	[ "$run" = demo ] && followed=$demolog
	: > "$followed"
	tail -n +1 -f "$followed" --pid=$$ &
	tailpid=$!
fi
if [ "$qmp" = 1 ]; then
	: > "$console"
	python3 "$top/scripts/qmp-hook.py" "$out/qmp.sock" "$console" > "$out/qmp.log" 2>&1 &
	qmppid=$!
fi
rc=0
timeout -k 10 "$timeout" "${cmd[@]}" </dev/null >"$out/qemu.out" 2>&1 || rc=$?
if [ "$qmp" = 1 ]; then
	sleep 0.5
	kill "$qmppid" 2>/dev/null || true
	wait "$qmppid" 2>/dev/null || true
fi
if [ "$follow" = 1 ]; then
	sleep 0.5
	kill "$tailpid" 2>/dev/null || true
fi
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
printf '%.1f\n' "$elapsed" > "$out/elapsed"

fail=()
[ "$rc" -eq 124 ] && fail+=("QEMU killed after the ${timeout}s timeout (guest hung)")
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && fail+=("QEMU exited with $rc: $(tail -n 3 "$out/qemu.out" | tr '\n' ' ')")
touch "$console" "$results"
if ! tail -n 1 "$results" | grep -q '^# verdict: finished'; then
	fail+=("the guest did not finish (last verdict: $(grep '^# verdict:' "$results" | tail -n 1 || echo none))")
fi
# Kernel splats: any of these fails the run, whatever the tests said.
splat='Kernel panic|BUG:|WARNING:|Oops|Call Trace:|KASAN|possible circular locking|'
splat+='suspected memory leak|unreferenced object|general protection fault|'
splat+='INFO: task .* blocked|soft lockup|hard LOCKUP|RCU stall'
filtered=$console
if [ -n "$known" ]; then
	filtered=$out/console.filtered
	"$top/scripts/known-reports.sh" "$known" "$console" "$filtered" "$out/known"
	while read -r k n; do
		[ "$n" -eq 0 ] || echo "qemu-run: $n known report(s) $k left out of the splat check"
	done < "$out/known"
fi
# The hang dump (guest/init, hpe.hang=) prints call traces of its own:
# the splat check reads the console up to it, and the dump is a failure.
if grep -aq 'hpe: still running after' "$console"; then
	fail+=("the tests were still running at hpe.hang= (the guest's dump of its tasks and locks is on the console)")
fi
if awk '/hpe: still running after/ { exit } { print }' "$filtered" |
	grep -aE "$splat" > "$out/splats" 2>/dev/null; then
	fail+=("kernel splat on the console: $(head -n 1 "$out/splats")")
else
	rm -f "$out/splats"
fi
# (not there with loglevel= below 7: the line is KERN_INFO)
boot=$(grep -a 'Run /init as init process' "$console" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p' | head -n 1 || true)
echo "qemu-run: ${out#"$top"/}: ${elapsed%.*}s wall, kernel reached /init at ${boot:-?}s"
# diagnose: what a failed run was doing, in a few lines (scripts/check.sh
# prints them again under its totals): the last test output, the first
# splat before the hang dump (which prints call traces itself) with the
# lines after it, and from that dump (guest/init, hpe.hang=) the tasks in
# D or with a hotplug path in their frames, and who holds a hotplug lock.
diagnose() {
	echo "last results: $(grep -av '^# verdict' "$results" | tail -n 2 | tr '\n' ' ')"
	awk '/hpe: still running after/ { exit } { print }' "$filtered" |
		grep -a -m1 -A12 -E "$splat"
	awk 'function flush() {
		if (task != "" && (task ~ /state:D/ || fr ~ /offline_pages|hotplug|_cpu_up|_cpu_down|_store/))
			print task fr
		task = ""; fr = ""
	     }
	     /hpe: still running after/ { dump = 1 }
	     dump && /task:.* state:/ { flush(); task = $0; n = 0; next }
	     task != "" && /\+0x/ && $(NF - 1) != "?" && n < 8 { fr = fr "\n    " $NF; n++ }
	     END { flush() }' "$console" | head -n 27
	awk '/hpe: still running after/ { dump = 1 }
	     dump && /locks? held by/ { task = $NF }
	     dump && /#[0-9]+: .*(hotplug|cpu_add_remove|numa_hide)/ {
		     sub(/^.*\(/, "("); l = "  " task " holds " $0
		     if (!seen[l]++) print l }' "$console" | head -n 12
	true
}
if [ ${#fail[@]} -gt 0 ]; then
	for f in "${fail[@]}"; do echo "qemu-run: FAIL: $f"; done
	diagnose > "$out/diagnosis" 2>/dev/null || true
	sed 's/^/qemu-run: | /' "$out/diagnosis"
	echo "qemu-run: console: $console; replay: $out/qemu-cmd"
	exit 1
fi
exit 0
