/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exit codes, and what an errno means for each source the tool reads:
 * the exit code of a command that cannot go on without that source and a
 * hint that says what to do.  One table per source; every command and
 * collector looks its errors up here.
 */
#ifndef AMDIOMMUCTL_ERRORS_H
#define AMDIOMMUCTL_ERRORS_H

enum exit_code {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_PARTIAL = 3,
	EXIT_UNSUPPORTED = 4,
	EXIT_CHECK_FAILED = 5, /* `check`: a check failed (the tool itself worked) */
};

struct errno_hint {
	int err;            /* negative errno; 0 ends a table (the default row) */
	int exit_code;
	const char *hint;   /* NULL: host_strerror() of the errno */
};

/* The row of @table for @err; the table's last row when none matches. */
const struct errno_hint *errno_hint_find(const struct errno_hint *table, int err);
/* Its hint, host_strerror(@err) when the row has none. */
const char *errno_hint_text(const struct errno_hint *table, int err);
/* Its exit code. */
int errno_exit_code(const struct errno_hint *table, int err);

/* debugfs devid/devtbl (a device's DTE) */
extern const struct errno_hint devtbl_errors[];
/* debugfs devid/irqtbl (a device's interrupt remapping table) */
extern const struct errno_hint irqtbl_errors[];
/* Any other source a command needs: missing or closed to us means "not
 * supported here" (4), anything else is an error (1). */
extern const struct errno_hint source_errors[];

#endif
