// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl monitor: listen to the kernel's uevents on a
 * NETLINK_KOBJECT_UEVENT socket (libnl-3; no udevd needed) and print one
 * line per add/remove/bind/unbind/change of a PCI device, an IOMMU group,
 * a VFIO group node or a vfio-dev cdev, with the device's group, group
 * type, driver and a fresh read of its DTE (model-uevent.c).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "optval.h"
#include "render.h"
#include "signals.h"
#include "uevent.h"
#include "util.h"

struct monitor_opts {
	unsigned long count, timeout;
};

static int parse_count(const char *s, void *v)
{
	return optval_positive(s, ULONG_MAX, v);
}

static int parse_timeout(const char *s, void *v)
{
	return optval_positive(s, 100L * 365 * 86400, v);
}

static const struct monitor_opts defaults;

static const struct cmd_opt opts[] = {
	CMD_OPT_VALUE("count", 0, "N", struct monitor_opts, count, parse_count,
		      "a whole number of events, 1 or more", "stop after N events"),
	CMD_OPT_VALUE("timeout", 0, "S", struct monitor_opts, timeout, parse_timeout,
		      "a whole number of seconds, 1 or more", "stop after S seconds"),
	CMD_OPT_END
};

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

/* The kernel's uevent multicast group, as a libnl-3 socket; NULL and an
 * error already reported when it cannot be opened. */
static struct nl_sock *open_socket(struct run *r, int *rc)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err;

	if (!sk) {
		*rc = cmd_fail(r, EXIT_ERROR, -ENOMEM, "cannot allocate a netlink socket");
		return NULL;
	}
	nl_socket_disable_seq_check(sk);
	nl_join_groups(sk, 1);
	errno = 0;
	err = nl_connect(sk, NETLINK_KOBJECT_UEVENT);
	if (err < 0) {
		int e = errno ? errno : EPERM;

		nl_socket_free(sk);
		*rc = cmd_fail(r, EXIT_ERROR, -e,
			       "cannot open the uevent netlink socket (NETLINK_KOBJECT_UEVENT): %s (%s)",
			       nl_geterror(err), errno_name(-e));
		return NULL;
	}
	nl_socket_set_buffer_size(sk, 1 << 20, 0);
	return sk;
}

/* Receive one message: 1 an event in @ev, 0 nothing to show, <0 -errno. */
static int receive(struct run *r, int fd, char *buf, size_t size, struct uevent *ev)
{
	struct sockaddr_nl sender;
	socklen_t slen = sizeof(sender);
	ssize_t n = recvfrom(fd, buf, size - 1, MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&sender, &slen);

	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return 0;
		if (errno == ENOBUFS) {
			fprintf(stderr, "amdiommuctl: uevent socket overrun: events were lost\n");
			return 0;
		}
		return -errno;
	}
	/* Only the kernel (port 0) speaks on this group; drop truncated. */
	if (slen < sizeof(sender) || sender.nl_family != AF_NETLINK ||
	    sender.nl_pid != 0 || (size_t)n > size - 1)
		return 0;
	if (uevent_parse(buf, (size_t)n, ev) != 0) {
		if (r->verbose)
			fprintf(stderr, "amdiommuctl: ignoring a malformed uevent (%zd bytes)\n", n);
		return 0;
	}
	return uevent_relevant(ev);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int watch(struct run *r, struct ctx *c, int fd, const struct monitor_opts *o)
{
	static char buf[UEVENT_MAX_LEN + 1];
	long long deadline = o->timeout ? now_ms() + (long long)o->timeout * 1000 : 0;
	unsigned long seen = 0;

	while (!signals_received() && (!o->count || seen < o->count)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct uevent ev;
		json_object *j;
		int wait = -1, pr;

		if (o->timeout) {
			long long left = deadline - now_ms();

			if (left <= 0)
				break;
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		pr = signals_poll(&pfd, 1, wait);
		if (pr < 0 && errno != EINTR)
			return cmd_fail(r, EXIT_ERROR, -errno, "poll on the uevent socket failed");
		if (pr <= 0)
			continue;
		pr = receive(r, fd, buf, sizeof(buf), &ev);
		if (pr < 0)
			return cmd_fail(r, EXIT_ERROR, pr, "reading the uevent socket failed");
		if (!pr)
			continue;
		j = collect_uevent(c, &ev);
		if (r->json)
			render_json(stdout, j, r->pretty);
		else
			print_text(j);
		json_object_put(j);
		fflush(stdout);
		seen++;
	}
	return EXIT_OK;
}

static int run(struct run *r, int argc, char **argv)
{
	struct nl_sock *sk;
	struct ctx c;
	int rc;

	(void)argv;
	if ((rc = cmd_no_args(r, argc)))
		return rc;
	sk = open_socket(r, &rc);
	if (!sk)
		return rc;
	ctx_init(&c, r->h);
	signals_install();
	if (!r->json)
		fprintf(stderr, "amdiommuctl: monitoring uevents (Ctrl-C to stop)\n");
	rc = watch(r, &c, nl_socket_get_fd(sk), r->opts);
	signals_restore();
	ctx_fini(&c);
	nl_socket_free(sk);
	return rc;
}

const struct command cmd_monitor = {
	.name = "monitor",
	.args = "",
	.summary = "print PCI/IOMMU group/VFIO uevents with the device's group, driver and fresh DTE",
	.opts = opts,
	.opts_default = &defaults,
	.opts_size = sizeof(defaults),
	.flags = CMD_LIVE_ONLY,
	.run = run,
};
