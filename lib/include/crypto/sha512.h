/* sha512: SHA-512 (FIPS 180-4), incremental and one-shot. No allocation; constant memory. */
#ifndef CRYPTO_SHA512_H
#define CRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_SIZE 64
#define SHA512_BLOCK_SIZE 128

struct sha512_ctx {
	uint64_t state[8];
	uint64_t bytes_lo, bytes_hi; /* message length in bytes, 128-bit */
	uint8_t block[SHA512_BLOCK_SIZE];
	size_t fill;
};

void sha512_init(struct sha512_ctx *ctx);
void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len);
void sha512_final(struct sha512_ctx *ctx, uint8_t digest[SHA512_DIGEST_SIZE]);
void sha512(const void *data, size_t len, uint8_t digest[SHA512_DIGEST_SIZE]);

#endif
