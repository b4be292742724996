#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the guest kernel from build/linux.
#
#   VARIANT=default  tinyconfig + config/guest.config + config/debug.config
#                    + the series' selftest config -> build/bzImage
#   VARIANT=kasan    the same + config/kasan.config  -> build/bzImage-kasan
#   VARIANT=perf     tinyconfig + config/guest.config + config/perf.config
#                    (no debug options: the benchmarks') -> build/bzImage-perf
#
# The object tree (build/obj-$VARIANT) is kept, so rebuilds are incremental.
# The configuration is regenerated when a fragment changes, and the build
# fails when a symbol a fragment asks for did not end up in the .config.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
variant=${VARIANT:-default}
obj=${OBJ:-$top/build/obj-$variant}
jobs=${JOBS:-$(($(nproc) + 1))}

frags=("$top/config/guest.config")
selftest_config=$tree/tools/testing/selftests/numa_hotplug_emu/config
case "$variant" in
default) out=${OUT:-$top/build/bzImage}; frags+=("$top/config/debug.config") ;;
kasan)   out=${OUT:-$top/build/bzImage-kasan}
	 frags+=("$top/config/debug.config" "$top/config/kasan.config") ;;
perf)    out=${OUT:-$top/build/bzImage-perf}; frags+=("$top/config/perf.config")
	 selftest_config= ;;
*) echo "build-kernel: unknown VARIANT=$variant (default, kasan, perf)" >&2; exit 2 ;;
esac
[ -n "$selftest_config" ] && [ -f "$selftest_config" ] && frags+=("$selftest_config")

mkdir -p "$obj"
want=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)

# Every CONFIG_X=v and "# CONFIG_X is not set" of the fragments must hold;
# a later fragment's setting of a symbol overrides an earlier one's, as in
# merge_config.sh.
effective_settings() {
	cat "${frags[@]}" | awk '
		/^CONFIG_[A-Za-z0-9_]*=/ { s = $0; sub(/=.*/, "", s) }
		/^# CONFIG_[A-Za-z0-9_]* is not set$/ { s = $2 }
		s != "" { if (!(s in v)) o[n++] = s; v[s] = $0; s = "" }
		END { for (i = 0; i < n; i++) print v[o[i]] }'
}
check_config() {
	local bad=0 line sym
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			if ! grep -qxF -- "$line" "$obj/.config"; then
				sym=${line%%=*}
				echo "build-kernel: asked for $line, got:" \
					"$(grep -E "^(# )?$sym[= ]" "$obj/.config" || echo "(absent)")" >&2
				bad=1
			fi ;;
		"# CONFIG_"*" is not set")
			sym=${line#"# "}; sym=${sym%% *}
			if grep -qE "^$sym=" "$obj/.config"; then
				echo "build-kernel: asked for $sym off, got: $(grep -E "^$sym=" "$obj/.config")" >&2
				bad=1
			fi ;;
		esac
	done < <(effective_settings)
	return $bad
}

if [ "$(cat "$obj/.fragments.sha" 2>/dev/null)" != "$want" ] || [ ! -f "$obj/.config" ]; then
	echo "build-kernel: configuring $variant (tinyconfig + ${#frags[@]} fragments)"
	rm -f "$obj/.fragments.sha"
	make -s -C "$tree" O="$obj" tinyconfig >/dev/null
	(cd "$tree" && ./scripts/kconfig/merge_config.sh -m -O "$obj" \
		"$obj/.config" "${frags[@]}" >"$obj/merge_config.log" 2>&1)
	make -s -C "$tree" O="$obj" olddefconfig </dev/null >/dev/null
	check_config
	echo "$want" > "$obj/.fragments.sha"
fi
check_config

# Build, printing one progress line per 500 compiled files.
echo "build-kernel: building $variant in ${obj#"$top"/} (make -j$jobs)"
start=$(date +%s)
set +e
# "modules" builds the configured modules and writes Module.symvers, so
# that tests/build/ can build modules against this kernel.
make -C "$tree" O="$obj" -j"$jobs" bzImage modules </dev/null 2>&1 |
	tee "$obj/build.log" |
	awk -v t0="$start" '
		/^  CC / { n++; if (n % 500 == 0) { printf "build-kernel:   %d files compiled (%ds)\n", n, systime() - t0; fflush() } }
		/(error|warning):/ { print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
	echo "build-kernel: make failed (exit $rc); last lines of ${obj#"$top"/}/build.log:" >&2
	tail -n 30 "$obj/build.log" >&2
	exit "$rc"
fi
cp "$obj/arch/x86/boot/bzImage" "$out"

# The kernel's modules (modules.order: the torture test's), for the guest
# in /lib/modules/hpe/ of a cpio archive that qemu-run.sh appends to the
# initramfs when it boots $out: modules built for one kernel load only
# there.
rm -rf "$obj/modroot" "$out.modules.cpio"
if [ -s "$obj/modules.order" ]; then
	mkdir -p "$obj/modroot"
	cc -O2 -o "$obj/modroot/gen_init_cpio" "$tree/usr/gen_init_cpio.c"
	{
		printf 'dir /lib 755 0 0\ndir /lib/modules 755 0 0\ndir /lib/modules/hpe 755 0 0\n'
		while read -r m; do
			ko=$obj/${m%.o}.ko
			strip --strip-debug -o "$obj/modroot/${ko##*/}" "$ko"
			echo "file /lib/modules/hpe/${ko##*/} $obj/modroot/${ko##*/} 644 0 0"
		done < "$obj/modules.order"
	} > "$obj/modroot/list"
	"$obj/modroot/gen_init_cpio" "$obj/modroot/list" > "$out.modules.cpio"
	echo "build-kernel: ${out#"$top"/}.modules.cpio: $(wc -l < "$obj/modules.order") modules"
fi
echo "build-kernel: ${out#"$top"/} ready ($(($(date +%s) - start)) s, $(stat -c %s "$out") bytes)"
