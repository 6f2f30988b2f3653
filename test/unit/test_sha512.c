/* SHA-512: the FIPS 180-4 / NIST example messages, lengths around the padding boundaries, and
 * incremental hashing split at every offset agreeing with one-shot hashing. */
#include "hex.h"
#include "test.h"
#include <crypto/sha512.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_digest(const char *file, int line, const uint8_t got[64], const char *want_hex)
{
	uint8_t want[64];
	hex_decode(want, sizeof want, want_hex);
	if (memcmp(got, want, 64) != 0) {
		char hex[129];
		hex_encode(hex, got, 64);
		test_fail(file, line, "digest %s, want %s", hex, want_hex);
	}
}
#define CHECK_DIGEST(got, want) check_digest(__FILE__, __LINE__, (got), (want))

/* The one- and two-block examples of FIPS 180-4 (NIST CSRC "SHA512.pdf") and the empty string. */
static const char abc_digest[] =
	"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	"2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
static const char empty_digest[] =
	"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	"47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
static const char two_block_msg[] =
	"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
static const char two_block_digest[] =
	"8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
	"501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909";
static const char million_a_digest[] =
	"e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	"de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b";

TEST(sha512_abc)
{
	uint8_t d[64];
	sha512("abc", 3, d);
	CHECK_DIGEST(d, abc_digest);
}

TEST(sha512_empty)
{
	uint8_t d[64];
	sha512("", 0, d);
	CHECK_DIGEST(d, empty_digest);
	sha512(NULL, 0, d);
	CHECK_DIGEST(d, empty_digest);
}

TEST(sha512_896_bit_two_blocks)
{
	uint8_t d[64];
	CHECK_EQ(strlen(two_block_msg), 112);
	sha512(two_block_msg, strlen(two_block_msg), d);
	CHECK_DIGEST(d, two_block_digest);
}

TEST(sha512_million_a)
{
	uint8_t d[64];
	size_t n = 1000000;
	char *a = malloc(n);
	memset(a, 'a', n);
	sha512(a, n, d);
	CHECK_DIGEST(d, million_a_digest);
	free(a);

	/* The same in odd-sized pieces, through the buffering path. */
	struct sha512_ctx ctx;
	char piece[997];
	memset(piece, 'a', sizeof piece);
	sha512_init(&ctx);
	for (size_t done = 0; done < n;) {
		size_t k = n - done < sizeof piece ? n - done : sizeof piece;
		sha512_update(&ctx, piece, k);
		done += k;
	}
	sha512_final(&ctx, d);
	CHECK_DIGEST(d, million_a_digest);
}

/* Message i of length n is byte (7i+3) mod 256; digests from a second implementation (Python's
 * hashlib). The lengths sit where the padding needs one or two extra blocks. */
static const struct {
	size_t len;
	const char *digest;
} boundary[] = {
	{ 111, "68cffa6d0d76f309c9ce0d35280939f8e25990c43b7b086ccdf709be35b07d4ddba599541ff2b1c19d34ea49aeafb9659adb7ac3c0b078bb30a22d57fc6687ef" },
	{ 112, "d0865c524d1dddf7c23b799c413f5adcd7caefd3f66a9b49750ec81066012c25a8bcf94ddea6dc525691673097ca40e0101e897fc97218cfdb0704084e2bef4b" },
	{ 127, "e0b6a20f1c0c88970a9340152cd5a1c1ecf3d3b8de55102741879438079473540133b812706e5dbec322c8c9523b6fc8c6d16ee626e87ad5fe3d2916afedc369" },
	{ 128, "99b16f17aa0b969a5b8f08f367719d516e330ccd2660b6f0688ec031dbc783de50a1cd185a2568dba75070a2403d17d4741d163578515dfd2ff756ddfe4d47b1" },
	{ 129, "a1556e29185778aa5991e34b8884c840d589f0fbb4b8ed590e51e9ac4eb03a008125000db2671f8fe7f485b59a77b518670078ecb41a54b4cd02a7f1d2ca4c6d" },
	{ 239, "18ee83f30261c3c645d52aee6a209105b25bba39d33845ef48984cc238e4f21661fb7bd7dd4336f71c40fe87d95e5115d6c7be52e0d3e7e7877d24500b5b58df" },
	{ 240, "9d60ee60d29ec4fa0b9690c04c1c29413bbe3ed345639182d9d53dcc05926b77b04f4fec1562fb85182954c96b7cbb5d5e4410251ff4f352d09a2da90419fb13" },
	{ 255, "c2e3bb67012f9eb526202efa59997933f7d3e75e7ded738818bc27d94977f4573afddb1b2793745701e62affa3b7a1c8262c992a321f488a6b1942a4795bab98" },
	{ 256, "e49c208e41556e859d1a52d14784a061c2d5ae2c8690a5360e9f9344f60861c1362a9ec05a9f08a4167b3da41bdd122a387413dd06976470e4beff5053f2ac71" },
};

static void pattern(uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 7 + 3);
}

TEST(sha512_padding_boundaries)
{
	uint8_t buf[256], d[64];
	for (size_t i = 0; i < sizeof boundary / sizeof boundary[0]; i++) {
		pattern(buf, boundary[i].len);
		sha512(buf, boundary[i].len, d);
		CHECK_DIGEST(d, boundary[i].digest);
	}
}

/* Split every message in two at every offset, and in three at many pairs of offsets. */
TEST(sha512_incremental_every_split)
{
	static const size_t lens[] = { 0, 1, 3, 111, 112, 127, 128, 129, 255, 256, 300 };
	uint8_t buf[300], one[64], d[64];
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		size_t n = lens[k];
		pattern(buf, n);
		sha512(buf, n, one);
		for (size_t i = 0; i <= n; i++) {
			struct sha512_ctx ctx;
			sha512_init(&ctx);
			sha512_update(&ctx, buf, i);
			sha512_update(&ctx, buf + i, n - i);
			sha512_final(&ctx, d);
			CHECK(memcmp(d, one, 64) == 0);
			for (size_t j = i; j <= n; j += 13) {
				sha512_init(&ctx);
				sha512_update(&ctx, buf, i);
				sha512_update(&ctx, buf + i, j - i);
				sha512_update(&ctx, buf + j, n - j);
				sha512_final(&ctx, d);
				CHECK(memcmp(d, one, 64) == 0);
			}
			if (test_failures())
				return;
		}
	}
	/* Byte at a time. */
	struct sha512_ctx ctx;
	sha512_init(&ctx);
	for (size_t i = 0; i < strlen(two_block_msg); i++)
		sha512_update(&ctx, two_block_msg + i, 1);
	sha512_final(&ctx, d);
	CHECK_DIGEST(d, two_block_digest);
}
