/*
 * hash_desc: private to lib/crypto. A hash described by its sizes and its init/update/final, so
 * that HMAC (hmac.c) and PBKDF2 (pbkdf2.c) are written once for every hash; the per-hash public
 * functions in crypto/hmac.h and crypto/pbkdf2.h are thin wrappers that pass a descriptor.
 * Contexts are a union sized for the largest hash: nothing is allocated. The indirect calls are a
 * few per HMAC; the compression loops inside the hashes are called directly.
 */
#ifndef CRYPTO_HASH_DESC_H
#define CRYPTO_HASH_DESC_H

#include <crypto/sha256.h>
#include <crypto/sha512.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_MAX_BLOCK SHA512_BLOCK_SIZE
#define HASH_MAX_DIGEST SHA512_DIGEST_SIZE

union hash_ctx {
	struct sha256_ctx sha256;
	struct sha512_ctx sha512;
};

struct hash_desc {
	size_t block_size;
	size_t digest_size;
	size_t ctx_size; /* bytes of a union hash_ctx this hash uses */
	void (*init)(void *ctx);
	void (*update)(void *ctx, const void *data, size_t len);
	void (*final)(void *ctx, uint8_t *digest); /* digest_size bytes; wipes the context */
};

extern const struct hash_desc hash_desc_sha256, hash_desc_sha512;

/* An HMAC context for any described hash. */
struct hmac_any_ctx {
	union hash_ctx inner, outer;
};

/* inner and outer are h's contexts (a struct sha256_ctx for hash_desc_sha256, and so on). */
void hmac_init_with(const struct hash_desc *h, void *inner, void *outer, const void *key,
		    size_t key_len);
void hmac_final_with(const struct hash_desc *h, void *inner, void *outer, uint8_t *tag);
void hmac_with(const struct hash_desc *h, const void *key, size_t key_len, const void *msg,
	       size_t len, uint8_t *tag);
bool hmac_verify_with(const struct hash_desc *h, const void *key, size_t key_len, const void *msg,
		      size_t len, const void *tag, size_t tag_len);

#endif
