/*
 * hmac: HMAC (RFC 2104) over SHA-256 and SHA-512, incremental and one-shot, plus tag checking in
 * constant time. Owns the keyed construction only; the hashes are crypto/sha256.h and
 * crypto/sha512.h. No allocation. A keyed context may be copied by assignment to MAC several
 * messages under one key without re-keying (PBKDF2 does this for every iteration).
 */
#ifndef CRYPTO_HMAC_H
#define CRYPTO_HMAC_H

#include <crypto/sha256.h>
#include <crypto/sha512.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HMAC_SHA256_SIZE SHA256_DIGEST_SIZE
#define HMAC_SHA512_SIZE SHA512_DIGEST_SIZE

/* The inner and outer hashes with the padded key already absorbed. */
struct hmac_sha256_ctx {
	struct sha256_ctx inner, outer;
};
struct hmac_sha512_ctx {
	struct sha512_ctx inner, outer;
};

/* Keys of any length: longer than a hash block they are hashed first, as RFC 2104 says. */
void hmac_sha256_init(struct hmac_sha256_ctx *ctx, const void *key, size_t key_len);
void hmac_sha256_update(struct hmac_sha256_ctx *ctx, const void *data, size_t len);
/* Writes the tag and wipes the context. */
void hmac_sha256_final(struct hmac_sha256_ctx *ctx, uint8_t tag[HMAC_SHA256_SIZE]);
void hmac_sha256(const void *key, size_t key_len, const void *msg, size_t len,
		 uint8_t tag[HMAC_SHA256_SIZE]);

void hmac_sha512_init(struct hmac_sha512_ctx *ctx, const void *key, size_t key_len);
void hmac_sha512_update(struct hmac_sha512_ctx *ctx, const void *data, size_t len);
void hmac_sha512_final(struct hmac_sha512_ctx *ctx, uint8_t tag[HMAC_SHA512_SIZE]);
void hmac_sha512(const void *key, size_t key_len, const void *msg, size_t len,
		 uint8_t tag[HMAC_SHA512_SIZE]);

/*
 * True when tag (tag_len bytes) is the leading tag_len bytes of the message's HMAC. The comparison
 * takes the same time wherever the tags differ. Truncated tags are accepted down to half the hash
 * size (RFC 2104 section 5: no fewer than half the output and no fewer than 80 bits); anything
 * shorter, or longer than the hash, is refused outright.
 */
bool hmac_sha256_verify(const void *key, size_t key_len, const void *msg, size_t len,
			const void *tag, size_t tag_len);
bool hmac_sha512_verify(const void *key, size_t key_len, const void *msg, size_t len,
			const void *tag, size_t tag_len);

#endif
