/*
 * Kernel side of the boot adapters: a phys_view over the loader's identity mapping, and the one
 * adapter this build was configured with (BOOT=... defines CONFIG_BOOT_<method>).
 */
#include <boot.h>
#include <hal.h>
#include <limine_proto.h>

static const void *identity_map(void *ctx, uint64_t phys, uint64_t len)
{
	(void)ctx;
	/* Physical 0 would read as a NULL pointer; no loader puts its structures there. */
	if (phys == 0 || phys + len < phys || phys + len > hal_boot_phys_limit())
		return NULL;
	if (phys + len - 1 > UINTPTR_MAX)
		return NULL;
	return (const void *)(uintptr_t)phys;
}

#if defined(CONFIG_BOOT_limine)
/* Limine's addresses are in its direct map (HHDM, offset in ctx); the kernel's entry has
 * replaced that map with the boot identity map, so an HHDM address is read at address - offset.
 * A few fields (base revision 3's RSDP) are physical already. */
static const void *hhdm_map(void *ctx, uint64_t addr, uint64_t len)
{
	uint64_t hhdm = *(const uint64_t *)ctx;
	return identity_map(NULL, hhdm && addr >= hhdm ? addr - hhdm : addr, len);
}
#endif

const char *boot_collect(struct bootinfo *bi, uintptr_t arg0, uintptr_t arg1)
{
	const struct phys_view pv = { identity_map, NULL };
#if defined(CONFIG_BOOT_raw)
	(void)arg1;
	return fdt_bootinfo_collect(bi, &pv, arg0);
#elif defined(CONFIG_BOOT_mb1)
	return multiboot1_collect(bi, &pv, arg0, arg1);
#elif defined(CONFIG_BOOT_mb2)
	return multiboot2_collect(bi, &pv, arg0, arg1);
#elif defined(CONFIG_BOOT_esp)
	return esp_collect(bi, &pv, arg0, arg1);
#elif defined(CONFIG_BOOT_pvh)
	if (arg0 != PVH_START_MAGIC)
		return "not entered through the PVH entry point";
	return pvh_collect(bi, &pv, arg1);
#elif defined(CONFIG_BOOT_uefi)
	(void)arg1; /* UEFI_HANDOFF_MAGIC on x86_64, the hart id on riscv, 0 on aarch64 */
	return uefi_collect(bi, &pv, arg0);
#elif defined(CONFIG_BOOT_limine)
	(void)pv;
	struct limine_responses rs;
	limine_read_responses(&rs);
	if (arg1 == LIMINE_ENTRY_FAILED) {
		/* Still on Limine's tables, where its addresses are readable as they are: keep the
		 * command line, which says whether the panic that follows powers off. */
		uint64_t loader_hhdm;
		const struct phys_view lv = limine_loader_view(&rs, &loader_hhdm);
		bootinfo_init(bi);
		(void)limine_cmdline(&lv, rs.kernel_file, bi->cmdline, sizeof bi->cmdline, NULL);
		return (const char *)arg0;
	}
	if (arg1 != LIMINE_ENTRY_MOVED)
		return "not entered through the Limine entry point";
	uint64_t hhdm = arg0;
	const struct phys_view lv = { hhdm_map, &hhdm };
	return limine_collect(bi, &lv, &rs);
#else
#error "no boot adapter for this BOOT method"
#endif
}
