// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the debugfs iommuXX/cmdbuf text: the head/tail
 * line (cmdbuf_head_tail()) and every command line
 * (cmdbuf_parse_line() -> amd_cmd_decode()), the way
 * collect_cmdbuf() walks it.  Invariants: a parsed line prints back as
 * the kernel's "%3d: %08x %08x %08x %08x" and parses to the same words;
 * the decoded command keeps the words, its opcode is bits 31:28 of word
 * 1, an S-encoded range is naturally aligned and holds the address.
 */
#include <inttypes.h>

#include "amd.h"
#include "fuzz.h"

static void check_cmd(const uint32_t w[4])
{
	struct amd_cmd c;

	amd_cmd_decode(w, &c);
	FUZZ_CHECK(!memcmp(c.w, w, sizeof(c.w)) && c.opcode == w[1] >> 28);
	FUZZ_CHECK(c.zero == !(w[0] | w[1] | w[2] | w[3]));
	FUZZ_CHECK(!c.has_pasid || c.pasid <= 0xfffff);
	if (c.opcode >= AMD_CMD_COMPLETION_WAIT && c.opcode <= AMD_CMD_INV_IOMMU_ALL)
		FUZZ_CHECK(amd_cmd_name(c.opcode) != NULL);
	if (c.all)
		FUZZ_CHECK(c.s && c.size_log2 == 64 && c.range_base == 0);
	else if (c.s) {
		uint64_t mask = (1ULL << c.size_log2) - 1;

		FUZZ_CHECK(c.size_log2 > 12 && c.size_log2 <= 51);
		FUZZ_CHECK((c.range_base & mask) == 0);
		FUZZ_CHECK(c.address >= c.range_base && c.address - c.range_base <= mask);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *line, fmt[64];
	unsigned head, tail, idx, idx2;
	uint32_t w[4], w2[4];

	(void)cmdbuf_head_tail(text, &head, &tail);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		line = fuzz_str((const uint8_t *)p, n);
		if (cmdbuf_parse_line(line, &idx, w) == 0) {
			snprintf(fmt, sizeof(fmt), "%3u: %08" PRIx32 " %08" PRIx32 " %08" PRIx32
				 " %08" PRIx32, idx, w[0], w[1], w[2], w[3]);
			FUZZ_CHECK(cmdbuf_parse_line(fmt, &idx2, w2) == 0);
			FUZZ_CHECK(idx == idx2 && !memcmp(w, w2, sizeof(w)));
			check_cmd(w);
		}
		free(line);
		p += n + (p[n] == '\n');
	}
	free(text);
	return 0;
}
