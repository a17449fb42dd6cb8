// SPDX-License-Identifier: GPL-2.0-or-later
/* --bind-vfio: bind to vfio-pci for the run, restore on every path. */
#include "config.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "hex.h"
#include "json.h"
#include "signals.h"
#include "util.h"
#include "vfio-bind.h"

extern char **environ;

#define PCI_DRIVERS "/sys/bus/pci/drivers"

static void action(struct vfio_bind *b, const char *text, int err)
{
	json_object *a = json_object_new_object();

	json_object_object_add(a, "action", json_object_new_string(text));
	json_object_object_add(a, "errno", err ? json_object_new_string(errno_name(err)) : NULL);
	json_object_array_add(b->actions, a);
}

/* echo VALUE > PATH, logged */
static int echo(struct vfio_bind *b, const char *value, const char *path)
{
	int err = host_write(b->h, path, value);
	char *t = xasprintf("echo '%s' > %s", strcmp(value, "\n") ? value : "", path);

	action(b, t, err);
	free(t);
	if (!err)
		b->changed = true;
	return err;
}

int vfio_bind_plan(struct vfio_bind *b, struct host *h,
		   const struct scenario_env *e, bool yes, char **msg)
{
	char *p, *s = NULL;
	uint64_t cls = 0;

	memset(b, 0, sizeof(*b));
	b->h = h;
	b->bdf = e->bdf;
	b->sys = xstrdup(e->sys);
	b->actions = json_object_new_array();

	p = xasprintf("%s/class", b->sys);
	if (!host_read_line(h, p, &s)) {
		parse_hex_u64(s, &cls);
		free(s);
	}
	free(p);
	if ((cls >> 8) == 0x0806) {
		*msg = xasprintf("%s is an IOMMU (class 0x%06llx): --bind-vfio never touches "
				 "the IOMMU's own function", b->bdf, (unsigned long long)cls);
		return 1;
	}
	p = xasprintf("%s/iommu_group", b->sys);
	if (!host_exists(h, p)) {
		free(p);
		*msg = xasprintf("%s is not behind an IOMMU (no iommu_group): --bind-vfio "
				 "refuses it", b->bdf);
		return 1;
	}
	free(p);
	p = xasprintf("%s/driver", b->sys);
	host_link_name(h, p, &b->orig_driver);
	free(p);
	p = xasprintf("%s/driver_override", b->sys);
	if (!host_read_line(h, p, &s)) {
		if (strcmp(s, "(null)") && s[0])
			b->orig_override = s;
		else
			free(s);
	}
	free(p);
	if (b->orig_driver && !strcmp(b->orig_driver, "vfio-pci") && e->cdev)
		return 0; /* nothing to do */
	b->needed = true;
	if (b->orig_driver && !yes) {
		*msg = xasprintf("%s is bound to %s: --bind-vfio would unbind it from "
				 "its driver for the run; add --yes to allow that",
				 b->bdf, b->orig_driver);
		return 2;
	}
	return 0;
}

json_object *vfio_bind_dry_run(const struct vfio_bind *b)
{
	json_object *a = json_object_new_array();

#define ADD(...) json_object_array_add(a, json_object_new_string(xtmp = xasprintf(__VA_ARGS__))), free(xtmp)
	char *xtmp;

	if (!b->needed) {
		ADD("nothing to do: %s is already bound to vfio-pci", b->bdf);
		return a;
	}
	if (!host_exists(b->h, PCI_DRIVERS "/vfio-pci"))
		ADD("modprobe vfio-pci");
	ADD("echo vfio-pci > %s/driver_override", b->sys);
	if (b->orig_driver)
		ADD("echo %s > %s/driver/unbind   (from %s)", b->bdf, b->sys, b->orig_driver);
	ADD("echo %s > /sys/bus/pci/drivers_probe; wait for %s/vfio-dev/", b->bdf, b->sys);
	ADD("run the scenario");
	ADD("echo %s > " PCI_DRIVERS "/vfio-pci/unbind", b->bdf);
	if (b->orig_override)
		ADD("echo %s > %s/driver_override", b->orig_override, b->sys);
	else
		ADD("echo '' > %s/driver_override", b->sys);
	if (b->orig_driver)
		ADD("echo %s > " PCI_DRIVERS "/%s/bind", b->bdf, b->orig_driver);
	else
		ADD("leave %s unbound, as it was", b->bdf);
#undef ADD
	return a;
}

static int run_modprobe(struct vfio_bind *b)
{
	char *argv[] = { (char *)"modprobe", (char *)"vfio-pci", NULL };
	pid_t pid;
	int st = 0, err;

	err = posix_spawnp(&pid, "modprobe", NULL, NULL, argv, environ);
	if (err) {
		action(b, "modprobe vfio-pci", -err);
		return -err;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	err = WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -ENOENT;
	action(b, "modprobe vfio-pci", err);
	return err;
}

/* Poll for @path up to @ms; false on timeout or a signal. */
static bool wait_for(struct host *h, const char *path, long ms)
{
	for (long t = 0; t <= ms; t += 20) {
		if (host_exists(h, path))
			return true;
		if (signals_received())
			return false;
		signals_sleep_ms(20);
	}
	return host_exists(h, path);
}

int vfio_bind_apply(struct vfio_bind *b, char **msg)
{
	char *p;
	int err;

	if (!b->needed)
		return 0;
	if (!host_exists(b->h, PCI_DRIVERS "/vfio-pci")) {
		err = run_modprobe(b);
		if (!wait_for(b->h, PCI_DRIVERS "/vfio-pci", 5000)) {
			*msg = xasprintf("no vfio-pci driver (%s/vfio-pci) after modprobe "
					 "vfio-pci: CONFIG_VFIO_PCI is off or the module is missing",
					 PCI_DRIVERS);
			return err ? err : -ENOENT;
		}
	}
	p = xasprintf("%s/driver_override", b->sys);
	err = echo(b, "vfio-pci", p);
	free(p);
	if (err) {
		*msg = xasprintf("cannot write %s/driver_override: %s", b->sys, strerror(-err));
		return err;
	}
	if (b->orig_driver) {
		p = xasprintf("%s/driver/unbind", b->sys);
		err = echo(b, b->bdf, p);
		free(p);
		if (err) {
			*msg = xasprintf("cannot unbind %s from %s: %s", b->bdf,
					 b->orig_driver, strerror(-err));
			return err;
		}
	}
	err = echo(b, b->bdf, "/sys/bus/pci/drivers_probe");
	p = xasprintf("%s/vfio-dev", b->sys);
	if (!wait_for(b->h, p, 10000)) {
		*msg = signals_received() ? xasprintf("interrupted by %s while binding %s to vfio-pci",
					     signal_name(signals_received()), b->bdf)
			: xasprintf("%s has no vfio-dev/ 10 s after drivers_probe%s%s: "
				    "vfio-pci did not bind it, or CONFIG_VFIO_DEVICE_CDEV is off",
				    b->bdf, err ? ": " : "", err ? strerror(-err) : "");
		free(p);
		return signals_received() ? -EINTR : -ETIMEDOUT;
	}
	free(p);
	action(b, "vfio-dev/ appeared", 0);
	return 0;
}

int vfio_bind_restore(struct vfio_bind *b)
{
	char *p, *drv = NULL;
	int err, first = 0;

	if (!b->changed || b->restored)
		return 0;
	b->restored = true;
	p = xasprintf("%s/driver", b->sys);
	host_link_name(b->h, p, &drv);
	free(p);
	if (drv && strcmp(drv, b->orig_driver ? b->orig_driver : "")) {
		p = xasprintf(PCI_DRIVERS "/%s/unbind", drv);
		err = echo(b, b->bdf, p);
		first = first ? first : err;
		free(p);
	}
	p = xasprintf("%s/driver_override", b->sys);
	err = echo(b, b->orig_override ? b->orig_override : "\n", p);
	first = first ? first : err;
	free(p);
	if (b->orig_driver && (!drv || strcmp(drv, b->orig_driver))) {
		p = xasprintf(PCI_DRIVERS "/%s/bind", b->orig_driver);
		err = echo(b, b->bdf, p);
		free(p);
		if (err)
			err = echo(b, b->bdf, "/sys/bus/pci/drivers_probe");
		first = first ? first : err;
	}
	free(drv);
	return first;
}

json_object *vfio_bind_json(const struct vfio_bind *b)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "original_driver", json_str_or_null(b->orig_driver));
	json_object_object_add(o, "original_override", json_str_or_null(b->orig_override));
	json_object_object_add(o, "changed", json_object_new_boolean(b->changed));
	json_object_object_add(o, "restored", json_object_new_boolean(b->restored));
	json_object_object_add(o, "actions", json_object_get(b->actions));
	return o;
}

void vfio_bind_fini(struct vfio_bind *b)
{
	free(b->sys);
	free(b->orig_driver);
	free(b->orig_override);
	json_object_put(b->actions);
	memset(b, 0, sizeof(*b));
}
