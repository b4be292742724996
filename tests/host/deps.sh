#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every program the harness runs is installed on a fresh Debian 12 machine
# by scripts/deps.sh, so the README's commands work there.  A program counts
# as covered when the package it comes from is
#   - listed in scripts/deps.sh (scripts/deps.sh list), or
#   - in the base of every Debian 12 system: Essential: yes or Priority:
#     required (what debootstrap --variant=minbase and the debian:12 image
#     hold: coreutils, sed, tar, mawk, apt, ...), or
#   - pulled in by one of those: the Depends/Pre-Depends closure, taking the
#     first alternative of "a | b" (what apt installs), from dpkg's status.
# Anything else is on this machine for another reason (installed by hand,
# by another project) and is missing on a fresh one: rsync, which the
# kselftest install runs, was ('make[1]: rsync: No such file or directory').
#
#   1  the packages of scripts/deps.sh all are installed
#   2  harness: the command words of scripts/*.sh, scripts/*.awk, Makefile,
#      .ci/run and tests/host/*.sh (extracted mechanically) and their
#      interpreters
#   3  kernel build (tinyconfig, merge_config.sh, bzImage): a list, below
#   4  kselftest install: a list, below
#   5  the guest tools scripts/mkinitramfs.sh copies come from deps.sh's
#      packages (or the base)
#   6  scripts/mkinitramfs.sh, kselftest install included, runs to the end
#      with a PATH that holds only the covered packages' programs
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# What a fresh machine's PATH finds (not /usr/local, pyenv, cargo, ...).
std_path=/usr/sbin:/usr/bin:/sbin:/bin

# Run by the kernel build for this configuration (scripts/build-kernel.sh:
# tinyconfig, scripts/kconfig/merge_config.sh, olddefconfig, bzImage with
# objtool, KERNEL_GZIP, IKCONFIG, no modules, no BTF), Kbuild's helper
# scripts included.  pahole only reports its version here.
kernel_build=(make sh bash gcc cc as ld nm objcopy objdump readelf ar strip
	      flex bison bc perl gzip awk sed grep cat cmp cp mv rm ln mkdir
	      touch tr cut sort uniq head tail wc xargs find expr mktemp date
	      whoami uname dirname basename env readlink pahole)
# Run by 'make -C tools/testing/selftests install' (selftests Makefile and
# lib.mk: rsync copies TEST_PROGS and TEST_FILES).
kselftest_install=(make sh bash mkdir install rsync cp sed grep cat uname
		   perl)
# Run by the harness but not seen as a command word: make (the Makefile),
# qemu-system-x86_64 (qemu-run.sh's "${cmd[@]}"), python3 and perl
# (checkpatch.pl, which runs scripts/spdxcheck.py), xz (tar -J), git.
harness_extra=(make qemu-system-x86_64 python3 perl xz git)
# Not required: sudo is only used when not root, and the README asks for
# root or a user with sudo.
not_required=" sudo "

n=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); echo "not ok $n $1"; }
result() { # DESCRIPTION MISSES...
	local d=$1
	shift
	if [ $# -eq 0 ]; then ok "$d"; else notok "$d (not covered: $*)"; fi
}

echo "TAP version 13"
echo "1..6"

# Packages: deps.sh's own, and everything covered.
"$top/scripts/deps.sh" list > "$tmp/deps" || { echo "Bail out! scripts/deps.sh list failed"; exit 1; }
dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Essential}\t${Priority}\t${Provides}\t${Pre-Depends}\t${Depends}\n' \
	> "$tmp/status" || { echo "Bail out! dpkg-query failed"; exit 1; }
awk -F'\t' '
	function name(s) { sub(/^[ \t]+/, "", s); sub(/[ (:].*/, "", s); return s }
	function add(p) { if (!(p in covered)) { covered[p] = 1; queue[++qn] = p } }
	FNR == NR { root[$1] = 1; next }
	$1 !~ /^ii/ { next }
	{
		p = $2; inst[p] = 1
		if ($3 == "yes" || $4 == "required") root[p] = 1
		k = split($5, pv, /,/)
		for (i = 1; i <= k; i++) prov[name(pv[i])] = prov[name(pv[i])] " " p
		deps[p] = $6 "," $7
	}
	END {
		for (p in root) if (p in inst) add(p)
		for (q = 1; q <= qn; q++) {
			k = split(deps[queue[q]], g, /,/)
			for (i = 1; i <= k; i++) {
				a = g[i]; sub(/\|.*/, "", a); a = name(a)
				if (a == "") continue
				if (a in inst) add(a)
				else if (a in prov) { m = split(prov[a], pp, " "); for (j = 1; j <= m; j++) add(pp[j]) }
			}
		}
		for (p in covered) print p
	}' "$tmp/deps" "$tmp/status" | sort > "$tmp/covered"

# owners NAME-OR-PATH...: "name<TAB>path<TAB>package" for each (package
# "-" when no package owns the file, path "-" when nothing is found).
# A name is looked up on the standard PATH; dpkg knows a file by the path
# its package ships (/bin/sed, not /usr/bin/sed, on a merged-/usr system)
# and not at all through /etc/alternatives (awk, cc), so the path, its
# real path and their /usr twins are tried in turn.
twin() {
	case "$1" in
	/usr/bin/* | /usr/sbin/* | /usr/lib/*) echo "${1#/usr}" ;;
	/bin/* | /sbin/* | /lib/*) echo "/usr$1" ;;
	*) echo "$1" ;;
	esac
}
owners() {
	local w p r
	: > "$tmp/cands"
	for w in "$@"; do
		case "$w" in
		/*) p=$w; [ -e "$p" ] || p= ;;
		*) p=$(PATH=$std_path type -P -- "$w") || p= ;;
		esac
		if [ -z "$p" ]; then
			printf '%s\t-\n' "$w"
			continue
		fi
		r=$(readlink -f -- "$p")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$p" "$p" "$(twin "$p")" "$r" "$(twin "$r")"
	done > "$tmp/cands"
	cut -f3- "$tmp/cands" | tr '\t' '\n' | grep . | sort -u |
		xargs -r -d '\n' dpkg-query -S 2>/dev/null | grep -v '^diversion ' > "$tmp/owned"
	awk -F'\t' '
		FNR == NR {
			i = index($0, ": "); path = substr($0, i + 2)
			split(substr($0, 1, i - 1), pk, /, /); sub(/:.*/, "", pk[1])
			own[path] = pk[1]; next
		}
		NF < 3 { print $1 "\t-\t-"; next }
		{
			o = "-"
			for (i = 3; i <= NF && o == "-"; i++) if ($i in own) o = own[$i]
			print $1 "\t" $2 "\t" o
		}' "$tmp/owned" "$tmp/cands"
}

# check LABEL COVERED-FILE NAME...: a # line on stdout for each name whose
# package is not covered, the name itself on fd 3 (from $tmp/owners, made
# once for every name by one owners call: dpkg-query -S is slow).
check() {
	local label=$1 cov=$2 w p o
	shift 2
	while IFS=$'\t' read -r w p o; do
		[ -n "$w" ] || continue
		[[ "$not_required" == *" $w "* ]] && continue
		if [ "$p" = - ] && [ "${w#/}" != "$w" ]; then
			echo "# $label: $w: no such file"
		elif [ "$p" = - ]; then
			echo "# $label: $w: not found on $std_path"
		elif [ "$o" = - ]; then
			echo "# $label: $w: $p belongs to no Debian package"
		elif ! grep -qxF -- "$o" "$cov"; then
			echo "# $label: $w: $p is in package $o: not in scripts/deps.sh, not in the base, not pulled in by them"
		else
			continue
		fi
		echo "$w" >&3
	done < <(printf '%s\n' "$@" | sort -u | awk -F'\t' 'FNR == NR { o[$1] = $0; next } { print o[$1] }' "$tmp/owners" -)
}
misses() { # LABEL COVERED-FILE NAME... -> diagnostics on stdout, misses in $tmp/miss
	check "$@" 3> "$tmp/miss"
}

# 1: the packages "scripts/deps.sh all" installs (what .ci/run and the
# README's commands run) are installed; the closure is read from dpkg.
# The benchmarks' plots (deps.sh bench) are optional: not required here.
"$top/scripts/deps.sh" list all > "$tmp/need" || { echo "Bail out! scripts/deps.sh list all failed"; exit 1; }
missing=()
while read -r p; do
	awk -F'\t' -v p="$p" '$1 ~ /^ii/ && $2 == p { f = 1 } END { exit !f }' "$tmp/status" ||
		missing+=("$p")
done < "$tmp/need"
if [ ${#missing[@]} -eq 0 ]; then
	ok "the $(wc -l < "$tmp/need") packages of scripts/deps.sh all are installed"
else
	notok "scripts/deps.sh's packages are installed (missing: ${missing[*]}; run scripts/deps.sh all)"
fi

# 2: the harness: the command words of its shell scripts and Makefile
# (tests/host/command-words.awk), the #! interpreters of every file in
# scripts/ and tests/host/, and in awk files
# what system() or a pipe to or from a string runs.  Words that are no
# program on the PATH (functions, case labels) drop out when they do not
# resolve; bash builtins and keywords, and the files' own functions, first.
shell_files=("$top"/scripts/*.sh "$top/Makefile" "$top/.ci/run" "$top"/tests/host/*.sh)
awk_files=("$top"/scripts/*.awk)
{
	compgen -b
	compgen -k
	sed -n -E 's/^[ \t]*(function[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\(\).*/\2/p' "${shell_files[@]}"
} | sort -u > "$tmp/notprog"
{
	# (every file's #!, scripts/*.py and the like included)
	for f in "$top"/scripts/* "$top"/tests/host/* "$top/.ci/run"; do
		[ -f "$f" ] && sed -n -E '1s/^#![ \t]*//p' "$f"
	done | awk '{ print $1 } $1 ~ /\/env$/ && NF > 1 { print $2 }'
	awk -f "$top/tests/host/command-words.awk" "${shell_files[@]}"
	awk '{
		s = $0
		while (match(s, /system\("[^"]*"|"[^"]*"[ \t]*\|[ \t]*getline|\|[ \t]*"[^"]*"/)) {
			x = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			sub(/^[^"]*"/, "", x); sub(/".*/, "", x); sub(/[ \t].*/, "", x)
			if (x != "") print x
		}
	}' "${awk_files[@]}"
} | sort -u | grep -vxF -f "$tmp/notprog" > "$tmp/words"
# Keep the words that name a program (absolute paths: only existing ones
# outside the work tree), then add what no command word shows.
progs=()
while read -r w; do
	case "$w" in
	"$top"/* | /dev/* | /proc/* | /sys/*) continue ;;
	/*) [ -f "$w" ] && [ -x "$w" ] && progs+=("$w") ;;
	*) PATH=$std_path type -P -- "$w" >/dev/null && progs+=("$w") ;;
	esac
done < "$tmp/words"
progs+=("${harness_extra[@]}")
# The guest's programs, copied from the host by scripts/mkinitramfs.sh
# (its tools=(...) and extra_tools=(...) arrays, and busybox).
guest_tools=$(sed -n '/^\(extra_\)\{0,1\}tools=(/,/)/p' "$top/scripts/mkinitramfs.sh" |
	tr -d '()' | sed 's/^\(extra_\)\{0,1\}tools=//' | tr -s ' \t' '\n\n' | grep '^/')
# shellcheck disable=SC2086
owners "${progs[@]}" "${kernel_build[@]}" "${kselftest_install[@]}" $guest_tools /bin/busybox |
	sort -u > "$tmp/owners"

misses harness "$tmp/covered" "${progs[@]}"
echo "# harness: $(printf '%s\n' "${progs[@]}" | sort -u | wc -l) programs: $(printf '%s\n' "${progs[@]}" | sort -u | tr '\n' ' ')"
result "harness scripts run only programs of covered packages" $(cat "$tmp/miss")

# 3, 4: the kernel build and the kselftest install.
misses kernel-build "$tmp/covered" "${kernel_build[@]}"
result "the kernel build runs only programs of covered packages" $(cat "$tmp/miss")
misses kselftest-install "$tmp/covered" "${kselftest_install[@]}"
result "the kselftest install runs only programs of covered packages" $(cat "$tmp/miss")

# 5: the guest tools come from deps.sh's own packages (or the base).
{ grep -xF -f "$tmp/deps" "$tmp/covered"; awk -F'\t' '$1 ~ /^ii/ && ($3 == "yes" || $4 == "required") { print $2 }' "$tmp/status"; } |
	sort -u > "$tmp/guest-covered"
if [ -z "$guest_tools" ]; then
	notok "guest tools come from scripts/deps.sh's packages (no tools=( ) list in scripts/mkinitramfs.sh)"
else
	# shellcheck disable=SC2086
	misses guest "$tmp/guest-covered" $guest_tools /bin/busybox
	result "guest tools ($(echo $guest_tools /bin/busybox | wc -w)) come from scripts/deps.sh's packages" $(cat "$tmp/miss")
fi

# 6: the initramfs build, kselftest install included, with only covered
# programs on the PATH: a directory of links to each program in the PATH
# directories whose file (or real file) a covered package ships.
desc="scripts/mkinitramfs.sh runs with only covered packages' programs on the PATH"
if [ ! -f "$top/build/linux/usr/gen_init_cpio.c" ]; then
	ok "$desc # SKIP no kernel tree (scripts/tree.sh sync)"
else
	mkdir -p "$tmp/bin"
	# shellcheck disable=SC2046
	dpkg-query -L $(cat "$tmp/covered") 2>/dev/null |
		sed -n -E 's#^(/usr)?/(s?bin/[^/]+)$#\2#p' | sort -u > "$tmp/covered-files"
	for d in ${std_path//:/ }; do
		find -L "$d" -mindepth 1 -maxdepth 1 -type f -executable 2>/dev/null | sort
	done > "$tmp/exe"
	# path, real path -> the path when its file or real file is covered
	# (first of a name wins, as on the PATH); links named as the program.
	xargs -r -d '\n' realpath -m -- < "$tmp/exe" | paste "$tmp/exe" - | awk -F'\t' '
		function rel(p) { sub(/^\/usr\//, "", p); sub(/^\//, "", p); return p }
		FNR == NR { ok[$0] = 1; next }
		{ n = $1; sub(/.*\//, "", n) }
		!(n in seen) && (rel($1) in ok || rel($2) in ok) { seen[n] = 1; print $1 }
	' "$tmp/covered-files" - | xargs -r -d '\n' ln -s -t "$tmp/bin" --
	echo "# $(ls "$tmp/bin" | wc -l) programs on the PATH of the initramfs build"
	if env PATH="$tmp/bin" WORK="$tmp/work" "$top/scripts/mkinitramfs.sh" "$tmp/initramfs.cpio" \
		> "$tmp/mkinitramfs.log" 2>&1; then
		ok "$desc"
	else
		sed 's/^/# /' "$tmp/mkinitramfs.log" | tail -n 20
		notok "$desc"
	fi
fi
