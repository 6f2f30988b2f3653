/*
 * BOOT=uefi: Ferrite's own UEFI loader (kernel/boot/uefi/) enters the kernel with arg0 = physical
 * address of a struct uefi_handoff (uefi_handoff.h) after ExitBootServices. This adapter checks
 * it and turns the UEFI memory map into bootinfo ranges:
 *   usable   conventional memory, boot services code/data and loader code/data (boot services
 *            are gone; the kernel image and the handoff block are reserved separately);
 *   reserved everything else: runtime services, ACPI tables and NVS, MMIO, persistent and
 *            unaccepted memory, unknown types, and any range marked EFI_MEMORY_RUNTIME.
 * Runs of adjacent descriptors of the same kind are merged: firmware maps hold a hundred or more
 * descriptors, most of them neighbours, and bootinfo keeps BOOTINFO_MAX_RANGES of each.
 */
#include <boot.h>
#include <fdt.h>
#include <mem.h>
#include <uefi_handoff.h>
#include <le.h>

/* EFI_MEMORY_TYPE values (UEFI specification, GetMemoryMap). */
enum {
	EFI_RESERVED = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BS_CODE = 3,
	EFI_BS_DATA = 4,
	EFI_RT_CODE = 5,
	EFI_RT_DATA = 6,
	EFI_CONVENTIONAL = 7,
	EFI_UNUSABLE = 8,
	EFI_ACPI_RECLAIM = 9,
	EFI_ACPI_NVS = 10,
	EFI_MMIO = 11,
	EFI_MMIO_PORT = 12,
	EFI_PAL_CODE = 13,
	EFI_PERSISTENT = 14,
	EFI_UNACCEPTED = 15,
};

#define EFI_MEMORY_RUNTIME (1ull << 63)

/* Sanity bounds: a real map is a few KiB with 40- or 48-byte descriptors. */
#define UEFI_MAX_MAP (1024 * 1024)
#define UEFI_MAX_DESC 4096
#define UEFI_MAX_CMDLINE (64 * 1024)

/* What a descriptor becomes: NULL for usable RAM, else the reserved range's label. */
static const char *classify(uint32_t type, uint64_t attr)
{
	switch (type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BS_CODE:
	case EFI_BS_DATA:
	case EFI_CONVENTIONAL:
		/* Firmware that still needs a range at runtime says so with this attribute. */
		return attr & EFI_MEMORY_RUNTIME ? "uefi runtime" : NULL;
	case EFI_RT_CODE:
	case EFI_RT_DATA:
		return "uefi runtime";
	case EFI_UNUSABLE:
		return "bad memory";
	case EFI_ACPI_RECLAIM:
		return "acpi reclaimable";
	case EFI_ACPI_NVS:
		return "acpi nvs";
	case EFI_MMIO:
	case EFI_MMIO_PORT:
		return "mmio";
	case EFI_PERSISTENT:
		return "persistent";
	case EFI_UNACCEPTED:
		return "unaccepted";
	default:
		return "firmware";
	}
}

/* The range being merged: descriptors extend it while they are contiguous and of one kind. */
struct run {
	uint64_t base, size;
	const char *what; /* NULL: usable */
	bool open;
};

static void run_flush(struct bootinfo *bi, struct run *r)
{
	if (!r->open)
		return;
	if (r->what)
		bootinfo_add_reserved(bi, r->base, r->size, r->what);
	else
		bootinfo_add_usable(bi, r->base, r->size);
	r->open = false;
}

static void run_add(struct bootinfo *bi, struct run *r, uint64_t base, uint64_t size,
		    const char *what)
{
	bool same = r->what == what || (r->what && what && strcmp(r->what, what) == 0);
	if (r->open && same && r->base + r->size == base) {
		r->size += size;
		return;
	}
	run_flush(bi, r);
	*r = (struct run){ base, size, what, true };
}

static const char *collect_map(struct bootinfo *bi, const struct phys_view *pv,
			       const struct uefi_handoff *h)
{
	if (h->desc_size < UEFI_DESC_MIN_SIZE || h->desc_size > UEFI_MAX_DESC || h->desc_size % 8)
		return "UEFI memory map has a bad descriptor size";
	if (h->mmap_size == 0 || h->mmap_size > UEFI_MAX_MAP)
		return "UEFI memory map has a bad size";
	if (h->mmap_size % h->desc_size)
		return "UEFI memory map size is not a whole number of descriptors";
	const uint8_t *map = pv->map(pv->ctx, h->mmap_phys, h->mmap_size);
	if (!map)
		return "UEFI memory map is not readable";

	struct run r = { 0, 0, NULL, false };
	for (uint64_t off = 0; off < h->mmap_size; off += h->desc_size) {
		const uint8_t *d = map + off;
		uint64_t base = le64(d + UEFI_DESC_PHYS), pages = le64(d + UEFI_DESC_PAGES);
		if (base % UEFI_PAGE_SIZE)
			return "UEFI memory descriptor is not page-aligned";
		if (pages > (UINT64_MAX - base) / UEFI_PAGE_SIZE)
			return "UEFI memory descriptor runs past the end of the address space";
		if (pages == 0)
			continue;
		run_add(bi, &r, base, pages * UEFI_PAGE_SIZE,
			classify(le32(d + UEFI_DESC_TYPE), le64(d + UEFI_DESC_ATTR)));
	}
	run_flush(bi, &r);
	return NULL;
}

static const char *collect_dtb(struct bootinfo *bi, const struct phys_view *pv, uint64_t dtb)
{
	const void *hdr = pv->map(pv->ctx, dtb, FDT_HEADER_SIZE);
	if (!hdr)
		return "UEFI device tree is not readable";
	uint32_t total = fdt_peek_size(hdr, FDT_HEADER_SIZE);
	if (total == 0)
		return "UEFI device tree has a bad magic";
	if (!pv->map(pv->ctx, dtb, total))
		return "UEFI device tree extends past readable memory";
	bi->dtb_base = dtb;
	bi->dtb_size = total;
	bootinfo_add_reserved(bi, dtb, total, "dtb");

	/* Firmware below the OS can reserve memory only in the device tree: OpenSBI's own region
	 * shows up in U-Boot's UEFI map as conventional memory, so honour the tree's reservations. */
	struct fdt f;
	const char *err = fdt_open(&f, pv->map(pv->ctx, dtb, total), total);
	if (err)
		return err;
	int root = fdt_root(&f);
	boot_fdt_reserved(bi, &f, fdt_prop_u32(&f, root, "#address-cells", 2),
			  fdt_prop_u32(&f, root, "#size-cells", 1));
	return NULL;
}

const char *uefi_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t handoff_phys)
{
	bootinfo_init(bi);
	if (handoff_phys == 0)
		return "the UEFI loader passed no handoff";
	const uint8_t *raw = pv->map(pv->ctx, handoff_phys, sizeof(struct uefi_handoff));
	if (!raw)
		return "UEFI handoff is not readable";
	struct uefi_handoff h;
	memcpy(&h, raw, sizeof h);
	if (h.magic != UEFI_HANDOFF_MAGIC)
		return "not booted by Ferrite's UEFI loader (bad handoff magic)";
	if (h.version != UEFI_HANDOFF_VERSION || h.size < sizeof h)
		return "UEFI handoff is from a loader of another version";

	bi->memory_source = "UEFI memory map";
	const char *err = collect_map(bi, pv, &h);
	if (err)
		return err;
	if (bi->n_usable == 0)
		return "UEFI memory map has no usable memory";
	/* The handoff, the map and the command line live in loader data, which the map calls usable. */
	if (h.block_phys)
		bootinfo_add_reserved(bi, h.block_phys, h.block_size, "boot info");

	if (h.cmdline_phys) {
		if (h.cmdline_len > UEFI_MAX_CMDLINE)
			return "UEFI command line is implausibly long";
		/* Reading one byte more than the kernel keeps is enough to tell it was truncated. */
		uint64_t n = h.cmdline_len < BOOTINFO_CMDLINE_MAX ? h.cmdline_len : BOOTINFO_CMDLINE_MAX;
		const char *s = n ? pv->map(pv->ctx, h.cmdline_phys, n) : "";
		if (!s)
			return "UEFI command line is not readable";
		bootinfo_set_cmdline(bi, s, (uint32_t)n);
	}
	if (h.dtb_phys) {
		err = collect_dtb(bi, pv, h.dtb_phys);
		if (err)
			return err;
	}
	bi->acpi_rsdp = h.rsdp_phys;
	return NULL;
}
