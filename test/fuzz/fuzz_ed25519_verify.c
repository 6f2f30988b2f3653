/*
 * libFuzzer target for ed25519_verify. Input: signature (64) || public key (32) || message.
 * Properties: verification never crashes or reads out of bounds on any input; whatever it accepts
 * has a canonical S (< L); and a signature made by ed25519_sign over the fuzzed message with a
 * fixed key always verifies, and stops verifying when one bit of it is flipped.
 *
 * Build and run by hand (from the repository root):
 *   clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -Ilib/include \
 *     test/fuzz/fuzz_ed25519_verify.c lib/crypto/ed25519.c lib/crypto/sha512.c -o fuzz_ed25519
 *   ./fuzz_ed25519 -max_total_time=10
 */
#include <crypto/ed25519.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* L, little-endian. */
static const uint8_t order_l[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

static int below_l(const uint8_t s[32])
{
	for (int i = 31; i >= 0; i--)
		if (s[i] != order_l[i])
			return s[i] < order_l[i];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t seed[32] = { 'f', 'e', 'r', 'r', 'i', 't', 'e', '-', 'f', 'u', 'z', 'z' };
	static uint8_t pub[32];
	static int have_pub;
	if (!have_pub) {
		ed25519_public_key(pub, seed);
		have_pub = 1;
	}

	if (size >= 96) {
		/* Copies, so the sanitizer sees exact-size buffers. */
		uint8_t sig[64], key[32];
		memcpy(sig, data, 64);
		memcpy(key, data + 64, 32);
		size_t len = size - 96;
		uint8_t *msg = malloc(len ? len : 1);
		memcpy(msg, data + 96, len);
		if (ed25519_verify(sig, msg, len, key) && !below_l(sig + 32))
			abort(); /* accepted a non-canonical S */
		free(msg);
	}

	/* Round trip over the whole input as the message. */
	uint8_t sig[64];
	ed25519_sign(sig, data, size, seed, pub);
	if (!ed25519_verify(sig, data, size, pub))
		abort();
	size_t bit = size ? data[0] % 512 : 0;
	sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	if (ed25519_verify(sig, data, size, pub))
		abort();
	return 0;
}
