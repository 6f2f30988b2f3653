/*
 * BOOT=esp (ESP32-C6): the kernel is entered by Ferrite's second-stage bootloader with
 * a0 = ESP_HANDOFF_MAGIC and a1 = the handoff block. There is no device tree: memory comes from
 * the handoff, which the bootloader fills from the chip's fixed memory map.
 */
#include <boot.h>
#include <esp_handoff.h>
#include <mem.h>

const char *esp_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t magic,
			uint64_t handoff_phys)
{
	bootinfo_init(bi);
	if (magic != ESP_HANDOFF_MAGIC)
		return "not entered by Ferrite's ESP32-C6 bootloader (bad magic in a0)";
	const struct esp_handoff *h = pv->map(pv->ctx, handoff_phys, sizeof *h);
	if (!h)
		return "ESP handoff block is not readable";
	struct esp_handoff ho;
	memcpy(&ho, h, sizeof ho); /* the bootloader's memory is about to be reused */
	if (ho.magic != ESP_HANDOFF_MAGIC || ho.version != ESP_HANDOFF_VERSION ||
	    ho.size != sizeof ho)
		return "ESP handoff block has the wrong magic, version or size";
	if (ho.sram_size == 0 || (uint64_t)ho.sram_base + ho.sram_size > (1ull << 32))
		return "ESP handoff describes no usable SRAM";

	bi->memory_source = "ESP32-C6 bootloader handoff";
	bootinfo_add_usable(bi, ho.sram_base, ho.sram_size);
	bootinfo_add_reserved(bi, ho.rom_base, ho.rom_size, "rom data");
	bootinfo_add_reserved(bi, ho.loader_base, ho.loader_size, "bootloader");
	bootinfo_set_cmdline(bi, ho.cmdline, sizeof ho.cmdline);
	return NULL;
}
