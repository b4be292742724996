#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The edit-and-refresh loop: writing build/linux's commits back as patches
# is byte-for-byte reproducible, and matches the committed patches/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); echo "not ok $n $1"; }

echo "TAP version 13"
echo "1..4"
if [ ! -d "$top/build/linux/.git" ]; then
	echo "Bail out! no kernel tree: run scripts/tree.sh sync"
	exit 1
fi
"$top/scripts/tree.sh" export-to "$tmp/a" && "$top/scripts/tree.sh" export-to "$tmp/b"
if diff -r "$tmp/a" "$tmp/b" >&2; then ok "two exports are byte-identical"; else notok "two exports are byte-identical"; fi
if diff -r -x cover-letter "$tmp/a" "$top/patches" >&2; then
	ok "export of build/linux equals patches/"
else
	notok "export of build/linux equals patches/ (unexported work in build/linux?)"
fi
# Every patch in series exists and every patch file is in series.
listed=$(grep -v -e '^#' -e '^$' "$top/patches/series" | sort)
present=$(cd "$top/patches" && ls -1 -- *.patch | sort)
if [ "$listed" = "$present" ]; then ok "series lists exactly the patch files"; else notok "series lists exactly the patch files"; fi
# Each patch carries a Signed-off-by; the series records its base commit
# (format-patch puts it in the first patch): the tree's reproducible base.
bad=0
for p in "$top"/patches/*.patch; do
	grep -q '^Signed-off-by: ' "$p" || { echo "# no Signed-off-by: $p"; bad=1; }
done
last=$(ls "$top"/patches/*.patch | head -n 1)
[ "$(sed -n 's/^base-commit: //p' "$last")" = "$(git -C "$top/build/linux" rev-parse base)" ] ||
	{ echo "# base-commit of $last is not build/linux's base"; bad=1; }
if [ $bad = 0 ]; then ok "Signed-off-by everywhere, base-commit is the base"; else notok "Signed-off-by everywhere, base-commit is the base"; fi
