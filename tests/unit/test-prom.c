// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: prom.c, the Prometheus text format 0.0.4 writer.
 * The expected texts are written by hand from the format's rules
 * (prometheus.io/docs/instrumenting/exposition_formats: "# HELP name
 * docstring" with \\ and \n escaped, "# TYPE name gauge|counter", then
 * name{label="value",...} value, label values with \\ \" \n escaped).
 *
 * With PROM_OUT=FILE in the environment the test also writes every valid
 * output it made (escaping, values, a whole file) there, one exposition
 * with distinct families, for tests/cli/prom-rules.sh to give to
 * `promtool check metrics`.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prom.h"
#include "tap.h"

static const char *const no_labels[] = { NULL };
static FILE *prom_out; /* PROM_OUT: every valid output, for promtool */

static void keep(const struct prom *p)
{
	if (prom_out)
		fputs(prom_buffer(p, NULL), prom_out);
}
static const char *const iommu_buffer[] = { "iommu", "buffer", NULL };

static void test_names(void)
{
	static const struct {
		const char *name;
		enum prom_type type;
		int want;
		const char *what;
	} cases[] = {
		{ "amdiommuctl_iommus", PROM_GAUGE, 0, "plain gauge" },
		{ "amdiommuctl_events_total", PROM_COUNTER, 0, "counter with _total" },
		{ "_x9", PROM_GAUGE, 0, "leading underscore, digit later" },
		{ "amdiommuctl_kmsg_first_seconds", PROM_GAUGE, 0, "base unit seconds" },
		{ "amdiommuctl_buffer_bytes", PROM_GAUGE, 0, "base unit bytes" },
		{ "9lives", PROM_GAUGE, -EINVAL, "leading digit" },
		{ "", PROM_GAUGE, -EINVAL, "empty" },
		{ "amdiommuctl-events", PROM_GAUGE, -EINVAL, "dash" },
		{ "amdiommuctl:events", PROM_GAUGE, -EINVAL, "colon (recording rules only)" },
		{ "amdiommuctlEvents", PROM_GAUGE, -EINVAL, "camelCase" },
		{ "amdiommuctl_évents", PROM_GAUGE, -EINVAL, "non-ASCII" },
		{ "amdiommuctl events", PROM_GAUGE, -EINVAL, "blank" },
		{ "__amdiommuctl", PROM_GAUGE, -EINVAL, "reserved __ prefix" },
		{ "amdiommuctl_events", PROM_COUNTER, -EINVAL, "counter without _total" },
		{ "amdiommuctl_devices_total", PROM_GAUGE, -EINVAL, "gauge with _total" },
		{ "amdiommuctl_devices_count", PROM_GAUGE, -EINVAL, "_count suffix" },
		{ "amdiommuctl_fill_sum", PROM_GAUGE, -EINVAL, "_sum suffix" },
		{ "amdiommuctl_fill_bucket", PROM_GAUGE, -EINVAL, "_bucket suffix" },
		{ "amdiommuctl_state_gauge", PROM_GAUGE, -EINVAL, "gauge in a gauge's name" },
		{ "amdiommuctl_counter_events_total", PROM_COUNTER, -EINVAL, "counter in a counter's name" },
		{ "amdiommuctl_scrape_milliseconds", PROM_GAUGE, -EINVAL, "milliseconds" },
		{ "amdiommuctl_log_kilobytes", PROM_GAUGE, -EINVAL, "kilobytes" },
		{ "amdiommuctl_log_kb", PROM_GAUGE, -EINVAL, "kb abbreviation" },
		{ "amdiommuctl_age_ms", PROM_GAUGE, -EINVAL, "ms abbreviation" },
		{ "amdiommuctl_uptime_minutes", PROM_GAUGE, -EINVAL, "minutes" },
		{ "amdiommuctl_events_sec_total", PROM_COUNTER, -EINVAL, "sec abbreviation inside" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		int got = prom_check_metric_name(cases[i].name, cases[i].type, &why);

		ok(got == cases[i].want && (got == 0) == (why == NULL),
		   "metric name %s: %s (%s)", cases[i].want ? "rejected" : "accepted",
		   cases[i].what, why ? why : "ok");
	}
	ok(prom_check_metric_name(NULL, PROM_GAUGE, NULL) == -EINVAL, "NULL name rejected");

	static const struct {
		const char *name;
		int want;
	} labels[] = {
		{ "iommu", 0 }, { "device", 0 }, { "_x", 0 },
		{ "__name__", -EINVAL }, { "le", -EINVAL }, { "quantile", -EINVAL },
		{ "Device", -EINVAL }, { "dev-id", -EINVAL }, { "a:b", -EINVAL },
		{ "1st", -EINVAL }, { "", -EINVAL },
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		ok(prom_check_label_name(labels[i].name, NULL) == labels[i].want,
		   "label name \"%s\" %s", labels[i].name, labels[i].want ? "rejected" : "accepted");
}

static void test_escaping(void)
{
	static const char *const one[] = { "v", NULL };
	struct prom *p = prom_new_buffer();
	const char *text;

	ok(prom_family(p, "t_escape", PROM_GAUGE,
		       "Back\\slash, \"quotes\" stay,\nnew line.", one) == 0, "family with odd help");
	ok(prom_sample(p, 1, "a\\b") == 0, "backslash value");
	ok(prom_sample(p, 2, "say \"hi\"") == 0, "quote value");
	ok(prom_sample(p, 3, "two\nlines") == 0, "newline value");
	ok(prom_sample(p, 4, "\\\"\n") == 0, "all three");
	ok(prom_sample(p, 5, "") == 0, "empty value");
	ok(prom_sample(p, 6, "0000:00:03.0 ünï{},=") == 0, "UTF-8 and punctuation pass");
	ok(prom_finish(p) == 0, "finish");
	text = prom_buffer(p, NULL);
	/* HELP escapes \ and newline only; label values also the quote */
	is_str(text,
	       "# HELP t_escape Back\\\\slash, \"quotes\" stay,\\nnew line.\n"
	       "# TYPE t_escape gauge\n"
	       "t_escape{v=\"a\\\\b\"} 1\n"
	       "t_escape{v=\"say \\\"hi\\\"\"} 2\n"
	       "t_escape{v=\"two\\nlines\"} 3\n"
	       "t_escape{v=\"\\\\\\\"\\n\"} 4\n"
	       "t_escape{v=\"\"} 5\n"
	       "t_escape{v=\"0000:00:03.0 ünï{},=\"} 6\n",
	       "escaped text");
	keep(p);
	prom_free(p);
}

static void test_values(void)
{
	struct prom *p = prom_new_buffer();
	static const char *const k[] = { "k", NULL };

	prom_family(p, "t_values", PROM_GAUGE, "Values.", k);
	prom_sample(p, 0, "zero");
	prom_sample(p, -0.0, "negzero");
	prom_sample(p, 42, "int");
	prom_sample(p, -7, "negint");
	prom_sample(p, 9007199254740992.0, "two53");
	prom_sample(p, 18446744073709551615.0, "u64max");
	prom_sample(p, 0.5, "half");
	prom_sample(p, 0.1, "tenth");
	prom_sample(p, NAN, "nan");
	prom_sample(p, INFINITY, "inf");
	prom_sample(p, -INFINITY, "ninf");
	ok(prom_finish(p) == 0, "values written");
	/* 2^64 - 1 is 1.8446744073709552e+19 as a double (%.17g) */
	is_str(prom_buffer(p, NULL),
	       "# HELP t_values Values.\n# TYPE t_values gauge\n"
	       "t_values{k=\"zero\"} 0\n"
	       "t_values{k=\"negzero\"} 0\n"
	       "t_values{k=\"int\"} 42\n"
	       "t_values{k=\"negint\"} -7\n"
	       "t_values{k=\"two53\"} 9007199254740992\n"
	       "t_values{k=\"u64max\"} 1.8446744073709552e+19\n"
	       "t_values{k=\"half\"} 0.5\n"
	       "t_values{k=\"tenth\"} 0.10000000000000001\n"
	       "t_values{k=\"nan\"} NaN\n"
	       "t_values{k=\"inf\"} +Inf\n"
	       "t_values{k=\"ninf\"} -Inf\n",
	       "value formats");
	keep(p);
	prom_free(p);
}

/* A family prom_family() refuses: -EINVAL, @needle in the message, and
 * nothing written. */
static void refused(const char *name, const char *help, const char *const *labels,
		    const char *needle, const char *what)
{
	struct prom *p = prom_new_buffer();

	ok(prom_family(p, name, PROM_GAUGE, help, labels) == -EINVAL, "%s rejected", what);
	ok(strstr(prom_error(p), needle) != NULL, "%s: message \"%s\" has \"%s\"", what,
	   prom_error(p), needle);
	ok(prom_buffer(p, NULL)[0] == '\0', "%s: nothing written", what);
	prom_free(p);
}

/* Each error: the call's status, the sticky status, and a message. */
static void test_errors(void)
{
	static const char *const dup[] = { "a", "a", NULL };
	static const char *const bad[] = { "a", "__b", NULL };
	struct prom *p;

	p = prom_new_buffer();
	ok(prom_sample(p, 1) == -EINVAL, "sample before a family");
	ok(strstr(prom_error(p), "before any family") != NULL, "message says why");
	ok(prom_family(p, "t_ok", PROM_GAUGE, "Ok.", NULL) == -EINVAL, "error is sticky");
	ok(prom_finish(p) == -EINVAL, "finish returns the first error");
	prom_free(p);

	refused("t_ok", "", NULL, "no HELP text", "empty HELP");
	refused("t_ok", NULL, NULL, "no HELP text", "NULL HELP");
	refused("t_ok", "Ok.", dup, "label \"a\" twice", "label twice");
	refused("t_ok", "Ok.", bad, "\"__b\" starts with", "reserved label");
	refused("t_bad_kb", "Ok.", NULL, "\"t_bad_kb\" holds an abbreviated", "bad name");

	/* a family twice: its samples would not be one group */
	p = prom_new_buffer();
	ok(prom_family(p, "t_first", PROM_GAUGE, "A.", NULL) == 0 && prom_sample(p, 1) == 0 &&
	   prom_family(p, "t_second", PROM_GAUGE, "B.", NULL) == 0, "two families");
	ok(prom_family(p, "t_first", PROM_GAUGE, "A.", NULL) == -EEXIST, "family twice rejected");
	ok(strstr(prom_error(p), "t_first: family written twice") != NULL, "message says so");
	prom_free(p);

	/* the same series twice */
	p = prom_new_buffer();
	prom_family(p, "t_a", PROM_GAUGE, "A.", iommu_buffer);
	ok(prom_sample(p, 1, "ivhd0", "event") == 0, "first series");
	ok(prom_sample(p, 1, "ivhd0", "ppr") == 0, "other label value");
	ok(prom_sample(p, 2, "ivhd0", "event") == -EEXIST, "duplicate series rejected");
	ok(strstr(prom_error(p), "{iommu=\"ivhd0\",buffer=\"event\"}") != NULL,
	   "message shows the series");
	prom_free(p);
	/* no labels: one series only */
	p = prom_new_buffer();
	prom_family(p, "t_a", PROM_GAUGE, "A.", no_labels);
	ok(prom_sample(p, 1) == 0, "unlabelled series");
	ok(prom_sample(p, 1) == -EEXIST, "unlabelled series twice rejected");
	prom_free(p);
	/* values that differ only by escaping are different series */
	p = prom_new_buffer();
	prom_family(p, "t_a", PROM_GAUGE, "A.", iommu_buffer);
	ok(prom_sample(p, 1, "a\"", "b") == 0 && prom_sample(p, 1, "a", "\"b") == 0,
	   "a\\\" + b and a + \\\"b are two series");
	prom_free(p);

	p = prom_new_buffer();
	prom_family(p, "t_events_total", PROM_COUNTER, "E.", no_labels);
	ok(prom_sample(p, -1) == -EINVAL, "negative counter rejected");
	prom_free(p);
	p = prom_new_buffer();
	prom_family(p, "t_events_total", PROM_COUNTER, "E.", no_labels);
	ok(prom_sample(p, NAN) == -EINVAL, "NaN counter rejected");
	prom_free(p);
	p = prom_new_buffer();
	prom_family(p, "t_a", PROM_GAUGE, "A.", iommu_buffer);
	ok(prom_samplev(p, 1, (const char *const[]){ "ivhd0", NULL }) == -EINVAL,
	   "missing label value rejected");
	prom_free(p);

	/* a FILE * that cannot be written */
	{
		FILE *f = fopen("/dev/full", "w");

		if (f) {
			setvbuf(f, NULL, _IONBF, 0);
			p = prom_new_file(f);
			ok(prom_family(p, "t_a", PROM_GAUGE, "A.", NULL) == -EIO,
			   "write error reported (/dev/full)");
			ok(prom_finish(p) == -EIO, "finish reports it");
			ok(prom_buffer(p, NULL) == NULL, "no buffer for a FILE * writer");
			prom_free(p);
			fclose(f);
		} else {
			ok(1, "# SKIP /dev/full not available");
			ok(1, "# SKIP /dev/full not available");
			ok(1, "# SKIP /dev/full not available");
		}
	}
}

/* A whole output: two families, grouped, counters, many series. */
static const char full_text[] =
	"# HELP amdiommuctl_iommu_buffer_used_entries Entries between head and tail.\n"
	"# TYPE amdiommuctl_iommu_buffer_used_entries gauge\n"
	"amdiommuctl_iommu_buffer_used_entries{iommu=\"ivhd0\",buffer=\"command\"} 0\n"
	"amdiommuctl_iommu_buffer_used_entries{iommu=\"ivhd0\",buffer=\"event\"} 3\n"
	"# HELP amdiommuctl_events_total AMD-Vi events logged since boot.\n"
	"# TYPE amdiommuctl_events_total counter\n"
	"amdiommuctl_events_total{device=\"0000:00:03.0\",type=\"IO_PAGE_FAULT\"} 12\n"
	"# HELP amdiommuctl_info Tool and \\\\kernel\\\\ versions.\n"
	"# TYPE amdiommuctl_info gauge\n"
	"amdiommuctl_info{version=\"1.0 \\\"beta\\\"\",kernel=\"7.3.4\"} 1\n";

static void test_full(void)
{
	static const char *const devtype[] = { "device", "type", NULL };
	static const char *const info[] = { "version", "kernel", NULL };
	struct prom *p = prom_new_buffer();
	size_t len;

	prom_family(p, "amdiommuctl_iommu_buffer_used_entries", PROM_GAUGE,
		    "Entries between head and tail.", iommu_buffer);
	prom_sample(p, 0, "ivhd0", "command");
	prom_sample(p, 3, "ivhd0", "event");
	prom_family(p, "amdiommuctl_events_total", PROM_COUNTER,
		    "AMD-Vi events logged since boot.", devtype);
	prom_sample(p, 12, "0000:00:03.0", "IO_PAGE_FAULT");
	prom_family(p, "amdiommuctl_info", PROM_GAUGE, "Tool and \\kernel\\ versions.", info);
	prom_sample(p, 1, "1.0 \"beta\"", "7.3.4");
	ok(prom_finish(p) == 0, "full output: no error (%s)", prom_error(p));
	is_str(prom_buffer(p, &len), full_text, "full output text");
	is_u64(len, strlen(full_text), "prom_buffer length");
	keep(p);
	prom_free(p);

	/* the same through a FILE * */
	{
		char *buf = NULL;
		size_t sz = 0;
		FILE *f = open_memstream(&buf, &sz);

		p = prom_new_file(f);
		prom_family(p, "amdiommuctl_info", PROM_GAUGE, "Tool and \\kernel\\ versions.", info);
		prom_sample(p, 1, "1.0 \"beta\"", "7.3.4");
		ok(prom_finish(p) == 0, "FILE * writer: no error");
		fclose(f);
		is_str(buf, strstr(full_text, "# HELP amdiommuctl_info"), "FILE * writer text");
		free(buf);
		prom_free(p);
	}
}

/* Many series in one family: the duplicate set grows and still finds. */
static void test_many(void)
{
	static const char *const dev[] = { "device", NULL };
	struct prom *p = prom_new_buffer();
	char name[16];
	int bad = 0;

	prom_family(p, "t_devices", PROM_GAUGE, "D.", dev);
	for (int i = 0; i < 4096; i++) {
		snprintf(name, sizeof(name), "0000:%02x:%02x.%x", i >> 8, (i >> 3) & 0x1f, i & 7);
		bad += prom_sample(p, i, name) != 0;
	}
	ok(bad == 0, "4096 distinct series accepted");
	snprintf(name, sizeof(name), "0000:%02x:%02x.%x", 0x0a, 0x1b, 5);
	ok(prom_sample(p, 0, name) == -EEXIST, "one of them again is a duplicate");
	prom_free(p);
}

int main(void)
{
	const char *out = getenv("PROM_OUT");

	if (out && !(prom_out = fopen(out, "w")))
		ok(0, "open PROM_OUT %s", out);
	test_names();
	test_escaping();
	test_values();
	test_errors();
	test_full();
	test_many();
	if (prom_out)
		ok(fclose(prom_out) == 0, "wrote PROM_OUT %s", out);
	return done_testing();
}
