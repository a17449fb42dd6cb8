// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * atomic-file.c: the file is replaced whole or not at all, the temporary
 * file never stays behind, the mode is the one asked for whatever the
 * umask.  Works in a fresh directory under $TMPDIR.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic-file.h"
#include "tap.h"

static char dir[256];

/* The names in the directory, sorted by the caller's expectation: a
 * space-separated list ("" when empty). */
static const char *listing(void)
{
	static char buf[512];
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			strncat(buf, buf[0] ? " " : "", sizeof(buf) - strlen(buf) - 1);
			strncat(buf, ents[i]->d_name, sizeof(buf) - strlen(buf) - 1);
		}
		free(ents[i]);
	}
	free(ents);
	return buf;
}

static const char *content(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return f ? buf : "(missing)";
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	struct atomic_file a;
	char path[300], sub[300];
	struct stat st;
	int err;

	snprintf(dir, sizeof(dir), "%s/test-atomic.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!ok(mkdtemp(dir) != NULL, "a scratch directory"))
		return done_testing();
	snprintf(path, sizeof(path), "%s/x.prom", dir);

	/* a new file */
	umask(077);
	err = atomic_file_open(&a, path, 0644);
	ok(!err && a.f, "open: 0");
	ok(strlen(listing()) == strlen("x.prom.XXXXXX") && !strncmp(listing(), "x.prom.", 7),
	   "open: only the temporary x.prom.XXXXXX exists (%s)", listing());
	fputs("one\n", a.f);
	ok(atomic_file_commit(&a) == 0, "commit: 0");
	is_str(content(path), "one\n", "commit: the file holds what was written");
	is_str(listing(), "x.prom", "commit: no temporary file left");
	/* stat() first: the arguments of ok() are evaluated in any order */
	memset(&st, 0, sizeof(st));
	err = stat(path, &st);
	ok(!err && (st.st_mode & 0777) == 0644, "mode 0644 under umask 077 (%o)",
	   (unsigned)(st.st_mode & 0777));

	/* replace it; until the commit the old content is there */
	ok(!atomic_file_open(&a, path, 0600), "open again");
	fputs("two\n", a.f);
	fflush(a.f);
	is_str(content(path), "one\n", "before the commit the old file is untouched");
	ok(atomic_file_commit(&a) == 0, "commit again");
	is_str(content(path), "two\n", "replaced");
	err = stat(path, &st);
	ok(!err && (st.st_mode & 0777) == 0600, "mode 0600 as asked");

	/* abort: the old file stays, the temporary goes */
	ok(!atomic_file_open(&a, path, 0644), "open a third time");
	fputs("three\n", a.f);
	atomic_file_abort(&a);
	is_str(content(path), "two\n", "abort: the old file stays");
	is_str(listing(), "x.prom", "abort: no temporary file left");

	/* rename fails: the target is a non-empty directory */
	snprintf(sub, sizeof(sub), "%s/d.prom", dir);
	mkdir(sub, 0755);
	snprintf(path, sizeof(path), "%s/d.prom/keep", dir);
	fclose(fopen(path, "w"));
	ok(!atomic_file_open(&a, sub, 0644), "open over a directory");
	fputs("four\n", a.f);
	err = atomic_file_commit(&a);
	ok(err == -EISDIR || err == -ENOTEMPTY, "commit over a directory: -EISDIR (%d)", err);
	is_str(a.failed, "rename", "the step that failed: rename");
	is_str(listing(), "d.prom x.prom", "the directory stays, no temporary file left");

	/* the directory does not exist */
	snprintf(path, sizeof(path), "%s/none/x.prom", dir);
	err = atomic_file_open(&a, path, 0644);
	ok(err == -ENOENT && !strcmp(a.failed, "mkstemp") && !a.f && !a.tmp,
	   "a missing directory: -ENOENT from mkstemp, nothing open");

	/* a write error: the disk is full (/dev/full): the old file stays */
	if (!access("/dev/full", W_OK)) {
		FILE *full;

		snprintf(path, sizeof(path), "%s/x.prom", dir);
		ok(!atomic_file_open(&a, path, 0644), "open for a failing write");
		full = fopen("/dev/full", "w");
		fclose(a.f);
		a.f = full; /* writes now fail with ENOSPC */
		fputs("five\n", a.f);
		err = atomic_file_commit(&a);
		ok(err == -ENOSPC && !strcmp(a.failed, "write"), "a failing write: -ENOSPC (%d)", err);
		is_str(content(path), "two\n", "a failing write: the old file stays");
		is_str(listing(), "d.prom x.prom", "a failing write: no temporary file left");
	}

	unlink(path);
	snprintf(path, sizeof(path), "%s/x.prom", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/d.prom/keep", dir);
	unlink(path);
	rmdir(sub);
	ok(rmdir(dir) == 0, "scratch directory removed");
	return done_testing();
}
