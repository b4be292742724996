#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/torture-shrink.sh's search (ddmin), with a made-up failure
# instead of guest boots (SHRINK_TRY): it must keep exactly the steps the
# failure needs, plus the last step, and give the skip list of the rest.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); echo "not ok $n $1"; }

# needs.sh A B...: fails (exit 0) when every step named in $NEEDS is kept.
cat > "$tmp/needs.sh" <<'EOS'
#!/bin/bash
for want in $NEEDS; do
	found=0
	for s in "$@"; do [ "$s" = "$want" ] && found=1; done
	[ "$found" = 1 ] || exit 1
done
exit 0
EOS
chmod +x "$tmp/needs.sh"

echo "TAP version 13"
echo "1..4"
# shrink NEEDS SEED STEPS: the two result lines.
shrink() {
	NEEDS=$1 SHRINK_TRY="$tmp/needs.sh" "$top/scripts/torture-shrink.sh" "$2" "$3" 2>&1
}
out=$(shrink "5 17" 7 40)
if grep -q 'steps kept: 5,17,40$' <<< "$out" &&
   grep -q 'skip=1-4,6-16,18-39$' <<< "$out"; then
	ok "steps 5 and 17 of 40 needed: 5,17,40 kept, skip=1-4,6-16,18-39"
else
	notok "steps 5 and 17 of 40 needed"; sed 's/^/# /' <<< "$out"
fi
out=$(shrink "" 3 12)
if grep -q 'steps kept: 12$' <<< "$out" && grep -q 'skip=1-11$' <<< "$out"; then
	ok "the last step alone fails: only it kept, skip=1-11"
else
	notok "the last step alone fails"; sed 's/^/# /' <<< "$out"
fi
out=$(shrink "1 2 3 4 5 6 7 8 9" 3 10)
if grep -q 'steps kept: 1-10$' <<< "$out" && grep -q 'skip=none$' <<< "$out"; then
	ok "every step needed: all kept, skip=none"
else
	notok "every step needed"; sed 's/^/# /' <<< "$out"
fi
# A sequence that does not fail with every step taken is refused.
cat > "$tmp/never.sh" <<'EOS'
#!/bin/bash
exit 1
EOS
chmod +x "$tmp/never.sh"
if SHRINK_TRY="$tmp/never.sh" "$top/scripts/torture-shrink.sh" 3 10 > "$tmp/out" 2>&1; then
	notok "a run that passes is refused"; sed 's/^/# /' "$tmp/out"
else
	ok "a run that passes is refused"
fi
