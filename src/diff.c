// SPDX-License-Identifier: GPL-2.0-or-later
/* The diff engine: two hosts in, changes out (see diff.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "kcmdline.h"
#include "util.h"

static const char *const scope_names[] = { "host", "iommu", "group", "device" };

const char *diff_scope_name(enum diff_scope s)
{
	return (unsigned)s < ARRAY_SIZE(scope_names) ? scope_names[s] : "unknown";
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Add a change; takes @a and @b. */
static void add(struct diff_result *r, enum diff_scope scope, const char *object, int group,
		const char *field, char *a, char *b, bool counted)
{
	struct diff_change *c;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
	c = &r->v[r->n++];
	c->scope = scope;
	c->object = object;
	c->group = group;
	c->field = field;
	c->a = a;
	c->b = b;
	c->counted = counted;
	r->counted += counted;
}

static void add_str(struct diff_result *r, enum diff_scope scope, const char *object, int group,
		    const char *field, const char *a, const char *b)
{
	if (!same_str(a, b))
		add(r, scope, object, group, field, dup_or_null(a), dup_or_null(b), true);
}

static char *hex64(bool have, uint64_t v)
{
	return have ? xasprintf("0x%016llx", (unsigned long long)v) : NULL;
}

static char *uint_or_null(unsigned v)
{
	return v ? xasprintf("%u", v) : NULL;
}

static char *present(bool yes)
{
	return xstrdup(yes ? "yes" : "no");
}

/* ---- the command line --------------------------------------------------- */

struct word {
	char *text;    /* "param=value" or "param" as written */
	char *param, *value;
	bool matched;
};

struct words {
	struct word *v;
	size_t n;
};

static void add_word(const char *param, const char *value, void *arg)
{
	struct words *w = arg;

	w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
	w->v[w->n].text = value ? xasprintf("%s=%s", param, value) : xstrdup(param);
	w->v[w->n].param = xstrdup(param);
	w->v[w->n].value = dup_or_null(value);
	w->v[w->n].matched = false;
	w->n++;
}

static void free_words(struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].text);
		free(w->v[i].param);
		free(w->v[i].value);
	}
	free(w->v);
}

/* The first unmatched word of @w with @k's parameter (parameq(): '-' is
 * '_'), and with its value too when @same_value. */
static struct word *find_word(struct words *w, const struct word *k, bool same_value)
{
	for (size_t i = 0; i < w->n; i++)
		if (!w->v[i].matched && kcmdline_parameq(w->v[i].param, k->param) &&
		    (!same_value || same_str(w->v[i].value, k->value)))
			return &w->v[i];
	return NULL;
}

/*
 * Words only on one side are changes; a word of A and a word of B with
 * the same parameter and another value are one change.  The order of the
 * words does not count, nor how a parameter name is spelled ("amd-iommu"
 * is amd_iommu to the kernel), nor quotes.
 */
static void diff_cmdline(struct diff_result *r, const char *a, const char *b)
{
	struct words wa = { 0 }, wb = { 0 };

	kcmdline_words(a, add_word, &wa);
	kcmdline_words(b, add_word, &wb);
	for (size_t i = 0; i < wa.n; i++) {
		struct word *m = find_word(&wb, &wa.v[i], true);

		if (m)
			m->matched = wa.v[i].matched = true;
	}
	for (size_t i = 0; i < wa.n; i++) {
		struct word *m;

		if (wa.v[i].matched)
			continue;
		m = find_word(&wb, &wa.v[i], false);
		if (m)
			m->matched = true;
		add(r, DIFF_HOST, NULL, 0, "cmdline", xstrdup(wa.v[i].text),
		    m ? xstrdup(m->text) : NULL, true);
	}
	for (size_t i = 0; i < wb.n; i++)
		if (!wb.v[i].matched)
			add(r, DIFF_HOST, NULL, 0, "cmdline", NULL, xstrdup(wb.v[i].text), true);
	free_words(&wa);
	free_words(&wb);
}

/* ---- IOMMUs, groups, devices ---------------------------------------------- */

static void diff_iommu(struct diff_result *r, const struct diff_iommu *a, const struct diff_iommu *b)
{
	const char *o = a ? a->name : b->name;

	if (!a || !b) {
		add(r, DIFF_IOMMU, o, 0, "present", present(a), present(b), true);
		return;
	}
	/* a register one side could not read is not compared */
	if (a->have_efr && b->have_efr && a->efr != b->efr)
		add(r, DIFF_IOMMU, o, 0, "efr", hex64(true, a->efr), hex64(true, b->efr), true);
	if (a->have_efr && b->have_efr && a->efr2 != b->efr2)
		add(r, DIFF_IOMMU, o, 0, "efr2", hex64(true, a->efr2), hex64(true, b->efr2), true);
	if (a->have_control && b->have_control && a->control != b->control)
		add(r, DIFF_IOMMU, o, 0, "control", hex64(true, a->control), hex64(true, b->control),
		    true);
}

static char *join_members(const struct diff_group *g)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < g->nmembers; i++)
		len += strlen(g->members[i]) + 1;
	s = xzalloc(len);
	for (size_t i = 0; i < g->nmembers; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, g->members[i]);
	}
	return s;
}

static void diff_group(struct diff_result *r, const struct diff_group *a, const struct diff_group *b)
{
	int id = a ? a->group : b->group;
	bool same = true;

	if (!a || !b) {
		add(r, DIFF_GROUP, NULL, id, "present", present(a), present(b), true);
		return;
	}
	if (a->type && b->type)
		add_str(r, DIFF_GROUP, NULL, id, "type", a->type, b->type);
	same = a->nmembers == b->nmembers;
	for (size_t i = 0; same && i < a->nmembers; i++)
		same = !strcmp(a->members[i], b->members[i]);
	if (!same)
		add(r, DIFF_GROUP, NULL, id, "members", join_members(a), join_members(b), true);
}

static void diff_device(struct diff_result *r, const struct diff_device *a,
			const struct diff_device *b, bool count_domain_ids)
{
	const char *o = a ? a->bdf : b->bdf;

	if (!a || !b) {
		add(r, DIFF_DEVICE, o, 0, "present", present(a), present(b), true);
		return;
	}
	add_str(r, DIFF_DEVICE, o, 0, "driver", a->driver, b->driver);
	add_str(r, DIFF_DEVICE, o, 0, "iommu", a->iommu, b->iommu);
	if (a->group != b->group)
		add(r, DIFF_DEVICE, o, 0, "group", a->group < 0 ? NULL : xasprintf("%d", a->group),
		    b->group < 0 ? NULL : xasprintf("%d", b->group), true);
	if (a->have_dte != b->have_dte) {
		r->not_compared++;
		return;
	}
	if (!a->have_dte)
		return;
	add_str(r, DIFF_DEVICE, o, 0, "dte_class", a->dte_class, b->dte_class);
	if (a->levels != b->levels)
		add(r, DIFF_DEVICE, o, 0, "levels", uint_or_null(a->levels), uint_or_null(b->levels),
		    true);
	if (a->gcr3 != b->gcr3)
		add(r, DIFF_DEVICE, o, 0, "gcr3", present(a->gcr3), present(b->gcr3), true);
	if (a->domain_id != b->domain_id)
		add(r, DIFF_DEVICE, o, 0, "domain_id", xasprintf("%u", a->domain_id),
		    xasprintf("%u", b->domain_id), count_domain_ids);
}

/*
 * Walk two sorted arrays side by side: @cmp orders the keys of an element
 * of @a and one of @b, @one compares a pair (either may be NULL: only on
 * one side).
 */
#define MERGE_WALK(a, na, b, nb, cmp, one)                              \
	do {                                                            \
		size_t i_ = 0, j_ = 0;                                  \
		while (i_ < (na) || j_ < (nb)) {                        \
			int c_ = i_ == (na) ? 1 : j_ == (nb) ? -1 :      \
				 cmp(&(a)[i_], &(b)[j_]);                \
			one(c_ <= 0 ? &(a)[i_] : NULL, c_ >= 0 ? &(b)[j_] : NULL); \
			i_ += c_ <= 0;                                  \
			j_ += c_ >= 0;                                  \
		}                                                       \
	} while (0)

static int cmp_iommu(const struct diff_iommu *a, const struct diff_iommu *b)
{
	return strcmp(a->name, b->name);
}

static int cmp_group(const struct diff_group *a, const struct diff_group *b)
{
	return (a->group > b->group) - (a->group < b->group);
}

static int cmp_device(const struct diff_device *a, const struct diff_device *b)
{
	return strcmp(a->bdf, b->bdf);
}

void diff_hosts(const struct diff_side *a, const struct diff_side *b, bool count_domain_ids,
		struct diff_result *out)
{
	memset(out, 0, sizeof(*out));
	if (a->kernel && b->kernel)
		add_str(out, DIFF_HOST, NULL, 0, "kernel", a->kernel, b->kernel);
	if (a->cmdline && b->cmdline)
		diff_cmdline(out, a->cmdline, b->cmdline);
#define ONE_IOMMU(x, y) diff_iommu(out, x, y)
#define ONE_GROUP(x, y) diff_group(out, x, y)
#define ONE_DEVICE(x, y) diff_device(out, x, y, count_domain_ids)
	MERGE_WALK(a->iommus, a->niommus, b->iommus, b->niommus, cmp_iommu, ONE_IOMMU);
	MERGE_WALK(a->groups, a->ngroups, b->groups, b->ngroups, cmp_group, ONE_GROUP);
	MERGE_WALK(a->devices, a->ndevices, b->devices, b->ndevices, cmp_device, ONE_DEVICE);
#undef ONE_IOMMU
#undef ONE_GROUP
#undef ONE_DEVICE
}

void diff_result_free(struct diff_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].a);
		free(r->v[i].b);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}
