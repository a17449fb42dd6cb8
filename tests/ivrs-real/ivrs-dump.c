// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ivrs-dump: the IVRS decoder, the driver's view and the findings of one
 * table as JSON, for the real-data tier (tests/ivrs-real/run.sh) until
 * `amdiommuctl show ivrs --file F -j` exists.
 *
 *   ivrs-dump [--madt FILE] [--cmdline TEXT] [--dmi VENDOR PRODUCT]
 *             [--pci FILE] [--mmio EFR EFR2]... [--features EFR EFR2] IVRS-FILE
 *
 * A FILE is the raw table or acpidump's hex text.  --pci FILE: one
 * "ssss:bb:dd.f CLASS [VENDOR DEVICE]" line per present function (hex).
 * --mmio: the MMIO EFR/EFR2 of the next IOMMU (ivhd0, ivhd1, ...);
 * --features: what sysfs `features` shows.  Values in hex.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "acpi-ivrs.h"
#include "ivrs-diag.h"
#include "ivrs-json.h"

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, len = 0;

	if (!f) {
		fprintf(stderr, "ivrs-dump: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				exit(1);
		}
		size_t r = fread(buf + len, 1, cap - len, f);

		if (!r)
			break;
		len += r;
	}
	fclose(f);
	buf[len] = 0;
	*n = len;
	return buf;
}

/* The table @sig from a raw file or acpidump text. */
static uint8_t *table(const char *path, const char *sig, size_t *n)
{
	size_t len, bad = 0;
	uint8_t *raw = slurp(path, &len), *out;
	long r = acpi_table_extract(raw, len, sig, NULL, 0, &bad);

	if (r < 0) {
		fprintf(stderr, "ivrs-dump: %s: no %s table (%s, line %zu)\n", path, sig,
			strerror((int)-r), bad);
		exit(1);
	}
	out = malloc((size_t)r ? (size_t)r : 1);
	if (!out)
		exit(1);
	acpi_table_extract(raw, len, sig, out, (size_t)r, &bad);
	free(raw);
	*n = (size_t)r;
	return out;
}

static struct ivrs_pci_fn *pci_list(const char *path, size_t *n)
{
	size_t len, cap = 0;
	char *text = (char *)slurp(path, &len), *line, *save = NULL;
	struct ivrs_pci_fn *fn = NULL;

	*n = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned seg, bus, dev, f, cls, ven = 0, did = 0;

		if (sscanf(line, "%x:%x:%x.%x %x %x %x", &seg, &bus, &dev, &f, &cls, &ven, &did) < 5)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			fn = realloc(fn, cap * sizeof(*fn));
			if (!fn)
				exit(1);
		}
		fn[*n] = (struct ivrs_pci_fn){ (uint16_t)seg, (uint16_t)(bus << 8 | dev << 3 | f),
					       cls, (uint16_t)ven, (uint16_t)did };
		(*n)++;
	}
	free(text);
	return fn;
}

int main(int argc, char **argv)
{
	struct ivrs_machine m = { 0 };
	struct ivrs_iommu_hw hw[64];
	struct kcmdline k;
	struct madt madt;
	struct ivrs *d;
	struct ivrs_view *v;
	struct ivrs_findings f;
	json_object *o;
	uint8_t *bytes;
	size_t n;
	int i;

	for (i = 1; i < argc - 1; i++) {
		if (!strcmp(argv[i], "--madt")) {
			uint8_t *mb = table(argv[++i], "APIC", &n);

			if (madt_decode(mb, n, &madt)) {
				fprintf(stderr, "ivrs-dump: %s: not an APIC table\n", argv[i]);
				return 1;
			}
			free(mb);
			m.madt = &madt;
		} else if (!strcmp(argv[i], "--cmdline")) {
			kcmdline_parse(argv[++i], &k);
			m.kcmdline = &k;
		} else if (!strcmp(argv[i], "--dmi") && i + 2 < argc - 1) {
			m.dmi_vendor = argv[++i];
			m.dmi_product = argv[++i];
		} else if (!strcmp(argv[i], "--mmio") && i + 2 < argc - 1 && m.niommu < 64) {
			hw[m.niommu] = (struct ivrs_iommu_hw){ .have_mmio = true,
				.mmio_efr = strtoull(argv[i + 1], NULL, 16),
				.mmio_efr2 = strtoull(argv[i + 2], NULL, 16) };
			m.iommu = hw;
			m.niommu++;
			i += 2;
		} else if (!strcmp(argv[i], "--features") && i + 2 < argc - 1) {
			m.have_features = true;
			m.features_efr = strtoull(argv[++i], NULL, 16);
			m.features_efr2 = strtoull(argv[++i], NULL, 16);
		} else if (!strcmp(argv[i], "--pci")) {
			m.fn = pci_list(argv[++i], &m.nfn);
			m.have_fn = true;
		} else {
			break;
		}
	}
	if (i != argc - 1) {
		fprintf(stderr, "usage: ivrs-dump [--madt FILE] [--cmdline TEXT] [--dmi VENDOR PRODUCT] [--pci FILE] [--mmio EFR EFR2]... [--features EFR EFR2] IVRS-FILE\n");
		return 2;
	}
	bytes = table(argv[i], "IVRS", &n);
	if (ivrs_decode(bytes, n, &d) || ivrs_view_build(d, &m, &v) ||
	    ivrs_findings(d, &m, v, &f)) {
		fprintf(stderr, "ivrs-dump: out of memory\n");
		return 1;
	}
	o = json_object_new_object();
	json_object_object_add(o, "ivrs", ivrs_json_table(d));
	json_object_object_add(o, "madt", m.madt ? ivrs_json_madt(m.madt) : NULL);
	json_object_object_add(o, "resolved", ivrs_json_view(d, v));
	json_object_object_add(o, "findings", ivrs_json_findings(&f));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	ivrs_findings_free(&f);
	ivrs_view_free(v);
	ivrs_free(d);
	free(bytes);
	free((void *)m.fn);
	if (m.kcmdline)
		kcmdline_free(&k);
	return 0;
}
