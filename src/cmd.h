/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Commands.  Each cmd-*.c exports its struct command (name, synopsis, its
 * own typed option struct and option table, what it records for a
 * snapshot, its run function); commands.c lists them; cli.c parses the
 * command line against that list and main.c dispatches.
 */
#ifndef AMDIOMMUCTL_CMD_H
#define AMDIOMMUCTL_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

#include "errors.h"
#include "host.h"

struct ctx;
struct column;

enum cmd_opt_type {
	CMD_OPT_FLAG,   /* bool field set to true */
	CMD_OPT_STRING, /* const char * field set to the argument */
	CMD_OPT_VALUE,  /* the argument parsed into the field by .parse */
};

/* One option of a command; the value lands in the command's option struct. */
struct cmd_opt {
	const char *name;  /* long option; NULL ends a table */
	char short_name;   /* 0: none */
	int has_arg;       /* no_argument, required_argument, optional_argument */
	const char *arg;   /* metavariable for help */
	const char *help;
	enum cmd_opt_type type;
	size_t offset;     /* of the field in the option struct */
	/* CMD_OPT_VALUE: 0 or -EINVAL; @arg is NULL for an absent optional value */
	int (*parse)(const char *arg, void *field);
	const char *want;  /* CMD_OPT_VALUE: a good value, for the usage error */
};

#define CMD_OPT_FLAG(l, s, T, field, help) \
	{ l, s, no_argument, NULL, help, CMD_OPT_FLAG, offsetof(T, field), NULL, NULL }
#define CMD_OPT_STRING(l, s, meta, T, field, help) \
	{ l, s, required_argument, meta, help, CMD_OPT_STRING, offsetof(T, field), NULL, NULL }
#define CMD_OPT_VALUE(l, s, meta, T, field, parse, want, help) \
	{ l, s, required_argument, meta, help, CMD_OPT_VALUE, offsetof(T, field), parse, want }
#define CMD_OPT_OPTIONAL(l, s, meta, T, field, parse, want, help) \
	{ l, s, optional_argument, meta, help, CMD_OPT_VALUE, offsetof(T, field), parse, want }
#define CMD_OPT_END { NULL }

#define CMD_MAX_OPTS 16

/* struct command.flags */
#define CMD_LIVE_ONLY 1 /* needs the running kernel: refuses --root and --snapshot */

struct run;

struct command {
	const char *name;    /* "status", "show devices" */
	const char *args;    /* positional synopsis, e.g. "[BDF...]" */
	const char *summary;
	const struct cmd_opt *opts;  /* NULL or ended by CMD_OPT_END */
	const void *opts_default;    /* the option struct before parsing */
	size_t opts_size;
	unsigned flags;
	int (*run)(struct run *r, int argc, char **argv);
	/*
	 * Read everything the command could read on this host, without
	 * printing (`snapshot` runs it against a recording host, so that
	 * --snapshot replays the command); NULL: it reads nothing replayable.
	 */
	void (*record)(struct ctx *c);
	/*
	 * Check the options and operands before the host is opened (a usage
	 * error comes before any live-kernel check); NULL: nothing to check.
	 * Returns 0 or the exit code of a message already printed.  It may
	 * set run.offline_ok: this run only reads, so a CMD_LIVE_ONLY command
	 * may read the --root tree.
	 */
	int (*check)(struct run *r, int argc, char **argv);
};

struct run {
	const struct command *cmd;
	bool json, pretty;
	int verbose;
	const char *root;
	const char *snapshot; /* --snapshot FILE, or NULL */
	bool offline_ok;      /* set by command.check: --root is fine this time */
	struct host *h;
	void *opts;           /* the command's option struct */
};

/* commands.c */
extern const struct command *const commands[];
extern const size_t ncommands;

/*
 * Parse the command line (cli.c): global options, the command and its
 * options.  Returns -1 with @r filled (r->cmd set, r->opts allocated) and
 * the argc and argv narrowed to the operands of the command; otherwise the
 * exit code of a run that ends here (help, version, usage error; already
 * printed).
 */
int cli_parse(struct run *r, int *argc, char ***argv);
void cli_free(struct run *r);

/* ---- output helpers of the commands (cmdutil.c) ------------------------------ */

/* Report an error: one line on stderr and, in JSON mode, an object on
 * stdout.  @err is a negative errno or 0.  Returns @code. */
int cmd_fail(struct run *r, int code, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Print {"schema_version":SCHEMA_VERSION, key: value, "unavailable": [...]}. */
int cmd_emit(struct run *r, const char *key, json_object *value,
	     json_object *unavailable);
/* The same with "bdf": @bdf after schema_version (show dte, show irt). */
int cmd_emit_for(struct run *r, const char *bdf, const char *key,
		 json_object *value, json_object *unavailable);
/* The same document with the array under @key written item by item
 * (render_json_stream_item/close); @unavailable is printed at close. */
struct json_stream;
struct json_stream *cmd_emit_stream(struct run *r, const char *key,
				    json_object *unavailable);
/* Turn rc 0 into EXIT_PARTIAL when anything was unavailable (listed on
 * stderr in table mode); ends @c. */
int cmd_finish(struct run *r, struct ctx *c, int rc);
/* Emit @arr under @key (JSON) or as a table (@empty, when set, is printed
 * instead of an empty table); takes @arr, ends @c like cmd_finish(). */
int cmd_list(struct run *r, struct ctx *c, const char *key, json_object *arr,
	     const struct column *cols, size_t ncols, const char *empty);
/* A usage error unless the command got no operands. */
int cmd_no_args(struct run *r, int argc);
/* A device's DTE or IRT could not be read (@err): say the real cause (no
 * AMD IOMMU, no such device, not behind an IOMMU, not in the capture, or
 * @table's hint for @err).  @what: "device table entry".  Ends nothing. */
struct errno_hint;
int cmd_device_failed(struct run *r, struct ctx *c, const struct bdf *b, int err,
		      const char *what, const struct errno_hint *table);
/* Parse exactly one BDF operand into @b and its canonical name. */
int cmd_one_bdf(struct run *r, int argc, char **argv, struct bdf *b, char name[BDF_STRLEN]);

#endif
