// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl diff A B: what changed between two hosts (diff.h); each
 * side a snapshot file, a captured tree (a directory) or "live".  The
 * exit status follows diff(1): 0 the same, 1 different, 2 trouble; and 3
 * for "the same as far as both sides could be read".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "diff.h"
#include "host-snapshot.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_TROUBLE = 2, DIFF_INCOMPLETE = 3 };

struct diff_opts {
	bool domain_ids;
};

static const struct cmd_opt opts[] = {
	CMD_OPT_FLAG("domain-ids", 0, struct diff_opts, domain_ids,
		     "count DomainID changes as differences (listed either way)"),
	CMD_OPT_END
};

struct side {
	const char *name;   /* "a", "b" */
	const char *spec;   /* the operand */
	struct host *h;
	struct ctx c;
	struct diff_host *d;
};

static int open_side(struct run *r, struct side *s)
{
	struct stat st;
	char *msg = NULL;
	int e = 0, rc;

	if (!strcmp(s->spec, "live")) {
		s->h = host_open_live();
		return 0;
	}
	if (!stat(s->spec, &st) && S_ISDIR(st.st_mode)) {
		s->h = host_open_root(s->spec);
		return 0;
	}
	s->h = host_open_snapshot(s->spec, &msg, &e);
	if (s->h)
		return 0;
	rc = cmd_fail(r, DIFF_TROUBLE, e, "diff: %s: %s (a side is a snapshot file, a tree or 'live')",
		      s->spec, msg);
	free(msg);
	return rc;
}

static json_object *change_json(const struct diff_change *c)
{
	json_object *o = json_object_new_object();

	json_add(o, "scope", json_object_new_string(diff_scope_name(c->scope)));
	json_add(o, "iommu", c->scope == DIFF_IOMMU ? json_object_new_string(c->object) : NULL);
	json_add(o, "group", c->scope == DIFF_GROUP ? json_new_int(c->group) : NULL);
	json_add(o, "bdf", c->scope == DIFF_DEVICE ? json_object_new_string(c->object) : NULL);
	json_add(o, "field", json_object_new_string(c->field));
	json_add(o, "a", json_str_or_null(c->a));
	json_add(o, "b", json_str_or_null(c->b));
	json_add(o, "counted", json_new_bool(c->counted));
	return o;
}

static const char *fmt_object(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *g = json_path(row, "group");

	(void)v;
	if (g) {
		snprintf(buf, n, "%d", json_object_get_int(g));
		return buf;
	}
	return json_path_str(row, "iommu") ? json_path_str(row, "iommu") :
	       json_path_str(row, "bdf") ? json_path_str(row, "bdf") : "-";
}

static const char *fmt_counted(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	(void)buf;
	(void)n;
	return json_object_get_boolean(v) ? "" : "not counted";
}

static const struct column cols[] = {
	{ "SCOPE", "scope" },
	{ "OBJECT", "scope", fmt_object },
	{ "FIELD", "field" },
	{ "A", "a", NULL, 48 },
	{ "B", "b", NULL, 48 },
	{ "NOTE", "counted", fmt_counted },
};

/* Both sides' unavailable entries, the source prefixed "a: " or "b: ". */
static json_object *unavailable(struct side *s)
{
	json_object *all = json_object_new_array();

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < ctx_unavailable_count(&s[k].c); i++) {
			json_object *u = json_object_array_get_idx(s[k].c.unavailable, i);
			json_object *o = json_object_new_object();
			char *src = xasprintf("%s: %s", s[k].name, json_path_str(u, "source"));

			json_add(o, "source", json_object_new_string(src));
			json_add(o, "errno", json_object_get(json_path(u, "errno")));
			json_add(o, "hint", json_object_get(json_path(u, "hint")));
			json_object_array_add(all, o);
			free(src);
		}
	return all;
}

static void print_table(const struct diff_result *res, json_object *changes, json_object *unav)
{
	size_t nc = res->n - res->counted;

	if (res->n)
		render_table(stdout, changes, cols, ARRAY_SIZE(cols));
	if (!res->counted)
		printf("no differences");
	else
		printf("%zu difference%s", res->counted, res->counted == 1 ? "" : "s");
	if (nc)
		printf("; %zu DomainID change%s not counted (--domain-ids counts them)", nc,
		       nc == 1 ? "" : "s");
	if (res->not_compared)
		printf("; %zu device table entr%s readable on one side only, not compared",
		       res->not_compared, res->not_compared == 1 ? "y" : "ies");
	printf("\n");
	for (size_t i = 0; i < json_object_array_length(unav); i++) {
		json_object *u = json_object_array_get_idx(unav, i);

		fprintf(stderr, "amdiommuctl: %s: %s: %s\n", json_path_str(u, "source"),
			json_path_str(u, "errno"), json_path_str(u, "hint"));
	}
}

static int run(struct run *r, int argc, char **argv)
{
	const struct diff_opts *o = r->opts;
	struct side s[2] = { { .name = "a" }, { .name = "b" } };
	struct diff_result res;
	json_object *changes, *unav;
	int rc = 0;

	if (argc != 2)
		return cmd_fail(r, DIFF_TROUBLE, 0,
				"diff needs two sides: SNAPSHOT, DIR or 'live' (see 'amdiommuctl diff --help')");
	if (r->root || r->snapshot)
		return cmd_fail(r, DIFF_TROUBLE, 0, "diff reads its two sides from its operands: drop %s",
				r->root ? "--root" : "--snapshot");
	for (int k = 0; k < 2 && !rc; k++) {
		s[k].spec = argv[k];
		rc = open_side(r, &s[k]);
	}
	if (rc) {
		host_close(s[0].h);
		return rc;
	}
	for (int k = 0; k < 2; k++) {
		ctx_init(&s[k].c, s[k].h);
		s[k].d = collect_diff_host(&s[k].c);
	}
	diff_hosts(diff_host_side(s[0].d), diff_host_side(s[1].d), o->domain_ids, &res);
	changes = json_object_new_array();
	for (size_t i = 0; i < res.n; i++)
		json_object_array_add(changes, change_json(&res.v[i]));
	unav = unavailable(s);
	if (r->json) {
		json_object *d = json_object_new_object();

		json_add(d, "a", json_object_new_string(s[0].spec));
		json_add(d, "b", json_object_new_string(s[1].spec));
		json_add(d, "differences", json_new_int((int64_t)res.counted));
		json_add(d, "not_counted", json_new_int((int64_t)(res.n - res.counted)));
		json_add(d, "not_compared", json_new_int((int64_t)res.not_compared));
		json_add(d, "changes", json_object_get(changes));
		cmd_emit(r, "diff", d, unav);
	} else {
		print_table(&res, changes, unav);
	}
	rc = res.counted ? DIFF_DIFFERENT : json_object_array_length(unav) ? DIFF_INCOMPLETE : DIFF_SAME;
	json_object_put(changes);
	json_object_put(unav);
	diff_result_free(&res);
	for (int k = 0; k < 2; k++) {
		diff_host_free(s[k].d);
		ctx_fini(&s[k].c);
		host_close(s[k].h);
	}
	return rc;
}

const struct command cmd_diff = {
	.name = "diff",
	.args = "A B",
	.summary = "what changed between two snapshots, trees or the live host (exit 1: differences)",
	.opts = opts,
	.opts_size = sizeof(struct diff_opts),
	.run = run,
};
