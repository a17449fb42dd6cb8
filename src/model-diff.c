// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `diff`: one side (a host, a tree or a snapshot) described for the pure
 * diff engine (diff.h), from the model: the kernel facts, the IOMMUs, the
 * groups and one pass over the PCI functions.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "hex.h"
#include "json.h"
#include "model.h"
#include "util.h"

struct diff_host {
	struct diff_side side;
	json_object *iommus, *groups;  /* side's IOMMU and group strings point here */
	struct diff_iommu *io;
	struct diff_group *gr;
	const char **members;
	struct diff_device *dev;
	size_t ndev, cap;
	char **str;                    /* the device strings, owned */
	size_t nstr;
};

static const char *keep(struct diff_host *d, const char *s)
{
	if (!s)
		return NULL;
	d->str = xrealloc(d->str, (d->nstr + 1) * sizeof(*d->str));
	return d->str[d->nstr++] = xstrdup(s);
}

static bool hex_at(json_object *o, const char *path, uint64_t *v)
{
	const char *s = json_path_str(o, path);

	return s && !parse_hex_u64(s, v);
}

static void add_device(json_object *o, void *arg)
{
	struct diff_host *d = arg;
	struct diff_device *v;
	json_object *dte = json_path(o, "dte"), *g = json_path(o, "group");

	if (d->ndev == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->dev = xrealloc(d->dev, d->cap * sizeof(*d->dev));
	}
	v = &d->dev[d->ndev++];
	memset(v, 0, sizeof(*v));
	v->bdf = keep(d, json_path_str(o, "bdf"));
	v->driver = keep(d, json_path_str(o, "driver"));
	v->iommu = keep(d, json_path_str(o, "iommu"));
	v->group = g ? json_object_get_int(g) : -1;
	v->have_dte = dte != NULL;
	if (dte) {
		json_object *lv = json_path(dte, "levels");

		v->dte_class = keep(d, json_path_str(dte, "class"));
		v->levels = lv ? (unsigned)json_object_get_int(lv) : 0;
		v->domain_id = (unsigned)json_object_get_int(json_path(dte, "domain_id"));
		v->gcr3 = json_path(dte, "gcr3_root") != NULL;
	}
	json_object_put(o);
}

static int cmp_group(const void *a, const void *b)
{
	const struct diff_group *x = a, *y = b;

	return (x->group > y->group) - (x->group < y->group);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_groups(struct diff_host *d, json_object *arr)
{
	size_t n = json_object_array_length(arr), total = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		total += json_object_array_length(json_path(json_object_array_get_idx(arr, i), "devices"));
	d->gr = xzalloc((n ? n : 1) * sizeof(*d->gr));
	d->members = xzalloc((total ? total : 1) * sizeof(*d->members));
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(arr, i), *m = json_path(o, "devices");
		struct diff_group *g = &d->gr[i];

		g->group = json_object_get_int(json_path(o, "group"));
		g->type = json_path_str(o, "type");
		g->members = &d->members[k];
		g->nmembers = m ? json_object_array_length(m) : 0;
		for (size_t j = 0; j < g->nmembers; j++)
			d->members[k++] = json_object_get_string(json_object_array_get_idx(m, j));
		qsort((void *)g->members, g->nmembers, sizeof(*g->members), cmp_str);
	}
	/* directory order is "1 10 2": the engine wants numbers in order */
	qsort(d->gr, n, sizeof(*d->gr), cmp_group);
	d->side.groups = d->gr;
	d->side.ngroups = n;
}

struct diff_host *collect_diff_host(struct ctx *c)
{
	struct diff_host *d = xzalloc(sizeof(*d));
	size_t n;

	d->side.kernel = c->facts.kernel_release;
	d->side.cmdline = c->facts.cmdline;
	if (c->facts.cmdline_err)
		ctx_unreadable(c, "/proc/cmdline", c->facts.cmdline_err,
			       "cannot read the kernel command line");
	d->iommus = collect_iommus(c);
	n = json_object_array_length(d->iommus);
	d->io = xzalloc((n ? n : 1) * sizeof(*d->io));
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(d->iommus, i);
		struct diff_iommu *v = &d->io[i];

		v->name = json_path_str(o, "name");
		v->have_efr = hex_at(o, "efr", &v->efr) && hex_at(o, "efr2", &v->efr2);
		v->have_control = hex_at(o, "debugfs.control", &v->control);
	}
	d->side.iommus = d->io;
	d->side.niommus = n;
	d->groups = collect_groups(c);
	add_groups(d, d->groups);
	collect_devices_each(c, NULL, add_device, d);
	d->side.devices = d->dev;
	d->side.ndevices = d->ndev;
	return d;
}

const struct diff_side *diff_host_side(const struct diff_host *d)
{
	return &d->side;
}

void diff_host_free(struct diff_host *d)
{
	if (!d)
		return;
	json_object_put(d->iommus);
	json_object_put(d->groups);
	strv_free(d->str, d->nstr);
	free(d->io);
	free(d->gr);
	free(d->members);
	free(d->dev);
	free(d);
}
