// SPDX-License-Identifier: GPL-2.0-or-later
/* The collection context: the host, its facts, libpci and `unavailable`. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "json.h"
#include "model.h"
#include "util.h"

static void pci_quiet(char *msg, ...)
{
	(void)msg;
}

/* libpci's fatal errors must not return.  With a full config-space cache
 * it never reads by itself, so this is not expected to run. */
static void __attribute__((noreturn)) pci_fatal(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	fputs("amdiommuctl: libpci: ", stderr);
	vfprintf(stderr, msg, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

void ctx_init(struct ctx *c, struct host *h)
{
	char *s;

	memset(c, 0, sizeof(*c));
	c->h = h;
	c->unavailable = json_object_new_array();
	c->groups = json_object_new_object();
	facts_load(&c->facts, h);

	c->pacc = pci_alloc();
	c->pacc->error = pci_fatal;
	c->pacc->warning = pci_quiet;
	c->pacc->debug = pci_quiet;
	c->pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	c->pacc->id_lookup_mode = PCI_LOOKUP_NO_HWDB;
	s = host_path(h, "/sys/bus/pci");
	pci_set_param(c->pacc, "sysfs.path", s);
	pci_init(c->pacc);
	free(s);
}

void ctx_fini(struct ctx *c)
{
	if (c->pacc)
		pci_cleanup(c->pacc);
	json_object_put(c->unavailable);
	json_object_put(c->groups);
	facts_free(&c->facts);
}

void ctx_unavailable(struct ctx *c, const char *source, int err,
		     const char *hint)
{
	size_t n = json_object_array_length(c->unavailable);
	json_object *o;

	for (size_t i = 0; i < n; i++) {
		const char *s = json_path_str(json_object_array_get_idx(c->unavailable, i), "source");

		if (s && !strcmp(s, source))
			return;
	}
	o = json_object_new_object();
	json_add(o, "source", json_object_new_string(source));
	json_add(o, "errno", json_object_new_string(errno_name(err)));
	json_add(o, "hint", json_object_new_string(hint));
	json_object_array_add(c->unavailable, o);
}

void ctx_unreadable(struct ctx *c, const char *path, int err, const char *what)
{
	char *hint = xasprintf("%s: %s", what, host_strerror(err));

	ctx_unavailable(c, path, err, hint);
	free(hint);
}

size_t ctx_unavailable_count(const struct ctx *c)
{
	return json_object_array_length(c->unavailable);
}

int ctx_amd_iommu_count(struct ctx *c)
{
	char **names = NULL;
	size_t n = 0;
	int cnt = 0;

	if (host_list(c->h, "/sys/class/iommu", &names, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		cnt += !strncmp(names[i], "ivhd", 4);
	strv_free(names, n);
	return cnt;
}
