# SPDX-License-Identifier: GPL-2.0-or-later
# Readers of amdiommuctl's table output (POSIX sh and awk; sourced by
# tests/cli/lib.sh and tests/vm/run.sh).  Both read the text on stdin.
#
#   table_record KEY       the value of the `KEY  value` record (leading
#                          blanks of the line ignored)
#   table_cell ROW COL     the cell in column COL (header name) of the row
#                          whose first column is ROW

table_record() {
	awk -v k="$1" '
		{ line = $0; sub(/^ +/, "", line)
		  if (index(line, k) == 1 && substr(line, length(k) + 1, 2) == "  ") {
			v = substr(line, length(k) + 1); sub(/^ +/, "", v); print v; exit } }'
}

# Columns are found by their start offset in the header line (cells are
# padded to the column width and may contain blanks).
table_cell() {
	awk -v row="$1" -v col="$2" '
		NR == 1 {
			h = $0 "  "; n = 0
			for (i = 1; i <= length(h); i++)
				if (substr(h, i, 1) != " " && (i == 1 || substr(h, i - 2, 2) == "  ")) {
					n++; start[n] = i
					name = substr(h, i); sub(/  .*/, "", name); names[n] = name
				}
			for (k = 1; k <= n; k++) if (names[k] == col) c = k
			next
		}
		{ split($0, f, " ") }
		f[1] == row && c {
			v = (c < n) ? substr($0, start[c], start[c + 1] - start[c]) : substr($0, start[c])
			sub(/ +$/, "", v); print v; exit
		}'
}
