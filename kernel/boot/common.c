/* Helpers shared by the boot protocol adapters. */
#include <boot.h>
#include <fdt.h>

long boot_read_string(const struct phys_view *pv, uint64_t phys, char *dst, size_t max,
		      bool *truncated)
{
	size_t n = 0;
	if (truncated)
		*truncated = false;
	if (max == 0)
		return -1;
	for (;;) {
		const char *c = pv->map(pv->ctx, phys + n, 1);
		if (!c) {
			dst[n] = '\0';
			return -1;
		}
		if (*c == '\0')
			break;
		if (n == max - 1) {
			if (truncated)
				*truncated = true;
			break;
		}
		dst[n++] = *c;
	}
	dst[n] = '\0';
	return (long)n;
}

void boot_add_e820(struct bootinfo *bi, uint64_t base, uint64_t size, uint32_t type)
{
	switch (type) {
	case 1:
		bootinfo_add_usable(bi, base, size);
		break;
	case 3:
		bootinfo_add_reserved(bi, base, size, "acpi reclaimable");
		break;
	case 4:
		bootinfo_add_reserved(bi, base, size, "acpi nvs");
		break;
	case 5:
		bootinfo_add_reserved(bi, base, size, "bad memory");
		break;
	default:
		bootinfo_add_reserved(bi, base, size, "firmware");
		break;
	}
}

void boot_fdt_reserved(struct bootinfo *bi, const struct fdt *f, uint32_t root_ac,
		       uint32_t root_sc)
{
	uint64_t base, size;
	for (uint32_t i = 0; fdt_rsv(f, i, &base, &size); i++)
		bootinfo_add_reserved(bi, base, size, "memreserve");
	int rm = fdt_path(f, "/reserved-memory");
	if (rm < 0)
		return;
	uint32_t ac = fdt_prop_u32(f, rm, "#address-cells", root_ac);
	uint32_t sc = fdt_prop_u32(f, rm, "#size-cells", root_sc);
	for (int c = fdt_first_child(f, rm); c >= 0; c = fdt_next_sibling(f, c)) {
		uint32_t i = 0;
		while (fdt_reg(f, c, ac, sc, &i, &base, &size, NULL))
			bootinfo_add_reserved(bi, base, size, "firmware");
	}
}
