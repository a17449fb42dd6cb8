// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Collection for `show irt`, `show cmdbuf` and `show events`: read through
 * the access layer, decode with amd-decode.c, build the json-c model.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *hexn(uint64_t v, int digits)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%0*llx", digits, (unsigned long long)v);
	return json_object_new_string(b);
}

static json_object *bool_or_null(bool present, bool v)
{
	return present ? json_object_new_boolean(v) : NULL;
}

static json_object *devid_json(uint16_t seg, uint16_t devid)
{
	struct bdf b = { seg, (uint8_t)(devid >> 8), (uint8_t)((devid >> 3) & 0x1f),
			 (uint8_t)(devid & 7) };
	char name[BDF_STRLEN];

	bdf_format(&b, name);
	return json_object_new_string(name);
}

/* ---- show irt ------------------------------------------------------------ */

static json_object *irte_json(const struct irte_info *e)
{
	json_object *o = json_object_new_object(), *raw = json_object_new_array();
	bool vapic = e->ga && e->guest_mode;

	add(o, "index", json_object_new_int((int)e->index));
	add(o, "format", json_object_new_string(e->ga ? "ga" : "legacy"));
	if (e->ga) {
		json_object_array_add(raw, hexn(e->hi, 16));
		json_object_array_add(raw, hexn(e->lo, 16));
	} else {
		json_object_array_add(raw, hexn(e->lo, 8));
	}
	add(o, "raw", raw);
	add(o, "valid", json_object_new_boolean(e->valid));
	add(o, "vector", json_object_new_int((int)e->vector));
	add(o, "destination", json_object_new_int64(e->destination));
	add(o, "dest_mode", vapic ? NULL :
	    json_object_new_string(e->dest_logical ? "logical" : "physical"));
	add(o, "delivery_mode", vapic ? NULL :
	    json_object_new_string(irte_int_type_name(e->int_type)));
	add(o, "no_fault", json_object_new_boolean(e->no_fault));
	add(o, "rq_eoi", bool_or_null(!vapic, e->rq_eoi));
	add(o, "guest_mode", json_object_new_boolean(e->guest_mode));
	add(o, "ga_tag", e->ga ? hexn(e->ga_tag, 8) : NULL);
	add(o, "ga_root", vapic ? json_addr(e->ga_root) : NULL);
	add(o, "is_run", bool_or_null(vapic, e->is_run));
	add(o, "ga_log_intr", bool_or_null(vapic, e->ga_log_intr));
	return o;
}

json_object *collect_irt(struct ctx *c, const struct bdf *b, int *err)
{
	char *text = NULL;
	const char *body, *cur;
	json_object *arr;
	struct irte_info e;
	int r;

	*err = c->debugfs_err ? c->debugfs_err : host_read_irqtbl(c->h, b, &text);
	if (*err)
		return NULL;
	*err = irqtbl_find(text, b, &body);
	if (*err) {
		free(text);
		return NULL;
	}
	arr = json_object_new_array();
	cur = body;
	while ((r = irqtbl_next(&cur, &e)) != 0) {
		if (r < 0) {
			ctx_unavailable(c, HOST_DEBUGFS_AMD "/irqtbl", -EINVAL,
					"a line of the device's section is not an IRT entry; skipped");
			continue;
		}
		json_object_array_add(arr, irte_json(&e));
	}
	free(text);
	return arr;
}

/* ---- show cmdbuf ---------------------------------------------------------- */

static json_object *cmd_json(int iommu, unsigned idx, const struct amd_cmd *cmd,
			     unsigned head, unsigned tail)
{
	json_object *o = json_object_new_object(), *raw = json_object_new_array();
	const char *name = amd_cmd_name(cmd->opcode);
	char iname[16];

	snprintf(iname, sizeof(iname), "ivhd%d", iommu);
	add(o, "iommu", json_object_new_string(iname));
	add(o, "index", json_object_new_int((int)idx));
	add(o, "head", json_object_new_boolean(idx == head));
	add(o, "tail", json_object_new_boolean(idx == tail));
	for (int i = 0; i < 4; i++)
		json_object_array_add(raw, hexn(cmd->w[i], 8));
	add(o, "raw", raw);
	add(o, "opcode", json_object_new_int((int)cmd->opcode));
	add(o, "command", json_object_new_string(cmd->zero ? "unused" :
						 name ? name : "UNKNOWN"));
	add(o, "device", cmd->has_devid ? devid_json(0, cmd->devid) : NULL);
	add(o, "domain", cmd->has_domid ? json_object_new_int(cmd->domid) : NULL);
	add(o, "pasid", cmd->has_pasid ? json_object_new_int((int)cmd->pasid) : NULL);
	add(o, "address", cmd->has_addr ? json_addr(cmd->address) : NULL);
	if (cmd->has_addr && cmd->opcode != AMD_CMD_COMPLETION_WAIT) {
		add(o, "all", json_object_new_boolean(cmd->all));
		add(o, "range_base", cmd->all ? NULL : json_addr(cmd->range_base));
		add(o, "size", cmd->all ? NULL : json_addr(1ULL << cmd->size_log2));
		add(o, "s", json_object_new_boolean(cmd->s));
		add(o, "gn", json_object_new_boolean(cmd->gn));
	}
	if (cmd->opcode == AMD_CMD_INV_IOMMU_PAGES)
		add(o, "pde", json_object_new_boolean(cmd->pde));
	if (cmd->opcode == AMD_CMD_INV_IOTLB_PAGES)
		add(o, "queue_depth", json_object_new_int((int)cmd->qdep));
	if (cmd->opcode == AMD_CMD_COMPLETION_WAIT) {
		add(o, "store", json_object_new_boolean(cmd->store));
		add(o, "interrupt", json_object_new_boolean(cmd->intr));
		add(o, "flush_queue", json_object_new_boolean(cmd->flush_queue));
		add(o, "store_data", cmd->store ? json_addr(cmd->store_data) : NULL);
	}
	if (cmd->opcode == AMD_CMD_COMPLETE_PPR_REQUEST) {
		add(o, "tag", json_object_new_int((int)cmd->tag));
		add(o, "status", json_object_new_int((int)cmd->status));
	}
	return o;
}

static void cmdbuf_one(struct ctx *c, int index, bool all, json_object *arr)
{
	char *path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/cmdbuf", index);
	char *text = NULL;
	unsigned head, tail;
	const char *p;
	int err = host_read(c->h, path, &text);

	if (err) {
		ctx_unreadable(c, path, err, "cannot read the command buffer");
		goto out;
	}
	if (cmdbuf_head_tail(text, &head, &tail)) {
		ctx_unavailable(c, path, -EINVAL, "no \"CMD Buffer Head Offset\" line");
		goto out;
	}
	p = strchr(text, '\n');
	while (p && *++p) {
		unsigned idx;
		uint32_t w[4];
		struct amd_cmd cmd;

		if (cmdbuf_parse_line(p, &idx, w)) {
			ctx_unavailable(c, path, -EINVAL, "a line is not a command; skipped");
		} else {
			amd_cmd_decode(w, &cmd);
			if (all || !cmd.zero || idx == head || idx == tail)
				json_object_array_add(arr, cmd_json(index, idx, &cmd, head, tail));
		}
		p = strchr(p, '\n');
	}
out:
	free(text);
	free(path);
}

static int parse_iommu_arg(const char *s)
{
	char *end;
	long v;

	if (!strncmp(s, "ivhd", 4))
		s += 4;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > 99 ? -1 : (int)v;
}

json_object *collect_cmdbuf(struct ctx *c, const char *iommu, bool all, int *err)
{
	json_object *arr;
	char **names = NULL;
	size_t n = 0;

	*err = 0;
	if (iommu) {
		int idx = parse_iommu_arg(iommu);
		char *path;

		if (idx < 0) {
			*err = -EINVAL;
			return NULL;
		}
		path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/cmdbuf", idx);
		*err = c->h->ops->exists(c->h, path);
		free(path);
		if (*err)
			return NULL;
		arr = json_object_new_array();
		cmdbuf_one(c, idx, all, arr);
		return arr;
	}
	/*
	 * The IOMMUs are the ivhdN class devices (a snapshot records that
	 * list, not the debugfs directory); the debugfs iommuXX
	 * directories are the fallback.
	 */
	arr = json_object_new_array();
	if (!host_list(c->h, "/sys/class/iommu", &names, &n)) {
		for (size_t i = 0; i < n; i++) {
			int idx = !strncmp(names[i], "ivhd", 4) ? parse_iommu_arg(names[i]) : -1;

			if (idx >= 0)
				cmdbuf_one(c, idx, all, arr);
		}
		strv_free(names, n);
		names = NULL;
		n = 0;
	}
	if (!json_object_array_length(arr)) {
		/* nothing read: forget what ivhdN said, ask debugfs */
		json_object_array_del_idx(c->unavailable, 0,
					  json_object_array_length(c->unavailable));
		*err = host_list(c->h, HOST_DEBUGFS_AMD, &names, &n);
		if (*err) {
			json_object_put(arr);
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			int idx = !strncmp(names[i], "iommu", 5) ?
				  parse_iommu_arg(names[i] + 5) : -1;

			if (idx >= 0)
				cmdbuf_one(c, idx, all, arr);
		}
		strv_free(names, n);
	}
	/* no command buffer and no read error: there is none */
	if (!json_object_array_length(arr) && !json_object_array_length(c->unavailable)) {
		json_object_put(arr);
		*err = -ENOENT;
		return NULL;
	}
	return arr;
}

/* ---- show events ------------------------------------------------------------ */

static json_object *event_json(const struct kmsg_rec *k, const struct amd_event *e)
{
	json_object *o = json_object_new_object(), *fl;
	const char *names[16];
	size_t nn;
	char buf[48];

	add(o, "seq", json_object_new_int64((int64_t)k->seq));
	snprintf(buf, sizeof(buf), "%llu.%06llu", (unsigned long long)(k->ts_usec / 1000000),
		 (unsigned long long)(k->ts_usec % 1000000));
	add(o, "time", json_object_new_string(buf));
	add(o, "type", json_object_new_string(e->type));
	if (e->has_device) {
		bdf_format(&e->device, buf);
		add(o, "device", json_object_new_string(buf));
	} else {
		add(o, "device", NULL);
	}
	add(o, "iommu", e->iommu[0] ? json_object_new_string(e->iommu) : NULL);
	add(o, "domain", e->has_domain ? json_object_new_int((int)e->domain) : NULL);
	add(o, "pasid", e->has_pasid ? json_object_new_int((int)e->pasid) : NULL);
	add(o, "address", e->has_address ? json_addr(e->address) : NULL);
	add(o, "address_kind", e->has_address ? json_object_new_string(e->address_kind) : NULL);
	add(o, "flags", e->has_flags ? hexn(e->flags, 4) : NULL);
	fl = json_object_new_array();
	nn = e->has_flags ? event_flag_names(e->flags, names, 16) : 0;
	for (size_t i = 0; i < nn; i++)
		json_object_array_add(fl, json_object_new_string(names[i]));
	add(o, "flag_names", fl);
	add(o, "access", e->has_flags ? json_object_new_string(
		    e->flags & EVENT_FLAG_I ? "interrupt" :
		    e->flags & EVENT_FLAG_RW ? "write" : "read") : NULL);
	add(o, "tag", e->has_tag ? json_object_new_int((int)e->tag) : NULL);
	add(o, "vmg_tag", e->has_vmg_tag ? json_object_new_int((int)e->vmg_tag) : NULL);
	add(o, "flags_rmp", e->has_flags_rmp ? hexn(e->flags_rmp, 4) : NULL);
	add(o, "message", json_object_new_string_len(k->msg, (int)k->msg_len));
	return o;
}

json_object *collect_events(struct ctx *c, int *err)
{
	char *text = NULL;
	size_t len = 0;
	json_object *arr;
	const char *p, *end;
	size_t bad = 0;

	*err = host_read_kmsg(c->h, &text, &len);
	if (*err)
		return NULL;
	arr = json_object_new_array();
	p = text;
	end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct kmsg_rec k;
		struct amd_event e;

		/*
		 * Continuation lines (" SUBSYSTEM=pci") belong to the record.
		 * The kernel escapes every byte outside printable ASCII as
		 * \xNN, so anything else is not a record.
		 */
		if (nl && (!l || *p == ' ')) {
			p += l + 1;
			continue;
		}
		/* a record ends in a newline: a last line without one is cut */
		if (!nl || !text_valid(p, l) || kmsg_parse_record(p, l, &k)) {
			bad++;
		} else {
			int r = amd_event_parse(k.msg, k.msg_len, &e);

			if (!r)
				json_object_array_add(arr, event_json(&k, &e));
			else if (r != -ENOENT)
				ctx_unavailable(c, "/dev/kmsg", -EINVAL,
						"an AMD-Vi event message could not be parsed; skipped");
		}
		p += l + 1;
	}
	if (bad) {
		char *hint = xasprintf("%zu line%s not a /dev/kmsg record "
				       "(PRI,SEQ,TS,FLAGS;MESSAGE); skipped",
				       bad, bad == 1 ? " is" : "s are");

		ctx_unavailable(c, "/dev/kmsg", -EINVAL, hint);
		free(hint);
	}
	free(text);
	return arr;
}
