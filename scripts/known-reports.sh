#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Leave known kernel reports out of a console before the splat check.
#
# usage: scripts/known-reports.sh NAMES CONSOLE OUT TALLY
#   NAMES    comma-separated names from the table below
#   CONSOLE  the guest's console.log
#   OUT      the console without the reports left out
#   TALLY    one line per name: NAME COUNT (the reports left out)
#
# A known report is a message the kernel prints by design in a state a
# scenario provokes on purpose.  Each has a name, the reason, the header
# line that starts it and the functions its stack must show.  Only a whole
# report (header to </TASK>) that shows all of them is left out; the same
# header with another stack stays in, and so fails the run.  A scenario
# names the reports it expects (KNOWN= in scenarios/*.conf) and qemu-run
# prints how many it left out, so none is hidden.
#
#   offline-migrate-alloc: offline_pages() migrates a block's pages only
#   to the other nodes with memory (do_migrate_range() clears the block's
#   own node from the mask), and alloc_migration_target() keeps a page of
#   a kernel zone (DMA32, Normal) out of ZONE_MOVABLE.  While every other
#   node with memory is movable-only (hot-added nodes onlined movable), a
#   node 0 block's offline (stress-ng --memhotplug) cannot place its pages:
#   warn_alloc() reports the failed __GFP_RETRY_MAYFAIL allocations and
#   offline_pages() retries until a kernel-zone node is there again or the
#   writer is signalled.  6.12 behaves so on real machines too.  Patch
#   0095 of the series lets such pages fall back to their own node: no
#   scenario names this report since (kept for trees without 0095).
#
#   vmemmap-alloc: a hot-add maps its memmap with 2 MiB pages; when the
#   order-9 allocation fails, vmemmap_alloc_block() reports it (once a
#   boot: mm/sparse-vmemmap.c keeps a static flag) and vmemmap_populate()
#   falls back to base pages.  The fail-nth sweeps fail it on purpose.
#
#   kasan-shadow: under KASAN a block going online gets its shadow from
#   kasan_mem_notifier(), a vmalloc() without __GFP_NOWARN; when an
#   injected failure hits it, vmalloc reports it and the online fails.
set -euo pipefail

declare -A hdr=(
	[offline-migrate-alloc]='page allocation failure: order:[0-9]+, mode:[^ ]*__GFP_RETRY_MAYFAIL'
	[vmemmap-alloc]='vmemmap alloc failure: order:9, '
	[kasan-shadow]='vmalloc error: size [0-9]+, '
)
declare -A stack=(
	[offline-migrate-alloc]='alloc_migration_target do_migrate_range offline_pages memory_subsys_offline'
	[vmemmap-alloc]='warn_alloc vmemmap_alloc_block vmemmap_populate sparse_add_section __add_pages'
	[kasan-shadow]='warn_alloc __vmalloc_node_range_noprof kasan_mem_notifier memory_notify online_pages'
)
# The most a boot can print, if the kernel bounds it.
declare -A most=(
	[vmemmap-alloc]=1
)
# The lines of a warn_alloc() report between its header and </TASK>.
report='^\[ *[0-9.]+\] +(CPU: |Hardware name: |Tainted: |Call Trace:|<TASK>|'
report+='(\? )?[A-Za-z0-9_.]+\+0x[0-9a-f]+/0x[0-9a-f]+( \[[a-z0-9_]+\])?$|'
report+='(RIP|Code|RSP|RAX|RDX|RBP|R10|R13): )'

[ $# -eq 4 ] || { sed -n '3,9p' "$0" >&2; exit 2; }
names=$1 console=$2 out=$3 tally=$4

for k in ${names//,/ }; do
	[ -n "${hdr[$k]:-}" ] || { echo "known-reports: no known report $k" >&2; exit 2; }
done
: > "$tally"
cp "$console" "$out"
for k in ${names//,/ }; do
	awk -v hdr="${hdr[$k]}" -v need="${stack[$k]}" -v name="$k" -v tally="$tally" \
	    -v most="${most[$k]:-}" -v report="$report" '
	# A block is left out only when it ended with </TASK>, every line is
	# one a warn_alloc() report prints, and each function is a frame.
	function flush(  i, keep) {
		keep = foreign || !ended || (most != "" && left >= most)
		for (i = 1; i <= nneed; i++)
			if (index(blk, " " fn[i] "+0x") == 0)
				keep = 1
		if (keep)
			printf "%s", blk
		else
			left++
		inblk = 0
		foreign = 0
		ended = 0
		blk = ""
		lines = 0
	}
	BEGIN { nneed = split(need, fn, " ") }
	inblk {
		blk = blk $0 "\n"
		line = $0
		sub(/\r$/, "", line)	# the serial console ends lines with CR LF
		if (line ~ /<\/TASK>/) {
			ended = 1
			flush()
		} else if (line !~ report) {
			foreign = 1
		}
		if (inblk && ++lines > 100)
			flush()
		next
	}
	$0 ~ hdr {
		inblk = 1
		blk = $0 "\n"
		next
	}
	{ print }
	END {
		if (inblk)
			flush()
		print name, left + 0 >> tally
	}' "$out" > "$out.tmp"
	mv "$out.tmp" "$out"
done
