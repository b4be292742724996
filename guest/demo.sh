#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What the NUMA hotplug emulator can do in this kernel, step by step.
# Each part of the series adds its own section.
#
# Each command is printed, then its output, then the kernel messages it
# caused ("kernel: " lines: the dmesg records stamped after the last one
# before the command).  The walk-through goes to the console and, when
# there is one, to the third serial port, which scripts/qemu-run.sh -r demo
# saves as demo.log and shows on the terminal: there it is not mixed with
# the boot log and the console's kernel messages.

out=/dev/ttyS2
if [ -z "${DEMO_TEE:-}" ] && [ -c "$out" ] && stty -F "$out" raw -echo 2>/dev/null; then
	DEMO_TEE=1 "$0" "$@" 2>&1 | tee "$out"
	exit
fi

step() { printf '\n==== %s\n' "$*"; }
# The stamp of the newest kernel message ("[ 12.345678] ..." lines).
kmsg_stamp() { dmesg | sed -n 's/^\[ *\([0-9]*\.[0-9]*\)\].*/\1/p' | tail -n 1; }
# The kernel messages stamped after $1 (and their continuation lines).
kmsg_since() {
	dmesg | awk -v t="${1:-0}" '
		/^\[ *[0-9]+\.[0-9]+\]/ { s = $0; sub(/^\[ */, "", s); sub(/\].*/, "", s); new = (s + 0 > t + 0) }
		new { print "kernel: " $0 }'
}
show() {
	printf '$ %s\n' "$*"
	mark=$(kmsg_stamp)
	sh -c "$*" 2>&1
	kmsg_since "$mark"
}

step "The booted kernel"
show 'uname -r; cat /proc/cmdline'
show 'zcat /proc/config.gz | grep NUMA_HOTPLUG_EMU'

step "NUMA topology as the kernel sees it at boot"
show 'numactl --hardware'
show 'cat /sys/devices/system/node/possible /sys/devices/system/node/online'

step "Memory blocks and CPUs"
show 'lsmem'
show 'lscpu | head -n 20'

if [ -n "$(cat /sys/devices/system/node/probe 2>/dev/null)" ]; then
	n=$(cut -d, -f1 /sys/devices/system/node/probe | cut -d- -f1)
	step "Node hotplug emulation: nodes hidden at boot with numa=hide="
	show 'cat /proc/cmdline'
	show 'cat /sys/devices/system/node/probe'
	show 'cat /sys/kernel/debug/hotplug/hidden_nodes'
	show 'cat /sys/devices/system/node/possible /sys/devices/system/node/online'

	step "Hot-add node $n (memory onlined movable, as auto_online_blocks says)"
	show 'echo online_movable > /sys/devices/system/memory/auto_online_blocks'
	show "echo $n > /sys/devices/system/node/probe"
	show 'numactl --hardware'
	show "lsmem -o RANGE,SIZE,STATE,BLOCK,NODE"
	show "grep MemTotal /sys/devices/system/node/node$n/meminfo"

	step "Use it: 64 MiB written by a task bound to node $n"
	show "numactl --membind=$n dd if=/dev/urandom of=/tmp/data bs=1M count=64 2>&1 | tail -n 1"
	show "md5sum /tmp/data; grep -E 'MemFree|Shmem:' /sys/devices/system/node/node$n/meminfo"

	if [ -n "$(cat /sys/devices/system/cpu/probe 2>/dev/null)" ]; then
		c=$(cut -d, -f1 /sys/devices/system/cpu/probe | cut -d- -f1)
		step "CPU hotplug emulation: CPUs hidden at boot with cpu_hpe=on maxcpus=1"
		show 'cat /sys/devices/system/cpu/present /sys/devices/system/cpu/probe'
		show 'ls -d /sys/devices/system/cpu/cpu[0-9]*'

		step "Hot-add CPU $c into node $n and bring it up"
		show "echo $n > /sys/devices/system/cpu/probe"
		show "ls -d /sys/devices/system/cpu/cpu$c/node*; cat /sys/devices/system/cpu/cpu$c/online"
		show "echo 1 > /sys/devices/system/cpu/cpu$c/online"
		show "numactl --hardware | grep cpus"
		show 'lscpu -e=CPU,NODE,SOCKET,CORE,ONLINE'
		show "taskset -c $c cat /proc/self/stat | cut -d' ' -f39"
		show "numactl --cpunodebind=$n --membind=$n md5sum /tmp/data"

		step "Node $n cannot go while it has a CPU; hot-remove CPU $c first"
		show "echo $n > /sys/devices/system/node/release"
		show "echo $c > /sys/devices/system/cpu/release"
		show 'cat /sys/devices/system/cpu/present /sys/devices/system/cpu/probe'
	fi

	step "Hot-remove node $n: its pages migrate away, nothing is lost"
	show "echo $n > /sys/devices/system/node/release"
	show 'md5sum /tmp/data'
	show 'numactl --hardware'
	show 'cat /sys/devices/system/node/probe'
	show 'cat /sys/kernel/debug/hotplug/hidden_nodes'
fi

if [ -e /sys/kernel/debug/hotplug/control ] &&
   [ -n "$(cat /sys/devices/system/node/probe 2>/dev/null)" ]; then
	n=$(cut -d, -f1 /sys/devices/system/node/probe | cut -d- -f1)
	CTL=/sys/kernel/debug/hotplug/control
	step "Node report and control (debugfs hotplug/nodes, hotplug/control)"
	show 'cat /sys/kernel/debug/hotplug/nodes'

	step "plug $n: the node comes, its memory blocks offline; enable $n: online, movable"
	show 'echo offline > /sys/devices/system/memory/auto_online_blocks'
	show "echo plug $n > $CTL; cat $CTL"
	show "grep '^Node $n' /sys/kernel/debug/hotplug/nodes"
	show "echo enable $n > $CTL; cat $CTL"
	show "grep -A1 '^Node $n' /sys/kernel/debug/hotplug/nodes"

	step "remap $n: its pages move to other nodes while it stays online"
	show "numactl --membind=$n dd if=/dev/urandom of=/tmp/data2 bs=1M count=32 2>&1 | tail -n 1"
	show "md5sum /tmp/data2; grep Shmem: /sys/devices/system/node/node$n/meminfo"
	show "echo remap $n > $CTL; cat $CTL"
	show "md5sum /tmp/data2; grep Shmem: /sys/devices/system/node/node$n/meminfo"

	step "unplug is refused while the node is enabled; disable, then unplug"
	show "echo unplug $n > $CTL"
	show "echo disable $n > $CTL; cat $CTL"
	show "echo unplug $n > $CTL; cat $CTL"
	show "grep '^Node $n' /sys/kernel/debug/hotplug/nodes"
fi

if [ -e /sys/kernel/debug/hotplug/control ] &&
   [ -n "$(cat /sys/devices/system/cpu/probe 2>/dev/null)" ]; then
	NODEDIR=/sys/devices/system/node
	CTL=/sys/kernel/debug/hotplug/control
	c=$(cut -d, -f1 /sys/devices/system/cpu/probe | cut -d- -f1)
	# A possible node that is offline and not hidden: a numa=possible= id.
	p=$(tr ',' '\n' < $NODEDIR/possible | while IFS=- read -r a b; do seq "$a" "${b:-$a}"; done |
	    while read -r i; do
		[ -e $NODEDIR/node$i ] && continue
		awk -v i="$i" '$1 == i { f = 1 } END { exit f }' \
			/sys/kernel/debug/hotplug/hidden_nodes || continue
		echo "$i"
	    done | head -n 1)
	if [ -n "$p" ]; then
		step "A CPU-only node: CPU $c probed into offline node $p, which comes online with it"
		show "echo distance $p 0 15 > $CTL; echo distance 0 $p 15 > $CTL; cat $CTL"
		show "echo $p > /sys/devices/system/cpu/probe"
		show "cat $NODEDIR/online"
		show "echo 1 > /sys/devices/system/cpu/cpu$c/online"
		show "cat $NODEDIR/online $NODEDIR/has_cpu $NODEDIR/has_memory"
		show "grep '^Node $p' /sys/kernel/debug/hotplug/nodes"
		show "cat $NODEDIR/node$p/distance; numactl --hardware | tail -n 4"
		show "numactl --cpunodebind=$p cat /proc/self/stat | cut -d' ' -f39"
		show "echo $c > /sys/devices/system/cpu/release; cat $NODEDIR/online"
	fi

	# The last hidden node: the others were online as DRAM above, and a
	# node keeps the memory type it first had until the next boot.
	n=$(tr ',' '\n' < $NODEDIR/probe | tail -n 1 | sed 's/.*-//')
	if [ -n "$n" ]; then
		free0=$(awk '/MemFree/ { print int($4 / 1024) }' $NODEDIR/node0/meminfo)
		step "Far memory: node $n in the memory tier of abstract distance 2880, as CXL memory"
		show 'ls /sys/devices/virtual/memory_tiering/'
		show "echo adistance $n 2880 > $CTL; cat $CTL"
		show "echo plug $n > $CTL; echo enable $n > $CTL"
		show 'grep . /sys/devices/virtual/memory_tiering/memory_tier*/nodelist'
		step "Demotion: a hog bound to node 0 ($free0 MiB free) pushes pages down to node $n"
		show 'echo 1 > /sys/kernel/mm/numa/demotion_enabled'
		show "grep pgdemote /proc/vmstat; grep MemUsed $NODEDIR/node$n/meminfo"
		show "numactl --membind=0 memhog -r1 $((free0 + 64))m > /dev/null"
		show "grep pgdemote /proc/vmstat; grep MemUsed $NODEDIR/node$n/meminfo"
		show 'echo 0 > /sys/kernel/mm/numa/demotion_enabled'
		show "echo disable $n > $CTL; echo unplug $n > $CTL; cat $CTL"
	fi
fi

if [ -e /sys/kernel/debug/hotplug/add_node ] && grep -q 'numa=possible=' /proc/cmdline; then
	MEMDIR=/sys/devices/system/memory
	block=$(printf '%d' "0x$(cat $MEMDIR/block_size_bytes)")
	# The RAM set aside starts at mem= (here a number with a G or M suffix).
	mem=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^mem=//p' | tail -n 1)
	case "$mem" in
	*[gG]) start=$((${mem%?} << 30)) ;;
	*[mM]) start=$((${mem%?} << 20)) ;;
	*) start=$(printf '%d' "$mem") ;;
	esac
	start=$(((start + block - 1) / block * block))
	top=$((start / block))
	# The first id numa=possible= made that is still offline.
	ids=$(dmesg | sed -n 's/.*numa=possible=[0-9]*: nodes \([0-9,-]*\) made possible.*/\1/p')
	free=$(echo "$ids" | tr ',' '\n' | while IFS=- read -r a b; do seq "$a" "${b:-$a}"; done |
	       while read -r n; do [ -e /sys/devices/system/node/node$n ] || echo "$n"; done | head -n 1)
	step "Memory hotplug emulation: RAM above mem= kept aside, numa=possible= node ids"
	show 'cat /proc/cmdline'
	show 'cat /sys/devices/system/node/possible /sys/devices/system/node/online'
	show "printf 'RAM set aside from mem=: 0x%x\n' $start"

	step "Hot-add one block into node $free (memory/probe START,NID), online it"
	show "echo offline > $MEMDIR/auto_online_blocks"
	show "echo $((start >> 20))m,$free > $MEMDIR/probe"
	show "echo online > $MEMDIR/memory$top/state"
	show "numactl --hardware | grep -E '^node $free (cpus|size)'"

	step "Hot-add a new 256 MiB node (debugfs hotplug/add_node SIZE@START)"
	show "echo online_movable > $MEMDIR/auto_online_blocks"
	show "printf '256M@0x%x\n' $((start + block)) > /sys/kernel/debug/hotplug/add_node"
	show 'cat /sys/kernel/debug/hotplug/add_node'
	show 'numactl --hardware | grep size'
	show "lsmem -o RANGE,SIZE,STATE,NODE"
fi

step "End of demo"
