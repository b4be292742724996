# SPDX-License-Identifier: GPL-2.0
# Count the results of KTAP/TAP logs: kselftest runner output ("# "-nested),
# KUnit output (4-space nested), printk timestamps stripped.
#
#   awk -f ktap-summary.awk [-v kernel_only=1] [-v tag=NAME] FILE...
#
# A result line counts when it is a leaf (no nested results right before
# it).  A parent that says "not ok" although none of its children failed
# (a test that crashed, timed out or missed its plan) counts as one failure.
# "Bail out!" is a failure.  kernel_only=1 reads only printk lines (lines
# with a "[ seconds]" stamp), for KUnit results in a console log.
# Prints "FAIL: ..." for each failure, then "N passed, N failed, N skipped".

function reset_levels(i) { for (i = 0; i < 64; i++) { nres[i] = 0; nfail[i] = 0 } }
BEGIN { pass = 0; fail = 0; skip = 0; reset_levels() }
FNR == 1 { reset_levels() }
{
	s = $0
	sub(/\r$/, "", s)
	if (s ~ /^\[ *[0-9]+\.[0-9]+\] /)
		sub(/^\[ *[0-9]+\.[0-9]+\] /, "", s)
	else if (kernel_only)
		next
	d = 0
	for (;;) {
		if (substr(s, 1, 2) == "# ") { s = substr(s, 3); d++ }
		else if (substr(s, 1, 4) == "    ") { s = substr(s, 5); d++ }
		else if (substr(s, 1, 2) == "  ") { s = substr(s, 3); d++ }
		else if (substr(s, 1, 1) == "\t") { s = substr(s, 2); d++ }
		else break
	}
	if (s ~ /^Bail out!/) {
		fail++
		printf "FAIL: %s%s\n", tag, s
		next
	}
	if (s !~ /^(not ok|ok) [0-9]+/)
		next
	bad = (s ~ /^not ok/)
	skipped = (s ~ /#[ \t]*[Ss][Kk][Ii][Pp]/)
	if (nres[d + 1] > 0) {
		# A parent: its children were counted already.
		childfail = nfail[d + 1]
		if (bad && !skipped && !childfail) {
			fail++
			printf "FAIL: %s%s\n", tag, s
		}
		bad = bad || childfail
		nres[d + 1] = 0
		nfail[d + 1] = 0
	} else if (skipped) {
		skip++
	} else if (bad) {
		fail++
		printf "FAIL: %s%s\n", tag, s
	} else {
		pass++
	}
	nres[d]++
	if (bad && !skipped)
		nfail[d]++
}
END { printf "%d passed, %d failed, %d skipped\n", pass, fail, skip }
