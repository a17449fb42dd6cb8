#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The real-data tier (make check-ivrs): decode the real IVRS tables of
# ${AMDIOMMUCTL_IVRS_REAL:-$srcdir/../shared/data/ivrs-real} and compare
# every decoded field with iasl's text and the IOAPIC findings with each
# machine's MADT (tests/ivrs-real/compare.py).  TAP.
#
#   tests/ivrs-real/run.sh DUMP
#
# DUMP prints a table's decode as JSON: tests/ivrs-real/ivrs-dump for now
# (the lead switches it to `amdiommuctl show ivrs --file F -j`).
# Exit 77 (skip) when the folder is absent, 1 under CI=true.
set -eu
dump=$1
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
data=${AMDIOMMUCTL_IVRS_REAL:-$srcdir/../shared/data/ivrs-real}

if [ ! -d "$data" ]; then
	if [ "${CI:-}" = true ]; then
		echo "Bail out! $data is absent (set AMDIOMMUCTL_IVRS_REAL) and CI=true"
		exit 1
	fi
	echo "1..0 # SKIP no real IVRS tables in $data (set AMDIOMMUCTL_IVRS_REAL)"
	exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "Bail out! python3 is needed"; exit 1; }
exec python3 "$srcdir/tests/ivrs-real/compare.py" "$dump" "$data"
