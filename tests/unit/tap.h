/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tiny header-only TAP producer for the unit tests.  Each test program is
 * one translation unit, so the state lives in static variables here.
 *
 *   plan(n);                       optional: prints "1..n" first
 *   ok(cond, fmt, ...);            "ok N - name" / "not ok N - name"
 *   is_u64(got, expected, name);   with "# got/expected" diagnostics
 *   is_str(got, expected, name);   NULL-safe string comparison
 *   return done_testing();         prints "1..N" if no plan; exit status
 */
#ifndef AMDIOMMUCTL_TAP_H
#define AMDIOMMUCTL_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned tap_run_, tap_failed_, tap_planned_;
static bool tap_have_plan_;

static inline void plan(unsigned n)
{
	tap_planned_ = n;
	tap_have_plan_ = true;
	printf("1..%u\n", n);
	fflush(stdout);
}

static inline void tap_vresult_(bool pass, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static inline void tap_vresult_(bool pass, const char *fmt, va_list ap)
{
	tap_run_++;
	if (!pass)
		tap_failed_++;
	printf("%sok %u - ", pass ? "" : "not ", tap_run_);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

static inline bool ok(bool pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline bool ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult_(pass, fmt, ap);
	va_end(ap);
	return pass;
}

static inline bool is_u64(uint64_t got, uint64_t expected, const char *name)
{
	bool pass = got == expected;

	ok(pass, "%s", name ? name : "(unnamed)");
	if (!pass)
		printf("#   got:      0x%016" PRIx64 " (%" PRIu64 ")\n"
		       "#   expected: 0x%016" PRIx64 " (%" PRIu64 ")\n",
		       got, got, expected, expected);
	return pass;
}

static inline bool is_str(const char *got, const char *expected, const char *name)
{
	bool pass = (got == NULL && expected == NULL) ||
		    (got != NULL && expected != NULL && strcmp(got, expected) == 0);

	ok(pass, "%s", name ? name : "(unnamed)");
	if (!pass)
		printf("#   got:      %s%s%s\n#   expected: %s%s%s\n",
		       got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
		       expected ? "\"" : "", expected ? expected : "NULL",
		       expected ? "\"" : "");
	return pass;
}

static inline void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

/* Returns the exit status: 0 when every test passed and the plan held. */
static inline int done_testing(void)
{
	if (!tap_have_plan_)
		printf("1..%u\n", tap_run_);
	else if (tap_planned_ != tap_run_)
		printf("# planned %u tests but ran %u\n", tap_planned_, tap_run_);
	if (tap_failed_)
		printf("# failed %u of %u tests\n", tap_failed_, tap_run_);
	fflush(stdout);
	return (tap_failed_ || (tap_have_plan_ && tap_planned_ != tap_run_)) ? 1 : 0;
}

#endif
