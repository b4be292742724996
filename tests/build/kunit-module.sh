#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The emulator's KUnit suite also builds as a module (=m): modpost checks
# that it imports the namespace of the symbols it uses
# (EXPORTED_FOR_KUNIT_TESTING).  Built as an external module against the
# configured and built kernel in build/obj-$VARIANT, which must have
# CONFIG_MODULES=y.  KTAP on stdout.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tree=${TREE:-$top/build/linux}
obj=${OBJ:-$top/build/obj-${VARIANT:-default}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "TAP version 13"
echo "1..2"
if ! grep -qx 'CONFIG_MODULES=y' "$obj/.config" 2>/dev/null || [ ! -f "$obj/Module.symvers" ]; then
	echo "Bail out! $obj has no CONFIG_MODULES=y kernel with Module.symvers"
	exit 1
fi
cp "$tree/mm/numa_hotplug_emu/kunit.c" "$tmp/numa_hotplug_emu_kunit.c"
echo 'obj-m += numa_hotplug_emu_kunit.o' > "$tmp/Kbuild"
if make -s -C "$tree" O="$obj" M="$tmp" modules > "$tmp/log" 2>&1 && [ -f "$tmp/numa_hotplug_emu_kunit.ko" ]; then
	echo "ok 1 mm/numa_hotplug_emu/kunit.c builds as a module, modpost clean"
else
	sed 's/^/# /' "$tmp/log"
	echo "not ok 1 mm/numa_hotplug_emu/kunit.c builds as a module, modpost clean"
fi
if [ -f "$tmp/numa_hotplug_emu_kunit.ko" ] &&
   objcopy -O binary --only-section=.modinfo "$tmp/numa_hotplug_emu_kunit.ko" "$tmp/modinfo" &&
   tr '\0' '\n' < "$tmp/modinfo" | grep -qx 'import_ns=EXPORTED_FOR_KUNIT_TESTING'; then
	echo "ok 2 the module imports EXPORTED_FOR_KUNIT_TESTING"
else
	echo "not ok 2 the module imports EXPORTED_FOR_KUNIT_TESTING"
fi
