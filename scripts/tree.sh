#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel work tree: build/linux, a git tree with one reproducible commit
# for Debian's source (tag "base") and one commit per patch of the series.
#
#   scripts/tree.sh sync    - create the tree if missing, (re)apply patches/
#                             when they changed and the tree has no own work
#   scripts/tree.sh apply   - reset the tree to base and apply patches/
#                             (refuses to drop unexported commits unless FORCE=1)
#   scripts/tree.sh export  - write the tree's commits back as patches/
#   scripts/tree.sh export-to DIR - the same into DIR (used by tests)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
patches=$top/patches
# shellcheck source=../base.version
. "$top/base.version"

export GIT_AUTHOR_NAME="Debian kernel team" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
export GIT_COMMITTER_NAME="numa-hpe harness" GIT_COMMITTER_EMAIL="numa-hpe@localhost"
git_t() { git -C "$tree" -c core.abbrev=12 -c gc.auto=0 -c advice.detachedHead=false "$@"; }

say() { echo "tree: $*"; }
loud() {
	echo "************************************************************" >&2
	echo "tree: WARNING: $*" >&2
	echo "************************************************************" >&2
}

# Install the pinned linux-source package (or the newest 6.12 one).
install_source() {
	local have
	have=$(dpkg-query -W -f='${Version}' "$PACKAGE" 2>/dev/null || true)
	if [ "$have" = "$VERSION" ]; then
		return 0
	fi
	local SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	say "installing $PACKAGE=$VERSION"
	$SUDO apt-get update -q >/dev/null
	if $SUDO apt-get install -y -q --no-install-recommends --allow-downgrades \
		"$PACKAGE=$VERSION" >/dev/null 2>&1; then
		return 0
	fi
	$SUDO apt-get install -y -q --no-install-recommends "$PACKAGE" >/dev/null
	have=$(dpkg-query -W -f='${Version}' "$PACKAGE")
	loud "$PACKAGE $VERSION is gone from the archive; using $have instead.
The series was written for $VERSION: it may not apply. Update base.version."
}

# Unpack the tarball into a fresh git tree with one reproducible base commit.
create_tree() {
	install_source
	local tarball=/usr/src/$PACKAGE.tar.xz have date
	have=$(dpkg-query -W -f='${Version}' "$PACKAGE")
	date=$(stat -c %Y "$tarball")
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	say "unpacking $tarball ($have)"
	tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1 \
		--checkpoint=25000 --checkpoint-action="echo=unpacked %{r}T"
	say "committing the base tree"
	# Debian's .gitignore ignores everything at the top level (it is written
	# for the packaging repository): drop that stanza so new files show up.
	sed -i '/^# Debian packaging/,/^!\/debian\/$/d' "$tree.tmp/.gitignore"
	sed -i '${/^#$/d}' "$tree.tmp/.gitignore"
	git -C "$tree.tmp" init -q -b master
	git -C "$tree.tmp" add -A -f
	GIT_AUTHOR_DATE="@$date +0000" GIT_COMMITTER_DATE="@$date +0000" \
		GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL" \
		git -C "$tree.tmp" commit -q --no-verify \
		-m "Linux $have (Debian $PACKAGE)" \
		-m "Unpacked from /usr/src/$PACKAGE.tar.xz of the Debian package $PACKAGE $have.
The only change: the Debian packaging stanza of .gitignore, which ignores
every top-level path, is dropped so that new files show up in git."
	git -C "$tree.tmp" tag base
	# Commits made in the tree by developers carry the project identity.
	git -C "$tree.tmp" config user.name "NUMA hotplug emulator developers"
	git -C "$tree.tmp" config user.email "numa-hpe@example.org"
	echo "$have" > "$tree.tmp/.git/base-version"
	mv "$tree.tmp" "$tree"
	say "base $(git_t rev-parse --short base) = $PACKAGE $have"
}

series_files() {
	grep -v -e '^#' -e '^[[:space:]]*$' "$patches/series" 2>/dev/null || true
}

stamp() {
	(cd "$patches" && cat series $(series_files)) 2>/dev/null | sha256sum | cut -d' ' -f1
}

apply_patches() {
	git_t reset -q --hard base
	git_t clean -q -fdx
	local p n=0
	for p in $(series_files); do
		if ! git_t am -q --committer-date-is-author-date "$patches/$p"; then
			git_t am --abort || true
			echo "tree: $p does not apply to $(cat "$tree/.git/base-version")" >&2
			exit 1
		fi
		n=$((n + 1))
	done
	stamp > "$tree/.git/applied-stamp"
	git_t rev-parse HEAD > "$tree/.git/applied-head"
	say "applied $n patches on base ($(cat "$tree/.git/base-version"))"
}

export_to() {
	local out=$1
	mkdir -p "$out"
	rm -f "$out"/*.patch
	git_t format-patch -q --zero-commit --no-signature --no-numbered \
		--base=base -o "$out" base..HEAD >/dev/null
	{
		echo "# Patches in the order they apply to base.version (git am)."
		(cd "$out" && ls -1 -- *.patch 2>/dev/null) || true
	} > "$out/series"
}

# Does the tree's history (exported) equal patches/?
tree_matches_patches() {
	local tmp
	tmp=$(mktemp -d)
	export_to "$tmp"
	local rc=0
	diff -rq "$tmp" "$patches" --exclude='*.txt' --exclude='cover-letter' \
		>/dev/null 2>&1 || rc=1
	rm -rf "$tmp"
	return $rc
}

check_base_version() {
	local have
	have=$(cat "$tree/.git/base-version" 2>/dev/null || true)
	[ "$have" = "$VERSION" ] && return 0
	# Keep a tree made from a fallback version while the pinned one is gone.
	if [ -n "$have" ] && [ "$(dpkg-query -W -f='${Version}' "$PACKAGE" 2>/dev/null)" = "$have" ] &&
		! apt-cache show "$PACKAGE=$VERSION" >/dev/null 2>&1; then
		loud "build/linux is based on $have, not on the pinned $VERSION."
		return 0
	fi
	return 1
}

cmd_sync() {
	if [ ! -d "$tree/.git" ] || ! git_t rev-parse -q --verify base >/dev/null ||
		! check_base_version; then
		create_tree
		apply_patches
		return
	fi
	[ "$(cat "$tree/.git/applied-stamp" 2>/dev/null)" = "$(stamp)" ] && return 0
	if tree_matches_patches; then
		stamp > "$tree/.git/applied-stamp"
		return 0
	fi
	if [ "$(git_t rev-parse HEAD)" = "$(cat "$tree/.git/applied-head" 2>/dev/null)" ] &&
		[ -z "$(git_t status --porcelain --untracked-files=no)" ]; then
		say "patches/ changed: re-applying"
		apply_patches
		return
	fi
	echo "tree: build/linux has commits or edits that are not in patches/." >&2
	echo "tree: run 'make export' to keep them, or 'make apply FORCE=1' to drop them." >&2
	exit 1
}

cmd_apply() {
	[ -d "$tree/.git" ] || create_tree
	if [ "${FORCE:-0}" != 1 ] && { [ -n "$(git_t status --porcelain --untracked-files=no)" ] ||
		{ [ "$(git_t rev-parse HEAD)" != "$(cat "$tree/.git/applied-head" 2>/dev/null)" ] &&
		  ! tree_matches_patches; }; }; then
		echo "tree: build/linux has work not in patches/; 'make export' or FORCE=1" >&2
		exit 1
	fi
	apply_patches
}

cmd_export() {
	if [ -n "$(git_t status --porcelain --untracked-files=no)" ]; then
		echo "tree: build/linux has uncommitted edits: commit them first" >&2
		exit 1
	fi
	export_to "$patches"
	stamp > "$tree/.git/applied-stamp"
	git_t rev-parse HEAD > "$tree/.git/applied-head"
	say "wrote $(series_files | wc -l) patches to patches/"
}

case "${1:-}" in
sync) cmd_sync ;;
apply) cmd_apply ;;
export) cmd_export ;;
export-to) export_to "$2" ;;
create) create_tree ;;
*) sed -n '3,12p' "$0" >&2; exit 2 ;;
esac
