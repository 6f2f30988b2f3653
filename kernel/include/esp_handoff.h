/*
 * esp_handoff: what Ferrite's ESP32-C6 second-stage bootloader (loader/esp32c6/) tells the kernel
 * (BOOT=esp): a0 = ESP_HANDOFF_MAGIC, a1 = the address of this block in SRAM. The bootloader
 * region is reusable once the kernel has copied what it needs (kernel/boot/esp.c does at once).
 * Shared by the bootloader and the kernel; fixed layout, little-endian, version 1.
 */
#ifndef ESP_HANDOFF_H
#define ESP_HANDOFF_H

#include <stdint.h>

#define ESP_HANDOFF_MAGIC 0x46455350u /* "PSEF": Ferrite ESP */
#define ESP_HANDOFF_VERSION 1u
#define ESP_HANDOFF_CMDLINE_MAX 128

struct esp_handoff {
	uint32_t magic;
	uint32_t version;
	uint32_t size;          /* sizeof(struct esp_handoff), to reject mismatched builds */
	uint32_t flash_size;    /* bytes */
	uint32_t app_offset;    /* the app image's offset in flash */
	uint32_t app_size;      /* bytes, including checksum and SHA-256 */
	uint32_t sram_base, sram_size;     /* all of HP SRAM */
	uint32_t loader_base, loader_size; /* where the bootloader ran (free after the handoff) */
	uint32_t rom_base, rom_size;       /* ROM stack and .bss/.data at the top of SRAM */
	char cmdline[ESP_HANDOFF_CMDLINE_MAX];
};

#endif
