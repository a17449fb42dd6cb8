/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table: every command, its options and its help text. */
#ifndef AMDIOMMUCTL_CMD_H
#define AMDIOMMUCTL_CMD_H

#include <stdbool.h>
#include <json-c/json.h>

#include "host.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_PARTIAL = 3,
	EXIT_UNSUPPORTED = 4,
};

#define CMD_MAX_OPTS 16

struct cmd_opt {
	const char *name;  /* long option */
	char short_name;   /* 0: none */
	int has_arg;       /* no_argument, required_argument, optional_argument */
	const char *arg;   /* metavariable for help */
	const char *help;
};

struct run;

struct cmd {
	const char *name; /* "status", "show devices" */
	const char *args; /* positional synopsis, e.g. "[BDF...]" */
	const char *summary;
	const struct cmd_opt *opts; /* terminated by { NULL } */
	bool json;                  /* can produce JSON */
	int (*fn)(struct run *r, int argc, char **argv);
};

struct run {
	const struct cmd *cmd;
	bool json, pretty;
	int verbose;
	const char *root;
	const char *snapshot; /* --snapshot FILE, or NULL */
	struct host *h;
	/* option values by index into cmd->opts; NULL when not given */
	const char *opt[CMD_MAX_OPTS];
	bool has[CMD_MAX_OPTS];
};

/* Report an error: one line on stderr and, in JSON mode, an object on
 * stdout.  @err is a negative errno or 0.  Returns @code. */
int cmd_fail(struct run *r, int code, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Print {"schema_version":1, key: value, "unavailable": [...]}. */
int cmd_emit(struct run *r, const char *key, json_object *value,
	     json_object *unavailable);
/* The same with "bdf": @bdf after schema_version (show dte, show irt). */
int cmd_emit_for(struct run *r, const char *bdf, const char *key,
		 json_object *value, json_object *unavailable);
/* The exit code when a source cannot be read: 4 (not supported here) when
 * it is missing or closed to us (ENOENT, EPERM, EACCES), else 1. */
int cmd_source_exit(int err);
/* The same document with the array under @key written item by item
 * (render_json_stream_item/close); @unavailable is printed at close. */
struct json_stream;
struct json_stream *cmd_emit_stream(struct run *r, const char *key,
				    json_object *unavailable);

struct ctx;
struct column;
/* Turn rc 0 into EXIT_PARTIAL when anything was unavailable (listed on
 * stderr in table mode); ends @c. */
int cmd_finish(struct run *r, struct ctx *c, int rc);
/* Emit @arr under @key (JSON) or as a table (@empty, when set, is printed
 * instead of an empty table); takes @arr, ends @c like cmd_finish(). */
int cmd_list(struct run *r, struct ctx *c, const char *key, json_object *arr,
	     const struct column *cols, size_t ncols, const char *empty);

/*
 * Parse the command line (cli.c): global options, the command and its
 * options.  Returns -1 with @r filled (r->cmd set) and the argc and argv
 * narrowed to the operands of the command; otherwise the exit code of a run
 * that ends here (help, version, usage error; already printed).
 */
int cli_parse(struct run *r, int *argc, char ***argv);

extern const struct cmd commands[];
extern const unsigned ncommands;

/* cmd-show.c */
int cmd_status(struct run *r, int argc, char **argv);
int cmd_show_iommus(struct run *r, int argc, char **argv);
int cmd_show_devices(struct run *r, int argc, char **argv);
int cmd_show_dte(struct run *r, int argc, char **argv);
int cmd_show_groups(struct run *r, int argc, char **argv);
int cmd_show_domains(struct run *r, int argc, char **argv);

/* cmd-decode.c */
int cmd_show_irt(struct run *r, int argc, char **argv);
int cmd_show_cmdbuf(struct run *r, int argc, char **argv);
int cmd_show_events(struct run *r, int argc, char **argv);

/* cmd-alloc.c; option indexes into struct run's opt[]/has[] */
enum {
	ALLOC_OPT_DEVICE, ALLOC_OPT_PASID, ALLOC_OPT_DIRTY, ALLOC_OPT_NEST,
	ALLOC_OPT_FLAGS, ALLOC_OPT_MAP, ALLOC_OPT_HOLD, ALLOC_OPT_BIND,
	ALLOC_OPT_YES, ALLOC_OPT_DRY_RUN, ALLOC_OPT_MATRIX,
};
int cmd_alloc(struct run *r, int argc, char **argv);

/* cmd-snapshot.c */
enum { SNAPSHOT_OPT_OUTPUT, SNAPSHOT_OPT_INFO };
int cmd_snapshot(struct run *r, int argc, char **argv);

/* cmd-monitor.c */
enum { MONITOR_OPT_COUNT, MONITOR_OPT_TIMEOUT };
int cmd_monitor(struct run *r, int argc, char **argv);

#endif
