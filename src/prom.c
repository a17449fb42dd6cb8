// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Prometheus text exposition format 0.0.4 writer (see prom.h for the
 * rules it enforces and where they come from).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prom.h"

/* ---- a set of strings (family names, label value tuples) ------------- */

struct strset {
	char **slot;    /* open addressing, NULL = empty */
	size_t cap, n;  /* cap is a power of two */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void strset_clear(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	s->slot = NULL;
	s->cap = s->n = 0;
}

static int strset_grow(struct strset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	char **slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < s->cap; i++) {
		size_t j;

		if (!s->slot[i])
			continue;
		for (j = hash_str(s->slot[i]) & (cap - 1); slot[j]; j = (j + 1) & (cap - 1))
			;
		slot[j] = s->slot[i];
	}
	free(s->slot);
	s->slot = slot;
	s->cap = cap;
	return 0;
}

/* Take @str (malloc'd) into the set: 0, -EEXIST (freed), -ENOMEM (freed). */
static int strset_add(struct strset *s, char *str)
{
	size_t j;

	if ((s->n + 1) * 2 > s->cap && strset_grow(s)) {
		free(str);
		return -ENOMEM;
	}
	for (j = hash_str(str) & (s->cap - 1); s->slot[j]; j = (j + 1) & (s->cap - 1))
		if (!strcmp(s->slot[j], str)) {
			free(str);
			return -EEXIST;
		}
	s->slot[j] = str;
	s->n++;
	return 0;
}

/* ---- output: a FILE * or a growable buffer --------------------------- */

struct prom {
	FILE *f;                 /* NULL: buffer */
	char *buf;
	size_t len, cap;
	int err;
	char why[256];
	/* the current family */
	bool in_family;
	enum prom_type type;
	char *name;
	const char *const *labels;
	size_t nlabels;
	struct strset series;    /* label value tuples of the current family */
	struct strset families;  /* every family name written */
	/* the sample line being built (buffer writers build in place) */
	char *line;
	size_t line_len, line_cap;
};

static int fail(struct prom *p, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct prom *p, int err, const char *fmt, ...)
{
	va_list ap;

	if (p->err)
		return p->err;
	p->err = err;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	return err;
}

/* Append @n bytes to the string *@b (length *@len, capacity *@cap). */
static int append(struct prom *p, char **b, size_t *len, size_t *cap,
		  const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 256;
		char *nb;

		while (*len + n + 1 > c)
			c *= 2;
		nb = realloc(*b, c);
		if (!nb)
			return fail(p, -ENOMEM, "out of memory");
		*b = nb;
		*cap = c;
	}
	memcpy(*b + *len, s, n);
	*len += n;
	(*b)[*len] = '\0';
	return 0;
}

static int line_put(struct prom *p, const char *s, size_t n)
{
	return append(p, &p->line, &p->line_len, &p->line_cap, s, n);
}

static int line_puts(struct prom *p, const char *s)
{
	return line_put(p, s, strlen(s));
}

/* Append @s escaped: backslash and newline always, '"' when @quote. */
static int line_escaped(struct prom *p, const char *s, bool quote)
{
	const char *run = s;
	int err = 0;

	for (; *s && !err; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\n' ? "\\n" :
				  (quote && *s == '"') ? "\\\"" : NULL;

		if (!esc)
			continue;
		err = line_put(p, run, (size_t)(s - run));
		if (!err)
			err = line_puts(p, esc);
		run = s + 1;
	}
	return err ? err : line_put(p, run, (size_t)(s - run));
}

/* Write the line built so far and start a new one. */
static int line_flush(struct prom *p)
{
	if (p->err)
		return p->err;
	if (p->f) {
		if (fwrite(p->line, 1, p->line_len, p->f) != p->line_len)
			return fail(p, -EIO, "write error: %s", strerror(errno));
	} else if (append(p, &p->buf, &p->len, &p->cap, p->line, p->line_len)) {
		return p->err;
	}
	p->line_len = 0;
	return 0;
}

static struct prom *prom_new(FILE *f)
{
	struct prom *p = calloc(1, sizeof(*p));

	if (p)
		p->f = f;
	return p;
}

struct prom *prom_new_file(FILE *f)
{
	return prom_new(f);
}

struct prom *prom_new_buffer(void)
{
	struct prom *p = prom_new(NULL);

	if (p && append(p, &p->buf, &p->len, &p->cap, "", 0)) {
		prom_free(p);
		return NULL;
	}
	return p;
}

void prom_free(struct prom *p)
{
	if (!p)
		return;
	strset_clear(&p->series);
	strset_clear(&p->families);
	free(p->name);
	free(p->line);
	free(p->buf);
	free(p);
}

const char *prom_error(const struct prom *p)
{
	return p->err ? p->why : "";
}

const char *prom_buffer(const struct prom *p, size_t *len)
{
	if (p->f)
		return NULL;
	if (len)
		*len = p->len;
	return p->buf;
}

/* ---- names ------------------------------------------------------------ */

static bool snake_word(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Is @word one of the '_'-separated parts of @name? */
static bool has_part(const char *name, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = name; (p = strstr(p, word)); p++)
		if ((p == name || p[-1] == '_') && (p[wl] == '_' || p[wl] == '\0'))
			return true;
	return false;
}

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* Is one of @words[@n] a part of @name? */
static bool has_any_part(const char *name, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (has_part(name, words[i]))
			return true;
	return false;
}

/* The rules metric and label names share; the reason or NULL. */
static const char *check_word(const char *name)
{
	if (!name || !snake_word(name))
		return "is not snake_case [a-z_][a-z0-9_]* (no colons: recording rules only)";
	if (!strncmp(name, "__", 2))
		return "starts with \"__\", which is reserved";
	return NULL;
}

static const char *check_metric(const char *name, enum prom_type type)
{
	/* promtool's unit abbreviations, and SI prefixes of base units */
	static const char *const abbrev[] = {
		"s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb",
		"m", "h", "d",
	};
	static const char *const prefix[] = {
		"pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto",
		"kilo", "kibi", "mega", "mebi", "giga", "gibi", "tera", "tebi",
		"peta", "pebi",
	};
	static const char *const base[] = { "seconds", "bytes", "meters", "grams",
					    "volts", "amperes", "joules", "hertz" };
	static const char *const time_units[] = { "minutes", "hours", "days", "weeks" };
	const char *why = check_word(name);

	if (why)
		return why;
	if ((type == PROM_COUNTER) != ends_with(name, "_total"))
		return type == PROM_COUNTER ? "is a counter without the \"_total\" suffix" :
		       "ends in \"_total\" but is not a counter";
	if (ends_with(name, "_bucket") || ends_with(name, "_count") || ends_with(name, "_sum"))
		return "ends in _bucket, _count or _sum (histogram/summary series)";
	if (has_part(name, type == PROM_COUNTER ? "counter" : "gauge"))
		return "holds its own type in the name";
	if (has_any_part(name, abbrev, N_(abbrev)))
		return "holds an abbreviated unit (write seconds, bytes)";
	if (has_any_part(name, time_units, N_(time_units)))
		return "holds a time unit other than seconds";
	for (size_t i = 0; i < N_(prefix); i++)
		for (size_t j = 0; j < N_(base); j++) {
			char part[32];

			snprintf(part, sizeof(part), "%s%s", prefix[i], base[j]);
			if (has_part(name, part))
				return "holds a prefixed unit (use the base unit: seconds, bytes)";
		}
	return NULL;
}

int prom_check_metric_name(const char *name, enum prom_type type, const char **why)
{
	const char *w = check_metric(name, type);

	if (why)
		*why = w;
	return w ? -EINVAL : 0;
}

int prom_check_label_name(const char *name, const char **why)
{
	const char *w = check_word(name);

	if (!w && (!strcmp(name, "le") || !strcmp(name, "quantile")))
		w = "is reserved for histograms and summaries";
	if (why)
		*why = w;
	return w ? -EINVAL : 0;
}

/* ---- families and samples -------------------------------------------- */

int prom_family(struct prom *p, const char *name, enum prom_type type,
		const char *help, const char *const *labels)
{
	const char *why;
	size_t n = 0;
	char *copy;
	int err;

	if (p->err)
		return p->err;
	if (prom_check_metric_name(name, type, &why))
		return fail(p, -EINVAL, "metric name \"%s\" %s", name ? name : "(null)", why);
	if (type != PROM_GAUGE && type != PROM_COUNTER)
		return fail(p, -EINVAL, "metric %s: unknown type %d", name, (int)type);
	if (!help || !*help)
		return fail(p, -EINVAL, "metric %s: no HELP text", name);
	for (; labels && labels[n]; n++) {
		if (prom_check_label_name(labels[n], &why))
			return fail(p, -EINVAL, "metric %s: label name \"%s\" %s", name,
				    labels[n], why);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(labels[i], labels[n]))
				return fail(p, -EINVAL, "metric %s: label \"%s\" twice", name,
					    labels[n]);
	}
	copy = strdup(name);
	if (!copy)
		return fail(p, -ENOMEM, "out of memory");
	err = strset_add(&p->families, copy);
	if (err == -EEXIST)
		return fail(p, err, "metric %s: family written twice (its samples must be one group)",
			    name);
	if (err)
		return fail(p, err, "out of memory");
	free(p->name);
	p->name = strdup(name);
	if (!p->name)
		return fail(p, -ENOMEM, "out of memory");
	strset_clear(&p->series);
	p->in_family = true;
	p->type = type;
	p->labels = labels;
	p->nlabels = n;
	line_puts(p, "# HELP ");
	line_puts(p, name);
	line_puts(p, " ");
	line_escaped(p, help, false);
	line_puts(p, "\n# TYPE ");
	line_puts(p, name);
	line_puts(p, type == PROM_COUNTER ? " counter\n" : " gauge\n");
	return line_flush(p);
}

/* "%.17g" in the C locale's notation, integers without an exponent. */
static void format_value(double v, char out[40])
{
	if (isnan(v)) {
		strcpy(out, "NaN");
	} else if (isinf(v)) {
		strcpy(out, v > 0 ? "+Inf" : "-Inf");
	} else if (v >= -9007199254740992.0 && v <= 9007199254740992.0 &&
		   v == (double)(int64_t)v) {
		/* integral and exact in a double: no exponent, no "-0" */
		snprintf(out, 40, "%" PRId64, (int64_t)v);
	} else {
		snprintf(out, 40, "%.17g", v);
		for (char *c = out; *c; c++)
			if (*c == ',')
				*c = '.';
	}
}

int prom_samplev(struct prom *p, double value, const char *const *values)
{
	char num[40], *key;
	size_t start;
	int err;

	if (p->err)
		return p->err;
	if (!p->in_family)
		return fail(p, -EINVAL, "a sample before any family");
	if (p->type == PROM_COUNTER && (isnan(value) || value < 0))
		return fail(p, -EINVAL, "metric %s: a counter cannot be negative or NaN", p->name);
	for (size_t i = 0; i < p->nlabels; i++)
		if (!values || !values[i])
			return fail(p, -EINVAL, "metric %s: no value for label %s", p->name,
				    p->labels[i]);
	line_puts(p, p->name);
	start = p->line_len;
	if (p->nlabels) {
		for (size_t i = 0; i < p->nlabels; i++) {
			line_puts(p, i ? ",": "{");
			line_puts(p, p->labels[i]);
			line_puts(p, "=\"");
			line_escaped(p, values[i], true);
			line_puts(p, "\"");
		}
		line_puts(p, "}");
	}
	if (p->err)
		return p->err;
	key = strndup(p->line + start, p->line_len - start);
	if (!key)
		return fail(p, -ENOMEM, "out of memory");
	err = strset_add(&p->series, key);
	if (err == -EEXIST)
		return fail(p, err, "metric %s: series %s written twice", p->name,
			    p->line_len > start ? p->line + start : "{}");
	if (err)
		return fail(p, err, "out of memory");
	format_value(value, num);
	line_puts(p, " ");
	line_puts(p, num);
	line_puts(p, "\n");
	return line_flush(p);
}

int prom_sample(struct prom *p, double value, ...)
{
	const char *vals[16];
	va_list ap;

	if (p->err)
		return p->err;
	if (p->nlabels > sizeof(vals) / sizeof(vals[0]))
		return fail(p, -EINVAL, "metric %s: more than 16 labels; use prom_samplev()",
			    p->name ? p->name : "(none)");
	va_start(ap, value);
	for (size_t i = 0; i < p->nlabels; i++)
		vals[i] = va_arg(ap, const char *);
	va_end(ap);
	return prom_samplev(p, value, vals);
}

int prom_finish(struct prom *p)
{
	p->in_family = false;
	strset_clear(&p->series);
	if (p->f && !p->err && fflush(p->f) != 0)
		fail(p, -EIO, "write error: %s", strerror(errno));
	return p->err;
}
