/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel configuration (.config text, as /boot/config-$(uname -r) holds
 * it or /proc/config.gz decompresses to), parsed for lookups by option
 * name, and the list of options the check command reads.  Pure: bytes and
 * text in, values out.
 */
#ifndef AMDIOMMUCTL_KCONFIG_H
#define AMDIOMMUCTL_KCONFIG_H

#include <stddef.h>

enum kconfig_state {
	KCONFIG_UNSET,  /* the option is not in the file (not visible in this config) */
	KCONFIG_NO,     /* "# CONFIG_X is not set" or CONFIG_X=n */
	KCONFIG_YES,    /* CONFIG_X=y */
	KCONFIG_MODULE, /* CONFIG_X=m */
	KCONFIG_VALUE,  /* CONFIG_X=<number or "string"> */
};

struct kconfig_entry {
	char *name;  /* without "CONFIG_" */
	char *value; /* the text after '=' (strings unquoted), NULL for NO */
	enum kconfig_state state;
};

struct kconfig {
	struct kconfig_entry *v; /* sorted by name; the last line of a name wins */
	size_t n;
	size_t bad_lines;        /* non-empty lines that are neither an option nor a comment */
};

/*
 * Parse @text.  Returns 0, or -EINVAL when no line is an option (not a
 * kernel configuration); @out is filled either way: kconfig_free() it.
 */
int kconfig_parse(const char *text, struct kconfig *out);
void kconfig_free(struct kconfig *k);

/*
 * Look @name up ("IOMMUFD", or "CONFIG_IOMMUFD" when no option has that
 * very name).  @value, when not NULL,
 * gets the value text (NULL for UNSET and NO).
 */
enum kconfig_state kconfig_get(const struct kconfig *k, const char *name,
			       const char **value);
/* "unset", "n", "y", "m", "value" */
const char *kconfig_state_name(enum kconfig_state s);

/*
 * gzip data (the bytes of /proc/config.gz) -> text, NUL-terminated, at
 * most @max bytes.  Returns 0, -EINVAL (not gzip, or corrupt), -EFBIG
 * (more than @max) or -ENOMEM.  *text is malloc'd: free() it.
 */
int kconfig_gunzip(const void *data, size_t len, size_t max, char **text,
		   size_t *text_len);

/* What an option the check command reads turns on (kconfig.c cites the
 * Kconfig file of each). */
struct kconfig_option {
	const char *name;    /* without "CONFIG_" */
	const char *kconfig; /* the Kconfig file that defines it */
	const char *enables; /* one sentence */
};

extern const struct kconfig_option kconfig_check_options[];
extern const size_t kconfig_check_option_count;

#endif
