/*
 * BOOT=raw on device-tree machines: the loader (QEMU's Linux loader on aarch64, OpenSBI on
 * riscv) passes the physical address of a flattened device tree. Memory comes from the /memory
 * nodes, reservations from the header's reservation map and /reserved-memory, the command line
 * from /chosen/bootargs and an initrd, if any, from /chosen/linux,initrd-{start,end}.
 */
#include <boot.h>
#include <fdt.h>
#include <mem.h>

static void collect_chosen(struct bootinfo *bi, const struct fdt *f)
{
	int chosen = fdt_path(f, "/chosen");
	if (chosen < 0)
		return;
	uint32_t len;
	const char *args = fdt_prop(f, chosen, "bootargs", &len);
	if (args)
		bootinfo_set_cmdline(bi, args, len);

	/* initrd bounds are one or two cells each, whatever #address-cells says. */
	uint32_t slen, elen;
	const void *s = fdt_prop(f, chosen, "linux,initrd-start", &slen);
	const void *e = fdt_prop(f, chosen, "linux,initrd-end", &elen);
	if (s && e && (slen == 4 || slen == 8) && (elen == 4 || elen == 8)) {
		uint64_t start = fdt_cells(s, slen / 4), end = fdt_cells(e, elen / 4);
		if (end > start)
			bootinfo_add_module(bi, start, end - start, "initrd", 6);
	}
}

const char *fdt_bootinfo_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t dtb_phys)
{
	bootinfo_init(bi);
	if (dtb_phys == 0)
		return "the loader passed no device tree";
	const void *hdr = pv->map(pv->ctx, dtb_phys, FDT_HEADER_SIZE);
	if (!hdr)
		return "device tree header is not readable";
	uint32_t total = fdt_peek_size(hdr, FDT_HEADER_SIZE);
	if (total == 0)
		return "bad device tree magic";
	const void *blob = pv->map(pv->ctx, dtb_phys, total);
	if (!blob)
		return "device tree extends past readable memory";

	struct fdt f;
	const char *err = fdt_open(&f, blob, total);
	if (err)
		return err;

	bi->memory_source = "device tree";
	bi->dtb_base = dtb_phys;
	bi->dtb_size = total;
	bootinfo_add_reserved(bi, dtb_phys, total, "dtb");

	int root = fdt_root(&f);
	uint32_t ac = fdt_prop_u32(&f, root, "#address-cells", 2);
	uint32_t sc = fdt_prop_u32(&f, root, "#size-cells", 1);
	if (ac == 0 || ac > 2 || sc > 2)
		return "device tree root has unsupported #address-cells/#size-cells";

	for (int n = fdt_first_child(&f, root); n >= 0; n = fdt_next_sibling(&f, n)) {
		const char *type = fdt_prop_string(&f, n, "device_type");
		if (!type || strcmp(type, "memory") != 0)
			continue;
		uint32_t i = 0;
		uint64_t base, size;
		bool malformed;
		while (fdt_reg(&f, n, ac, sc, &i, &base, &size, &malformed))
			bootinfo_add_usable(bi, base, size);
		if (malformed)
			return "device tree memory node has a malformed reg property";
	}
	if (bi->n_usable == 0)
		return "device tree describes no memory";

	boot_fdt_reserved(bi, &f, ac, sc);
	collect_chosen(bi, &f);
	return NULL;
}
