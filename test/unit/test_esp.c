/*
 * Host tests for the ESP32-C6 image writer and checker (tools/esp/). Proves that a good image
 * round-trips and that each kind of damage is refused with its own message.
 */
#include "test.h"
#include "esp/esp_image.h"
#include "esp/hash.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A check with a message saying what was expected (this file's own flavour of CHECK). */
#define ESP_CHECK(cond, ...)                                               \
	do {                                                               \
		if (!(cond))                                               \
			test_fail(__FILE__, __LINE__, __VA_ARGS__);        \
	} while (0)

static uint8_t drom[512], sram[64], irom[1024];

static struct esp_image_params params(void)
{
	return (struct esp_image_params){ .entry = 0x42000020, .flash_mode = 2,
					  .flash_size_freq = 0x20, .chip_id = ESP_CHIP_ID_ESP32C6,
					  .max_rev_full = 99 };
}

/* A small app like the kernel's: descriptor + rodata, one SRAM segment, code. */
static uint8_t *good_image(size_t *len)
{
	memset(drom, 0, sizeof drom);
	drom[0] = 0x32; drom[1] = 0x54; drom[2] = 0xcd; drom[3] = 0xab;
	memcpy(drom + ESP_APP_DESC_PROJECT, "test", 4);
	for (unsigned i = 0; i < sizeof sram; i++)
		sram[i] = (uint8_t)(i * 7 + 1);
	for (unsigned i = 0; i < sizeof irom; i++)
		irom[i] = (uint8_t)(i ^ 0x5a);
	const struct esp_segment segs[] = {
		{ 0x42000020, sizeof irom, irom },
		{ 0x40800000, sizeof sram, sram },
		{ 0x42800020, sizeof drom, drom },
	};
	struct esp_image_params p = params();
	uint8_t *img;
	const char *err = esp_image_build(&p, segs, 3, ESP_IMAGE_APP, &img, len);
	ESP_CHECK(err == NULL, "building a good image: %s", err);
	return img;
}

static int check(const uint8_t *img, size_t len, char *report, size_t cap)
{
	struct esp_image_info info;
	return esp_image_check(img, len, ESP_IMAGE_APP, &info, report, cap);
}

static void test_hashes(void)
{
	uint8_t d[32];
	static const uint8_t abc256[32] = { 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
	static const uint8_t abc_md5[16] = { 0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0,
		0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1, 0x7f, 0x72 };
	sha256("abc", 3, d);
	ESP_CHECK(memcmp(d, abc256, 32) == 0, "SHA-256(\"abc\") (FIPS 180-4 example)");
	md5("abc", 3, d);
	ESP_CHECK(memcmp(d, abc_md5, 16) == 0, "MD5(\"abc\") (RFC 1321 test suite)");
}

static void test_round_trip(void)
{
	size_t len;
	uint8_t *img = good_image(&len);
	char report[1024];
	struct esp_image_info info;
	int n = esp_image_check(img, len, ESP_IMAGE_APP, &info, report, sizeof report);
	ESP_CHECK(n == 0, "good image refused: %s", report);
	ESP_CHECK(len % 16 == 0, "image length %zu: checksum block + SHA-256 keep 16-byte alignment", len);
	ESP_CHECK(info.app_desc_off == 0x20, "app descriptor at 0x%lx, expected 0x20", info.app_desc_off);
	ESP_CHECK(info.entry == 0x42000020, "entry 0x%x", info.entry);
	unsigned found = 0;
	for (unsigned i = 0; i < info.n_segs; i++) {
		const uint8_t *d = img + info.seg[i].file_off;
		if (info.seg[i].addr == 0x42000020) {
			found++;
			ESP_CHECK(info.seg[i].file_off % ESP_MMU_PAGE == 0x20, "code not page-congruent");
			ESP_CHECK(memcmp(d, irom, sizeof irom) == 0, "code segment data differs");
		} else if (info.seg[i].addr == 0x40800000) {
			found++;
			ESP_CHECK(memcmp(d, sram, sizeof sram) == 0, "SRAM segment data differs");
		} else if (info.seg[i].addr == 0x42800020) {
			found++;
			ESP_CHECK(i == 0, "descriptor segment is segment %u, not 0", i);
		}
	}
	ESP_CHECK(found == 3, "found %u of 3 segments after the round trip", found);
	free(img);
}

static void expect(const char *what, const uint8_t *img, size_t len, const char *needle,
		   const char *absent)
{
	char report[2048];
	int n = check(img, len, report, sizeof report);
	ESP_CHECK(n > 0, "%s: accepted", what);
	ESP_CHECK(strstr(report, needle) != NULL, "%s: report lacks \"%s\":\n%s", what, needle, report);
	if (absent)
		ESP_CHECK(strstr(report, absent) == NULL, "%s: report wrongly has \"%s\":\n%s", what,
		      absent, report);
}

/* Offset of the checksum byte: the image ends with it and the 32-byte SHA-256. */
static size_t checksum_at(size_t len)
{
	return len - 33;
}

static void test_damage(void)
{
	size_t len;
	uint8_t *img = good_image(&len);

	/* A flipped byte inside the code segment: both the checksum and the hash notice. */
	uint8_t *c = malloc(len);
	memcpy(c, img, len);
	c[0x10020 + 100] ^= 0x01;
	expect("flipped segment byte", c, len, "checksum mismatch", NULL);
	expect("flipped segment byte", c, len, "SHA-256 mismatch", NULL);

	/* A wrong checksum whose hash was recomputed: only the checksum is at fault. */
	memcpy(c, img, len);
	c[checksum_at(len)] ^= 0xff;
	sha256(c, len - 32, c + len - 32);
	expect("bad checksum", c, len, "checksum mismatch", "SHA-256");

	/* A bad appended hash over an otherwise intact image. */
	memcpy(c, img, len);
	c[len - 1] ^= 0x80;
	expect("bad SHA-256", c, len, "SHA-256 mismatch", "checksum");

	/* Truncations: inside a segment, at the checksum, inside the hash, inside the header. */
	expect("truncated in a segment", img, 0x10020 + 10, "truncated: segment", NULL);
	expect("truncated before the checksum", img, checksum_at(len), "truncated", NULL);
	expect("truncated hash", img, len - 5, "truncated: the appended SHA-256 is missing", NULL);
	expect("truncated header", img, 10, "truncated", NULL);

	/* A segment moved outside valid memory, resealed so nothing else is wrong. */
	memcpy(c, img, len);
	struct esp_image_info info;
	esp_image_check(c, len, ESP_IMAGE_APP, &info, NULL, 0);
	for (unsigned i = 0; i < info.n_segs; i++)
		if (info.seg[i].addr == 0x40800000) {
			uint32_t bad = 0x30000000;
			memcpy(c + info.seg[i].file_off - 8, &bad, 4);
		}
	ESP_CHECK(esp_image_reseal(c, len), "reseal");
	expect("segment outside memory", c, len, "outside the ESP32-C6's valid memory", "mismatch");

	/* SRAM segment running off the end of SRAM. */
	memcpy(c, img, len);
	for (unsigned i = 0; i < info.n_segs; i++)
		if (info.seg[i].addr == 0x40800000) {
			uint32_t edge = 0x4087fff0;
			memcpy(c + info.seg[i].file_off - 8, &edge, 4);
		}
	esp_image_reseal(c, len);
	expect("segment past the end of SRAM", c, len, "outside the ESP32-C6's valid memory", NULL);

	/* Wrong chip, wrong magic, missing app descriptor. */
	memcpy(c, img, len);
	c[12] = 0x05; /* ESP32-C3 */
	esp_image_reseal(c, len);
	expect("chip id", c, len, "chip id 5 is not the ESP32-C6's", NULL);
	memcpy(c, img, len);
	c[0] = 0xe8;
	expect("magic", c, len, "bad magic 0xe8", NULL);
	memcpy(c, img, len);
	c[0x20] ^= 0xff;
	esp_image_reseal(c, len);
	expect("app descriptor", c, len, "app descriptor magic", "mismatch");

	/* A flash segment moved off its page congruence (its header says another address). */
	memcpy(c, img, len);
	for (unsigned i = 0; i < info.n_segs; i++)
		if (info.seg[i].addr == 0x42000020) {
			uint32_t moved = 0x42000040;
			memcpy(c + info.seg[i].file_off - 8, &moved, 4);
		}
	esp_image_reseal(c, len);
	expect("misaligned flash segment", c, len, "not congruent", NULL);
	free(c);
	free(img);
}

static void test_writer_refuses(void)
{
	struct esp_image_params p = params();
	uint8_t *img;
	size_t len;
	uint8_t d[16] = { 0 };
	const struct esp_segment outside[] = { { 0x30000000, 16, d } };
	ESP_CHECK(esp_image_build(&p, outside, 1, ESP_IMAGE_BOOT, &img, &len) != NULL,
	      "writer accepted a segment outside memory");
	const struct esp_segment flash_boot[] = { { 0x42000020, 16, d } };
	ESP_CHECK(esp_image_build(&p, flash_boot, 1, ESP_IMAGE_BOOT, &img, &len) != NULL,
	      "writer accepted a flash segment in a bootloader");
	const struct esp_segment no_desc[] = { { 0x40800000, 16, d } };
	ESP_CHECK(esp_image_build(&p, no_desc, 1, ESP_IMAGE_APP, &img, &len) != NULL,
	      "writer accepted an app without esp_app_desc_t");
	const struct esp_segment boot[] = { { 0x40870000, 16, d } };
	p.entry = 0x40870000;
	const char *err = esp_image_build(&p, boot, 1, ESP_IMAGE_BOOT, &img, &len);
	ESP_CHECK(err == NULL, "bootloader image: %s", err);
	if (!err) {
		struct esp_image_info info;
		char report[512];
		ESP_CHECK(esp_image_check(img, len, ESP_IMAGE_BOOT, &info, report, sizeof report) == 0,
		      "bootloader image refused: %s", report);
		free(img);
	}
}

static void test_parttable(void)
{
	const struct esp_partition parts[] = { { "factory", 0, 0, 0x10000, 0x3f0000 } };
	uint8_t pt[ESP_PARTTABLE_LEN];
	ESP_CHECK(esp_parttable_build(parts, 1, pt) == NULL, "partition table");
	ESP_CHECK(pt[0] == 0xaa && pt[1] == 0x50, "entry magic");
	ESP_CHECK(pt[4] == 0x00 && pt[5] == 0x00 && pt[6] == 0x01, "offset 0x10000 little-endian");
	ESP_CHECK(memcmp(pt + 12, "factory", 8) == 0, "label");
	ESP_CHECK(pt[32] == 0xeb && pt[33] == 0xeb && pt[34] == 0xff, "MD5 entry marker");
	uint8_t d[16];
	md5(pt, 32, d);
	ESP_CHECK(memcmp(pt + 48, d, 16) == 0, "MD5 of the entries");
	ESP_CHECK(pt[64] == 0xff && pt[ESP_PARTTABLE_LEN - 1] == 0xff, "0xff fill");
}

TEST(esp_hashes) { test_hashes(); }
TEST(esp_image_round_trip) { test_round_trip(); }
TEST(esp_image_damage_refused) { test_damage(); }
TEST(esp_image_writer_refuses) { test_writer_refuses(); }
TEST(esp_partition_table) { test_parttable(); }
