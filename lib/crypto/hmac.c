/*
 * hmac: HMAC per RFC 2104 section 2, H((K0 ^ opad) || H((K0 ^ ipad) || msg)), where K0 is the key
 * zero-padded to the hash's block size (or its digest, padded, when the key is longer than a
 * block). Keying absorbs the two padded blocks once, so the inner and outer contexts can be
 * copied and reused; every buffer that held key material is wiped before returning.
 */
#include <crypto/ct.h>
#include <crypto/hmac.h>
#include <mem.h>

#define HMAC_IPAD 0x36
#define HMAC_OPAD 0x5c

/* XORs the padded key k0 (block bytes) with a pad byte into out. */
static void hmac_xor_pad(uint8_t *out, const uint8_t *k0, size_t block, uint8_t pad)
{
	for (size_t i = 0; i < block; i++)
		out[i] = k0[i] ^ pad;
}

void hmac_sha256_init(struct hmac_sha256_ctx *ctx, const void *key, size_t key_len)
{
	uint8_t k0[SHA256_BLOCK_SIZE], pad[SHA256_BLOCK_SIZE];

	memset(k0, 0, sizeof k0);
	if (key_len > SHA256_BLOCK_SIZE)
		sha256(key, key_len, k0);
	else if (key_len)
		memcpy(k0, key, key_len);

	hmac_xor_pad(pad, k0, sizeof pad, HMAC_IPAD);
	sha256_init(&ctx->inner);
	sha256_update(&ctx->inner, pad, sizeof pad);
	hmac_xor_pad(pad, k0, sizeof pad, HMAC_OPAD);
	sha256_init(&ctx->outer);
	sha256_update(&ctx->outer, pad, sizeof pad);

	ct_wipe(k0, sizeof k0);
	ct_wipe(pad, sizeof pad);
}

void hmac_sha256_update(struct hmac_sha256_ctx *ctx, const void *data, size_t len)
{
	sha256_update(&ctx->inner, data, len);
}

void hmac_sha256_final(struct hmac_sha256_ctx *ctx, uint8_t tag[HMAC_SHA256_SIZE])
{
	uint8_t ihash[SHA256_DIGEST_SIZE];
	sha256_final(&ctx->inner, ihash);
	sha256_update(&ctx->outer, ihash, sizeof ihash);
	sha256_final(&ctx->outer, tag);
	ct_wipe(ihash, sizeof ihash);
}

void hmac_sha256(const void *key, size_t key_len, const void *msg, size_t len,
		 uint8_t tag[HMAC_SHA256_SIZE])
{
	struct hmac_sha256_ctx ctx;
	hmac_sha256_init(&ctx, key, key_len);
	hmac_sha256_update(&ctx, msg, len);
	hmac_sha256_final(&ctx, tag);
}

void hmac_sha512_init(struct hmac_sha512_ctx *ctx, const void *key, size_t key_len)
{
	uint8_t k0[SHA512_BLOCK_SIZE], pad[SHA512_BLOCK_SIZE];

	memset(k0, 0, sizeof k0);
	if (key_len > SHA512_BLOCK_SIZE)
		sha512(key, key_len, k0);
	else if (key_len)
		memcpy(k0, key, key_len);

	hmac_xor_pad(pad, k0, sizeof pad, HMAC_IPAD);
	sha512_init(&ctx->inner);
	sha512_update(&ctx->inner, pad, sizeof pad);
	hmac_xor_pad(pad, k0, sizeof pad, HMAC_OPAD);
	sha512_init(&ctx->outer);
	sha512_update(&ctx->outer, pad, sizeof pad);

	ct_wipe(k0, sizeof k0);
	ct_wipe(pad, sizeof pad);
}

void hmac_sha512_update(struct hmac_sha512_ctx *ctx, const void *data, size_t len)
{
	sha512_update(&ctx->inner, data, len);
}

void hmac_sha512_final(struct hmac_sha512_ctx *ctx, uint8_t tag[HMAC_SHA512_SIZE])
{
	uint8_t ihash[SHA512_DIGEST_SIZE];
	sha512_final(&ctx->inner, ihash);
	sha512_update(&ctx->outer, ihash, sizeof ihash);
	sha512_final(&ctx->outer, tag);
	ct_wipe(ihash, sizeof ihash);
}

void hmac_sha512(const void *key, size_t key_len, const void *msg, size_t len,
		 uint8_t tag[HMAC_SHA512_SIZE])
{
	struct hmac_sha512_ctx ctx;
	hmac_sha512_init(&ctx, key, key_len);
	hmac_sha512_update(&ctx, msg, len);
	hmac_sha512_final(&ctx, tag);
}

/* The length checks depend only on tag_len, which is public; the byte comparison is ct_equal. */
bool hmac_sha256_verify(const void *key, size_t key_len, const void *msg, size_t len,
			const void *tag, size_t tag_len)
{
	if (tag_len < HMAC_SHA256_SIZE / 2 || tag_len > HMAC_SHA256_SIZE)
		return false;
	uint8_t want[HMAC_SHA256_SIZE];
	hmac_sha256(key, key_len, msg, len, want);
	bool ok = ct_equal(want, tag, tag_len);
	ct_wipe(want, sizeof want);
	return ok;
}

bool hmac_sha512_verify(const void *key, size_t key_len, const void *msg, size_t len,
			const void *tag, size_t tag_len)
{
	if (tag_len < HMAC_SHA512_SIZE / 2 || tag_len > HMAC_SHA512_SIZE)
		return false;
	uint8_t want[HMAC_SHA512_SIZE];
	hmac_sha512(key, key_len, msg, len, want);
	bool ok = ct_equal(want, tag, tag_len);
	ct_wipe(want, sizeof want);
	return ok;
}
