/*
 * BOOT=limine: turns the Limine loader's responses into struct bootinfo. Pure: every address the
 * loader wrote (response pointers, arrays, entries, strings) is read through the phys_view,
 * which under Limine is its own mapping; addresses the kernel keeps (modules, device tree, RSDP,
 * framebuffer) are turned back into physical ones by removing the higher-half direct map offset.
 *
 * Needs the memory map and HHDM responses; everything else is optional.
 */
#include <boot.h>
#include <fdt.h>
#include <limine_proto.h>
#include <mem.h>

#define LIMINE_MAX_MEMMAP 4096
#define LIMINE_MAX_MODULES 64
#define LIMINE_MAX_CPUS 4096

static const uint8_t *rd(const struct phys_view *pv, uint64_t addr, uint64_t len)
{
	return addr ? pv->map(pv->ctx, addr, len) : NULL;
}

static uint64_t u64_at(const uint8_t *p, uint32_t off)
{
	uint64_t v;
	memcpy(&v, p + off, 8);
	return v;
}

static uint64_t to_phys(uint64_t addr, uint64_t hhdm)
{
	return hhdm && addr >= hhdm ? addr - hhdm : addr;
}

/* A response holding a count and a pointer to `count` pointers; returns the pointer array. */
static const char *list(const struct phys_view *pv, uint64_t resp, uint64_t max, uint64_t *count,
			const uint8_t **array, const char *what)
{
	const uint8_t *r = rd(pv, resp, 24);
	if (!r)
		return what;
	*count = u64_at(r, LIMINE_LIST_COUNT);
	if (*count > max)
		return what;
	*array = *count ? rd(pv, u64_at(r, LIMINE_LIST_ARRAY), *count * 8) : NULL;
	if (*count && !*array)
		return what;
	return NULL;
}

static const char *collect_memmap(struct bootinfo *bi, const struct phys_view *pv, uint64_t resp)
{
	uint64_t n;
	const uint8_t *arr;
	if (list(pv, resp, LIMINE_MAX_MEMMAP, &n, &arr, "x"))
		return "Limine memory map response is malformed";
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *e = rd(pv, u64_at(arr, i * 8), LIMINE_MEMMAP_ENTRY_SIZE);
		if (!e)
			return "Limine memory map entry is not readable";
		uint64_t base = u64_at(e, 0), len = u64_at(e, 8), type = u64_at(e, 16);
		switch (type) {
		case LIMINE_MEM_USABLE:
			bootinfo_add_usable(bi, base, len);
			break;
		case LIMINE_MEM_ACPI_RECLAIMABLE:
			bootinfo_add_reserved(bi, base, len, "acpi reclaimable");
			break;
		case LIMINE_MEM_ACPI_NVS:
			bootinfo_add_reserved(bi, base, len, "acpi nvs");
			break;
		case LIMINE_MEM_BAD:
			bootinfo_add_reserved(bi, base, len, "bad memory");
			break;
		case LIMINE_MEM_BOOTLOADER_RECLAIMABLE:
			/* Limine's page tables, stack and these responses: free once copied. */
			bootinfo_add_reserved(bi, base, len, "loader reclaimable");
			break;
		case LIMINE_MEM_KERNEL_AND_MODULES:
			bootinfo_add_reserved(bi, base, len, "kernel+modules");
			break;
		case LIMINE_MEM_FRAMEBUFFER:
			bootinfo_add_reserved(bi, base, len, "framebuffer");
			break;
		default:
			bootinfo_add_reserved(bi, base, len, "firmware");
			break;
		}
	}
	return NULL;
}

/* Reads a limine_file; name gets its command line string, or its path when that is empty. */
static const char *read_file(const struct phys_view *pv, uint64_t file, uint64_t *addr,
			     uint64_t *size, char *cmdline, size_t max, bool *truncated, bool prefer_path)
{
	const uint8_t *f = rd(pv, file, LIMINE_FILE_MIN);
	if (!f)
		return "Limine file structure is not readable";
	*addr = u64_at(f, LIMINE_FILE_ADDRESS);
	*size = u64_at(f, LIMINE_FILE_SIZE);
	cmdline[0] = '\0';
	uint64_t s = u64_at(f, LIMINE_FILE_CMDLINE);
	if (s && boot_read_string(pv, s, cmdline, max, truncated) < 0)
		return "Limine file command line is not readable";
	s = u64_at(f, LIMINE_FILE_PATH);
	if (prefer_path && cmdline[0] == '\0' && s && boot_read_string(pv, s, cmdline, max, NULL) < 0)
		return "Limine file path is not readable";
	return NULL;
}

static const char *collect_modules(struct bootinfo *bi, const struct phys_view *pv, uint64_t resp,
				   uint64_t hhdm)
{
	uint64_t n;
	const uint8_t *arr;
	if (list(pv, resp, LIMINE_MAX_MODULES, &n, &arr, "x"))
		return "Limine module response is malformed";
	for (uint64_t i = 0; i < n; i++) {
		uint64_t addr, size;
		char name[BOOTINFO_NAME_MAX];
		const char *err = read_file(pv, u64_at(arr, i * 8), &addr, &size, name, sizeof name,
					    NULL, true);
		if (err)
			return err;
		bootinfo_add_module(bi, to_phys(addr, hhdm), size, name, sizeof name);
	}
	return NULL;
}

static const char *collect_framebuffer(struct bootinfo *bi, const struct phys_view *pv,
				       uint64_t resp, uint64_t hhdm)
{
	uint64_t n;
	const uint8_t *arr;
	if (list(pv, resp, 16, &n, &arr, "x"))
		return "Limine framebuffer response is malformed";
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *fb = rd(pv, u64_at(arr, i * 8), LIMINE_FB_MIN);
		if (!fb)
			return "Limine framebuffer is not readable";
		uint64_t h = u64_at(fb, LIMINE_FB_HEIGHT), pitch = u64_at(fb, LIMINE_FB_PITCH);
		if (pitch && h > UINT64_MAX / pitch)
			return "Limine framebuffer size overflows";
		bootinfo_add_reserved(bi, to_phys(u64_at(fb, LIMINE_FB_ADDRESS), hhdm), h * pitch,
				      "framebuffer");
	}
	return NULL;
}

/* A response carrying one address (rsdp, dtb); 0 when absent. */
static const char *one_address(const struct phys_view *pv, uint64_t resp, uint64_t hhdm,
			       uint64_t *out, const char *what)
{
	*out = 0;
	if (!resp)
		return NULL;
	const uint8_t *r = rd(pv, resp, 16);
	if (!r)
		return what;
	*out = to_phys(u64_at(r, LIMINE_ONE_POINTER), hhdm);
	return NULL;
}

const char *limine_collect(struct bootinfo *bi, const struct phys_view *pv,
			   const struct limine_responses *rs)
{
	bootinfo_init(bi);
	if (!rs->hhdm && !rs->memmap)
		return "not booted by a Limine loader (no responses to the kernel's requests)";
	if (rs->base_revision_left != 0)
		return "the Limine loader does not support the kernel's base revision";
	const uint8_t *h = rd(pv, rs->hhdm, 16);
	if (!h)
		return "Limine gave no higher-half direct map offset";
	uint64_t hhdm = u64_at(h, LIMINE_HHDM_OFFSET);
	if (!rs->memmap)
		return "Limine gave no memory map";

	bi->memory_source = "Limine memory map";
	const char *err = collect_memmap(bi, pv, rs->memmap);
	if (!err && rs->modules)
		err = collect_modules(bi, pv, rs->modules, hhdm);
	if (!err && rs->framebuffer)
		err = collect_framebuffer(bi, pv, rs->framebuffer, hhdm);
	if (!err)
		err = one_address(pv, rs->rsdp, hhdm, &bi->acpi_rsdp, "Limine RSDP response is not readable");
	uint64_t dtb = 0;
	if (!err)
		err = one_address(pv, rs->dtb, hhdm, &dtb, "Limine device tree response is not readable");
	if (err)
		return err;
	if (bi->n_usable == 0)
		return "Limine memory map has no usable memory";
	if (dtb) {
		const void *hdr = pv->map(pv->ctx, dtb + hhdm, FDT_HEADER_SIZE);
		uint32_t total = hdr ? fdt_peek_size(hdr, FDT_HEADER_SIZE) : 0;
		if (!total)
			return "Limine device tree is not readable or has a bad magic";
		const void *blob = pv->map(pv->ctx, dtb + hhdm, total);
		if (!blob)
			return "Limine device tree extends past readable memory";
		struct fdt f;
		err = fdt_open(&f, blob, total);
		if (err)
			return err;
		bi->dtb_base = dtb;
		bi->dtb_size = total;
		bootinfo_add_reserved(bi, dtb, total, "dtb");
		/* Limine's map comes from the firmware's, which may call OpenSBI's region usable. */
		int root = fdt_root(&f);
		boot_fdt_reserved(bi, &f, fdt_prop_u32(&f, root, "#address-cells", 2),
				  fdt_prop_u32(&f, root, "#size-cells", 1));
	}
	bool trunc = false;
	err = limine_cmdline(pv, rs->kernel_file, bi->cmdline, sizeof bi->cmdline, &trunc);
	bi->cmdline_truncated = trunc;
	return err;
}

const char *limine_cmdline(const struct phys_view *pv, uint64_t kernel_file, char *buf,
			   size_t max, bool *truncated)
{
	buf[0] = '\0';
	if (!kernel_file)
		return NULL;
	const uint8_t *r = rd(pv, kernel_file, 16);
	if (!r)
		return "Limine kernel file response is not readable";
	uint64_t addr, size;
	return read_file(pv, u64_at(r, LIMINE_ONE_POINTER), &addr, &size, buf, max, truncated,
			 false);
}

const char *limine_range_free(const struct phys_view *pv, uint64_t memmap, uint64_t base,
			      uint64_t end)
{
	uint64_t n;
	const uint8_t *arr;
	if (list(pv, memmap, LIMINE_MAX_MEMMAP, &n, &arr, "x"))
		return "Limine memory map response is malformed";
	/* Each pass extends the covered prefix [.., base) by any usable entry holding base; the
	 * map need not be sorted, and at most n passes can advance. */
	for (bool advanced = true; base < end && advanced;) {
		advanced = false;
		for (uint64_t i = 0; i < n && base < end; i++) {
			const uint8_t *e = rd(pv, u64_at(arr, i * 8), LIMINE_MEMMAP_ENTRY_SIZE);
			if (!e)
				return "Limine memory map entry is not readable";
			uint64_t b = u64_at(e, 0), len = u64_at(e, 8);
			if (u64_at(e, 16) != LIMINE_MEM_USABLE || b > base || base - b >= len)
				continue;
			base = len > UINT64_MAX - b ? UINT64_MAX : b + len;
			advanced = true;
		}
	}
	if (base < end)
		return "the kernel's link physical range is not free memory in Limine's map, so the "
		       "image cannot be moved where it is linked";
	return NULL;
}

const char *limine_boot_cpu_id(const struct phys_view *pv, uint64_t smp, uint64_t *id)
{
	const uint8_t *r = rd(pv, smp, LIMINE_SMP_MIN);
	if (!r)
		return "Limine gave no readable SMP response (the boot processor's id)";
	uint64_t bsp = u64_at(r, LIMINE_SMP_BSP_ID), n = u64_at(r, LIMINE_SMP_COUNT);
	if (n == 0 || n > LIMINE_MAX_CPUS)
		return "Limine SMP response has a bad processor count";
	const uint8_t *cpus = rd(pv, u64_at(r, LIMINE_SMP_CPUS), n * 8);
	if (!cpus)
		return "Limine SMP processor list is not readable";
	/* The protocol lists the boot processor too: an id missing from the list is not one the
	 * device tree knows either. */
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *c = rd(pv, u64_at(cpus, i * 8), LIMINE_SMP_CPU_MIN);
		if (!c)
			return "Limine SMP processor entry is not readable";
		if (u64_at(c, LIMINE_SMP_CPU_ID) == bsp) {
			*id = bsp;
			return NULL;
		}
	}
	return "Limine SMP response does not list its boot processor";
}

const char *limine_loaded_phys(const struct phys_view *pv, uint64_t kaddr, uint64_t virt,
			       uint64_t *phys)
{
	const uint8_t *r = rd(pv, kaddr, 24);
	if (!r)
		return "Limine gave no readable kernel address response";
	uint64_t pbase = u64_at(r, LIMINE_KADDR_PHYS), vbase = u64_at(r, LIMINE_KADDR_VIRT);
	if (virt < vbase || virt - vbase > UINT64_MAX - pbase)
		return "Limine kernel address response does not cover the image";
	*phys = pbase + (virt - vbase);
	return NULL;
}
