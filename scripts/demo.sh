#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo: build what is missing, boot the patched kernel and run
# guest/demo.sh, with the console on this terminal (and in build/runs/demo).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/deps.sh all
scripts/tree.sh sync
scripts/build-kernel.sh
scripts/mkinitramfs.sh
exec scripts/qemu-run.sh -f -r demo -o build/runs/demo -m 2G,slots=4,maxmem=8G \
	-s 4 -a "mem=1G numa=hide=2*256M numa=possible=2 maxcpus=1 cpu_hpe=on${DEMO_APPEND:+ $DEMO_APPEND}"
