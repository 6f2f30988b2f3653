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
static const void *loader_map(void *ctx, uint64_t addr, uint64_t len)
{
	(void)ctx;
	if (addr == 0 || addr + len < addr || addr + len - 1 > UINTPTR_MAX)
		return NULL;
	return (const void *)(uintptr_t)addr;
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
	/* Limine maps everything it points at; its addresses are read as they are. */
	(void)arg0, (void)arg1, (void)pv;
	struct limine_responses rs;
	limine_read_responses(&rs);
	const struct phys_view lv = { loader_map, NULL };
	return limine_collect(bi, &lv, &rs);
#else
#error "no boot adapter for this BOOT method"
#endif
}
