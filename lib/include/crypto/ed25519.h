/*
 * ed25519: Ed25519 signatures (RFC 8032, "pure" Ed25519 without context). Verification is what
 * the kernel uses to check signed binaries; signing and key derivation serve the host tools
 * (tools/keygen, tools/mkmacho) and, later, the SSH server.
 */
#ifndef CRYPTO_ED25519_H
#define CRYPTO_ED25519_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ED25519_SEED_SIZE 32
#define ED25519_PUBLIC_KEY_SIZE 32
#define ED25519_SIGNATURE_SIZE 64

/* Derives the public key from a 32-byte secret seed. */
void ed25519_public_key(uint8_t pub[ED25519_PUBLIC_KEY_SIZE], const uint8_t seed[ED25519_SEED_SIZE]);
/* Signs msg with the key pair (seed, pub). */
void ed25519_sign(uint8_t sig[ED25519_SIGNATURE_SIZE], const void *msg, size_t len,
		  const uint8_t seed[ED25519_SEED_SIZE], const uint8_t pub[ED25519_PUBLIC_KEY_SIZE]);
/*
 * True only for a valid signature: rejects non-canonical S (S >= L), a public key or R that does
 * not decode to a curve point, and anything else RFC 8032 section 5.1.7 refuses.
 */
bool ed25519_verify(const uint8_t sig[ED25519_SIGNATURE_SIZE], const void *msg, size_t len,
		    const uint8_t pub[ED25519_PUBLIC_KEY_SIZE]);

#endif
