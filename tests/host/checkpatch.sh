#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the series is checkpatch --strict clean (0/0/0).
top=$(cd "$(dirname "$0")/../.." && pwd)
exec "$top/scripts/series.sh" checkpatch "$top"/patches/*.patch
