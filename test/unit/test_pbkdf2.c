/* PBKDF2: RFC 7914 section 11 (PBKDF2-HMAC-SHA-256), every case of Wycheproof's
 * pbkdf2_hmacsha256_test.json, published PBKDF2-HMAC-SHA-512 vectors, multi-block outputs and
 * prefixes, and the argument checks. */
#include "hex.h"
#include "test.h"
#include <crypto/pbkdf2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectors_pbkdf2_wycheproof.h"

struct pbkdf2_vector {
	const char *source, *password, *salt;
	uint32_t iterations;
	const char *dk; /* hex; its length is dkLen */
};

static bool run_vector(const struct pbkdf2_vector *v,
		       bool (*kdf)(const void *, size_t, const void *, size_t, uint32_t, uint8_t *,
				   size_t))
{
	uint8_t want[256], got[256];
	size_t n = hex_decode(want, sizeof want, v->dk);
	memset(got, 0xee, sizeof got);
	if (!kdf(v->password, strlen(v->password), v->salt, strlen(v->salt), v->iterations, got, n)) {
		test_fail(__FILE__, __LINE__, "%s: refused", v->source);
		return false;
	}
	if (memcmp(got, want, n) != 0) {
		test_fail(__FILE__, __LINE__, "%s: derived key differs", v->source);
		return false;
	}
	if (got[n] != 0xee) {
		test_fail(__FILE__, __LINE__, "%s: wrote past dkLen", v->source);
		return false;
	}
	return true;
}

/* RFC 7914 (scrypt) section 11 gives these two PBKDF2-HMAC-SHA-256 vectors. */
static const struct pbkdf2_vector rfc7914[] = {
	{ "RFC 7914 #1", "passwd", "salt", 1,
	  "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
	  "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
	{ "RFC 7914 #2", "Password", "NaCl", 80000,
	  "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
	  "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d" },
};

/* PBKDF2-HMAC-SHA-512 has no RFC vectors. The first four were posted to Stack Overflow's
 * "PBKDF2-HMAC-SHA-512 test vectors" thread (answer 15971059), where several independent
 * implementations agreed on them; all five were checked against Python's
 * hashlib.pbkdf2_hmac("sha512", ...). The last one spans three output blocks. */
static const struct pbkdf2_vector sha512_vectors[] = {
	{ "SO password/salt/1", "password", "salt", 1,
	  "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
	  "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce" },
	{ "SO password/salt/2", "password", "salt", 2,
	  "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
	  "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e" },
	{ "SO password/salt/4096", "password", "salt", 4096,
	  "d197b1b33db0143e018b12f3d1d1479e6cdebdcc97c5c0f87f6902e072f457b5"
	  "143f30602641b3d55cd335988cb36b84376060ecd532e039b742a239434af2d5" },
	{ "SO long password/salt/4096", "passwordPASSWORDpassword",
	  "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
	  "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71"
	  "115b59f9e60cd9532fa33e0f75aefe30225c583a186cd82bd4daea9724a3d3b8" },
	{ "hashlib password/salt/3/150", "password", "salt", 3,
	  "b6b07cb2cebf4ad84468391a543824fccffe0e0769dbe6bddf10a65673c4b648"
	  "e612d44918f9ce9a19a1294cf5140628084ba994c3b21a4ef4741220b811c633"
	  "cfc0641fccbcc4164f1bbfcb1f33f595ae9aa4a33ddcce570157775980362c0e"
	  "e28aa340c842a3ae84710167aea2f9ba34833cbf66a8922e5f165d886868fd3f"
	  "d426f9ba2a82a5e97ef8eda7d02d982ff13f1a96f0ea" },
};

/* Four output blocks of PBKDF2-HMAC-SHA-256, the last one partial (hashlib again). */
static const struct pbkdf2_vector sha256_multiblock = {
	"hashlib password/salt/3/100", "password", "salt", 3,
	"ad35240ac683febfaf3cd49d845473fbbbaa2437f5f82d5a415ae00ac76c6bfc"
	"cf9a9b8d6d2fe4a1e700c4460b040dbed692c1cb85a747f35588c08930fcfc41"
	"ac48082086069b111a9c752f1856237f3af8adc86757f26c60870d3eb52a7c20"
	"60c3749b"
};

TEST(pbkdf2_sha256_rfc7914)
{
	unsigned ok = 0;
	for (size_t i = 0; i < sizeof rfc7914 / sizeof rfc7914[0]; i++)
		ok += run_vector(&rfc7914[i], pbkdf2_hmac_sha256);
	ok += run_vector(&sha256_multiblock, pbkdf2_hmac_sha256);
	printf("  rfc7914: %u/3 PBKDF2-HMAC-SHA-256 (2 RFC + 1 multi-block)\n", ok);
}

TEST(pbkdf2_sha512_published)
{
	unsigned ok = 0;
	size_t n = sizeof sha512_vectors / sizeof sha512_vectors[0];
	for (size_t i = 0; i < n; i++)
		ok += run_vector(&sha512_vectors[i], pbkdf2_hmac_sha512);
	printf("  PBKDF2-HMAC-SHA-512: %u/%zu vectors\n", ok, n);
}

/* All of them (the passwords are bytes, some not UTF-8 and some empty): valid ones must
 * reproduce dk exactly; an invalid one (none in this release) must not. */
TEST(pbkdf2_sha256_wycheproof)
{
	size_t n = sizeof wycheproof_pbkdf2_sha256 / sizeof wycheproof_pbkdf2_sha256[0];
	unsigned agree = 0;
	CHECK_EQ(n, 60);
	for (size_t i = 0; i < n; i++) {
		const struct wycheproof_pbkdf2 *t = &wycheproof_pbkdf2_sha256[i];
		uint8_t pw[512], salt[128], want[128], got[128];
		size_t pl = hex_decode(pw, sizeof pw, t->password);
		size_t sl = hex_decode(salt, sizeof salt, t->salt);
		size_t dl = hex_decode(want, sizeof want, t->dk);
		bool same = pbkdf2_hmac_sha256(pw, pl, salt, sl, t->iterations, got, dl) &&
			    memcmp(got, want, dl) == 0;
		if (same == t->valid)
			agree++;
		else
			test_fail(__FILE__, __LINE__, "tcId %d: derived key %s, file says %s", t->tc_id,
				  same ? "matches" : "differs", t->valid ? "valid" : "invalid");
	}
	printf("  wycheproof pbkdf2_hmacsha256: %u/%zu verdicts agree\n", agree, n);
}

/* A shorter output is a prefix of a longer one, across the block boundary, for both hashes. */
TEST(pbkdf2_outputs_are_prefixes)
{
	uint8_t full[200], part[200];
	CHECK(pbkdf2_hmac_sha256("pw", 2, "salt", 4, 5, full, sizeof full));
	for (size_t n = 1; n < sizeof full; n += 9) {
		CHECK(pbkdf2_hmac_sha256("pw", 2, "salt", 4, 5, part, n));
		CHECK(memcmp(part, full, n) == 0);
	}
	CHECK(pbkdf2_hmac_sha512("pw", 2, "salt", 4, 5, full, sizeof full));
	for (size_t n = 1; n < sizeof full; n += 9) {
		CHECK(pbkdf2_hmac_sha512("pw", 2, "salt", 4, 5, part, n));
		CHECK(memcmp(part, full, n) == 0);
	}
}

/* Zero iterations and an empty output are refused and leave the output untouched. Empty password
 * and salt are legal inputs. */
TEST(pbkdf2_argument_checks)
{
	uint8_t out[32];
	memset(out, 0x5a, sizeof out);
	CHECK(!pbkdf2_hmac_sha256("pw", 2, "salt", 4, 0, out, sizeof out));
	CHECK(!pbkdf2_hmac_sha256("pw", 2, "salt", 4, 1, out, 0));
	CHECK(!pbkdf2_hmac_sha512("pw", 2, "salt", 4, 0, out, sizeof out));
	CHECK(!pbkdf2_hmac_sha512("pw", 2, "salt", 4, 1, out, 0));
	for (size_t i = 0; i < sizeof out; i++)
		CHECK_EQ(out[i], 0x5a);
	CHECK(pbkdf2_hmac_sha256(NULL, 0, NULL, 0, 1, out, sizeof out));
	CHECK(pbkdf2_hmac_sha512(NULL, 0, NULL, 0, 1, out, sizeof out));
}
