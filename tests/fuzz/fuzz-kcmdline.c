// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for kcmdline_parse() (the kernel command line as
 * /proc/cmdline gives it).  Invariants: every note names its word, its
 * kernel function and a message; values stay in their ranges; an IVRS
 * override's SBDF and ACPI ids fit the driver's fields (the UID may be
 * empty: the driver only refuses a missing ':'); parsing the same
 * text twice gives the same answers.
 */
#include "kcmdline.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct kcmdline a, b;

	kcmdline_parse(s, &a);
	kcmdline_parse(s, &b);
	FUZZ_CHECK(a.words >= 0 && (size_t)a.words <= size);
	FUZZ_CHECK(kcmdline_note_count(&a) == kcmdline_note_count(&b));
	for (size_t i = 0; i < kcmdline_note_count(&a); i++) {
		const struct kcl_note *n = kcmdline_note(&a, i), *m = kcmdline_note(&b, i);

		FUZZ_CHECK(n && m && n->param && n->kernel_function && n->message[0]);
		FUZZ_CHECK(n->word >= 0 && n->word < a.words && n->word == m->word);
		FUZZ_CHECK(n->severity <= KCL_ERROR && !strcmp(n->message, m->message));
		FUZZ_CHECK((n->log == NULL) == (m->log == NULL));
	}
	FUZZ_CHECK(kcmdline_note(&a, kcmdline_note_count(&a)) == NULL);
	FUZZ_CHECK(a.n_ivrs == b.n_ivrs && a.n_ivrs <= 12);
	for (size_t i = 0; i < a.n_ivrs; i++) {
		const struct kcl_ivrs *e = &a.ivrs[i];

		FUZZ_CHECK(e->word >= 0 && e->word < a.words);
		FUZZ_CHECK(e->type != KCL_IVRS_ACPIHID ||
			   (strlen(e->hid) > 0 && strlen(e->hid) < sizeof(e->hid) &&
			    strlen(e->uid) < sizeof(e->uid) &&
			    (e->uid[0] != '0' || e->uid[1] == '\0')));
		FUZZ_CHECK(e->sbdf == b.ivrs[i].sbdf && e->id == b.ivrs[i].id);
	}
	FUZZ_CHECK(a.strict >= -1 && a.strict <= 1 && kcmdline_strict(&a) >= -1);
	FUZZ_CHECK(kcmdline_mem_encrypt(&a) >= -1 && kcmdline_mem_encrypt(&a) <= 2);
	FUZZ_CHECK(a.def_domain == b.def_domain && a.amd_pgtable == b.amd_pgtable);
	FUZZ_CHECK(a.def_domain == KCL_DOMAIN_DEFAULT || a.def_domain_from.word >= 0);
	kcmdline_free(&a);
	kcmdline_free(&b);
	free(s);
	return 0;
}
