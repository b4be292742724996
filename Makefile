# SPDX-License-Identifier: GPL-2.0
# NUMA hotplug emulator: build, boot and test the patched kernel.
# `make help` lists the targets.

VARIANT ?= default
SCENARIO ?= scenarios/uma-1g.conf
DURATION ?= 600
TORTURE_SCENARIOS ?= torture torture-memmap stress-real-tools
export VARIANT

.PHONY: help deps tree apply export kernel initramfs check demo shell \
	series checkpatch bisect-build torture bench mutants clean distclean

help:
	@echo 'Targets (VARIANT=$(VARIANT): default or kasan):'
	@echo '  check         build what is missing, run host tests and every scenario'
	@echo '  demo          boot the patched kernel and walk through the emulator'
	@echo '  bench         benchmarks on the perf kernel: table in build/bench/ (BENCHMARKS.md)'
	@echo '  torture       the torture scenarios ($(TORTURE_SCENARIOS)), DURATION=$(DURATION) s each'
	@echo '  mutants       put known hotplug bugs back one at a time: do the tests find each?'
	@echo '  shell         boot SCENARIO=$(SCENARIO) with a shell on this terminal'
	@echo '  kernel        build build/bzImage (build/bzImage-kasan for VARIANT=kasan)'
	@echo '  initramfs     build build/initramfs.cpio'
	@echo '  tree          create build/linux or bring it up to date with patches/'
	@echo '  apply         reset build/linux to base and apply patches/ (FORCE=1)'
	@echo '  export        write build/linux commits back to patches/'
	@echo '  series        build/outgoing/: series with cover letter + checkpatch'
	@echo '  checkpatch    checkpatch --strict on patches/'
	@echo '  bisect-build  build every prefix of the series'
	@echo '  clean         remove build outputs, keep build/linux'

deps:
	scripts/deps.sh all

tree: deps
	scripts/tree.sh sync

apply: deps
	scripts/tree.sh apply

export:
	scripts/tree.sh export

kernel: tree
	scripts/build-kernel.sh

initramfs: tree
	scripts/mkinitramfs.sh

check:
	scripts/check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

mutants: tree
	scripts/mutants.sh

torture:
	SCENARIOS="$(TORTURE_SCENARIOS)" TORTURE_DURATION=$(DURATION) scripts/check.sh

shell: kernel initramfs
	. ./$(SCENARIO); scripts/qemu-run.sh -o build/runs/shell -r shell \
		-m "$$MEM" -s "$$SMP" -c "$${CPU:-qemu64}" -q "$$QEMU" -a "$$APPEND"

series: tree
	scripts/series.sh outgoing

checkpatch: tree
	scripts/series.sh checkpatch patches/*.patch

bisect-build: tree
	scripts/series.sh bisect $(FROM)

clean:
	rm -rf build/obj-* build/runs build/initramfs build/outgoing build/bzImage*

distclean:
	rm -rf build
