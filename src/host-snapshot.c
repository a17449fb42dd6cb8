// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Snapshot backends.
 *
 * The recorder wraps another host (live or --root), forwards every
 * operation and keeps its result, errors included, in a table of
 * records.  `amdiommuctl snapshot` runs the normal collectors against it
 * and writes the table; the replay backend (--snapshot FILE) answers the
 * same operations from the file, read only like --root.
 *
 * File format, version 1 (text framing, binary-safe payloads):
 *
 *   amdiommuctl-snapshot 1\n
 *   key: value\n ...          created, hostname, kernel, tool, records
 *   \n
 *   KIND LEN A B PATH\n  LEN bytes  \n     ("records" times)
 *   end\n
 *
 * KIND  F file (A: original length, B: pad byte; bytes beyond LEN up to
 *         A are B, so trailing 0x00/0xff runs of config space are not
 *         stored), L link target, D directory (names, each + "\n"),
 *         X exists, S debugfs selector reads merged (devtbl rows, mmio
 *         "Offset:" lines), r/l/d/x/s: read/readlink/list/exists/select
 *         failed with errno A (s: the payload is the selector written).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host-internal.h"
#include "host-snapshot.h"
#include "kmsg.h"
#include "util.h"

#define SNAP_MAX_FILE (512u << 20)
#define SNAP_MAX_RECORDS 10000000u
#define SNAP_MAX_DATA (64u << 20)
#define SNAP_MAX_PATH 4096u
#define SNAP_MAX_META 64

struct rec {
	char kind;
	int err;       /* error kinds: positive errno */
	size_t full;   /* F: original length */
	int pad;       /* F: fill byte beyond len */
	char *path;
	char *sel;     /* s: the selector; "" otherwise */
	char *data;
	size_t len;
	char *last;    /* recorder, S: last raw text merged */
};

struct table {
	struct rec **v;
	size_t n, cap;
	size_t *slot; /* index + 1; 0 free */
	size_t nslot;
};

struct snap_host {
	struct host h;
	struct table t;
	struct host *inner; /* recorder only; not owned */
};

static size_t rec_hash(char kind, const char *path, const char *sel)
{
	size_t x = 1469598103934665603ull ^ (unsigned char)kind;

	for (const char *p = path; *p; p++)
		x = (x ^ (unsigned char)*p) * 1099511628211ull;
	x = (x ^ 0xff) * 1099511628211ull;
	for (const char *p = sel; *p; p++)
		x = (x ^ (unsigned char)*p) * 1099511628211ull;
	return x;
}

static struct rec *tfind(const struct table *t, char kind, const char *path,
			 const char *sel)
{
	if (!t->nslot)
		return NULL;
	for (size_t i = rec_hash(kind, path, sel) & (t->nslot - 1);; i = (i + 1) & (t->nslot - 1)) {
		struct rec *r;

		if (!t->slot[i])
			return NULL;
		r = t->v[t->slot[i] - 1];
		if (r->kind == kind && !strcmp(r->path, path) && !strcmp(r->sel, sel))
			return r;
	}
}

static void tinsert_slot(struct table *t, size_t idx)
{
	struct rec *r = t->v[idx];
	size_t i = rec_hash(r->kind, r->path, r->sel) & (t->nslot - 1);

	while (t->slot[i])
		i = (i + 1) & (t->nslot - 1);
	t->slot[i] = idx + 1;
}

/* Takes ownership of @r. */
static void tadd(struct table *t, struct rec *r)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n++] = r;
	if (t->n * 2 > t->nslot) {
		free(t->slot);
		t->nslot = t->nslot ? t->nslot * 2 : 512;
		while (t->n * 2 > t->nslot)
			t->nslot *= 2;
		t->slot = xzalloc(t->nslot * sizeof(*t->slot));
		for (size_t i = 0; i < t->n; i++)
			tinsert_slot(t, i);
	} else {
		tinsert_slot(t, t->n - 1);
	}
}

static void rec_free(struct rec *r)
{
	free(r->path);
	free(r->sel);
	free(r->data);
	free(r->last);
	free(r);
}

static void tfree(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		rec_free(t->v[i]);
	free(t->v);
	free(t->slot);
}

static struct rec *rec_new(char kind, const char *path, const char *sel)
{
	struct rec *r = xzalloc(sizeof(*r));

	r->kind = kind;
	r->path = xstrdup(path);
	r->sel = xstrdup(sel ? sel : "");
	return r;
}

static struct table *tab(struct host *h)
{
	return &((struct snap_host *)h)->t;
}

static bool has(struct host *h, char kind, const char *path)
{
	return tfind(tab(h), kind, path, "") != NULL;
}

/* ---- replay -------------------------------------------------------------- */

static int err_of(struct host *h, char kind, const char *path)
{
	struct rec *r = tfind(tab(h), kind, path, "");

	return r ? -r->err : 0;
}

static int snap_read(struct host *h, const char *path, size_t max, char **buf,
		     size_t *lenp)
{
	struct rec *r = tfind(tab(h), 'F', path, "");
	size_t n, m;
	char *b;
	int err;

	if (!r) {
		if ((err = err_of(h, 'r', path)))
			return err;
		return has(h, 'D', path) ? -EISDIR : -ENOENT;
	}
	n = r->full < max ? r->full : max;
	m = r->len < n ? r->len : n;
	b = xmalloc(n + 1);
	memcpy(b, r->data, m);
	memset(b + m, r->pad, n - m);
	b[n] = '\0';
	*buf = b;
	if (lenp)
		*lenp = n;
	return 0;
}

static int snap_readlink(struct host *h, const char *path, char **target)
{
	struct rec *r = tfind(tab(h), 'L', path, "");
	int err;

	if (r) {
		*target = xstrdup(r->data);
		return 0;
	}
	if ((err = err_of(h, 'l', path)))
		return err;
	return has(h, 'F', path) || has(h, 'D', path) ? -EINVAL : -ENOENT;
}

static int snap_list(struct host *h, const char *path, char ***names, size_t *n)
{
	struct rec *r = tfind(tab(h), 'D', path, "");
	char **v = NULL;
	size_t cnt = 0;
	int err;

	if (!r) {
		if ((err = err_of(h, 'd', path)))
			return err;
		return has(h, 'F', path) ? -ENOTDIR : -ENOENT;
	}
	for (const char *p = r->data; *p;) {
		size_t l = strcspn(p, "\n");

		v = xrealloc(v, (cnt + 1) * sizeof(*v));
		v[cnt++] = xstrndup(p, l);
		p += l + (p[l] == '\n');
	}
	*names = v;
	*n = cnt;
	return 0;
}

/* Does the recorded listing of @path's directory name it? */
static bool listed(struct host *h, const char *path)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir;
	struct rec *r;
	size_t bl;

	if (!slash || slash == path)
		return false;
	dir = xstrndup(path, (size_t)(slash - path));
	r = tfind(tab(h), 'D', dir, "");
	free(dir);
	base = slash + 1;
	bl = strlen(base);
	for (const char *p = r ? r->data : NULL; p && *p;) {
		size_t l = strcspn(p, "\n");

		if (l == bl && !memcmp(p, base, l))
			return true;
		p += l + (p[l] == '\n');
	}
	return false;
}

static int snap_exists(struct host *h, const char *path)
{
	static const char kinds[] = "rld";
	int err;

	if (has(h, 'X', path) || has(h, 'F', path) || has(h, 'L', path) ||
	    has(h, 'D', path))
		return 0;
	if ((err = err_of(h, 'x', path)))
		return err;
	for (const char *k = kinds; *k; k++) {
		err = err_of(h, *k, path);
		if (err && err != -ENOENT && err != -ENOTDIR)
			return 0;
	}
	return listed(h, path) ? 0 : -ENOENT;
}

static int snap_write(struct host *h, const char *path, const char *text)
{
	(void)h, (void)path, (void)text;
	return -EROFS;
}

static int snap_select_view(struct host *h, const char *sel, const char *path,
			    const char **text)
{
	struct rec *r = tfind(tab(h), 's', path, sel);

	if (r)
		return -r->err;
	r = tfind(tab(h), 'S', path, "");
	if (!r)
		return -ENOENT;
	*text = r->data;
	return 0;
}

static int snap_kmsg(struct host *h, char **buf, size_t *len)
{
	return host_read_max(h, "/dev/kmsg", 64 << 20, buf, len);
}

static int snap_select_read(struct host *h, const char *sel_path,
			    const char *sel, const char *path, char **buf)
{
	const char *text = NULL;
	int err = snap_select_view(h, sel, path, &text);

	(void)sel_path;
	if (!err)
		*buf = xstrdup(text);
	return err;
}

static void snap_close(struct host *h)
{
	tfree(tab(h));
	free(h->root);
	free(h);
}

static const struct host_ops snapshot_ops = {
	.name = "snapshot",
	.read = snap_read,
	.readlink = snap_readlink,
	.list = snap_list,
	.exists = snap_exists,
	.write = snap_write,
	.select_read = snap_select_read,
	.select_view = snap_select_view,
	.kmsg = snap_kmsg,
	.close = snap_close,
};

/* ---- parsing ------------------------------------------------------------- */

struct parser {
	const char *buf;
	size_t n, pos;
	char *err;
};

static bool fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (p->err)
		return false;
	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	p->err = xasprintf("corrupt snapshot at byte %zu: %s", p->pos, m ? m : "?");
	free(m);
	return false;
}

/* Next line (without "\n") of at most @max bytes; NULL at error. */
static const char *next_line(struct parser *p, size_t max, size_t *len)
{
	const char *s = p->buf + p->pos;
	size_t left = p->n - p->pos;
	const char *nl = memchr(s, '\n', left < max + 1 ? left : max + 1);

	if (!nl) {
		fail(p, left <= max ? "truncated (line without end)" : "line too long");
		return NULL;
	}
	*len = (size_t)(nl - s);
	if (memchr(s, '\0', *len)) {
		fail(p, "NUL byte in a header line");
		return NULL;
	}
	p->pos += *len + 1;
	return s;
}

/* Strict decimal: digits only, no sign, at most @limit. */
static const char *parse_num(const char *s, const char *end, size_t limit,
			     size_t *val)
{
	size_t v = 0;
	const char *p = s;

	while (p < end && *p >= '0' && *p <= '9') {
		if (v > (limit - (size_t)(*p - '0')) / 10)
			return NULL;
		v = v * 10 + (size_t)(*p - '0');
		p++;
	}
	if (p == s || p - s > 12)
		return NULL;
	*val = v;
	return p;
}

static bool path_ok(const char *s, size_t n)
{
	if (!n || s[0] != '/' || n > SNAP_MAX_PATH || memchr(s, '\0', n))
		return false;
	if (memmem(s, n, "/../", 4) || (n >= 3 && !memcmp(s + n - 3, "/..", 3)))
		return false;
	return true;
}

static char *meta_dup(const char *s, size_t n)
{
	char *v = xstrndup(s, n);

	for (char *c = v; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return v;
}

static bool parse_header(struct parser *p, struct snapshot_meta *m)
{
	static const char magic[] = SNAPSHOT_MAGIC " ";
	const char *l;
	size_t len, ver;
	bool have_records = false;

	if (p->n == 0)
		return fail(p, "empty file");
	if (p->n < sizeof(magic) - 1 || memcmp(p->buf, magic, sizeof(magic) - 1))
		return fail(p, "not an amdiommuctl snapshot (bad magic)");
	if (!(l = next_line(p, 64, &len)))
		return false;
	if (parse_num(l + sizeof(magic) - 1, l + len, 1000000, &ver) != l + len)
		return fail(p, "bad format version");
	if (ver != SNAPSHOT_VERSION)
		return fail(p, "unsupported format version %zu (this amdiommuctl reads version %d)",
			    ver, SNAPSHOT_VERSION);
	for (int i = 0;; i++) {
		const char *colon;
		char **dst = NULL;

		if (i > SNAP_MAX_META)
			return fail(p, "too many header lines");
		if (!(l = next_line(p, 4096, &len)))
			return false;
		if (!len)
			break;
		colon = memchr(l, ':', len);
		if (!colon || colon + 1 >= l + len || colon[1] != ' ')
			return fail(p, "bad header line");
		len -= (size_t)(colon + 2 - l);
#define KEY(k) ((size_t)(colon - l) == sizeof(k) - 1 && !memcmp(l, k, sizeof(k) - 1))
		if (KEY("created"))
			dst = &m->created;
		else if (KEY("hostname"))
			dst = &m->hostname;
		else if (KEY("kernel"))
			dst = &m->kernel;
		else if (KEY("tool"))
			dst = &m->tool;
		else if (KEY("records")) {
			if (parse_num(colon + 2, colon + 2 + len, SNAP_MAX_RECORDS, &m->records) !=
			    colon + 2 + len)
				return fail(p, "bad record count");
			have_records = true;
		}
#undef KEY
		if (dst) {
			free(*dst);
			*dst = meta_dup(colon + 2, len);
		}
	}
	if (!have_records)
		return fail(p, "no record count in the header");
	return true;
}

static bool parse_record(struct parser *p, struct table *t, size_t idx)
{
	const char *l, *q, *end;
	size_t len, dlen, a, b;
	char kind;
	struct rec *r;
	const char *data;

	if (!(l = next_line(p, SNAP_MAX_PATH + 64, &len)))
		return false;
	end = l + len;
	kind = len ? l[0] : 0;
	if (!kind || !strchr("FLDXSrldxs", kind) || len < 2 || l[1] != ' ')
		return fail(p, "record %zu: bad kind", idx);
	if (!(q = parse_num(l + 2, end, SNAP_MAX_DATA, &dlen)) || q >= end || *q++ != ' ' ||
	    !(q = parse_num(q, end, SNAP_MAX_DATA, &a)) || q >= end || *q++ != ' ' ||
	    !(q = parse_num(q, end, SNAP_MAX_DATA, &b)) || q >= end || *q++ != ' ')
		return fail(p, "record %zu: bad header", idx);
	if (!path_ok(q, (size_t)(end - q)))
		return fail(p, "record %zu: bad path", idx);
	if (dlen >= p->n - p->pos)
		return fail(p, "record %zu: length %zu exceeds the file", idx, dlen);
	data = p->buf + p->pos;
	if (data[dlen] != '\n')
		return fail(p, "record %zu: no newline after the data", idx);
	switch (kind) {
	case 'F':
		if (a < dlen || b > 255)
			return fail(p, "record %zu: bad file length or pad byte", idx);
		break;
	case 'r': case 'l': case 'd': case 'x': case 's':
		if (a < 1 || a > 4095 || b)
			return fail(p, "record %zu: bad errno", idx);
		if (kind != 's' && dlen)
			return fail(p, "record %zu: error record with data", idx);
		break;
	default:
		if (a || b || (kind == 'X' && dlen))
			return fail(p, "record %zu: bad header", idx);
	}
	if (kind != 'F' && memchr(data, '\0', dlen))
		return fail(p, "record %zu: NUL byte in text data", idx);
	{
		char *path = xstrndup(q, (size_t)(end - q));
		char *sel = kind == 's' ? xstrndup(data, dlen) : xstrdup("");

		if (tfind(t, kind, path, sel)) {
			free(path), free(sel);
			return fail(p, "record %zu: duplicate record", idx);
		}
		r = xzalloc(sizeof(*r));
		r->kind = kind;
		r->path = path;
		r->sel = sel;
	}
	if (kind == 'F') {
		r->full = a;
		r->pad = (int)b;
	} else if (kind != 'F' && kind >= 'a') {
		r->err = (int)a;
	}
	r->data = xmalloc(dlen + 1);
	memcpy(r->data, data, dlen);
	r->data[dlen] = '\0';
	r->len = dlen;
	tadd(t, r);
	p->pos += dlen + 1;
	return true;
}

static int load(const char *file, struct table *t, struct snapshot_meta *m,
		char **err)
{
	FILE *f = fopen(file, "rb");
	struct parser p = { 0 };
	struct stat st;
	char *buf;
	size_t got;
	int e;

	if (!f) {
		e = -errno;
		*err = xasprintf("%s", strerror(-e));
		return e;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		*err = xasprintf("a directory: --snapshot takes a file written by 'amdiommuctl snapshot' "
				 "(a captured tree goes to --root)");
		return -EISDIR;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		*err = xasprintf("not a regular file");
		return -EINVAL;
	}
	if ((unsigned long long)st.st_size > SNAP_MAX_FILE) {
		fclose(f);
		*err = xasprintf("file too large for a snapshot");
		return -EFBIG;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	got = fread(buf, 1, (size_t)st.st_size, f);
	e = ferror(f) ? -EIO : 0;
	fclose(f);
	if (e) {
		free(buf);
		*err = xasprintf("read error");
		return e;
	}
	buf[got] = '\0';
	p.buf = buf;
	p.n = got;
	memset(m, 0, sizeof(*m));
	m->bytes = got;
	if (parse_header(&p, m)) {
		size_t len;
		const char *l;

		for (size_t i = 0; i < m->records; i++)
			if (!parse_record(&p, t, i + 1))
				break;
		if (!p.err && (!(l = next_line(&p, 8, &len)) || len != 3 || memcmp(l, "end", 3)))
			fail(&p, "missing end line (truncated?)");
		if (!p.err && p.pos != p.n)
			fail(&p, "data after the end line");
	}
	free(buf);
	if (p.err) {
		*err = p.err;
		snapshot_meta_free(m);
		return -EINVAL;
	}
	return 0;
}

void snapshot_meta_free(struct snapshot_meta *m)
{
	free(m->created);
	free(m->hostname);
	free(m->kernel);
	free(m->tool);
	memset(m, 0, sizeof(*m));
}

int snapshot_info(const char *file, struct snapshot_meta *m, char **err)
{
	struct table t = { 0 };
	int e = load(file, &t, m, err);

	tfree(&t);
	return e;
}

struct host *host_open_snapshot(const char *file, char **err, int *errnum)
{
	struct snap_host *s = xzalloc(sizeof(*s));
	struct snapshot_meta m;
	int e = load(file, &s->t, &m, err);

	if (e) {
		tfree(&s->t);
		free(s);
		*errnum = e;
		return NULL;
	}
	snapshot_meta_free(&m);
	s->h.ops = &snapshot_ops;
	s->h.lock_fd = -1;
	s->h.read_only = true;
	return &s->h;
}

/* ---- recording ----------------------------------------------------------- */

static struct host *inner(struct host *h)
{
	return ((struct snap_host *)h)->inner;
}

static void record_err(struct host *h, char kind, const char *path,
		       const char *sel, int err)
{
	struct rec *r;

	if (tfind(tab(h), kind, path, sel ? sel : ""))
		return;
	r = rec_new(kind, path, sel);
	r->err = -err;
	r->data = xstrdup(sel ? sel : "");
	r->len = strlen(r->data);
	tadd(tab(h), r);
}

/* Only the first "flags" line of /proc/cpuinfo is kept. */
static char *reduce_cpuinfo(const char *b, size_t *len)
{
	const char *f = strstr(b, "\nflags");
	char *out;

	if (!f)
		out = xstrdup("");
	else
		out = xasprintf("processor\t: 0\n%.*s\n", (int)strcspn(f + 1, "\n"), f + 1);
	*len = strlen(out);
	return out;
}

/* /proc/interrupts without the per-CPU counts: "IRQ: chip ...". */
static char *reduce_interrupts(const char *b, size_t *len)
{
	size_t cap = 2 * strlen(b) + 16, n = 0;
	char *out = xmalloc(cap);
	const char *p = b;

	/* the CPU header line has no colon and goes too */
	while (*p) {
		size_t l = strcspn(p, "\n");
		const char *e = p + l, *c = memchr(p, ':', l), *q;

		if (c) {
			/* skip the all-digit words after the colon */
			for (q = c + 1;;) {
				const char *w = q, *d;

				while (w < e && *w == ' ')
					w++;
				for (d = w; d < e && *d >= '0' && *d <= '9'; d++)
					;
				if (d > w && (d == e || *d == ' ')) {
					q = d;
					continue;
				}
				q = w;
				break;
			}
			while (p < c && *p == ' ')
				p++;
			n += (size_t)snprintf(out + n, cap - n, "%.*s: %.*s\n", (int)(c - p), p,
					      (int)(e - q), q);
		}
		p = *e ? e + 1 : e;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

static int rec_read(struct host *h, const char *path, size_t max, char **buf,
		    size_t *lenp)
{
	size_t len = 0;
	int err = inner(h)->ops->read(inner(h), path, max, buf, &len);
	struct rec *r;
	char *data;

	if (lenp)
		*lenp = len;
	if (err) {
		record_err(h, 'r', path, NULL, err);
		return err;
	}
	if (!strcmp(path, "/proc/cpuinfo"))
		data = reduce_cpuinfo(*buf, &len);
	else if (!strcmp(path, "/proc/interrupts"))
		data = reduce_interrupts(*buf, &len);
	else {
		data = xmalloc(len + 1);
		memcpy(data, *buf, len);
		data[len] = '\0';
	}
	r = tfind(tab(h), 'F', path, "");
	if (r && r->full >= len) {
		free(data);
		return 0;
	}
	if (!r) {
		r = rec_new('F', path, NULL);
		tadd(tab(h), r);
	}
	free(r->data);
	r->data = data;
	r->full = r->len = len;
	/* config space: drop a trailing run of 0x00 or 0xff bytes */
	if (len >= 32) {
		unsigned char last = (unsigned char)data[len - 1];
		size_t keep = len;

		if (last == 0 || last == 0xff) {
			while (keep && (unsigned char)data[keep - 1] == last)
				keep--;
			if (len - keep >= 16) {
				r->len = keep;
				r->pad = last;
			}
		}
	}
	return 0;
}

static int rec_readlink(struct host *h, const char *path, char **target)
{
	int err = inner(h)->ops->readlink(inner(h), path, target);
	struct rec *r;

	if (err) {
		record_err(h, 'l', path, NULL, err);
		return err;
	}
	if (!tfind(tab(h), 'L', path, "") && !strchr(*target, '\n')) {
		r = rec_new('L', path, NULL);
		r->data = xstrdup(*target);
		r->len = strlen(r->data);
		tadd(tab(h), r);
	}
	return 0;
}

static int rec_list(struct host *h, const char *path, char ***names, size_t *n)
{
	int err = inner(h)->ops->list(inner(h), path, names, n);
	size_t len = 0;
	struct rec *r;

	if (err) {
		record_err(h, 'd', path, NULL, err);
		return err;
	}
	if (tfind(tab(h), 'D', path, ""))
		return 0;
	r = rec_new('D', path, NULL);
	for (size_t i = 0; i < *n; i++)
		len += strlen((*names)[i]) + 1;
	r->data = xmalloc(len + 1);
	r->data[0] = '\0';
	for (size_t i = 0; i < *n; i++) {
		/* sysfs names never hold a newline; one that does is dropped */
		if (strchr((*names)[i], '\n'))
			continue;
		strcat(r->data + r->len, (*names)[i]);
		r->len += strlen((*names)[i]);
		r->data[r->len++] = '\n';
		r->data[r->len] = '\0';
	}
	tadd(tab(h), r);
	return 0;
}

static int rec_exists(struct host *h, const char *path)
{
	int err = inner(h)->ops->exists(inner(h), path);

	if (err)
		record_err(h, 'x', path, NULL, err);
	else if (!tfind(tab(h), 'X', path, ""))
		tadd(tab(h), rec_new('X', path, NULL));
	return err;
}

/*
 * Merge the lines of a selector read into one text, one line per key
 * (the first word: "DeviceId", a BDF, "Offset:0x18"), the way a --root
 * tree stores the whole devtbl and mmio files.
 */
static void merge_lines(struct rec *r, const char *text)
{
	if (r->last && !strcmp(r->last, text))
		return;
	free(r->last);
	r->last = xstrdup(text);
	for (const char *p = text; *p;) {
		size_t l = strcspn(p, "\n"), k = strcspn(p, " \t\n");
		bool dup = false;

		if (l && strncmp(p, "Please provide", 14)) {
			for (const char *q = r->data; q && *q;) {
				size_t ql = strcspn(q, "\n");

				if (strcspn(q, " \t\n") == k && !memcmp(q, p, k)) {
					dup = true;
					break;
				}
				q += ql + (q[ql] == '\n');
			}
			if (!dup) {
				r->data = xrealloc(r->data, r->len + l + 2);
				memcpy(r->data + r->len, p, l);
				r->len += l;
				r->data[r->len++] = '\n';
				r->data[r->len] = '\0';
			}
		}
		p += l + (p[l] == '\n');
	}
}

static bool is_irqtbl(const char *path)
{
	size_t n = strlen(path);

	return n >= 7 && !strcmp(path + n - 7, "/irqtbl");
}

/*
 * irqtbl answers are sections ("DeviceId BDF", "IRT[...]" lines, an
 * empty line) whose lines repeat across devices: keep each answer whole,
 * once, the way a --root tree stores the whole file.
 */
static void append_section(struct rec *r, const char *text)
{
	size_t l = strlen(text);

	if (!l || strstr(r->data, text))
		return;
	r->data = xrealloc(r->data, r->len + l + 2);
	memcpy(r->data + r->len, text, l);
	r->len += l;
	if (text[l - 1] != '\n')
		r->data[r->len++] = '\n';
	r->data[r->len] = '\0';
}

static int rec_select_read(struct host *h, const char *sel_path,
			   const char *sel, const char *path, char **buf)
{
	int err = inner(h)->ops->select_read(inner(h), sel_path, sel, path, buf);
	struct rec *r;

	if (err) {
		record_err(h, 's', path, sel, err);
		return err;
	}
	r = tfind(tab(h), 'S', path, "");
	if (!r) {
		r = rec_new('S', path, NULL);
		r->data = xstrdup("");
		tadd(tab(h), r);
	}
	if (is_irqtbl(path))
		append_section(r, *buf);
	else
		merge_lines(r, *buf);
	return 0;
}

static void record_file(struct host *h, const char *path, const char *data,
			size_t len, int err)
{
	struct rec *r;

	if (err) {
		record_err(h, 'r', path, NULL, err);
		return;
	}
	if (tfind(tab(h), 'F', path, ""))
		return;
	r = rec_new('F', path, NULL);
	r->data = xmalloc(len + 1);
	memcpy(r->data, data, len);
	r->data[len] = '\0';
	r->full = r->len = len;
	tadd(tab(h), r);
}

/* The kernel log, reduced to the records about the IOMMU: a snapshot
 * keeps what `show events` reads, not the host's whole log. */
static int rec_kmsg(struct host *h, char **buf, size_t *len)
{
	size_t n = 0;
	int err = inner(h)->ops->kmsg(inner(h), buf, &n);

	if (!err && host_is_live(inner(h)))
		n = kmsg_keep_iommu(*buf, n);
	record_file(h, "/dev/kmsg", err ? NULL : *buf, n, err);
	if (!err && len)
		*len = n;
	return err;
}

static const struct host_ops recorder_ops = {
	.name = "recorder",
	.read = rec_read,
	.readlink = rec_readlink,
	.list = rec_list,
	.exists = rec_exists,
	.write = snap_write,
	.select_read = rec_select_read,
	.kmsg = rec_kmsg,
	.close = snap_close,
};

struct host *host_open_recorder(struct host *in)
{
	struct snap_host *s = xzalloc(sizeof(*s));

	s->h.ops = &recorder_ops;
	s->h.lock_fd = -1;
	s->h.read_only = in->read_only;
	s->inner = in;
	return &s->h;
}

static void put_meta(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s: ", key);
	for (const char *c = v ? v : "unknown"; *c; c++)
		fputc((unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c, f);
	fputc('\n', f);
}

int snapshot_write(struct host *h, FILE *f, const struct snapshot_meta *m,
		   size_t *nrecords)
{
	struct table *t = tab(h);
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += path_ok(t->v[i]->path, strlen(t->v[i]->path)) && !strchr(t->v[i]->path, '\n');
	fprintf(f, "%s %d\n", SNAPSHOT_MAGIC, SNAPSHOT_VERSION);
	put_meta(f, "created", m->created);
	put_meta(f, "hostname", m->hostname);
	put_meta(f, "kernel", m->kernel);
	put_meta(f, "tool", m->tool);
	fprintf(f, "records: %zu\n\n", n);
	for (size_t i = 0; i < t->n; i++) {
		const struct rec *r = t->v[i];
		size_t a = r->kind == 'F' ? r->full : (size_t)r->err;
		int b = r->kind == 'F' ? r->pad : 0;

		if (!path_ok(r->path, strlen(r->path)) || strchr(r->path, '\n'))
			continue;
		fprintf(f, "%c %zu %zu %d %s\n", r->kind, r->len, a, b, r->path);
		fwrite(r->data ? r->data : "", 1, r->len, f);
		fputc('\n', f);
	}
	fputs("end\n", f);
	if (nrecords)
		*nrecords = n;
	if (fflush(f) || ferror(f))
		return -EIO;
	return 0;
}
