/*
 * hmac: HMAC per RFC 2104 section 2, H((K0 ^ opad) || H((K0 ^ ipad) || msg)), where K0 is the key
 * zero-padded to the hash's block size (or its digest, padded, when the key is longer than a
 * block). Keying absorbs the two padded blocks once, so the inner and outer contexts can be
 * copied and reused; every buffer that held key material is wiped before returning.
 *
 * The construction is written once over a hash descriptor (hash_desc.h); the SHA-256 and SHA-512
 * entry points of crypto/hmac.h only name their descriptor.
 */
#include <crypto/ct.h>
#include <crypto/hmac.h>
#include <mem.h>

#include "hash_desc.h"

#define HMAC_IPAD 0x36
#define HMAC_OPAD 0x5c

/* The hashes' own functions take their own context type; these adapt them to void *. */
static void sha256_init_any(void *ctx) { sha256_init(ctx); }
static void sha256_update_any(void *ctx, const void *data, size_t len)
{
	sha256_update(ctx, data, len);
}
static void sha256_final_any(void *ctx, uint8_t *digest) { sha256_final(ctx, digest); }
static void sha512_init_any(void *ctx) { sha512_init(ctx); }
static void sha512_update_any(void *ctx, const void *data, size_t len)
{
	sha512_update(ctx, data, len);
}
static void sha512_final_any(void *ctx, uint8_t *digest) { sha512_final(ctx, digest); }

const struct hash_desc hash_desc_sha256 = {
	SHA256_BLOCK_SIZE, SHA256_DIGEST_SIZE, sizeof(struct sha256_ctx),
	sha256_init_any, sha256_update_any, sha256_final_any,
};
const struct hash_desc hash_desc_sha512 = {
	SHA512_BLOCK_SIZE, SHA512_DIGEST_SIZE, sizeof(struct sha512_ctx),
	sha512_init_any, sha512_update_any, sha512_final_any,
};

/* XORs the padded key k0 (block bytes) with a pad byte into out. */
static void hmac_xor_pad(uint8_t *out, const uint8_t *k0, size_t block, uint8_t pad)
{
	for (size_t i = 0; i < block; i++)
		out[i] = k0[i] ^ pad;
}

void hmac_init_with(const struct hash_desc *h, void *inner, void *outer, const void *key,
		    size_t key_len)
{
	uint8_t k0[HASH_MAX_BLOCK], pad[HASH_MAX_BLOCK];
	size_t block = h->block_size;

	memset(k0, 0, block);
	if (key_len > block) {
		union hash_ctx kh;
		h->init(&kh);
		h->update(&kh, key, key_len);
		h->final(&kh, k0);
	} else if (key_len) {
		memcpy(k0, key, key_len);
	}

	hmac_xor_pad(pad, k0, block, HMAC_IPAD);
	h->init(inner);
	h->update(inner, pad, block);
	hmac_xor_pad(pad, k0, block, HMAC_OPAD);
	h->init(outer);
	h->update(outer, pad, block);

	ct_wipe(k0, sizeof k0);
	ct_wipe(pad, sizeof pad);
}

void hmac_final_with(const struct hash_desc *h, void *inner, void *outer, uint8_t *tag)
{
	uint8_t ihash[HASH_MAX_DIGEST];
	h->final(inner, ihash);
	h->update(outer, ihash, h->digest_size);
	h->final(outer, tag);
	ct_wipe(ihash, h->digest_size);
}

void hmac_with(const struct hash_desc *h, const void *key, size_t key_len, const void *msg,
	       size_t len, uint8_t *tag)
{
	struct hmac_any_ctx ctx;
	hmac_init_with(h, &ctx.inner, &ctx.outer, key, key_len);
	h->update(&ctx.inner, msg, len);
	hmac_final_with(h, &ctx.inner, &ctx.outer, tag);
}

/* The length checks depend only on tag_len, which is public; the byte comparison is ct_equal. */
bool hmac_verify_with(const struct hash_desc *h, const void *key, size_t key_len, const void *msg,
		      size_t len, const void *tag, size_t tag_len)
{
	if (tag_len < h->digest_size / 2 || tag_len > h->digest_size)
		return false;
	uint8_t want[HASH_MAX_DIGEST];
	hmac_with(h, key, key_len, msg, len, want);
	bool ok = ct_equal(want, tag, tag_len);
	ct_wipe(want, sizeof want);
	return ok;
}

void hmac_sha256_init(struct hmac_sha256_ctx *ctx, const void *key, size_t key_len)
{
	hmac_init_with(&hash_desc_sha256, &ctx->inner, &ctx->outer, key, key_len);
}

void hmac_sha256_update(struct hmac_sha256_ctx *ctx, const void *data, size_t len)
{
	sha256_update(&ctx->inner, data, len);
}

void hmac_sha256_final(struct hmac_sha256_ctx *ctx, uint8_t tag[HMAC_SHA256_SIZE])
{
	hmac_final_with(&hash_desc_sha256, &ctx->inner, &ctx->outer, tag);
}

void hmac_sha256(const void *key, size_t key_len, const void *msg, size_t len,
		 uint8_t tag[HMAC_SHA256_SIZE])
{
	hmac_with(&hash_desc_sha256, key, key_len, msg, len, tag);
}

bool hmac_sha256_verify(const void *key, size_t key_len, const void *msg, size_t len,
			const void *tag, size_t tag_len)
{
	return hmac_verify_with(&hash_desc_sha256, key, key_len, msg, len, tag, tag_len);
}

void hmac_sha512_init(struct hmac_sha512_ctx *ctx, const void *key, size_t key_len)
{
	hmac_init_with(&hash_desc_sha512, &ctx->inner, &ctx->outer, key, key_len);
}

void hmac_sha512_update(struct hmac_sha512_ctx *ctx, const void *data, size_t len)
{
	sha512_update(&ctx->inner, data, len);
}

void hmac_sha512_final(struct hmac_sha512_ctx *ctx, uint8_t tag[HMAC_SHA512_SIZE])
{
	hmac_final_with(&hash_desc_sha512, &ctx->inner, &ctx->outer, tag);
}

void hmac_sha512(const void *key, size_t key_len, const void *msg, size_t len,
		 uint8_t tag[HMAC_SHA512_SIZE])
{
	hmac_with(&hash_desc_sha512, key, key_len, msg, len, tag);
}

bool hmac_sha512_verify(const void *key, size_t key_len, const void *msg, size_t len,
			const void *tag, size_t tag_len)
{
	return hmac_verify_with(&hash_desc_sha512, key, key_len, msg, len, tag, tag_len);
}
