#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The table and plots of scripts/bench.sh, from its raw figures.
#
#   scripts/bench-report.sh [DIR]     (default build/bench)
#
# Reads DIR/raw.tsv (run, boot, key, ns a line), writes DIR/table.txt
# (printed too), DIR/size.dat, DIR/count.dat and, with gnuplot, the SVG
# plots (not with NOPLOT=1).  A figure is the median of every value of its key; "x ref" is the
# median over its values of value / the median memmap-memset reference of
# the same boot.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build/bench}
raw=$dir/raw.tsv
[ -s "$raw" ] || { echo "bench-report: no figures in $raw" >&2; exit 1; }
# What this script writes, so that nothing stale is left beside the new.
rm -f "$dir"/table.txt "$dir"/medians "$dir"/count.raw "$dir"/count.dat \
	"$dir"/size.dat "$dir"/size.svg "$dir"/count.svg

# key|label: the rows of the table, in order; a key without figures is
# left out.
rows() {
	cat <<'EOF'
memset16m|memmap memset reference: 16 MiB (memmap of 1 GiB)
memset16m_first|  the same, first touch (page faults, zeroing)
emu_add_cold|node/probe 1 GiB node, first add of the boot
emu_add_warm|node/probe 1 GiB node, again
emu_del_cold|node/release 1 GiB node, first
emu_del_warm|node/release 1 GiB node, again
dimm_add_cold|QEMU pc-dimm 1 GiB, ACPI hot-add, first
dimm_add_warm|QEMU pc-dimm 1 GiB, ACPI hot-add, again
dimm_del_cold|QEMU pc-dimm 1 GiB, ACPI eject, first
dimm_del_warm|QEMU pc-dimm 1 GiB, ACPI eject, again
vmem_add_cold|virtio-mem 1 GiB plug, first
vmem_add_warm|virtio-mem 1 GiB plug, again
vmem_del_cold|virtio-mem 1 GiB unplug, first
vmem_del_warm|virtio-mem 1 GiB unplug, again
probe_add_cold|memory/probe 8 blocks (1 GiB) into node 0, first
probe_add_warm|memory/probe 8 blocks (1 GiB) into node 0, again
probe_del_cold|hotplug/remove_memory of those 8 blocks, first
probe_del_warm|hotplug/remove_memory of those 8 blocks, again
debug_emu_add_warm|test kernel: node/probe 1 GiB node, again
debug_emu_del_warm|test kernel: node/release 1 GiB node, again
lazy_emu_add_cold|node/probe 1 GiB, guest RAM not preallocated, first
lazy_emu_add_warm|node/probe 1 GiB, guest RAM not preallocated, again
primed_emu_add_cold|node/probe 1 GiB after memory/probe code ran, first
primed_emu_add_warm|node/probe 1 GiB after memory/probe code ran, again
mom_emu_add_cold|node/probe 1 GiB, memmap_on_memory=1, first
mom_emu_add_warm|node/probe 1 GiB, memmap_on_memory=1, again
mom_emu_del_warm|node/release 1 GiB, memmap_on_memory=1, again
automovable_emu_add_cold|node/probe 1 GiB, online_policy=auto-movable, first
automovable_emu_add_warm|node/probe 1 GiB, online_policy=auto-movable, again
automovable_emu_del_warm|node/release 1 GiB, online_policy=auto-movable, again
cpu_first_online|first online of a present, never-onlined CPU
cpu_first_offline|  its offline
cpu_again_online|  its online again
cpu_probe_probe|cpu/probe of a hidden CPU
cpu_probe_online|  then its online
cpu_qemu_online|QEMU device_add of a CPU: its online
plain_boot_to_init|boot to /init (kernel clock), 4 GiB
hide_boot_to_init|boot to /init (kernel clock), 4 GiB, numa=hide=2G
size_first_add_256|node/probe 256 MiB node, its first add
size_first_add_1024|node/probe 1 GiB node, its first add
size_first_add_4096|node/probe 4 GiB node, its first add
size_first_add_8192|node/probe 8 GiB node, its first add
size_add_256|node/probe 256 MiB node
size_add_1024|node/probe 1 GiB node
size_add_4096|node/probe 4 GiB node
size_add_8192|node/probe 8 GiB node
size_del_256|node/release 256 MiB node
size_del_1024|node/release 1 GiB node
size_del_4096|node/release 4 GiB node
size_del_8192|node/release 8 GiB node
layout_stripe_ns|memlayout: stripe movable memory over 4 nodes, no data
layout_push_ns|memlayout: push it to a new node, no data
data_layout_push_ns|memlayout: push to a new node, 256 MiB live data
data_layout_stripe_ns|memlayout: stripe over 4 nodes, 256 MiB live data
devloop_rebuild|developer loop: rebuild after touching one file (host)
devloop_boot_test|developer loop: boot and run node_hotplug.sh (host)
devloop_total|developer loop: both (host)
EOF
}

# key median ratio n
awk -F'\t' '
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$4 !~ /^[0-9]+$/ || $4 == 0 { bad++; next }
{ key[++nv] = $3; boot[nv] = $2; val[nv] = $4 }
$3 == "memset16m" { r[$2, ++nr[$2]] = $4 }
END {
	for (b in nr) {
		delete t
		for (i = 1; i <= nr[b]; i++)
			t[i] = r[b, i]
		ref[b] = median(t, nr[b])
	}
	if (bad)
		printf "bad-figures %d - 0\n", bad
	for (i = 1; i <= nv; i++) {
		k = key[i]
		v[k, ++n[k]] = val[i]
		if (ref[boot[i]] > 0)
			q[k, ++nq[k]] = val[i] / ref[boot[i]]
	}
	for (k in n) {
		delete t
		for (i = 1; i <= n[k]; i++)
			t[i] = v[k, i]
		m = median(t, n[k])
		delete t
		for (i = 1; i <= nq[k]; i++)
			t[i] = q[k, i]
		printf "%s %.0f %s %d\n", k, m, nq[k] ? sprintf("%.2f", median(t, nq[k])) : "-", n[k]
	}
}' "$raw" | sort > "$dir/medians"

med() { awk -v k="$1" '$1 == k { print $2 }' "$dir/medians"; }
# medx KEY: the median of KEY's ratios to the reference of their boots
medx() { awk -v k="$1" '$1 == k && $3 != "-" { print $3 }' "$dir/medians"; }
ms() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else print "-" }'; }

{
	echo "NUMA hotplug emulator benchmarks: $(date -u +%Y-%m-%d), commit" \
		"$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?')," \
		"$(nproc) CPUs $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "QEMU $(qemu-system-x86_64 --version | awk 'NR == 1 { print $4 }') TCG, perf kernel (no lockdep, DEBUG_VM or DEBUG_PAGEALLOC)"
	echo
	printf '%-62s %10s %8s %5s\n' figure "median ms" "x ref" n
	rows | while IFS='|' read -r key label; do
		line=$(awk -v k="$key" '$1 == k' "$dir/medians")
		[ -n "$line" ] || continue
		set -- $line
		printf '%-62s %10s %8s %5s\n' "$label" "$(ms "$2")" "$3" "$4"
	done
	echo
	echo "Ratios (of the x ref medians: each figure over its own boot's reference):"
	r() { printf '  %-60s %s\n' "$1" "$(ratio "$(medx "$2")" "$(medx "$3")")"; }
	r "node/probe cold / warm" emu_add_cold emu_add_warm
	r "node/probe cold / warm, guest RAM not preallocated" lazy_emu_add_cold lazy_emu_add_warm
	r "node/probe cold / warm, after memory/probe code ran" primed_emu_add_cold primed_emu_add_warm
	r "node/probe warm / QEMU pc-dimm hot-add warm" emu_add_warm dimm_add_warm
	r "node/release warm / QEMU pc-dimm eject warm" emu_del_warm dimm_del_warm
	r "node/probe warm / virtio-mem plug warm" emu_add_warm vmem_add_warm
	r "node/release warm / virtio-mem unplug warm" emu_del_warm vmem_del_warm
	r "node/probe warm / memory/probe of 8 blocks warm" emu_add_warm probe_add_warm
	r "node/release warm / node/probe warm" emu_del_warm emu_add_warm
	r "test kernel: node/release warm / node/probe warm" debug_emu_del_warm debug_emu_add_warm
	r "node/probe warm: test kernel / perf kernel" debug_emu_add_warm emu_add_warm
	r "node/probe warm: memmap_on_memory=1 / off" mom_emu_add_warm emu_add_warm
	r "node/release warm: memmap_on_memory=1 / off" mom_emu_del_warm emu_del_warm
	r "node/probe warm: online_policy=auto-movable / online_movable" automovable_emu_add_warm emu_add_warm
	cp=$(awk -v a="$(medx cpu_probe_probe)" -v b="$(medx cpu_probe_online)" 'BEGIN { if (a != "" && b != "") print a + b }')
	printf '  %-60s %s\n' "CPU probe + online / first online of a present CPU" "$(ratio "$cp" "$(medx cpu_first_online)")"
	printf '  %-60s %s\n' "CPU probe + online / online again of a present CPU" "$(ratio "$cp" "$(medx cpu_again_online)")"
	printf '  %-60s %s\n' "boot with numa=hide= / without (medians)" "$(ratio "$(med hide_boot_to_init)" "$(med plain_boot_to_init)")"
	for s in 256 1024 4096 8192; do
		a=$(med size_add_$s)
		[ -n "$a" ] && printf '  %-60s %s ms\n' "node/probe per GiB, $s MiB node" \
			"$(awk -v a="$a" -v s="$s" 'BEGIN { printf "%.1f", a / 1e6 / (s / 1024) }')"
	done
	if [ -n "$(med count_add_1)" ]; then
		awk -F'\t' '$3 ~ /^count_(add|del)_/ { split($3, p, "_"); print p[2], p[3], $4 }' "$raw" |
			sort -k1,1 -k2,2n > "$dir/count.raw"
		awk '
			{ v[$1, $2] = $3; if ($2 > last[$1]) last[$1] = $2 }
			END {
				for (op in last) {
					nl = last[op]; w = nl < 50 ? int(nl / 5) + 1 : 10
					f = 0; l = 0
					for (i = 1; i <= w; i++) { f += v[op, i]; l += v[op, nl - w + i] }
					if (op == "add")
						printf "  %-60s %s\n", "node/probe of " nl " nodes in a row: last " w " / first " w, sprintf("%.2f (%.1f ms / %.1f ms)", l / f, l / w / 1e6, f / w / 1e6)
					else
						printf "  %-60s %s\n", "node/release of the " nl " in turn: first " w " / last " w, sprintf("%.2f (%.1f ms / %.1f ms)", f / l, f / w / 1e6, l / w / 1e6)
				}
			}' "$dir/count.raw" | sort
	fi
	if grep -qE 'bench-(fail|skip|boot-fail):' "$dir/info.txt" 2>/dev/null ||
	   [ -n "$(med bad-figures)" ]; then
		echo
		echo "Failures and notes (from info.txt):"
		grep -E 'bench-(fail|skip|boot-fail):' "$dir/info.txt" 2>/dev/null | sed 's/^/  /'
		[ -z "$(med bad-figures)" ] || echo "  $(med bad-figures) figures that were not a positive number of ns, left out"
	fi
} > "$dir/table.txt"
cat "$dir/table.txt"

# Plot data: size (MiB, add ms, release ms) and count (i, add ms, del ms).
for s in 256 1024 4096 8192; do
	a=$(med size_add_$s) d=$(med size_del_$s)
	[ -n "$a" ] && [ -n "$d" ] && echo "$s $(ms "$a") $(ms "$d")"
done > "$dir/size.dat"
if [ -s "$dir/count.raw" ] 2>/dev/null; then
	awk '{ v[$2, $1] = $3 / 1e6; if ($2 > n) n = $2 }
	     END { for (i = 1; i <= n; i++) print i, v[i, "add"], v[i, "del"] }' "$dir/count.raw" > "$dir/count.dat"
fi

[ -z "${NOPLOT:-}" ] || exit 0
command -v gnuplot > /dev/null || { echo "bench-report: no gnuplot, no plots (scripts/deps.sh bench)"; exit 0; }
if [ -s "$dir/size.dat" ]; then
	gnuplot <<EOF
set terminal svg size 640,400 dynamic
set output "$dir/size.svg"
set title "Node hot-add and hot-remove against node size (perf kernel, TCG)"
set xlabel "node size (MiB)"
set ylabel "ms"
set logscale x 2
set key top left
set grid
plot "$dir/size.dat" using 1:2 with linespoints title "node/probe", \
     "$dir/size.dat" using 1:3 with linespoints title "node/release"
EOF
fi
if [ -s "$dir/count.dat" ]; then
	gnuplot <<EOF
n = $(wc -l < "$dir/count.dat")
set terminal svg size 640,400 dynamic
set output "$dir/count.svg"
set title "Each node hot-add and hot-remove, nodes added in a row (128 MiB each)"
set xlabel "nodes with memory before the probe, or before the release"
set ylabel "ms"
set key top left
set grid
plot "$dir/count.dat" using (\$1 - 1):2 with points pt 7 ps 0.3 title "node/probe", \
     "$dir/count.dat" using (n - \$1 + 1):3 with points pt 7 ps 0.3 title "node/release"
EOF
fi
echo "bench-report: plots in ${dir#"$top"/}"
