/*
 * esp_image: the ESP-IDF flash image formats Ferrite's ESP32-C6 build writes and checks, on the
 * host. Owns the app/bootloader image layout (24-byte header with the extended header, segments,
 * XOR checksum, appended SHA-256), the esp_app_desc_t the ROM-side tooling looks for, and the
 * binary partition table. Knows the ESP32-C6 memory map only as far as deciding where a segment
 * may load; it does not know about ELF (tools/mkesp.c does).
 */
#ifndef ESP_IMAGE_H
#define ESP_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ESP_IMAGE_MAGIC 0xe9
#define ESP_IMAGE_HEADER_LEN 24
#define ESP_IMAGE_SEG_HEADER_LEN 8
#define ESP_IMAGE_MAX_SEGS 16
#define ESP_CHECKSUM_SEED 0xef
#define ESP_CHIP_ID_ESP32C6 0x000d
#define ESP_WP_PIN_DISABLED 0xee
#define ESP_MMU_PAGE 0x10000u

#define ESP_APP_DESC_MAGIC 0xabcd5432u
#define ESP_APP_DESC_LEN 256
/* Offsets inside esp_app_desc_t. */
#define ESP_APP_DESC_VERSION 16
#define ESP_APP_DESC_PROJECT 48
#define ESP_APP_DESC_TIME 80
#define ESP_APP_DESC_DATE 96
#define ESP_APP_DESC_IDF_VER 112
#define ESP_APP_DESC_ELF_SHA 144

/* ESP32-C6 address ranges a segment may load to. */
#define ESP32C6_FLASH_MAP_BASE 0x42000000u /* I/D cache window, 16 MiB (IROM then DROM half) */
#define ESP32C6_FLASH_MAP_END 0x43000000u
#define ESP32C6_DROM_BASE 0x42800000u
#define ESP32C6_SRAM_BASE 0x40800000u      /* HP SRAM, 512 KiB */
#define ESP32C6_SRAM_END 0x40880000u
#define ESP32C6_LP_SRAM_BASE 0x50000000u   /* LP SRAM, 16 KiB */
#define ESP32C6_LP_SRAM_END 0x50004000u

/* Flash layout of the 4 MiB image `make BOARD=esp32-c6` writes. */
#define ESP_FLASH_BOOTLOADER 0x0u
#define ESP_FLASH_PARTTABLE 0x8000u
#define ESP_FLASH_APP 0x10000u
#define ESP_PARTTABLE_LEN 0xc00u

enum esp_image_kind {
	ESP_IMAGE_APP,  /* an application: flash-mapped segments allowed, app descriptor required */
	ESP_IMAGE_BOOT, /* a second-stage bootloader: the ROM loads it, so RAM segments only */
};

struct esp_segment {
	uint32_t addr;
	uint32_t len;
	const uint8_t *data;
};

struct esp_image_params {
	uint32_t entry;
	uint8_t flash_mode;      /* 0 QIO, 1 QOUT, 2 DIO, 3 DOUT */
	uint8_t flash_size_freq; /* size in the high nibble (2 = 4 MB), frequency code in the low */
	uint16_t chip_id;
	uint16_t min_rev_full, max_rev_full; /* major * 100 + minor */
};

/*
 * Lays out an image: the segment holding the app descriptor (for an app, the lowest DROM
 * segment) first, flash-mapped segments at file offsets congruent to their address modulo the
 * 64 KiB MMU page (with zero padding segments at address 0 where needed), RAM segments after.
 * The app's offset in flash must be a multiple of 64 KiB. Returns NULL or what was wrong; *out is
 * malloc'ed.
 */
const char *esp_image_build(const struct esp_image_params *p, const struct esp_segment *segs,
			    unsigned n, enum esp_image_kind kind, uint8_t **out, size_t *out_len);

struct esp_image_info {
	unsigned n_segs;
	struct {
		uint32_t addr, len, file_off; /* file_off of the data, after the 8-byte header */
	} seg[ESP_IMAGE_MAX_SEGS];
	uint32_t entry;
	uint16_t chip_id;
	uint8_t checksum;
	size_t image_len; /* including the SHA-256 */
	long app_desc_off; /* file offset of esp_app_desc_t, -1 when none */
};

/* Checks an image; appends one line per problem to report (NUL-terminated, at most cap bytes)
 * and returns how many it found (0 = good). info is filled as far as the image could be read. */
int esp_image_check(const uint8_t *buf, size_t len, enum esp_image_kind kind,
		    struct esp_image_info *info, char *report, size_t cap);

/* Recomputes the checksum and SHA-256 of a well-framed image in place (tests use it to build
 * images that are wrong in exactly one way). Returns false when the framing is unreadable. */
bool esp_image_reseal(uint8_t *buf, size_t len);

/* Where an address range may load on the ESP32-C6: "flash", "sram", "lp-sram", "padding", or
 * NULL when outside valid memory. */
const char *esp32c6_region(uint32_t addr, uint32_t len);

struct esp_partition {
	const char *label;
	uint8_t type, subtype;
	uint32_t offset, size;
};

/* The binary partition table (32-byte entries, magic 0x50aa, then the 0xebeb MD5 entry, 0xff
 * fill up to 0xc00 bytes). Returns NULL or what was wrong. */
const char *esp_parttable_build(const struct esp_partition *parts, unsigned n,
				uint8_t out[ESP_PARTTABLE_LEN]);

#endif
