/* SHA-256: the FIPS 180-4 / NIST example messages, lengths around the padding boundaries, and
 * incremental hashing split at every offset agreeing with one-shot hashing. */
#include "hex.h"
#include "test.h"
#include <crypto/sha256.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_digest(const char *file, int line, const uint8_t got[32], const char *want_hex)
{
	char hex[65];
	hex_encode(hex, got, 32);
	if (strcmp(hex, want_hex) != 0)
		test_fail(file, line, "digest %s, want %s", hex, want_hex);
}
#define CHECK_DIGEST(got, want) check_digest(__FILE__, __LINE__, (got), (want))

/* The one- and two-block examples of FIPS 180-4 (NIST CSRC "SHA256.pdf"), the million 'a' of the
 * older FIPS 180-2 appendix, and the empty string. */
static const char abc_digest[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char empty_digest[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char two_block_msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char two_block_digest[] =
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
static const char million_a_digest[] =
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(sha256_abc)
{
	uint8_t d[32];
	sha256("abc", 3, d);
	CHECK_DIGEST(d, abc_digest);
}

TEST(sha256_empty)
{
	uint8_t d[32];
	sha256("", 0, d);
	CHECK_DIGEST(d, empty_digest);
	sha256(NULL, 0, d);
	CHECK_DIGEST(d, empty_digest);
}

TEST(sha256_448_bit_two_blocks)
{
	uint8_t d[32];
	CHECK_EQ(strlen(two_block_msg), 56);
	sha256(two_block_msg, strlen(two_block_msg), d);
	CHECK_DIGEST(d, two_block_digest);
}

TEST(sha256_million_a)
{
	uint8_t d[32];
	size_t n = 1000000;
	char *a = malloc(n);
	memset(a, 'a', n);
	sha256(a, n, d);
	CHECK_DIGEST(d, million_a_digest);
	free(a);

	/* The same in odd-sized pieces, through the buffering path. */
	struct sha256_ctx ctx;
	char piece[997];
	memset(piece, 'a', sizeof piece);
	sha256_init(&ctx);
	for (size_t done = 0; done < n;) {
		size_t k = n - done < sizeof piece ? n - done : sizeof piece;
		sha256_update(&ctx, piece, k);
		done += k;
	}
	sha256_final(&ctx, d);
	CHECK_DIGEST(d, million_a_digest);
}

/* Message of length n is byte (7i+3) mod 256; digests from a second implementation (Python's
 * hashlib). 55/56/57 and 119/120 are where the length field stops fitting in the last block. */
static const struct {
	size_t len;
	const char *digest;
} boundary[] = {
	{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
	{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
	{ 57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73" },
	{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
	{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
	{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
	{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
	{ 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
	{ 127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07" },
	{ 128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6" },
};

static void pattern(uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 7 + 3);
}

TEST(sha256_padding_boundaries)
{
	uint8_t buf[128], d[32];
	for (size_t i = 0; i < sizeof boundary / sizeof boundary[0]; i++) {
		pattern(buf, boundary[i].len);
		sha256(buf, boundary[i].len, d);
		CHECK_DIGEST(d, boundary[i].digest);
	}
}

/* Split every message in two at every offset, and in three at many pairs of offsets. */
TEST(sha256_incremental_every_split)
{
	static const size_t lens[] = { 0, 1, 3, 55, 56, 63, 64, 65, 127, 128, 200 };
	uint8_t buf[200], one[32], d[32];
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		size_t n = lens[k];
		pattern(buf, n);
		sha256(buf, n, one);
		for (size_t i = 0; i <= n; i++) {
			struct sha256_ctx ctx;
			sha256_init(&ctx);
			sha256_update(&ctx, buf, i);
			sha256_update(&ctx, buf + i, n - i);
			sha256_final(&ctx, d);
			CHECK(memcmp(d, one, 32) == 0);
			for (size_t j = i; j <= n; j += 7) {
				sha256_init(&ctx);
				sha256_update(&ctx, buf, i);
				sha256_update(&ctx, buf + i, j - i);
				sha256_update(&ctx, buf + j, n - j);
				sha256_final(&ctx, d);
				CHECK(memcmp(d, one, 32) == 0);
			}
			if (test_failures())
				return;
		}
	}
	/* Byte at a time. */
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	for (size_t i = 0; i < strlen(two_block_msg); i++)
		sha256_update(&ctx, two_block_msg + i, 1);
	sha256_final(&ctx, d);
	CHECK_DIGEST(d, two_block_digest);
}

/* sha256_final leaves nothing of the message behind in the context. */
TEST(sha256_final_wipes_context)
{
	struct sha256_ctx ctx;
	uint8_t d[32], zero[sizeof ctx];
	sha256_init(&ctx);
	sha256_update(&ctx, "secret password", 15);
	sha256_final(&ctx, d);
	memset(zero, 0, sizeof zero);
	CHECK(memcmp(&ctx, zero, sizeof ctx) == 0);
}
