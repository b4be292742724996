#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo: build what is missing, boot the patched kernel and run
# guest/demo.sh.  The terminal shows the walk-through: each command, its
# output and the kernel messages it caused (build/runs/demo/demo.log); the
# whole console, boot log included, goes to build/runs/demo/console.log.
#
#   NOBUILD=1        do not build (use build/bzImage and build/initramfs.cpio)
#   DEMO_APPEND=...  more kernel command line
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${NOBUILD:-0}" != 1 ]; then
	scripts/deps.sh all
	scripts/tree.sh sync
	scripts/build-kernel.sh
	scripts/mkinitramfs.sh
fi
out=build/runs/demo
echo "demo: booting the guest; this terminal shows the walk-through, and the whole"
echo "demo: console, boot log and every kernel message, goes to $out/console.log"
rc=0
scripts/qemu-run.sh -f -r demo -o "$out" -m 2G,slots=4,maxmem=8G -s 4 \
	-a "mem=1G numa=hide=2*256M numa=possible=2 maxcpus=1 cpu_hpe=on${DEMO_APPEND:+ $DEMO_APPEND}" || rc=$?
echo "demo: the walk-through is in $out/demo.log, the whole console in $out/console.log"
exit "$rc"
