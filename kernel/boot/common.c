/* Helpers shared by the boot protocol adapters. */
#include <boot.h>

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
