// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "signals.h"

static volatile sig_atomic_t got_signal;
static struct sigaction old_act[3];
static const int handled[3] = { SIGINT, SIGTERM, SIGHUP };
static bool installed;

static void on_signal(int sig)
{
	/* async-signal-safe: only record it */
	if (!got_signal)
		got_signal = sig;
}

void signals_install(void)
{
	struct sigaction sa;

	if (installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: blocking calls return EINTR */
	for (int i = 0; i < 3; i++)
		sigaction(handled[i], &sa, &old_act[i]);
	installed = true;
}

void signals_restore(void)
{
	if (!installed)
		return;
	for (int i = 0; i < 3; i++)
		sigaction(handled[i], &old_act[i], NULL);
	installed = false;
}

int signals_received(void)
{
	return got_signal;
}

const char *signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "signal";
	}
}

static void block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (int i = 0; i < 3; i++)
		sigaddset(&set, handled[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

int signals_poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	sigset_t old;
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };
	int r;

	block(&old);
	if (got_signal) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = EINTR;
		return -1;
	}
	r = ppoll(fds, n, timeout_ms < 0 ? NULL : &ts, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

void signals_sleep_ms(long ms)
{
	signals_poll(NULL, 0, (int)ms);
}

int signals_wait(int seconds)
{
	struct timespec end, now;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	while (!got_signal) {
		long left_ms = -1;

		if (seconds > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left_ms = (long)(end.tv_sec - now.tv_sec) * 1000 +
				  (end.tv_nsec - now.tv_nsec) / 1000000;
			if (left_ms <= 0)
				break;
		}
		signals_poll(NULL, 0, left_ms > 1000000 ? 1000000 : (int)left_ms);
	}
	return got_signal;
}
