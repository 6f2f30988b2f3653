/*
 * pbkdf2: PBKDF2 (RFC 8018 section 5.2) with HMAC-SHA-256 or HMAC-SHA-512 as the pseudorandom
 * function: stretches a password and a salt into a key of any length, at a cost of 2 hash
 * compressions per iteration and output block. Owns the derivation only; choosing the iteration
 * count and storing the result is the caller's (lib/passwd for login). No allocation.
 */
#ifndef CRYPTO_PBKDF2_H
#define CRYPTO_PBKDF2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Writes out_len bytes of derived key to out. Returns false, writing nothing, when iterations or
 * out_len is 0 or out_len exceeds the (2^32 - 1) hash-length limit of RFC 8018. The password and
 * every intermediate value are handled without data-dependent branches and wiped afterwards; the
 * running time depends only on the lengths and the iteration count.
 */
bool pbkdf2_hmac_sha256(const void *password, size_t password_len, const void *salt,
			size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len);
bool pbkdf2_hmac_sha512(const void *password, size_t password_len, const void *salt,
			size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len);

#endif
