/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIGINT, SIGTERM and SIGHUP for the commands that must clean up before
 * they end (alloc, monitor): the handler only records the signal (no
 * SA_RESTART, so blocking calls return EINTR); waits are race free.
 */
#ifndef AMDIOMMUCTL_SIGNALS_H
#define AMDIOMMUCTL_SIGNALS_H

#include <poll.h>

void signals_install(void);
void signals_restore(void);
/* The first signal received since install, or 0. */
int signals_received(void);
/* "SIGINT", "SIGTERM", "SIGHUP", "signal". */
const char *signal_name(int sig);
/* Sleep @ms, or less when a signal arrives. */
void signals_sleep_ms(long ms);
/* Wait for a signal, or @seconds (0: forever).  Returns the signal or 0. */
int signals_wait(int seconds);
/* poll(2) that also returns (-1, EINTR) for a signal that arrived before
 * the call, not only during it. */
int signals_poll(struct pollfd *fds, nfds_t n, int timeout_ms);

#endif
