/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A writer of the Prometheus text exposition format, version 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), for
 * node_exporter's textfile collector.  Pure: it writes to a FILE * or
 * into a growable buffer and reads nothing.
 *
 * A family is declared once with its name, type, HELP text and label
 * names; its samples follow, each with one value per label name:
 *
 *	static const char *const lbl[] = { "iommu", "buffer", NULL };
 *	prom_family(p, "amdiommuctl_iommu_buffer_used_entries", PROM_GAUGE,
 *		    "Entries between head and tail.", lbl);
 *	prom_sample(p, 3, "ivhd0", "command");
 *
 * writes
 *
 *	# HELP amdiommuctl_iommu_buffer_used_entries Entries between head and tail.
 *	# TYPE amdiommuctl_iommu_buffer_used_entries gauge
 *	amdiommuctl_iommu_buffer_used_entries{iommu="ivhd0",buffer="command"} 3
 *
 * What the writer enforces (the format's grammar, then the naming rules
 * of `promtool check metrics`, which node_exporter's users run):
 *  - metric names [a-z_][a-z0-9_]* (the grammar allows [a-zA-Z_:] and
 *    upper case; colons are reserved for recording rules and promtool
 *    wants snake_case), label names [a-z_][a-z0-9_]*, no "__" prefix
 *    (reserved), no "le" or "quantile" label (histogram/summary only);
 *  - counters end in "_total", nothing else does; no gauge or counter
 *    ends in "_bucket", "_count" or "_sum"; a name does not hold its own
 *    type ("_gauge", "_counter");
 *  - base units only: a name part "milliseconds", "kilobytes", "minutes",
 *    "ms", "kb", ... is refused ("seconds", "bytes" are the units);
 *  - HELP text non-empty, escaped: backslash -> \\, newline -> \n;
 *  - label values escaped: backslash -> \\, '"' -> \", newline -> \n;
 *    UTF-8 passes through (the format is UTF-8; the writer does not
 *    validate it);
 *  - a family name appears once per output (its samples are one group:
 *    declaring a family ends the previous one); the same label values
 *    twice in a family is a duplicate series;
 *  - counters are >= 0 and not NaN; values are printed exactly
 *    (integers up to 2^53 without exponent, others "%.17g", "NaN",
 *    "+Inf", "-Inf"); no timestamps (the textfile collector refuses them).
 *
 * Every error is sticky: the call returns it, later calls do nothing and
 * return it, prom_finish() returns it, and prom_error() says in one line
 * what was wrong.  A caller writing a file renames it into place only
 * when prom_finish() returned 0.
 */
#ifndef AMDIOMMUCTL_PROM_H
#define AMDIOMMUCTL_PROM_H

#include <stddef.h>
#include <stdio.h>

enum prom_type { PROM_GAUGE, PROM_COUNTER };

struct prom;

/* A writer to @f (not closed by prom_free). NULL: out of memory. */
struct prom *prom_new_file(FILE *f);
/* A writer into a buffer read back with prom_buffer(). */
struct prom *prom_new_buffer(void);
void prom_free(struct prom *p);

/*
 * Start a family: its HELP and TYPE lines.  @labels: the label names in
 * the order every sample gives their values, NULL-terminated; NULL for
 * none.  The strings must stay valid until the next prom_family() or
 * prom_finish().  0, -EINVAL (a name or the help breaks a rule above),
 * -EEXIST (the family was already written), -EIO, -ENOMEM.
 */
int prom_family(struct prom *p, const char *name, enum prom_type type,
		const char *help, const char *const *labels);

/*
 * One sample of the current family: @values holds one string per label
 * name (none when the family has no labels).  0, -EINVAL (no family, a
 * NULL value, a negative or NaN counter), -EEXIST (the same label values
 * again), -EIO, -ENOMEM.
 */
int prom_samplev(struct prom *p, double value, const char *const *values);
/* The same with the label values as arguments, as many as the family has. */
int prom_sample(struct prom *p, double value, ...);

/* End the output (flushes a FILE *).  The first error of the writer, or 0. */
int prom_finish(struct prom *p);

/* One line saying what the first error was; "" when none. */
const char *prom_error(const struct prom *p);

/* The text written so far by a buffer writer (NUL-terminated); NULL for a
 * FILE * writer. */
const char *prom_buffer(const struct prom *p, size_t *len);

/* The checks prom_family() makes, for callers and tests: 0 or -EINVAL,
 * and a reason (static text) in *why when not NULL. */
int prom_check_metric_name(const char *name, enum prom_type type,
			   const char **why);
int prom_check_label_name(const char *name, const char **why);

#endif
