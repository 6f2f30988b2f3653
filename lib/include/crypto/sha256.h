/*
 * sha256: SHA-256 (FIPS 180-4), incremental and one-shot. No allocation; constant memory. Owns
 * only the hash: keyed use (HMAC) is crypto/hmac.h, password hashing crypto/pbkdf2.h.
 */
#ifndef CRYPTO_SHA256_H
#define CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256_ctx {
	uint32_t state[8];
	uint64_t bytes; /* message length so far; FIPS 180-4 caps messages below 2^64 bits */
	uint8_t block[SHA256_BLOCK_SIZE];
	size_t fill; /* bytes waiting in block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes the context (it may have absorbed a secret). */
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
