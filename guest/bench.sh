#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/bench.sh: /init runs it for hpe.run=bench.
#
#   /bench.sh PART     (PART from hpe.bench=; options from hpe.env=)
#
# Prints "bench: KEY NS" lines (one measurement each, in nanoseconds) and
# "bench-fail: KEY why" when an operation failed; the host takes the
# medians.  Every part starts and ends with the reference of the boot: a
# memset of the memmap of 1 GiB (64 bytes per 4 KiB page: 16 MiB).
#
# Parts:
#   emu        node/probe + node/release of the one numa=hide= node: the
#              first add of the boot (cold), then WARM more cycles
#   dimm       QEMU pc-dimm in node 1: device_add / device_del (QMP, via
#              scripts/qmp-hook.py), timed in the guest by function_graph
#              on acpi_device_hotplug (the ACPI hotplug work, whole)
#   vmem       virtio-mem in node 1: requested-size 1 GiB / 0, timed by
#              the sum of virtio_mem_run_wq (the driver's work, whole)
#   probe      mainline memory/probe of the 8 blocks above mem=, one write
#              each, removed again through debugfs hotplug/remove_memory
#   size       node/probe + node/release of every numa=hide= node in turn
#   count      every numa=hide= node probed in a row, then released in a
#              row: one figure per node ("count_add_I", "count_del_I")
#   cpu_first  first online of a present, never-onlined CPU (maxcpus=1),
#              then offline and online again
#   cpu_probe  cpu/probe + online of a hidden CPU (maxcpus=1 cpu_hpe=on)
#   cpu_qemu   QEMU device_add of a CPU (TCG): does a CPU appear?
#   boot       CLOCK_MONOTONIC when this script starts: the kernel's boot
#              from its clock's start to /init, and /init's mounts
#   trace      node/probe + node/release of the numa=hide= node, twice,
#              under function_graph from TRACE_ROOTS (default the two
#              store functions) to depth TRACE_DEPTH (default 5); prints
#              "bench-trace:" lines for calls of 1 ms or more
#   layout     hotplug/memlayout: stripe the movable memory over nodes
#              1-4, push it to node 5, stripe again with live data
#
# All memory is onlined by auto_online_blocks (ONLINE=, default
# online_movable), the same way for every path.  TAG= prefixes the keys.

# CLOCK_MONOTONIC when the bench starts, right after /init mounted its
# file systems: the boot figure
START_NS=$(hpe-bench now)
PART=${1:-}
NODE=/sys/devices/system/node
MEM=/sys/devices/system/memory
CPU=/sys/devices/system/cpu
TR=/sys/kernel/debug/tracing
WARM=${WARM:-3}
TAG=${TAG:+${TAG}_}

say() { echo "bench: $TAG$1 $2"; }
fail() { echo "bench-fail: $TAG$1 $2"; }
qmp() { echo "hpe-qmp: $1" > /dev/kmsg; }

# ref: the memmap-memset reference, three times (keys without TAG: the
# host finds the reference of each boot under one name).
ref() {
	for i in 1 2 3; do
		set -- $(hpe-bench memset 16)
		[ -n "${2:-}" ] || { fail memset16m "hpe-bench memset failed"; continue; }
		echo "bench: memset16m_first $1"
		echo "bench: memset16m $2"
	done
}

# timed_write KEY FILE STRING: one write, its time under KEY.
timed_write() {
	set -- "$1" $(hpe-bench write "$2" "$3")
	if [ "$3" = 0 ]; then
		say "$1" "$2"
	else
		fail "$1" "errno $3"
		return 1
	fi
}

node_kb() { awk '/MemTotal/ { print $4 }' "$NODE/node$1/meminfo" 2>/dev/null || echo 0; }

# wait_kb NID KB: until node NID's MemTotal is KB (about 20 s at most).
# Coarse polling: the figure comes from the trace, and a poll is a fork
# on the other vCPU while the measured work runs.
wait_kb() {
	i=0
	while [ "$(node_kb "$1")" != "$2" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.2
	done
}

# wait_done FUNC: until every traced call of FUNC has returned and at
# least one has (about 20 s at most): "FUNC() {" lines, and the returns,
# "} /* FUNC */" (funcgraph-tail) or "FUNC();" for a call the trace shows
# whole.
wait_done() {
	i=0
	until awk -v f="$1" '
		index($0, f "() {") { open++ }
		index($0, "} /* " f " */") { closed++ }
		index($0, f "();") { whole++ }
		END { exit !(open == closed && closed + whole > 0) }' $TR/trace; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.2
	done
}

# trace_on FUNC: function_graph on FUNC alone (its duration, whole).
trace_on() {
	echo 0 > $TR/tracing_on
	# The filter first: the tracer then patches FUNC alone, not every
	# function of the kernel (which, under TCG, once ended in an int3
	# oops while the patching ran).  A filter that did not take would
	# trace every function.
	echo "$1" > $TR/set_ftrace_filter
	[ "$(cat $TR/set_ftrace_filter)" = "$1" ] || { fail trace "cannot trace $1 alone"; exit 1; }
	echo 1 > $TR/options/funcgraph-tail
	echo function_graph > $TR/current_tracer
	echo > $TR/trace
	echo 1 > $TR/tracing_on
}

# trace_sum FUNC: the sum of FUNC's durations in the trace, in ns, and
# clear the trace.
trace_sum() {
	awk -v f="$1" '
		index($0, f) && / us +\|/ {
			for (i = 1; i <= NF; i++)
				if ($(i + 1) == "us") { s += $i; n++; break }
		}
		END { printf "%.0f %d\n", s * 1000, n }' $TR/trace
	echo > $TR/trace
}

# graph_on: function_graph, trace cleared and on.  With PROFILE_FUNCS
# (a comma-separated list) only those functions are traced (each a hook:
# the others run at full speed), else everything under TRACE_ROOTS
# (default the two store functions) to depth TRACE_DEPTH (default 5).
graph_on() {
	echo 0 > $TR/tracing_on
	if [ "$(cat $TR/current_tracer)" != function_graph ]; then
		echo 1 > $TR/options/funcgraph-tail
		echo 20000 > $TR/buffer_size_kb
		# filters before the tracer, as in trace_on
		if [ -n "${PROFILE_FUNCS:-}" ]; then
			for f in $(echo "$PROFILE_FUNCS" | tr , " "); do
				echo "$f" >> $TR/set_ftrace_filter
			done
		else
			echo "${TRACE_DEPTH:-5}" > $TR/max_graph_depth
			for f in $(echo "${TRACE_ROOTS:-probe_store,release_store}" | tr , " "); do
				echo "$f" >> $TR/set_graph_function
			done
		fi
		echo function_graph > $TR/current_tracer
	fi
	echo > $TR/trace
	echo 1 > $TR/tracing_on
}

# graph_dump WHAT: with PROFILE_FUNCS, each function's calls and total
# time ("bench-trace: WHAT: FUNC calls N total MS"), else the traced
# calls of 1 ms or more ("bench-trace: WHAT: LINE").
graph_dump() {
	echo 0 > $TR/tracing_on
	if [ -n "${PROFILE_FUNCS:-}" ]; then
		awk -v what="$1" '
			/ us +\|/ {
				for (i = 1; i <= NF; i++)
					if ($(i + 1) == "us") { d = $i; break }
				f = $NF
				if (f == "*/") f = $(NF - 1)
				else sub(/\(\);$/, "", f)
				t[f] += d; c[f]++
			}
			END { for (f in t) printf "bench-trace: %s: %s calls %d total %.2f ms\n", what, f, c[f], t[f] / 1000 }' $TR/trace
	else
		grep -E '[#*@$] +[0-9.]+ us' $TR/trace | sed "s/^/bench-trace: $1: /"
	fi
	# no tracer (and no hook) left for what is timed next
	echo nop > $TR/current_tracer
	echo > $TR/set_ftrace_filter
	echo > $TR/set_graph_function
}

# qmp_cycles NAME FUNC ONE ADD REMOVE: a cold and WARM warm cycles of
# the QMP command ADD (1 GiB into node 1) and REMOVE, each timed by the
# sum of FUNC's durations once every call of it returned; ONE=1: exactly
# one call of FUNC per command.  Keys NAME_add_cold, NAME_del_warm, ...
qmp_cycles() {
	trace_on "$2"
	for i in $(seq 0 "$WARM"); do
		k=warm
		[ "$i" = 0 ] && k=cold
		for step in add del; do
			if [ $step = add ]; then
				qmp "$4"
				kb=1048576
			else
				qmp "$5"
				kb=0
			fi
			wait_kb 1 $kb || { fail "$1_${step}_$k" "node 1 has $(node_kb 1) kB, want $kb"; return; }
			wait_done "$2" || { fail "$1_${step}_$k" "$2() did not return"; return; }
			sum=$(trace_sum "$2")
			ns=${sum% *}
			calls=${sum#* }
			[ "$3" = 0 ] || [ "$calls" = 1 ] || { fail "$1_${step}_$k" "$calls calls of $2 traced, want 1"; return; }
			say "$1_${step}_$k" "$ns"
		done
	done
}

# online policy for every hot-added block
echo "${ONLINE:-online_movable}" > $MEM/auto_online_blocks

ref
case "$PART" in
emu)
	n=$(cat $NODE/probe)
	# PRIME=1: first add the 8 blocks of the probe part into node 0 and
	# remove them, untimed, so that the hot-add and hot-remove code has
	# run once (TCG has translated it) before the first node/probe.
	primed=0
	if [ "${PRIME:-0}" = 1 ]; then
		bs=$((0x$(cat $MEM/block_size_bytes)))
		for f in $MEM/probe /sys/kernel/debug/hotplug/remove_memory; do
			for b in 0 1 2 3 4 5 6 7; do
				set -- $(hpe-bench write $f $((PROBE_START + b * bs)))
				[ "$2" = 0 ] || { fail emu_prime "$f block $b: errno $2"; primed=1; break 2; }
			done
		done
	fi
	for i in $(seq 0 "$WARM"); do
		# no figure after a failed priming
		[ "$primed" = 0 ] || break
		k=warm
		[ "$i" = 0 ] && k=cold
		timed_write "emu_add_$k" $NODE/probe "$n" || break
		[ "$i" = 0 ] && echo "bench-info: ${TAG}emu node $n: MemTotal $(node_kb "$n") kB, blocks by zone: $(cat $NODE/node$n/memory[0-9]*/valid_zones | sort | uniq -c | xargs)"
		timed_write "emu_del_$k" $NODE/release "$n" || break
	done
	;;
dimm)
	# The kernel's work for one ACPI hotplug event (a bus check that adds
	# the DIMM, an eject request that removes it, _EJ0 included: QEMU
	# drops the DIMM there, so it can be added again once that returned).
	qmp_cycles dimm acpi_device_hotplug 1 \
		'{"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d0","memdev":"dimm0","node":1}}' \
		'{"execute":"device_del","arguments":{"id":"d0"}}'
	;;
vmem)
	# the driver's work: every run of its work item until the size is
	# reached (it plugs and unplugs block by block)
	qmp_cycles vmem virtio_mem_run_wq 0 \
		'{"execute":"qom-set","arguments":{"path":"/machine/peripheral/vm0","property":"requested-size","value":1073741824}}' \
		'{"execute":"qom-set","arguments":{"path":"/machine/peripheral/vm0","property":"requested-size","value":0}}'
	;;
probe)
	# PROBE_START: the first byte above mem= (8 blocks of 128 MiB).
	start=$((PROBE_START))
	bs=$((0x$(cat $MEM/block_size_bytes)))
	for i in $(seq 0 "$WARM"); do
		k=warm
		[ "$i" = 0 ] && k=cold
		sum=0
		for b in 0 1 2 3 4 5 6 7; do
			set -- $(hpe-bench write $MEM/probe $((start + b * bs)))
			[ "$2" = 0 ] || { fail "probe_add_$k" "block $b: errno $2"; break 2; }
			sum=$((sum + $1))
		done
		say "probe_add_$k" "$sum"
		sum=0
		for b in 0 1 2 3 4 5 6 7; do
			set -- $(hpe-bench write /sys/kernel/debug/hotplug/remove_memory $((start + b * bs)))
			[ "$2" = 0 ] || { fail "probe_del_$k" "block $b: errno $2"; break 2; }
			sum=$((sum + $1))
		done
		say "probe_del_$k" "$sum"
	done
	;;
size)
	# The first add of each node writes its memmap for the first time
	# (size_first_*); then each node twice (size_add_MIB, size_del_MIB).
	nodes=$(seq -s ' ' $(cat $NODE/probe | tr '-' ' '))
	for r in 0 1 2; do
		for n in $nodes; do
			mib=$(awk -v n="$n" '$1 == n { print $3 / 1048576 }' \
				/sys/kernel/debug/hotplug/hidden_nodes)
			k=size
			[ "$r" = 0 ] && k=size_first
			timed_write "${k}_add_$mib" $NODE/probe "$n"
			timed_write "${k}_del_$mib" $NODE/release "$n"
		done
	done
	;;
count)
	# COUNT_MAX=I: stop after I adds; TRACE_AT=I: the I-th add under
	# function_graph (see trace) and only its calls of 1 ms or more kept.
	nodes=$(seq -s ' ' $(cat $NODE/probe | tr '-' ' '))
	i=0
	for n in $nodes; do
		i=$((i + 1))
		if [ "$i" = "${TRACE_AT:-0}" ]; then
			graph_on
			timed_write "count_traced_add_$i" $NODE/probe "$n" || break
			graph_dump "add $i"
		else
			timed_write "count_add_$i" $NODE/probe "$n" || break
		fi
		[ "$i" = "${COUNT_MAX:-0}" ] && break
	done
	i=0
	for n in $nodes; do
		i=$((i + 1))
		if [ "$i" = "${TRACE_AT:-0}" ]; then
			graph_on
			timed_write "count_traced_del_$i" $NODE/release "$n" || break
			graph_dump "del $i"
		else
			timed_write "count_del_$i" $NODE/release "$n" || break
		fi
		[ "$i" = "${COUNT_MAX:-0}" ] && break
	done
	;;
cpu_first)
	timed_write cpu_first_online $CPU/cpu1/online 1 &&
		timed_write cpu_first_offline $CPU/cpu1/online 0 &&
		timed_write cpu_again_online $CPU/cpu1/online 1
	;;
cpu_probe)
	# the lowest hidden CPU goes into node 0
	c=$(cat $CPU/probe)
	c=${c%%[-,]*}
	timed_write cpu_probe_probe $CPU/probe 0 &&
		timed_write cpu_probe_online "$CPU/cpu$c/online" 1
	;;
cpu_qemu)
	before=$(cat $CPU/present)
	echo "bench-info: cpu_qemu possible $(cat $CPU/possible), present $before"
	qmp '{"execute":"device_add","arguments":{"driver":"qemu64-x86_64-cpu","id":"c1","socket-id":1,"core-id":0,"thread-id":0}}'
	i=0
	while [ "$(cat $CPU/present)" = "$before" ] && [ $i -lt 30 ]; do
		i=$((i + 1))
		sleep 1
	done
	after=$(cat $CPU/present)
	if [ "$before" = "$after" ]; then
		fail cpu_qemu_add "device_add sent (QEMU's reply: qmp.log); no CPU present after 30 s"
		dmesg | tail -n 5 | sed 's/^/bench-info: cpu_qemu dmesg: /'
	else
		c=${after##*[-,]}
		timed_write cpu_qemu_online "$CPU/cpu$c/online" 1
	fi
	;;
boot)
	say boot_to_init "$START_NS"
	;;
layout)
	ml=/kselftest/numa_hotplug_emu/memlayout.sh
	for step in "stripe 1-4" "push 5" "stripe 1-4" "data" "push 5" "stripe 1-4"; do
		if [ "$step" = data ]; then
			numactl --interleave=1-4 /kselftest/numa_hotplug_emu/hold_pattern 256 > /tmp/pattern &
			i=0
			while ! grep -q ready /tmp/pattern; do
				i=$((i + 1))
				[ $i -gt 300 ] && { fail layout "hold_pattern not ready"; break 2; }
				sleep 0.1
			done
			TAG=${TAG}data_
			continue
		fi
		# "memlayout: moved M kept K lost L blocks (X MiB moved) in T ms"
		out=$(sh $ml $step | tail -n 1)
		echo "bench-info: $step: $out"
		set -- $(echo "$out" | sed -n 's/.*(\([0-9]*\) MiB moved) in \([0-9]*\) ms.*/\1 \2/p')
		[ -n "${2:-}" ] || { fail "layout" "$step: $out"; continue; }
		w=${step% *}
		echo "bench-info: ${TAG}layout_${w}: $1 MiB moved"
		say "layout_${w}_ns" "$(($2 * 1000000))"
	done
	kill -USR1 %1 2> /dev/null
	sleep 1
	echo "bench-info: pattern: $(tail -n 1 /tmp/pattern)"
	kill %1 2> /dev/null
	;;
trace)
	# TRACE_WARM=N: N warm cycles after the cold one (default 1); the
	# dumps of the warm ones are "add warm1", "add warm2", ...
	n=$(cat $NODE/probe)
	for i in $(seq 0 "${TRACE_WARM:-1}"); do
		k=warm
		[ "$i" = 0 ] && k=cold
		t=$k
		[ "$i" = 0 ] || t=$k$i
		graph_on
		timed_write "trace_add_$k" $NODE/probe "$n"
		graph_dump "add $t"
		graph_on
		timed_write "trace_del_$k" $NODE/release "$n"
		graph_dump "del $t"
	done
	;;
*)
	fail part "unknown part '$PART'"
	;;
esac
ref
