/* hash: SHA-256 and MD5 (RFC 1321) for the host tools that write and check ESP32 images. SHA-256
 * is lib/crypto's (one implementation in the tree); MD5 is host-only and unoptimised, and lives
 * here because nothing else should use it. */
#ifndef ESP_HASH_H
#define ESP_HASH_H

#include <stddef.h>
#include <stdint.h>

#include <crypto/sha256.h>

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
