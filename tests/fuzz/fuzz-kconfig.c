// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for kconfig_gunzip() and kconfig_parse().  The first
 * byte picks the path: odd feeds the rest to kconfig_gunzip() (then parses
 * what it gives), even parses the rest as text.  Invariants: gunzip output
 * is NUL-terminated, its length is the reported one and fits the limit;
 * every parsed entry is found again by name with its own state; names are
 * unique and sorted; NO entries have no value, the others have one.
 */
#include <errno.h>

#include "kconfig.h"
#include "fuzz.h"

static void check(const char *text)
{
	struct kconfig k;
	int rc = kconfig_parse(text, &k);

	FUZZ_CHECK((rc == 0) == (k.n > 0) && (rc == 0 || rc == -EINVAL));
	for (size_t i = 0; i < k.n; i++) {
		const struct kconfig_entry *e = &k.v[i];
		const char *v;

		FUZZ_CHECK(e->name[0] && (i == 0 || strcmp(k.v[i - 1].name, e->name) < 0));
		FUZZ_CHECK(kconfig_get(&k, e->name, &v) == e->state && v == e->value);
		FUZZ_CHECK(e->state != KCONFIG_UNSET && (e->state == KCONFIG_NO) == (e->value == NULL));
		FUZZ_CHECK(strstr(text, e->name));
	}
	kconfig_free(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned mode = (unsigned)fuzz_take(&data, &size, 1);
	char *text = NULL;
	size_t len = 0;

	if (mode & 1) {
		char *in = fuzz_mem(data, size);
		int rc = kconfig_gunzip(in, size, 1 << 16, &text, &len);

		FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -EFBIG);
		FUZZ_CHECK((rc == 0) == (text != NULL));
		if (!rc) {
			FUZZ_CHECK(len <= 1 << 16 && text[len] == '\0');
			check(text);
		}
		free(in);
	} else {
		text = fuzz_str(data, size);
		check(text);
	}
	free(text);
	return 0;
}
