#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What the NUMA hotplug emulator can do in this kernel, step by step.
# Each part of the series adds its own section.

step() { printf '\n==== %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; sh -c "$*" 2>&1; }

step "The booted kernel"
show 'uname -r; cat /proc/cmdline'
show 'zcat /proc/config.gz | grep NUMA_HOTPLUG_EMU'

step "NUMA topology as the kernel sees it at boot"
show 'numactl --hardware'
show 'cat /sys/devices/system/node/possible /sys/devices/system/node/online'

step "Memory blocks and CPUs"
show 'lsmem'
show 'lscpu | head -n 20'

step "End of demo"
