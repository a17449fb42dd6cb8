// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the host-text parsers (/proc/interrupts,
 * /proc/cpuinfo, lockdown, module booleans).  Invariants: the interrupt
 * verdict follows the counts (IR- lines mean in use, plain lines without
 * any IR- line mean not in use); chip names are NUL-terminated prefixes of
 * the input's words; a lockdown word is non-empty, without brackets and
 * fits; a cpuinfo flag set in the struct is a flag the text has.
 */
#include <errno.h>

#include "host-text.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), word[16];
	struct irq_remap_view v;
	struct cpu_flags f;
	int b;

	host_text_interrupts(s, &v);
	FUZZ_CHECK(v.in_use == (v.ir ? 1 : v.plain ? 0 : -1));
	FUZZ_CHECK(strlen(v.ir_chip) < sizeof(v.ir_chip) && (!v.ir) == !v.ir_chip[0]);
	FUZZ_CHECK(!v.ir_chip[0] || (!strncmp(v.ir_chip, "IR-", 3) && strstr(s, v.ir_chip)));
	FUZZ_CHECK(!v.plain_chip[0] || strstr(s, v.plain_chip));
	if (host_text_cpuinfo(s, &f) == 0) {
		FUZZ_CHECK(f.found);
		FUZZ_CHECK(!f.la57 || (host_text_cpu_flag(s, "la57") && strstr(s, "la57")));
		FUZZ_CHECK(!f.sev_snp || strstr(s, "sev_snp"));
	} else {
		FUZZ_CHECK(!f.found && !host_text_cpu_flag(s, "la57"));
	}
	if (host_text_lockdown(s, word, sizeof(word)) == 0)
		FUZZ_CHECK(word[0] && strlen(word) < sizeof(word) && !strchr(word, '[') &&
			   !strchr(word, ']') && strstr(s, word));
	else
		FUZZ_CHECK(!word[0]);
	b = host_text_param_bool(s);
	FUZZ_CHECK(b == -EINVAL || ((b == 0 || b == 1) && strlen(s) <= 2));
	free(s);
	return 0;
}
