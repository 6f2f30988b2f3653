/*
 * pbkdf2: RFC 8018 section 5.2. Output block i (counting from 1) is
 *   T_i = U_1 ^ U_2 ^ ... ^ U_c,  U_1 = PRF(P, S || INT(i)),  U_j = PRF(P, U_(j-1)),
 * with PRF = HMAC keyed by the password. The password is keyed into an HMAC context once and the
 * context is copied for every PRF call, so an iteration costs exactly two compressions (inner and
 * outer hash of one hash-sized message) instead of four.
 *
 * Written once over a hash descriptor (hash_desc.h). An iteration makes three calls through it
 * (update, and two finals in HMAC); the compression loops inside the hashes are direct calls, so
 * the indirection costs a few instructions against two compressions.
 */
#include <crypto/ct.h>
#include <crypto/pbkdf2.h>
#include <mem.h>

#include "hash_desc.h"

/* RFC 8018 5.2 step 1: dkLen may not exceed (2^32 - 1) * hLen. Only reachable with a 64-bit
 * size_t; the comparison is done in 64 bits so it compiles the same on 32-bit targets. */
static bool pbkdf2_args_ok(uint32_t iterations, size_t out_len, size_t hlen)
{
	return iterations != 0 && out_len != 0 &&
	       (uint64_t)out_len <= (uint64_t)0xffffffffu * (uint64_t)hlen;
}

static void pbkdf2_be32(uint8_t p[4], uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* t ^= u over n bytes, a word at a time: n is a digest size, a multiple of 8. */
static void pbkdf2_xor(uint64_t *t, const uint64_t *u, size_t n)
{
	for (size_t i = 0; i < n / 8; i++)
		t[i] ^= u[i];
}

/* Starts a PRF call: work becomes a copy of the keyed contexts (only the bytes h uses). */
static void pbkdf2_rekey(const struct hash_desc *h, struct hmac_any_ctx *work,
			 const struct hmac_any_ctx *keyed)
{
	memcpy(&work->inner, &keyed->inner, h->ctx_size);
	memcpy(&work->outer, &keyed->outer, h->ctx_size);
}

static bool pbkdf2_with(const struct hash_desc *h, const void *password, size_t password_len,
			const void *salt, size_t salt_len, uint32_t iterations, uint8_t *out,
			size_t out_len)
{
	size_t hlen = h->digest_size;
	if (!pbkdf2_args_ok(iterations, out_len, hlen))
		return false;

	struct hmac_any_ctx keyed, work;
	uint64_t u[HASH_MAX_DIGEST / 8], t[HASH_MAX_DIGEST / 8]; /* words for pbkdf2_xor */
	uint8_t index[4];
	hmac_init_with(h, &keyed.inner, &keyed.outer, password, password_len);

	for (uint32_t block = 1; out_len > 0; block++) {
		pbkdf2_rekey(h, &work, &keyed);
		h->update(&work.inner, salt, salt_len);
		pbkdf2_be32(index, block);
		h->update(&work.inner, index, sizeof index);
		hmac_final_with(h, &work.inner, &work.outer, (uint8_t *)u);
		memcpy(t, u, hlen);
		for (uint32_t j = 1; j < iterations; j++) {
			pbkdf2_rekey(h, &work, &keyed);
			h->update(&work.inner, u, hlen);
			hmac_final_with(h, &work.inner, &work.outer, (uint8_t *)u);
			pbkdf2_xor(t, u, hlen);
		}
		size_t n = out_len < hlen ? out_len : hlen;
		memcpy(out, t, n);
		out += n;
		out_len -= n;
	}
	ct_wipe(&keyed, sizeof keyed);
	ct_wipe(&work, sizeof work);
	ct_wipe(u, sizeof u);
	ct_wipe(t, sizeof t);
	return true;
}

bool pbkdf2_hmac_sha256(const void *password, size_t password_len, const void *salt,
			size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
	return pbkdf2_with(&hash_desc_sha256, password, password_len, salt, salt_len, iterations,
			   out, out_len);
}

bool pbkdf2_hmac_sha512(const void *password, size_t password_len, const void *salt,
			size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
	return pbkdf2_with(&hash_desc_sha512, password, password_len, salt, salt_len, iterations,
			   out, out_len);
}
