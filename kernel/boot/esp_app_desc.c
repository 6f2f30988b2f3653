/*
 * The ESP-IDF application descriptor (esp_app_desc_t, 256 bytes) that ESP tooling and
 * bootloaders look for at the very start of an app's read-only data: the linker script for the
 * ESP32-C6 puts .rodata.esp_app_desc first in flash rodata. tools/mkesp fills in the build time
 * and the SHA-256 of the kernel ELF, which the kernel cannot know about itself.
 */
#include <stdint.h>

struct esp_app_desc {
	uint32_t magic_word;
	uint32_t secure_version;
	uint32_t reserv1[2];
	char version[32];
	char project_name[32];
	char time[16];
	char date[16];
	char idf_ver[32];
	uint8_t app_elf_sha256[32];
	uint16_t min_efuse_blk_rev_full;
	uint16_t max_efuse_blk_rev_full;
	uint8_t mmu_page_size; /* log2 of the flash MMU page: 16 for 64 KiB */
	uint8_t reserv3[3];
	uint32_t reserv2[18];
};
_Static_assert(sizeof(struct esp_app_desc) == 256, "esp_app_desc_t is 256 bytes");

__attribute__((section(".rodata.esp_app_desc"), used))
const struct esp_app_desc esp_app_desc = {
	.magic_word = 0xabcd5432u,
	.version = FERRITE_VERSION,
	.project_name = "ferrite",
	.idf_ver = "none (Ferrite)",
	.max_efuse_blk_rev_full = 0xffff,
	.mmu_page_size = 16,
};
