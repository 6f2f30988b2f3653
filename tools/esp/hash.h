/* hash: SHA-256 (FIPS 180-4) and MD5 (RFC 1321) for the host tools that write and check ESP32
 * images. Host-only and unoptimised; the kernel's crypto lives in lib/. */
#ifndef ESP_HASH_H
#define ESP_HASH_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t used;
};
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, uint8_t out[32]);
void sha256(const void *data, size_t n, uint8_t out[32]);

struct md5 {
	uint32_t h[4];
	uint64_t len;
	uint8_t buf[64];
	size_t used;
};
void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *data, size_t n);
void md5_final(struct md5 *m, uint8_t out[16]);
void md5(const void *data, size_t n, uint8_t out[16]);

#endif
