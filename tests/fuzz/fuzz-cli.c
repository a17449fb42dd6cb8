// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the command line: the input, split at newlines,
 * is argv[1..] for cli_parse() (global options, the command, its
 * options); when it names a command, the option values and operands go
 * through the parsers the command uses (optval_*(), bdf_parse()).
 * Output is sent to /dev/null.  Invariants: cli_parse() returns an exit
 * code or -1 with a command and operands inside argv; every accepted
 * value is in range and its canonical text parses to the same value.
 */
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "amd.h"
#include "cmd.h"
#include "fuzz.h"
#include "optval.h"

#define MAX_ARGS 64

static int devnull = -1, saved[2] = { -1, -1 };

static void quiet(bool on)
{
	fflush(stdout);
	fflush(stderr);
	for (int fd = 1; fd <= 2; fd++) {
		if (on) {
			saved[fd - 1] = dup(fd);
			dup2(devnull, fd);
		} else {
			dup2(saved[fd - 1], fd);
			close(saved[fd - 1]);
		}
	}
}

static void check_positive(const char *s, unsigned long max)
{
	unsigned long v, v2;
	char buf[32];

	if (optval_positive(s, max, &v))
		return;
	FUZZ_CHECK(v >= 1 && v <= max);
	snprintf(buf, sizeof(buf), "%lu", v);
	FUZZ_CHECK(optval_positive(buf, max, &v2) == 0 && v == v2);
}

static void check_value(const char *name, const char *s)
{
	char buf[32];
	uint32_t u, u2;
	uint64_t z, z2;
	int i, i2;
	struct bdf b;

	if (!strcmp(name, "count"))
		check_positive(s, ULONG_MAX);
	else if (!strcmp(name, "timeout"))
		check_positive(s, 100L * 365 * 86400);
	else if (!strcmp(name, "flags") && !optval_u32(s, &u)) {
		snprintf(buf, sizeof(buf), "0x%x", u);
		FUZZ_CHECK(optval_u32(buf, &u2) == 0 && u == u2);
	} else if (!strcmp(name, "map") && !optval_size(s, &z)) {
		FUZZ_CHECK(z >= 4096 && z <= 1ULL << 40 && z % 4096 == 0);
		snprintf(buf, sizeof(buf), "%lluK", (unsigned long long)(z >> 10));
		FUZZ_CHECK(optval_size(buf, &z2) == 0 && z == z2);
	} else if (!strcmp(name, "hold") && !optval_hold(s, &i)) {
		FUZZ_CHECK(i >= 0 && i <= 86400 * 365);
		snprintf(buf, sizeof(buf), "%d", i);
		FUZZ_CHECK(optval_hold(buf, &i2) == 0 && i == i2);
	} else if (!strcmp(name, "group") && !optval_group(s, &i)) {
		FUZZ_CHECK(i >= 0 && i <= 1 << 30);
		snprintf(buf, sizeof(buf), "%d", i);
		FUZZ_CHECK(optval_group(buf, &i2) == 0 && i == i2);
	} else if (!strcmp(name, "device")) {
		(void)bdf_parse(s, &b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *args[MAX_ARGS + 2], **argv = args;
	int argc = 1, rc;
	struct run r;
	struct bdf b;

	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	args[0] = (char *)"amdiommuctl";
	for (char *p = text; *p && argc <= MAX_ARGS;) {
		size_t n = strcspn(p, "\n");

		args[argc++] = p;
		p += n;
		if (*p)
			*p++ = '\0';
	}
	args[argc] = NULL;

	quiet(true);
	rc = cli_parse(&r, &argc, &argv);
	quiet(false);
	FUZZ_CHECK(rc >= -1 && rc <= EXIT_UNSUPPORTED);
	if (rc == -1) {
		FUZZ_CHECK(r.cmd && argc >= 0 && argv[argc] == NULL);
		FUZZ_CHECK(argv > args && argv + argc <= args + MAX_ARGS + 1);
		FUZZ_CHECK(!(r.root && r.snapshot));
		for (int i = 0; r.cmd->opts && r.cmd->opts[i].name; i++) {
			const struct cmd_opt *o = &r.cmd->opts[i];
			const char *s;

			if (o->type != CMD_OPT_STRING)
				continue;
			memcpy(&s, (char *)r.opts + o->offset, sizeof(s));
			if (s)
				check_value(o->name, s);
		}
		for (int i = 0; i < argc; i++)
			(void)bdf_parse(argv[i], &b);
	}
	cli_free(&r);
	free(text);
	return 0;
}
