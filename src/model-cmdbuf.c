// SPDX-License-Identifier: GPL-2.0-or-later
/* `show cmdbuf`: each IOMMU's debugfs command buffer, decoded (iommu-cmd.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommu-cmd.h"
#include "json.h"
#include "model.h"
#include "regs.h"
#include "util.h"

static json_object *cmd_json(int iommu, uint16_t seg, unsigned idx, const struct amd_cmd *cmd,
			     unsigned head, unsigned tail)
{
	json_object *o = json_object_new_object(), *raw = json_object_new_array();
	const char *name = amd_cmd_name(cmd->opcode);
	char iname[16];
	bool range, wait, ppr;

	snprintf(iname, sizeof(iname), "ivhd%d", iommu);
	json_add(o, "iommu", json_object_new_string(iname));
	json_add(o, "slot", json_new_int(idx));
	json_add(o, "head", json_new_bool(idx == head));
	json_add(o, "tail", json_new_bool(idx == tail));
	for (int i = 0; i < 4; i++)
		json_object_array_add(raw, json_hexn(cmd->w[i], 8));
	json_add(o, "raw", raw);
	json_add(o, "opcode", json_new_int(cmd->opcode));
	json_add(o, "command", json_object_new_string(cmd->zero ? "unused" :
						 name ? name : "UNKNOWN"));
	if (cmd->has_devid) {
		struct bdf b = bdf_from_devid(seg, cmd->devid);
		char dev[BDF_STRLEN];

		bdf_format(&b, dev);
		json_add(o, "device", json_object_new_string(dev));
	} else {
		json_add(o, "device", NULL);
	}
	json_add(o, "domain_id", cmd->has_domid ? json_new_int(cmd->domid) : NULL);
	json_add(o, "pasid", cmd->has_pasid ? json_new_int(cmd->pasid) : NULL);
	json_add(o, "address", cmd->has_addr ? json_addr(cmd->address) : NULL);
	/* an invalidation range (S-encoded), and the opcode's own fields:
	 * null where the command has none */
	range = cmd->has_addr && cmd->opcode != AMD_CMD_COMPLETION_WAIT;
	json_add(o, "all", range ? json_new_bool(cmd->all) : NULL);
	json_add(o, "range_base", range && !cmd->all ? json_addr(cmd->range_base) : NULL);
	json_add(o, "size", range && !cmd->all ? json_new_int((int64_t)(1ULL << cmd->size_log2)) : NULL);
	json_add(o, "s", range ? json_new_bool(cmd->s) : NULL);
	json_add(o, "gn", range ? json_new_bool(cmd->gn) : NULL);
	json_add(o, "pde", cmd->opcode == AMD_CMD_INV_IOMMU_PAGES ? json_new_bool(cmd->pde) : NULL);
	json_add(o, "queue_depth", cmd->opcode == AMD_CMD_INV_IOTLB_PAGES ? json_new_int(cmd->qdep) : NULL);
	wait = cmd->opcode == AMD_CMD_COMPLETION_WAIT;
	json_add(o, "store", wait ? json_new_bool(cmd->store) : NULL);
	json_add(o, "interrupt", wait ? json_new_bool(cmd->intr) : NULL);
	json_add(o, "flush_queue", wait ? json_new_bool(cmd->flush_queue) : NULL);
	json_add(o, "store_data", wait && cmd->store ? json_hex64(cmd->store_data) : NULL);
	ppr = cmd->opcode == AMD_CMD_COMPLETE_PPR_REQUEST;
	json_add(o, "tag", ppr ? json_new_int(cmd->tag) : NULL);
	json_add(o, "status", ppr ? json_new_int(cmd->status) : NULL);
	return o;
}

/* Parse one command buffer text into @arr; bad lines are recorded. */
static void cmdbuf_parse(struct ctx *c, const char *path, int index, uint16_t seg,
			 const char *text, bool all, json_object *arr)
{
	unsigned head, tail;
	const char *p;

	if (cmdbuf_head_tail(text, &head, &tail)) {
		ctx_unavailable(c, path, -EINVAL, "no \"CMD Buffer Head Offset\" line");
		return;
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
				json_object_array_add(arr, cmd_json(index, seg, idx, &cmd, head, tail));
		}
		p = strchr(p, '\n');
	}
}

/* "ivhdN" (the sysfs class device), "iommuNN" (the debugfs directory,
 * amd_iommu_debugfs_setup() names it "iommu%02d") or "N": the index. */
static int parse_iommu_arg(const char *s)
{
	char *end;
	long v;

	if (!strncmp(s, "ivhd", 4))
		s += 4;
	else if (!strncmp(s, "iommu", 5))
		s += 5;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > 99 ? -1 : (int)v;
}

/* The PCI segment of IOMMU @index: its commands name devices there. */
static uint16_t iommu_segment(struct ctx *c, int index)
{
	char path[64], *dev = NULL;
	struct bdf b = { 0 };

	snprintf(path, sizeof(path), "/sys/class/iommu/ivhd%d/device", index);
	if (!host_link_name(c->h, path, &dev))
		bdf_parse(dev, &b);
	free(dev);
	return b.seg;
}

/*
 * The IOMMUs: the ivhdN class devices (a snapshot records that list, not
 * the debugfs directory), else the debugfs iommuXX directories.  Returns
 * the count of indexes in @idx (at most @max) or -errno.
 */
static int iommu_indexes(struct ctx *c, int *idx, int max)
{
	char **names = NULL;
	size_t n = 0;
	int k = 0, err;

	if (!host_list(c->h, "/sys/class/iommu", &names, &n))
		for (size_t i = 0; i < n && k < max; i++)
			if (!strncmp(names[i], "ivhd", 4) && (idx[k] = parse_iommu_arg(names[i])) >= 0)
				k++;
	strv_free(names, n);
	if (k)
		return k;
	err = host_list(c->h, HOST_DEBUGFS_AMD, &names, &n);
	if (err)
		return err;
	for (size_t i = 0; i < n && k < max; i++)
		if (!strncmp(names[i], "iommu", 5) && (idx[k] = parse_iommu_arg(names[i] + 5)) >= 0)
			k++;
	strv_free(names, n);
	return k;
}

char *cmdbuf_iommu_names(struct ctx *c)
{
	int idx[128], n = iommu_indexes(c, idx, (int)ARRAY_SIZE(idx));
	char *s = xstrdup(""), *t;

	for (int i = 0; i < n; i++) {
		t = xasprintf("%s%sivhd%d", s, i ? ", " : "", idx[i]);
		free(s);
		s = t;
	}
	return s;
}

/* Is @index one of the IOMMUs (iommu_indexes())? */
static bool iommu_known(struct ctx *c, int index)
{
	int idx[128], n = iommu_indexes(c, idx, (int)ARRAY_SIZE(idx));

	for (int i = 0; i < n; i++)
		if (idx[i] == index)
			return true;
	return false;
}

json_object *collect_cmdbuf(struct ctx *c, const char *iommu, bool all, int *err)
{
	int idx[128], n, missing = 0;
	json_object *arr;
	char *paths[128] = { NULL };
	int errs[128] = { 0 };

	*err = 0;
	if (iommu) {
		idx[0] = parse_iommu_arg(iommu);
		n = 1;
		if (idx[0] < 0) {
			*err = -EINVAL;
			return NULL;
		}
		if (!iommu_known(c, idx[0])) {
			*err = -ENXIO;
			return NULL;
		}
	} else if ((n = iommu_indexes(c, idx, (int)ARRAY_SIZE(idx))) < 0) {
		*err = n;
		return NULL;
	}
	arr = json_object_new_array();
	for (int i = 0; i < n; i++) {
		char *text = NULL;

		paths[i] = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/cmdbuf", idx[i]);
		errs[i] = host_read(c->h, paths[i], &text);
		if (!errs[i])
			cmdbuf_parse(c, paths[i], idx[i], iommu_segment(c, idx[i]), text, all, arr);
		missing += errs[i] == -ENOENT;
		free(text);
	}
	/* no command buffer file and no debugfs: there is none to show */
	if (!json_object_array_length(arr) && missing == n &&
	    (!n || iommu || host_probe(c->h, HOST_DEBUGFS_AMD))) {
		*err = -ENOENT;
		json_object_put(arr);
		arr = NULL;
	}
	for (int i = 0; i < n; i++) {
		if (arr && errs[i])
			ctx_unreadable(c, paths[i], errs[i], "cannot read the command buffer");
		free(paths[i]);
	}
	return arr;
}
