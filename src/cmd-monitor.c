// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl monitor: listen to the kernel's uevents on a
 * NETLINK_KOBJECT_UEVENT socket (libnl-3; no udevd needed) and print one
 * line per add/remove/bind/unbind/change of a PCI device, an IOMMU group,
 * a VFIO group node or a vfio-dev cdev, with the device's group, group
 * type, driver and a fresh read of its DTE.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "cmd.h"
#include "model.h"
#include "optval.h"
#include "render.h"
#include "uevent.h"
#include "util.h"

static volatile sig_atomic_t monitor_stop;

static void on_signal(int sig)
{
	monitor_stop = sig;
}

static bool relevant(const struct uevent *ev)
{
	static const char *const actions[] = { "add", "remove", "bind", "unbind", "change" };
	bool act = false;

	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		act |= !strcmp(ev->action, actions[i]);
	if (!act)
		return false;
	return !strcmp(ev->subsystem, "pci") || !strcmp(ev->subsystem, "vfio") ||
	       !strcmp(ev->subsystem, "vfio-dev") || uevent_group(ev) >= 0;
}

static json_object *str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

/* Build the event object: the uevent plus what sysfs/debugfs say now. */
static json_object *enrich(struct run *r, const struct uevent *ev)
{
	json_object *o = json_object_new_object(), *dte = NULL, *dte_err = NULL;
	char name[16], *driver = NULL, *group = NULL, *type = NULL, *p;
	struct bdf b;
	bool have_bdf = !uevent_pci_name(ev, name) && !bdf_parse(name, &b);
	long g = uevent_group(ev);

	if (have_bdf) {
		bdf_format(&b, name);
		p = xasprintf("/sys/bus/pci/devices/%s/driver", name);
		if (host_link_name(r->h, p, &driver))
			driver = NULL;
		free(p);
		p = xasprintf("/sys/bus/pci/devices/%s/iommu_group", name);
		if (host_link_name(r->h, p, &group))
			group = NULL;
		free(p);
	}
	if (!driver && *ev->driver && strcmp(ev->action, "unbind"))
		driver = xstrdup(ev->driver);
	if (!group && g >= 0)
		group = xasprintf("%ld", g);
	if (group) {
		p = xasprintf("/sys/kernel/iommu_groups/%s/type", group);
		if (host_read_line(r->h, p, &type))
			type = NULL;
		free(p);
	}
	if (have_bdf) {
		uint64_t raw[4];
		int idx = -1, err = host_read_dte(r->h, &b, raw, &idx);

		if (!err) {
			struct dte d;

			dte_decode(raw, &d);
			dte = json_object_new_object();
			json_object_object_add(dte, "class", json_object_new_string(dte_class_name(d.cls)));
			json_object_object_add(dte, "domain_id", json_object_new_int(d.domain_id));
		} else {
			dte_err = json_object_new_object();
			json_object_object_add(dte_err, "errno", json_object_new_string(errno_name(err)));
			json_object_object_add(dte_err, "reason", json_object_new_string(
				!strcmp(ev->action, "remove") && !strcmp(ev->subsystem, "pci") ?
				"the device was removed" : dte_error_hint(err)));
		}
	}
	json_object_object_add(o, "schema_version", json_object_new_int(SCHEMA_VERSION));
	json_object_object_add(o, "action", json_object_new_string(ev->action));
	json_object_object_add(o, "subsystem", str_or_null(ev->subsystem));
	json_object_object_add(o, "devpath", json_object_new_string(ev->devpath));
	json_object_object_add(o, "devname", str_or_null(ev->devname));
	json_object_object_add(o, "bdf", have_bdf ? json_object_new_string(name) : NULL);
	json_object_object_add(o, "driver", str_or_null(driver));
	json_object_object_add(o, "group", group ? json_object_new_string(group) : NULL);
	json_object_object_add(o, "group_type", str_or_null(type));
	json_object_object_add(o, "dte", dte);
	json_object_object_add(o, "dte_error", dte_err);
	json_object_object_add(o, "seqnum", ev->has_seqnum ?
			       json_object_new_int64((int64_t)ev->seqnum) : NULL);
	free(driver);
	free(group);
	free(type);
	return o;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v = json_object_object_get(o, key);

	return v ? json_object_get_string(v) : "-";
}

static void print_text(json_object *o)
{
	json_object *dte = json_object_object_get(o, "dte");
	json_object *dte_err = json_object_object_get(o, "dte_error");
	char dtebuf[64];

	if (dte)
		snprintf(dtebuf, sizeof(dtebuf), "%s/domain %s", jstr(dte, "class"),
			 jstr(dte, "domain_id"));
	else
		snprintf(dtebuf, sizeof(dtebuf), "%s", dte_err ? jstr(dte_err, "errno") : "-");
	printf("%-6s %-8s %-12s driver=%s group=%s type=%s dte=%s devpath=%s seq=%s\n",
	       jstr(o, "action"), jstr(o, "subsystem"), jstr(o, "bdf"),
	       jstr(o, "driver"), jstr(o, "group"), jstr(o, "group_type"),
	       dtebuf, jstr(o, "devpath"), jstr(o, "seqnum"));
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cmd_monitor(struct run *r, int argc, char **argv)
{
	unsigned long count = 0, timeout = 0, seen = 0;
	struct sigaction sa, old_int, old_term;
	struct nl_sock *sk;
	long long deadline = 0;
	int fd, err, rc = EXIT_OK;
	static char buf[UEVENT_MAX_LEN + 1];

	(void)argv;
	if (r->root || r->snapshot)
		return cmd_fail(r, EXIT_USAGE, 0, "monitor needs a live kernel: drop %s",
				r->root ? "--root" : "--snapshot");
	if (argc > 0)
		return cmd_fail(r, EXIT_USAGE, 0, "monitor takes no arguments: see 'amdiommuctl monitor --help'");
	if (r->has[MONITOR_OPT_COUNT] &&
	    optval_positive(r->opt[MONITOR_OPT_COUNT], ULONG_MAX, &count))
		return cmd_fail(r, EXIT_USAGE, 0, "--count '%s': want a whole number of events, 1 or more",
				r->opt[MONITOR_OPT_COUNT]);
	if (r->has[MONITOR_OPT_TIMEOUT] &&
	    optval_positive(r->opt[MONITOR_OPT_TIMEOUT], 100L * 365 * 86400, &timeout))
		return cmd_fail(r, EXIT_USAGE, 0, "--timeout '%s': want a whole number of seconds, 1 or more",
				r->opt[MONITOR_OPT_TIMEOUT]);

	sk = nl_socket_alloc();
	if (!sk)
		return cmd_fail(r, EXIT_ERROR, -ENOMEM, "cannot allocate a netlink socket");
	nl_socket_disable_seq_check(sk);
	nl_join_groups(sk, 1); /* the kernel's uevent multicast group */
	errno = 0;
	err = nl_connect(sk, NETLINK_KOBJECT_UEVENT);
	if (err < 0) {
		int e = errno ? errno : EPERM;

		nl_socket_free(sk);
		return cmd_fail(r, EXIT_ERROR, -e,
				"cannot open the uevent netlink socket (NETLINK_KOBJECT_UEVENT): %s (%s)",
				nl_geterror(err), errno_name(-e));
	}
	nl_socket_set_buffer_size(sk, 1 << 20, 0);
	fd = nl_socket_get_fd(sk);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	monitor_stop = 0;
	if (timeout)
		deadline = now_ms() + (long long)timeout * 1000;
	if (!r->json)
		fprintf(stderr, "amdiommuctl: monitoring uevents (Ctrl-C to stop)\n");

	while (!monitor_stop && (!count || seen < count)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct sockaddr_nl sender;
		socklen_t slen = sizeof(sender);
		struct uevent ev;
		json_object *o;
		ssize_t n;
		int wait = -1, pr;

		if (timeout) {
			long long left = deadline - now_ms();

			if (left <= 0)
				break;
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		pr = poll(&pfd, 1, wait);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			rc = cmd_fail(r, EXIT_ERROR, -errno, "poll on the uevent socket failed");
			break;
		}
		if (pr == 0)
			continue;
		n = recvfrom(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&sender, &slen);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == ENOBUFS) {
				fprintf(stderr, "amdiommuctl: uevent socket overrun: events were lost\n");
				continue;
			}
			rc = cmd_fail(r, EXIT_ERROR, -errno, "reading the uevent socket failed");
			break;
		}
		/* Only the kernel (port 0) speaks on this group; drop truncated. */
		if (slen < sizeof(sender) || sender.nl_family != AF_NETLINK ||
		    sender.nl_pid != 0 || (size_t)n > sizeof(buf) - 1)
			continue;
		if (uevent_parse(buf, (size_t)n, &ev) != 0) {
			if (r->verbose)
				fprintf(stderr, "amdiommuctl: ignoring a malformed uevent (%zd bytes)\n", n);
			continue;
		}
		if (!relevant(&ev))
			continue;
		o = enrich(r, &ev);
		if (r->json)
			render_json(stdout, o, r->pretty);
		else
			print_text(o);
		json_object_put(o);
		fflush(stdout);
		seen++;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	nl_socket_free(sk);
	return rc;
}
