#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks: the emulator against real hotplug, the physical limit and
# its own scaling, on the non-debug kernel (VARIANT=perf), under TCG.
#
#   scripts/bench.sh [RUN ...]      (make bench; default: every run but
#                                    trace and trace-lazy, profiles:
#                                    see guest/bench.sh, and devloop,
#                                    which builds the test kernel: see
#                                    devloop() below)
#
# Each run boots guests that run guest/bench.sh PART and print figures;
# every figure is the median over ROUNDS boots (and over the cycles of a
# boot), and also a ratio to the memmap-memset reference measured in the
# same boot (the memset of 16 MiB, the memmap of 1 GiB), the median of the
# per-boot ratios: TCG times move from boot to boot, ratios much less.
# One guest at a time: two would slow each other down.
#
#   ROUNDS=3     boots per run (the size and layout runs do 2, count and
#                cpu-qemu 1)
#   COUNT=1023   hidden nodes of 128 MiB for the count run
#   NOBUILD=1    use build/bzImage-perf and build/initramfs.cpio as they are
#   OUT=DIR      write there instead of build/bench (profiles: keep them
#                apart from the figures)
#   PROFILE_FUNCS, TRACE_ROOTS, TRACE_DEPTH, TRACE_WARM, TRACE_AT,
#   COUNT_MAX    for the profiles: see guest/bench.sh
#
# Naming runs replaces the figures of those runs only; the others stay.
#
# The debug-* runs boot the test kernel (build/bzImage: lockdep, DEBUG_VM,
# DEBUG_PAGEALLOC) instead, when it was built; they are left out, with a
# message, when it was not.
#
# Output in build/bench/: raw.tsv (run, boot, key, ns), table.txt (what is
# printed), info.txt (failures, notes and profiles the guests printed),
# qemu-cmds.txt (the QEMU command line of each run's first boot),
# size.dat, count.dat and, when gnuplot is installed (scripts/deps.sh
# bench), size.svg and count.svg; each boot's console, results and QEMU
# command line in runs/RUN-I/.  The guests boot with loglevel=5: the
# console (a serial port, slow under TCG) shows warnings and errors only,
# so that printing info lines is not timed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${OUT:-build/bench}
rounds=${ROUNDS:-3}
count=${COUNT:-1023}
kernel=build/bzImage-perf

# The machine of the hotplug comparisons: SRAT node 0 with 4 GiB (3 below
# the PCI hole, 1 above) and both CPUs, node 1 empty with QEMU's hot-plug
# range (the pc-dimm and the virtio-mem device go there); mem=3G keeps
# 4-5 GiB for memory/probe, numa=hide=1G hides 2-3 GiB as node 2.  Every
# part boots this same machine.  QEMU preallocates its RAM (prealloc=on),
# as a real machine's RAM is there before it is used: without it, the
# host backs each page of guest RAM on its first touch, and the first
# hot-adds of a boot write their memmap into pages the host has not
# backed yet (the emu-lazy run shows what that costs).
hp_mem=4G,slots=2,maxmem=7G
hp_qemu="-object memory-backend-ram,id=m0,size=4G,prealloc=on"
hp_qemu+=" -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1"
hp_qemu+=" -object memory-backend-ram,id=dimm0,size=1G,prealloc=on"
hp_qemu+=" -object memory-backend-ram,id=vmem0,size=1G,prealloc=on"
hp_qemu+=" -device virtio-mem-pci,id=vm0,memdev=vmem0,node=1,requested-size=0"
hp_append="mem=3G numa=hide=1G hpe.env=PROBE_START=0x100000000"

# count: COUNT nodes of 128 MiB above 4.5 GiB of boot RAM: the memmap of
# every node (2 MiB per 128 MiB) comes from node 0, as the nodes' memory
# is all ZONE_MOVABLE; with 2 GiB the kernel ran out of memory at the
# 851st node.  The guest RAM is reserve=off (MAP_NORESERVE): only what the
# guest touches is allocated on the host.
count_mb=$((count * 128 + 4608))
count_qemu="-object memory-backend-ram,id=ram0,size=${count_mb}M,reserve=off"
count_qemu+=" -machine memory-backend=ram0"
trace_env="hpe.env=TRACE_ROOTS=${TRACE_ROOTS:-probe_store,release_store} hpe.env=TRACE_DEPTH=${TRACE_DEPTH:-5}${PROFILE_FUNCS:+ hpe.env=PROFILE_FUNCS=$PROFILE_FUNCS}${TRACE_WARM:+ hpe.env=TRACE_WARM=$TRACE_WARM}"

# name|part|rounds|-m|-smp|qmp|QEMU arguments|kernel command line
runs_table() {
	cat <<EOF
emu|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append
dimm|dimm|$rounds|$hp_mem|2|1|$hp_qemu|$hp_append
vmem|vmem|$rounds|$hp_mem|2|1|$hp_qemu|$hp_append
probe|probe|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append
emu-lazy|emu|$rounds|$hp_mem|2|0|${hp_qemu//,prealloc=on/}|$hp_append hpe.env=TAG=lazy
emu-primed|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append hpe.env=TAG=primed hpe.env=PRIME=1
debug-emu|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append hpe.env=TAG=debug
emu-mom|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append memory_hotplug.memmap_on_memory=1 hpe.env=TAG=mom
emu-automovable|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append memory_hotplug.online_policy=auto-movable hpe.env=ONLINE=online hpe.env=TAG=automovable
cpu-first|cpu_first|$rounds|1G|2|0||maxcpus=1
cpu-probe|cpu_probe|$rounds|1G|2|0||maxcpus=1 cpu_hpe=on
cpu-qemu|cpu_qemu|1|1G|1,maxcpus=2,sockets=2|1||
boot-plain|boot|$rounds|4G|2|0||hpe.env=TAG=plain
boot-hide|boot|$rounds|4G|2|0||numa=hide=2G hpe.env=TAG=hide
size|size|$(((rounds + 1) / 2))|18G|2|0||nokaslr numa=hide=256M,1G,4G,8G
trace|trace|1|$hp_mem|2|0|$hp_qemu|$hp_append $trace_env
trace-lazy|trace|1|$hp_mem|2|0|${hp_qemu//,prealloc=on/}|$hp_append $trace_env
layout|layout|$(((rounds + 1) / 2))|2G|2|0||movablecore=1536M numa=possible=5
devloop|devloop|$rounds|2G|2,sockets=2|0||numa=hide=2*256M hpe.env=EXPECT_HIDDEN=2 hpe.env=EXPECT_CPUS=0 hpe.env=EXPECT_POSSIBLE=0
count|count|1|${count_mb}M|2|0|$count_qemu|numa=hide=$count*128M${COUNT_MAX:+ hpe.env=COUNT_MAX=$COUNT_MAX}${TRACE_AT:+ hpe.env=TRACE_AT=$TRACE_AT}${PROFILE_FUNCS:+ hpe.env=PROFILE_FUNCS=$PROFILE_FUNCS}
EOF
}

want=" $* "
[ $# -eq 0 ] && want=" $(runs_table | cut -d"|" -f1 | grep -vx 'trace\|trace-lazy\|devloop' | xargs) "
for r in $want; do
	runs_table | cut -d'|' -f1 | grep -qx "$r" ||
		{ echo "bench: unknown run '$r' ($(runs_table | cut -d'|' -f1 | xargs))" >&2; exit 2; }
done

if [ -z "${NOBUILD:-}" ]; then
	scripts/deps.sh all
	scripts/deps.sh bench
	scripts/tree.sh sync
	VARIANT=perf scripts/build-kernel.sh
	scripts/mkinitramfs.sh
fi

mkdir -p "$out/runs"
# Keep the figures of the runs not run this time (a partial run adds to
# a full one); drop those of the runs about to run.
touch "$out/raw.tsv" "$out/info.txt"
awk -F'\t' -v w="$want" 'index(w, " " $1 " ") == 0' "$out/raw.tsv" > "$out/raw.tsv.new"
mv "$out/raw.tsv.new" "$out/raw.tsv"
awk -v w="$want" '{ r = $1; sub(/-[0-9]+:$/, "", r); sub(/:$/, "", r) } index(w, " " r " ") == 0' \
	"$out/info.txt" > "$out/info.txt.new"
mv "$out/info.txt.new" "$out/info.txt"
# devloop NAME ROUNDS MEM SMP APPEND: the developer's loop on the test
# kernel (build/bzImage), host wall times: touch one file of the
# emulator, rebuild (scripts/build-kernel.sh: make, the modules' cpio),
# then boot a guest that runs one test (node_hotplug.sh on the machine of
# scenarios/uma-2g-hide.conf).  The build before the first round, which
# may be a cold one, is not timed.
devloop() {
	local name=$1 n=$2 mem=$3 smp=$4 append=$5 i dir s m e
	local f=build/linux/mm/numa_hotplug_emu/node.c
	if ! VARIANT=default scripts/build-kernel.sh > "$out/runs/$name-0.log" 2>&1; then
		echo "$name: bench-boot-fail: the test kernel did not build ($out/runs/$name-0.log)" >> "$out/info.txt"
		return
	fi
	for i in $(seq 1 "$n"); do
		dir=$out/runs/$name-$i
		mkdir -p "$dir"
		touch "$f"
		s=$(date +%s%N)
		if ! VARIANT=default scripts/build-kernel.sh > "$dir/build.log" 2>&1; then
			echo "$name-$i: bench-boot-fail: the rebuild failed ($dir/build.log)" >> "$out/info.txt"
			continue
		fi
		m=$(date +%s%N)
		if ! scripts/qemu-run.sh -o "$dir" -k build/bzImage -m "$mem" -s "$smp" -a "$append" \
			-t node_hotplug.sh -r tests > "$dir.log" 2>&1; then
			grep 'FAIL:' "$dir.log" | sed "s/^/$name-$i: bench-boot-fail: /" >> "$out/info.txt" || true
			continue
		fi
		e=$(date +%s%N)
		printf '%s\t%s\t%s\t%s\n' "$name" "$name-$i" devloop_rebuild $((m - s)) \
			"$name" "$name-$i" devloop_boot_test $((e - m)) \
			"$name" "$name-$i" devloop_total $((e - s)) >> "$out/raw.tsv"
		echo "bench: $name-$i $(((e - s) / 1000000000)) s"
	done
}

t0=$(date +%s)
while IFS='|' read -r name part n mem smp qmp qemu append; do
	case "$want" in *" $name "*) ;; *) continue ;; esac
	if [ "$part" = devloop ]; then
		rm -rf "$out/runs/$name"-[0-9]*
		devloop "$name" "$n" "$mem" "$smp" "$append"
		continue
	fi
	k=$kernel
	# debug-*: the test kernel (lockdep, DEBUG_VM, DEBUG_PAGEALLOC), if
	# it was built (make kernel)
	if [ "${name#debug-}" != "$name" ]; then
		k=build/bzImage
		if [ ! -f "$k" ]; then
			echo "bench: $name not run: no $k (make kernel builds it)"
			echo "$name: bench-skip: not run: no $k (make kernel builds it)" >> "$out/info.txt"
			continue
		fi
	fi
	rm -rf "$out/runs/$name"-[0-9]*
	for i in $(seq 1 "$n"); do
		dir=$out/runs/$name-$i
		# count: about 0.7 s per node and step at 1023 nodes
		t=1800
		[ "$part" = count ] && [ $((count * 3)) -gt $t ] && t=$((count * 3))
		args=(-o "$dir" -k "$k" -r bench -m "$mem" -s "$smp" -T "$t"
		      -a "loglevel=5 hpe.bench=$part $append")
		[ -n "$qemu" ] && args+=(-q "$qemu")
		[ "$qmp" = 1 ] && args+=(-Q)
		s=$(date +%s)
		rc=0
		scripts/qemu-run.sh "${args[@]}" > "$dir.log" 2>&1 || rc=$?
		if [ "$rc" != 0 ]; then
			grep 'FAIL:' "$dir.log" | sed "s/^/$name-$i: bench-boot-fail: /" >> "$out/info.txt" || true
			grep -a '"error"' "$dir/qmp.log" 2>/dev/null |
				sed "s/^/$name-$i: bench-boot-fail: QMP: /" >> "$out/info.txt" || true
		fi
		if [ ! -f "$dir/results.ktap" ]; then
			echo "$name-$i: bench-boot-fail: no results.ktap" >> "$out/info.txt"
			echo "bench: $name-$i FAILED: no results.ktap"
			continue
		fi
		tr -d '\r' < "$dir/results.ktap" | awk -v run="$name" -v boot="$name-$i" '
			$1 == "bench:" { print run "\t" boot "\t" $2 "\t" $3 }' >> "$out/raw.tsv"
		tr -d '\r' < "$dir/results.ktap" | grep -E '^bench-(fail|info|trace):' |
			sed "s/^/$name-$i: /" >> "$out/info.txt" || true
		echo "bench: $name-$i $(($(date +%s) - s)) s$([ "$rc" = 0 ] || echo ", FAILED: $(tail -n 2 "$dir.log" | tr '\n' ' ')")"
	done
done < <(runs_table)
echo "bench: all runs $(($(date +%s) - t0)) s"

# The QEMU command line of each run's first boot, for the record.
for d in "$out"/runs/*-1; do
	[ -f "$d/qemu-cmd" ] && printf '%s:\n  %s\n' "$(basename "${d%-1}")" "$(cat "$d/qemu-cmd")"
done > "$out/qemu-cmds.txt"

scripts/bench-report.sh "$out"
