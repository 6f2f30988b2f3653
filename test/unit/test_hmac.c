/* HMAC-SHA-256 and HMAC-SHA-512: every RFC 4231 section 4 test case (case 5 truncated to 128 bits),
 * every case of Wycheproof's hmac_sha256_test.json and hmac_sha512_test.json through the verify
 * functions (truncated tags compared at their given length, the file's verdict followed),
 * incremental MACs, re-use of a keyed context, and tag-length limits. */
#include "hex.h"
#include "test.h"
#include <crypto/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectors_hmac_wycheproof.h"

/* RFC 4231 section 4: keys and data are given as a byte repeated, a string, or a byte run. */
struct rfc4231 {
	int number;
	uint8_t key_byte;   /* key = key_len copies of key_byte, unless key_str or key_run */
	size_t key_len;
	const char *key_str;
	bool key_run;       /* key = 0x01, 0x02, ..., key_len */
	uint8_t data_byte;  /* data = data_len copies of data_byte, unless data_str */
	size_t data_len;
	const char *data_str;
	size_t tag_len;     /* bytes compared: 16 for the truncation case */
	const char *sha256, *sha512;
};

static const struct rfc4231 rfc4231[] = {
	{ 1, 0x0b, 20, NULL, false, 0, 0, "Hi There", 64,
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ 2, 0, 0, "Jefe", false, 0, 0, "what do ya want for nothing?", 64,
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ 3, 0xaa, 20, NULL, false, 0xdd, 50, NULL, 64,
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	  "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	  "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" },
	{ 4, 0, 25, NULL, true, 0xcd, 50, NULL, 64,
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	  "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	  "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" },
	{ 5, 0x0c, 20, NULL, false, 0, 0, "Test With Truncation", 16,
	  "a3b6167473100ee06e0c796c2955552b",
	  "415fad6271580a531d4179bc891d87a6" },
	{ 6, 0xaa, 131, NULL, false, 0, 0, "Test Using Larger Than Block-Size Key - Hash Key First",
	  64,
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
	{ 7, 0xaa, 131, NULL, false, 0, 0,
	  "This is a test using a larger than block-size key and a larger than block-size data. "
	  "The key needs to be hashed before being used by the HMAC algorithm.",
	  64,
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	  "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	  "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
};
#define N_RFC (sizeof rfc4231 / sizeof rfc4231[0])

struct rfc_input {
	uint8_t key[131], data[256];
	size_t key_len, data_len;
};

static void rfc_input(struct rfc_input *in, const struct rfc4231 *v)
{
	if (v->key_str) {
		in->key_len = strlen(v->key_str);
		memcpy(in->key, v->key_str, in->key_len);
	} else {
		in->key_len = v->key_len;
		for (size_t i = 0; i < v->key_len; i++)
			in->key[i] = v->key_run ? (uint8_t)(i + 1) : v->key_byte;
	}
	if (v->data_str) {
		in->data_len = strlen(v->data_str);
		memcpy(in->data, v->data_str, in->data_len);
	} else {
		in->data_len = v->data_len;
		memset(in->data, v->data_byte, v->data_len);
	}
}

TEST(hmac_rfc4231_vectors)
{
	unsigned ok256 = 0, ok512 = 0;
	for (size_t i = 0; i < N_RFC; i++) {
		const struct rfc4231 *v = &rfc4231[i];
		struct rfc_input in;
		uint8_t tag[64], want[64];
		char hex[129];
		rfc_input(&in, v);

		size_t n = v->tag_len < 32 ? v->tag_len : 32;
		hmac_sha256(in.key, in.key_len, in.data, in.data_len, tag);
		hex_encode(hex, tag, n);
		if (strcmp(hex, v->sha256) == 0)
			ok256++;
		else
			test_fail(__FILE__, __LINE__, "case %d SHA-256: %s, want %s", v->number, hex,
				  v->sha256);
		CHECK_EQ(hex_decode(want, sizeof want, v->sha256), n);
		CHECK(hmac_sha256_verify(in.key, in.key_len, in.data, in.data_len, want, n));

		n = v->tag_len;
		hmac_sha512(in.key, in.key_len, in.data, in.data_len, tag);
		hex_encode(hex, tag, n);
		if (strcmp(hex, v->sha512) == 0)
			ok512++;
		else
			test_fail(__FILE__, __LINE__, "case %d SHA-512: %s, want %s", v->number, hex,
				  v->sha512);
		CHECK_EQ(hex_decode(want, sizeof want, v->sha512), n);
		/* Case 5 keeps 128 of SHA-512's 512 bits, below the half that verify insists on
		 * (RFC 2104 section 5), so verify refuses it although the bytes are right. */
		CHECK(hmac_sha512_verify(in.key, in.key_len, in.data, in.data_len, want, n) ==
		      (n >= HMAC_SHA512_SIZE / 2));
	}
	printf("  rfc4231: %u/%zu HMAC-SHA-256, %u/%zu HMAC-SHA-512\n", ok256, N_RFC, ok512, N_RFC);
}

/* One Wycheproof table through one verify function: the verdict must be the file's. */
static unsigned run_wycheproof(const char *name, const struct wycheproof_mac *t, size_t n,
			       bool (*verify)(const void *, size_t, const void *, size_t,
					      const void *, size_t))
{
	uint8_t key[128], msg[512], tag[64];
	unsigned agree = 0;
	for (size_t i = 0; i < n; i++) {
		size_t key_len = hex_decode(key, sizeof key, t[i].key);
		size_t msg_len = hex_decode(msg, sizeof msg, t[i].msg);
		size_t tag_len = hex_decode(tag, sizeof tag, t[i].tag);
		bool got = verify(key, key_len, msg, msg_len, tag, tag_len);
		if (got == t[i].valid)
			agree++;
		else
			test_fail(__FILE__, __LINE__, "%s tcId %d: verify says %s, file says %s", name,
				  t[i].tc_id, got ? "valid" : "invalid",
				  t[i].valid ? "valid" : "invalid");
	}
	printf("  wycheproof %s: %u/%zu verdicts agree\n", name, agree, n);
	return agree;
}

TEST(hmac_sha256_wycheproof)
{
	size_t n = sizeof wycheproof_hmac_sha256 / sizeof wycheproof_hmac_sha256[0];
	CHECK_EQ(n, 174);
	CHECK_EQ(run_wycheproof("hmac_sha256", wycheproof_hmac_sha256, n, hmac_sha256_verify), n);
}

TEST(hmac_sha512_wycheproof)
{
	size_t n = sizeof wycheproof_hmac_sha512 / sizeof wycheproof_hmac_sha512[0];
	CHECK_EQ(n, 174);
	CHECK_EQ(run_wycheproof("hmac_sha512", wycheproof_hmac_sha512, n, hmac_sha512_verify), n);
}

/* The valid Wycheproof cases also give exact tags: the one-shot MAC must start with them. */
TEST(hmac_wycheproof_valid_tags_exact)
{
	uint8_t key[128], msg[512], tag[64], got[64];
	for (size_t i = 0; i < sizeof wycheproof_hmac_sha256 / sizeof wycheproof_hmac_sha256[0]; i++) {
		const struct wycheproof_mac *t = &wycheproof_hmac_sha256[i];
		if (!t->valid)
			continue;
		size_t kl = hex_decode(key, sizeof key, t->key), ml = hex_decode(msg, sizeof msg, t->msg);
		size_t tl = hex_decode(tag, sizeof tag, t->tag);
		hmac_sha256(key, kl, msg, ml, got);
		if (memcmp(got, tag, tl) != 0)
			test_fail(__FILE__, __LINE__, "hmac_sha256 tcId %d: tag differs", t->tc_id);
	}
	for (size_t i = 0; i < sizeof wycheproof_hmac_sha512 / sizeof wycheproof_hmac_sha512[0]; i++) {
		const struct wycheproof_mac *t = &wycheproof_hmac_sha512[i];
		if (!t->valid)
			continue;
		size_t kl = hex_decode(key, sizeof key, t->key), ml = hex_decode(msg, sizeof msg, t->msg);
		size_t tl = hex_decode(tag, sizeof tag, t->tag);
		hmac_sha512(key, kl, msg, ml, got);
		if (memcmp(got, tag, tl) != 0)
			test_fail(__FILE__, __LINE__, "hmac_sha512 tcId %d: tag differs", t->tc_id);
	}
}

/* Feeding the message in pieces, and MACing twice from one keyed context copied, give the
 * one-shot tag; keys of exactly one block and one byte more take the two key paths. */
TEST(hmac_incremental_and_copied_context)
{
	uint8_t key[129], msg[300], one[64], got[64];
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (uint8_t)(i * 13 + 1);
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (uint8_t)(i * 5 + 7);
	static const size_t key_lens[] = { 0, 1, 32, 63, 64, 65, 127, 128, 129 };
	for (size_t k = 0; k < sizeof key_lens / sizeof key_lens[0]; k++) {
		size_t kl = key_lens[k];
		hmac_sha256(key, kl, msg, sizeof msg, one);
		struct hmac_sha256_ctx keyed, c;
		hmac_sha256_init(&keyed, key, kl);
		for (size_t split = 0; split <= sizeof msg; split += 37) {
			c = keyed;
			hmac_sha256_update(&c, msg, split);
			hmac_sha256_update(&c, msg + split, sizeof msg - split);
			hmac_sha256_final(&c, got);
			CHECK(memcmp(got, one, 32) == 0);
		}

		hmac_sha512(key, kl, msg, sizeof msg, one);
		struct hmac_sha512_ctx keyed5, c5;
		hmac_sha512_init(&keyed5, key, kl);
		for (size_t split = 0; split <= sizeof msg; split += 37) {
			c5 = keyed5;
			hmac_sha512_update(&c5, msg, split);
			hmac_sha512_update(&c5, msg + split, sizeof msg - split);
			hmac_sha512_final(&c5, got);
			CHECK(memcmp(got, one, 64) == 0);
		}
	}
}

/* Tags shorter than half the hash or longer than the hash are refused even when the bytes given
 * match; a one-bit change anywhere in a tag is refused. */
TEST(hmac_verify_tag_lengths_and_bits)
{
	uint8_t tag[65];
	hmac_sha256("k", 1, "m", 1, tag);
	CHECK(hmac_sha256_verify("k", 1, "m", 1, tag, 32));
	CHECK(hmac_sha256_verify("k", 1, "m", 1, tag, 16));
	CHECK(!hmac_sha256_verify("k", 1, "m", 1, tag, 15));
	CHECK(!hmac_sha256_verify("k", 1, "m", 1, tag, 0));
	CHECK(!hmac_sha256_verify("k", 1, "m", 1, tag, 33));
	for (int bit = 0; bit < 256; bit++) {
		tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		CHECK(!hmac_sha256_verify("k", 1, "m", 1, tag, 32));
		tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	CHECK(!hmac_sha256_verify("K", 1, "m", 1, tag, 32));
	CHECK(!hmac_sha256_verify("k", 1, "m", 0, tag, 32));

	hmac_sha512("k", 1, "m", 1, tag);
	CHECK(hmac_sha512_verify("k", 1, "m", 1, tag, 64));
	CHECK(hmac_sha512_verify("k", 1, "m", 1, tag, 32));
	CHECK(!hmac_sha512_verify("k", 1, "m", 1, tag, 31));
	CHECK(!hmac_sha512_verify("k", 1, "m", 1, tag, 65));
	for (int bit = 0; bit < 512; bit++) {
		tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		CHECK(!hmac_sha512_verify("k", 1, "m", 1, tag, 64));
		tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
}
