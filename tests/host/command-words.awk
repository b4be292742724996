# SPDX-License-Identifier: GPL-2.0
# The command words of shell scripts (and of a Makefile's recipes), one a
# line, for tests/host/deps.sh: the first word of each simple command, after
# ; | & && || ( ) { } $( ) and backquotes, past assignments, lone $VARs and
# the keywords and prefixes (if, then, !, exec, command, time; env, xargs,
# timeout, ... are printed too, with the command after their options).
# Quoted text (awk and sed programs, messages) is skipped but for the
# commands of $( ) inside double quotes; $(( )) is arithmetic; the words of
# an array literal a=( ) and case labels are not commands.  A word that
# starts quoted or with a variable other than a lone $VAR is not printed:
# what it runs is not known here.  It over-reports (function names,
# builtins): the caller drops what does not resolve to a program.
#
#   awk -f command-words.awk FILE...
function flush(   k, w, i, x) {
	k = split(cur, w, /[ \t]+/)
	cur = ""
	for (i = 1; i <= k; i++) {
		x = w[i]
		if (x == "" || x == "VAR") continue
		if (x ~ /^Q/) break
		if (x ~ /^[A-Za-z_][A-Za-z0-9_]*\+?=/) continue
		if (x ~ /^(!|if|then|do|else|elif|while|until|exec|command|time)$/) continue
		if (x ~ /^(env|xargs|nohup|setsid|sudo|timeout)$/) { print x; opt = 1; continue }
		if (opt && x ~ /^-/) continue
		if (x ~ /^[A-Za-z][A-Za-z0-9._+-]*$/ || x ~ /^\/[A-Za-z0-9._\/+-]+$/) print x
		break
	}
	opt = 0
}
function sep() { flush() }
BEGIN { RS = "\001" }
{
	s = $0
	if (FILENAME ~ /Makefile$/) {
		# recipe lines only, make's own $(VAR) and $$
		gsub(/\\\n/, " ", s)
		n = split(s, L, "\n"); s = ""
		for (i = 1; i <= n; i++) if (L[i] ~ /^\t/) { t = L[i]; sub(/^\t[@-]*/, "", t); s = s t "\n" }
		gsub(/\$\([A-Za-z_]+\)/, "VAR", s)
		gsub(/\$\$/, "$", s)
	}
	if (s ~ /^#!/) { sub(/^#![^\n]*/, "", s) }
	sp = 0; st[0] = "N"; dep[0] = 0; arr[0] = 0; cur = ""
	len = length(s)
	for (i = 1; i <= len; i++) {
		c = substr(s, i, 1)
		top = st[sp]
		if (top == "D") {
			if (c == "\\") { i++; continue }
			if (c == "\"") { sp--; continue }
			if (c == "$" && substr(s, i + 1, 1) == "(") { i++; sep(); st[++sp] = "C"; dep[sp] = 0; arr[sp] = 0; continue }
			continue
		}
		# N (top level) or C (inside $( ))
		if (c == "\\") { if (substr(s, i + 1, 1) == "\n") cur = cur " "; else cur = cur substr(s, i + 1, 1); i++; continue }
		if (c == "'") { j = index(substr(s, i + 1), "'"); i += (j ? j : len); cur = cur "Q"; continue }
		if (c == "\"") { cur = cur "Q"; st[++sp] = "D"; continue }
		if (c == "#" && (cur == "" || cur ~ /[ \t]$/)) { j = index(substr(s, i), "\n"); i += (j ? j - 2 : len); continue }
		if (c == "$") {
			d = substr(s, i + 1, 1)
			if (substr(s, i + 1, 2) == "((") {      # arithmetic
				k = 0
				for (j = i + 1; j <= len; j++) {
					e = substr(s, j, 1)
					if (e == "(") k++
					else if (e == ")" && --k == 0) break
				}
				i = j; cur = cur "VAR"; continue
			}
			if (d == "(") { i++; sep(); st[++sp] = "C"; dep[sp] = 0; arr[sp] = 0; continue }
			if (d == "{") { j = index(substr(s, i), "}"); i += (j ? j - 1 : len); cur = cur "VAR"; continue }
			if (d ~ /[A-Za-z_]/) { while (substr(s, i + 1, 1) ~ /[A-Za-z0-9_]/) i++; cur = cur "VAR"; continue }
			if (d ~ /[0-9#?@*$!-]/) { i++; cur = cur "VAR"; continue }
			cur = cur c; continue
		}
		if (c == "(") {
			if (cur ~ /=$/) { arr[sp]++; cur = cur "_"; continue }    # array literal
			sep(); dep[sp]++; continue
		}
		if (c == ")") {
			if (arr[sp]) { arr[sp]--; cur = cur "_"; continue }
			if (dep[sp] > 0) { dep[sp]--; sep(); continue }
			if (top == "C") { sep(); sp--; cur = "Q "; continue }
			cur = ""; continue            # a case label
		}
		if (arr[sp] && c ~ /[ \t\n]/) { cur = cur "_"; continue }
		if (c == "\n") { sep(); continue }
		if (c ~ /[;|&{}`]/) { sep(); continue }
		cur = cur c
	}
	sep()
}
