#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks: the emulator against real hotplug, the physical limit and
# its own scaling, on the non-debug kernel (VARIANT=perf), under TCG.
#
#   scripts/bench.sh [RUN ...]      (make bench; default: every run)
#
# Each run boots guests that run guest/bench.sh PART and print figures;
# every figure is the median over ROUNDS boots (and over the cycles of a
# boot), and also a ratio to the memmap-memset reference measured in the
# same boot (the memset of 16 MiB, the memmap of 1 GiB), the median of the
# per-boot ratios: TCG times move from boot to boot, ratios much less.
#
#   ROUNDS=5     boots per run (the size, layout and count runs do fewer)
#   COUNT=1023   hidden nodes of 128 MiB for the count run
#   NOBUILD=1    use build/bzImage-perf and build/initramfs.cpio as they are
#
# Output in build/bench/: raw.tsv (run, boot, key, ns), table.txt (what is
# printed), size.dat, count.dat and, when gnuplot is installed
# (scripts/deps.sh bench), size.svg and count.svg.  The QEMU command line
# of every boot is in build/bench/runs/RUN-I/qemu-cmd.  The guests boot
# with loglevel=5: the console (a serial port, slow under TCG) shows
# warnings and errors only, so that printing info lines does not count.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/bench
rounds=${ROUNDS:-5}
count=${COUNT:-1023}
kernel=build/bzImage-perf

# The machine of the hotplug comparisons: SRAT node 0 with 4 GiB (3 below
# the PCI hole, 1 above) and both CPUs, node 1 empty with QEMU's hot-plug
# range (the pc-dimm and the virtio-mem device go there); mem=3G keeps
# 4-5 GiB for memory/probe, numa=hide=1G hides 2-3 GiB as node 2.  Every
# part boots this same machine.
hp_mem=4G,slots=2,maxmem=7G
hp_qemu="-object memory-backend-ram,id=m0,size=4G"
hp_qemu+=" -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1"
hp_qemu+=" -object memory-backend-ram,id=dimm0,size=1G"
hp_qemu+=" -object memory-backend-ram,id=vmem0,size=1G"
hp_qemu+=" -device virtio-mem-pci,id=vm0,memdev=vmem0,node=1,requested-size=0"
hp_append="mem=3G numa=hide=1G hpe.env=PROBE_START=0x100000000"

# count: COUNT nodes of 128 MiB above 2 GiB of boot RAM.  The guest RAM is
# reserve=off (MAP_NORESERVE): only what the guest touches is allocated.
count_mb=$((count * 128 + 2048))
count_qemu="-object memory-backend-ram,id=ram0,size=${count_mb}M,reserve=off"
count_qemu+=" -machine memory-backend=ram0"

# name|part|rounds|-m|-smp|qmp|QEMU arguments|kernel command line
runs_table() {
	cat <<EOF
emu|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append
dimm|dimm|$rounds|$hp_mem|2|1|$hp_qemu|$hp_append
vmem|vmem|$rounds|$hp_mem|2|1|$hp_qemu|$hp_append
probe|probe|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append
emu-mom|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append memory_hotplug.memmap_on_memory=1 hpe.env=TAG=mom
emu-automovable|emu|$rounds|$hp_mem|2|0|$hp_qemu|$hp_append memory_hotplug.online_policy=auto-movable hpe.env=ONLINE=online hpe.env=TAG=automovable
cpu-first|cpu_first|$rounds|1G|2|0||maxcpus=1
cpu-probe|cpu_probe|$rounds|1G|2|0||maxcpus=1 cpu_hpe=on
cpu-qemu|cpu_qemu|1|1G|1,maxcpus=2,sockets=2|1||
boot-plain|boot|$rounds|4G|2|0||hpe.env=TAG=plain
boot-hide|boot|$rounds|4G|2|0||numa=hide=2G hpe.env=TAG=hide
size|size|$(((rounds + 1) / 2))|18G|2|0||nokaslr numa=hide=256M,1G,4G,8G
layout|layout|$(((rounds + 1) / 2))|2G|2|0||movablecore=1536M numa=possible=5
count|count|1|${count_mb}M|2|0|$count_qemu|numa=hide=$count*128M
EOF
}

want=" $* "
[ $# -eq 0 ] && want=" $(runs_table | cut -d'|' -f1 | xargs) "
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
: > "$out/raw.tsv"
: > "$out/info.txt"
t0=$(date +%s)
while IFS='|' read -r name part n mem smp qmp qemu append; do
	case "$want" in *" $name "*) ;; *) continue ;; esac
	for i in $(seq 1 "$n"); do
		dir=$out/runs/$name-$i
		args=(-o "$dir" -k "$kernel" -r bench -m "$mem" -s "$smp" -T 1800
		      -a "loglevel=5 hpe.bench=$part $append")
		[ -n "$qemu" ] && args+=(-q "$qemu")
		[ "$qmp" = 1 ] && args+=(-Q)
		s=$(date +%s)
		rc=0
		scripts/qemu-run.sh "${args[@]}" > "$dir.log" 2>&1 || rc=$?
		tr -d '\r' < "$dir/results.ktap" | awk -v run="$name" -v boot="$name-$i" '
			$1 == "bench:" { print run "\t" boot "\t" $2 "\t" $3 }' >> "$out/raw.tsv"
		tr -d '\r' < "$dir/results.ktap" | grep -E '^bench-(fail|info):' |
			sed "s/^/$name-$i: /" >> "$out/info.txt" || true
		echo "bench: $name-$i $(($(date +%s) - s)) s$([ "$rc" = 0 ] || echo ", FAILED: $(tail -n 2 "$dir.log" | tr '\n' ' ')")"
	done
done < <(runs_table)
echo "bench: all runs $(($(date +%s) - t0)) s"

scripts/bench-report.sh "$out"
