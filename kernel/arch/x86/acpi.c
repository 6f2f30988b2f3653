/*
 * A small, strict ACPI reader: just enough to find the MADT. Every structure is checked before it
 * is believed (signature, length within bounds, checksum); a table that fails is refused with a
 * message naming what was wrong, never followed. Tables are reached through read-only mappings in
 * the kernel VA window, since firmware memory is not part of the direct map.
 *
 * RSDP: the loader's copy when it gave one (Multiboot 2 tag, PVH start info), else the BIOS areas
 * the ACPI specification names (first KiB of the EBDA, then 0xE0000-0xFFFFF on 16-byte bounds).
 */
#include "x86.h"
#include <console.h>
#include <mem.h>
#include <le.h>

#define TABLE_MAX (1u << 20) /* far beyond any real MADT, RSDT or XSDT */
#define HDR_LEN 36

static bool sum_ok(const uint8_t *p, size_t len)
{
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s += p[i];
	return s == 0;
}

/* Checks an RSDP candidate: signature, ACPI 1.0 checksum, and for revision >= 2 the extended
 * length and checksum. */
static bool rsdp_ok(const uint8_t *p, size_t avail)
{
	if (avail < 20 || memcmp(p, "RSD PTR ", 8) != 0 || !sum_ok(p, 20))
		return false;
	if (p[15] >= 2) {
		if (avail < 36)
			return false;
		uint32_t len = le32(p + 20);
		if (len < 36 || len > avail || !sum_ok(p, len))
			return false;
	}
	return true;
}

static const uint8_t *scan(uint64_t phys, size_t len)
{
	const uint8_t *p = x86_map_phys(phys, len);
	for (size_t off = 0; off + 20 <= len; off += 16)
		if (rsdp_ok(p + off, len - off))
			return p + off;
	return NULL;
}

static const uint8_t *find_rsdp(uint64_t hint, const char **how)
{
	if (hint) {
		const uint8_t *p = x86_map_phys(hint, 36);
		if (rsdp_ok(p, 36)) {
			*how = "from the loader";
			return p;
		}
		kprintf("acpi: the loader's RSDP at 0x%llx fails its checks; searching the BIOS areas\n",
			(unsigned long long)hint);
	}
	*how = "found in BIOS memory";
	const uint8_t *bda = x86_map_phys(0x40e, 2);
	uint64_t ebda = (uint64_t)(bda[0] | bda[1] << 8) << 4;
	const uint8_t *p = NULL;
	if (ebda >= 0x80000 && ebda < 0xa0000)
		p = scan(ebda, 1024);
	return p ? p : scan(0xe0000, 0x20000);
}

/* Maps and checks the table at phys; NULL (and *why) when it is not a good `sig` table. */
static const uint8_t *map_table(uint64_t phys, const char *sig, const char **why)
{
	const uint8_t *h = x86_map_phys(phys, HDR_LEN);
	if (sig && memcmp(h, sig, 4) != 0) {
		*why = "signature does not match";
		return NULL;
	}
	uint32_t len = le32(h + 4);
	if (len < HDR_LEN || len > TABLE_MAX) {
		*why = "length is out of bounds";
		return NULL;
	}
	const uint8_t *t = x86_map_phys(phys, len);
	if (!sum_ok(t, len)) {
		*why = "checksum is wrong";
		return NULL;
	}
	return t;
}

static const char *parse_madt(const uint8_t *t, struct madt_info *out)
{
	uint32_t len = le32(t + 4);
	if (len < 44)
		return "MADT is shorter than its fixed fields";
	out->lapic_phys = le32(t + 36);
	out->pcat_compat = le32(t + 40) & 1;
	for (uint32_t off = 44; off < len;) {
		if (len - off < 2)
			return "MADT entry header runs past the table";
		uint8_t type = t[off], elen = t[off + 1];
		if (elen < 2 || elen > len - off)
			return "MADT entry has a bad length";
		const uint8_t *e = t + off;
		switch (type) {
		case 0: /* processor local APIC */
			if (elen < 8)
				return "MADT local APIC entry is too short";
			if (le32(e + 4) & 3) /* enabled or online-capable */
				out->n_cpus++;
			break;
		case 1: /* I/O APIC */
			if (elen < 12)
				return "MADT I/O APIC entry is too short";
			if (out->n_ioapics < MADT_MAX_IOAPICS) {
				out->ioapic[out->n_ioapics].id = e[2];
				out->ioapic[out->n_ioapics].phys = le32(e + 4);
				out->ioapic[out->n_ioapics].gsi_base = le32(e + 8);
				out->n_ioapics++;
			}
			break;
		case 2: /* interrupt source override */
			if (elen < 10)
				return "MADT interrupt source override is too short";
			if (e[2] != 0)
				return "MADT interrupt source override names a bus other than ISA";
			if (out->n_overrides < MADT_MAX_OVERRIDES) {
				out->override[out->n_overrides].source = e[3];
				out->override[out->n_overrides].gsi = le32(e + 4);
				out->override[out->n_overrides].flags = (uint16_t)(e[8] | e[9] << 8);
				out->n_overrides++;
			}
			break;
		case 5: /* local APIC address override */
			if (elen < 12)
				return "MADT local APIC address override is too short";
			out->lapic_phys = le64(e + 4);
			break;
		default:
			break; /* NMI sources, x2APIC entries, ...: not used yet */
		}
		off += elen;
	}
	return NULL;
}

const char *acpi_read_madt(uint64_t rsdp_hint, struct madt_info *out)
{
	memset(out, 0, sizeof *out);
	const char *how;
	const uint8_t *rsdp = find_rsdp(rsdp_hint, &how);
	if (!rsdp)
		return "no valid RSDP (none from the loader, none in the BIOS areas)";

	/* ACPI 2.0+ gives a 64-bit XSDT; prefer it, else the RSDT of 32-bit pointers. */
	bool x = rsdp[15] >= 2 && le64(rsdp + 24) != 0;
	uint64_t root_phys = x ? le64(rsdp + 24) : le32(rsdp + 16);
	const char *why = NULL;
	const uint8_t *root = map_table(root_phys, x ? "XSDT" : "RSDT", &why);
	if (!root) {
		kprintf("acpi: %s at 0x%llx refused: %s\n", x ? "XSDT" : "RSDT",
			(unsigned long long)root_phys, why);
		return "root system description table refused";
	}
	unsigned width = x ? 8 : 4;
	uint32_t n = (le32(root + 4) - HDR_LEN) / width;
	kprintf("acpi: RSDP %s, revision %u, %s with %u tables\n", how, rsdp[15], x ? "XSDT" : "RSDT",
		n);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = root + HDR_LEN + i * width;
		uint64_t phys = x ? le64(p) : le32(p);
		const uint8_t *h = x86_map_phys(phys, HDR_LEN);
		if (memcmp(h, "APIC", 4) != 0)
			continue;
		const uint8_t *madt = map_table(phys, "APIC", &why);
		if (!madt) {
			kprintf("acpi: MADT at 0x%llx refused: %s\n", (unsigned long long)phys, why);
			return "MADT refused";
		}
		return parse_madt(madt, out);
	}
	return "no MADT among the ACPI tables";
}
