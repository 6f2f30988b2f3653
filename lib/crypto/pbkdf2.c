/*
 * pbkdf2: RFC 8018 section 5.2. Output block i (counting from 1) is
 *   T_i = U_1 ^ U_2 ^ ... ^ U_c,  U_1 = PRF(P, S || INT(i)),  U_j = PRF(P, U_(j-1)),
 * with PRF = HMAC keyed by the password. The password is keyed into an HMAC context once and the
 * context is copied for every PRF call, so an iteration costs exactly two compressions (inner and
 * outer hash of one hash-sized message) instead of four.
 *
 * The two variants are written out separately rather than behind function pointers: they are
 * short, and it keeps the 32-bit targets' inner loop free of indirect calls.
 */
#include <crypto/ct.h>
#include <crypto/hmac.h>
#include <crypto/pbkdf2.h>
#include <mem.h>

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

static void pbkdf2_xor(uint8_t *t, const uint8_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		t[i] ^= u[i];
}

bool pbkdf2_hmac_sha256(const void *password, size_t password_len, const void *salt,
			size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
	if (!pbkdf2_args_ok(iterations, out_len, HMAC_SHA256_SIZE))
		return false;

	struct hmac_sha256_ctx keyed, work;
	uint8_t u[HMAC_SHA256_SIZE], t[HMAC_SHA256_SIZE], index[4];
	hmac_sha256_init(&keyed, password, password_len);

	for (uint32_t block = 1; out_len > 0; block++) {
		work = keyed;
		hmac_sha256_update(&work, salt, salt_len);
		pbkdf2_be32(index, block);
		hmac_sha256_update(&work, index, sizeof index);
		hmac_sha256_final(&work, u);
		memcpy(t, u, sizeof t);
		for (uint32_t j = 1; j < iterations; j++) {
			work = keyed;
			hmac_sha256_update(&work, u, sizeof u);
			hmac_sha256_final(&work, u);
			pbkdf2_xor(t, u, sizeof t);
		}
		size_t n = out_len < sizeof t ? out_len : sizeof t;
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

bool pbkdf2_hmac_sha512(const void *password, size_t password_len, const void *salt,
			size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
	if (!pbkdf2_args_ok(iterations, out_len, HMAC_SHA512_SIZE))
		return false;

	struct hmac_sha512_ctx keyed, work;
	uint8_t u[HMAC_SHA512_SIZE], t[HMAC_SHA512_SIZE], index[4];
	hmac_sha512_init(&keyed, password, password_len);

	for (uint32_t block = 1; out_len > 0; block++) {
		work = keyed;
		hmac_sha512_update(&work, salt, salt_len);
		pbkdf2_be32(index, block);
		hmac_sha512_update(&work, index, sizeof index);
		hmac_sha512_final(&work, u);
		memcpy(t, u, sizeof t);
		for (uint32_t j = 1; j < iterations; j++) {
			work = keyed;
			hmac_sha512_update(&work, u, sizeof u);
			hmac_sha512_final(&work, u);
			pbkdf2_xor(t, u, sizeof t);
		}
		size_t n = out_len < sizeof t ? out_len : sizeof t;
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
