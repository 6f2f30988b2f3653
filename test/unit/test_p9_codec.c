/*
 * lib/9p codec: a known encoding byte for byte; every sample message (all 27 types) round-trips
 * encode -> decode -> encode to the same bytes; encoding never truncates; then malformed input is
 * refused: truncation at every length (with and without a matching size field), trailing bytes,
 * size mismatches, messages over msize, strings past the end or holding NUL, bad walk elements,
 * more than 16 walk elements, counts past the end or over msize, inconsistent stat sizes, unknown
 * types. Inputs are decoded from exact-size heap copies so AddressSanitizer catches over-reads.
 */
#include "test.h"
#include "p9_samples.h"

#include <p9.h>

#include <stdlib.h>
#include <string.h>

/* Decodes from an exact-size copy; the copy is freed, so only the verdict is returned. */
static const char *dec_copy(const uint8_t *b, size_t len, uint32_t msize)
{
	uint8_t *c = malloc(len ? len : 1);
	memcpy(c, b, len);
	struct p9_msg m;
	const char *err = p9_decode(&m, c, len, msize);
	free(c);
	return err;
}

static size_t enc(const struct p9_msg *m, uint8_t *buf, size_t cap)
{
	size_t n;
	const char *err = p9_encode(m, buf, cap, &n);
	CHECK_OK(err);
	return err ? 0 : n;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static bool str_is(struct p9_str s, const char *c)
{
	return s.len == strlen(c) && memcmp(s.s, c, s.len) == 0;
}

TEST(p9_codec_tversion_bytes)
{
	struct p9_msg m;
	p9_sample(0, &m);
	uint8_t buf[64];
	size_t n = enc(&m, buf, sizeof buf);
	static const uint8_t want[] = { 19, 0, 0, 0, 100, 0xff, 0xff, 0x00, 0x20, 0, 0,
					6, 0, '9', 'P', '2', '0', '0', '0' };
	CHECK_EQ(n, sizeof want);
	CHECK(memcmp(buf, want, sizeof want) == 0);
	struct p9_msg d;
	CHECK_OK(p9_decode(&d, want, sizeof want, 0));
	CHECK_EQ(d.type, P9_TVERSION);
	CHECK_EQ(d.tag, P9_NOTAG);
	CHECK_EQ(d.msize, 8192);
	CHECK(str_is(d.version, "9P2000"));
}

TEST(p9_codec_every_type_round_trips)
{
	bool seen[256] = { false };
	for (size_t i = 0; i < p9_sample_count(); i++) {
		struct p9_msg m, d;
		p9_sample(i, &m);
		seen[m.type] = true;
		uint8_t a[1024], b[1024];
		size_t n = enc(&m, a, sizeof a);
		uint8_t *exact = malloc(n);
		memcpy(exact, a, n);
		const char *err = p9_decode(&d, exact, n, 0);
		if (err) {
			test_fail(__FILE__, __LINE__, "sample %zu (type %u): %s", i, m.type, err);
			free(exact);
			continue;
		}
		CHECK_EQ(d.type, m.type);
		CHECK_EQ(d.tag, m.tag);
		size_t n2 = enc(&d, b, sizeof b);
		CHECK_EQ(n2, n);
		if (n2 == n && memcmp(a, b, n) != 0)
			test_fail(__FILE__, __LINE__, "sample %zu re-encodes differently", i);
		/* Also with msize exactly the message size, and from a p9_msg copy. */
		CHECK_OK(p9_decode(&d, exact, n, (uint32_t)(n < 11 ? 11 : n) + (m.type == P9_TREAD ? 4000u : 0u)));
		free(exact);
	}
	for (unsigned t = P9_TVERSION; t <= P9_RWSTAT; t++)
		if (t != 106 && !seen[t])
			test_fail(__FILE__, __LINE__, "no sample of type %u", t);
}

TEST(p9_codec_fields_survive)
{
	struct p9_msg m, d;
	uint8_t buf[1024];

	p9_sample(10, &m); /* Twalk usr .. lib */
	size_t n = enc(&m, buf, sizeof buf);
	CHECK_OK(p9_decode(&d, buf, n, 0));
	CHECK_EQ(d.fid, 1);
	CHECK_EQ(d.newfid, 1);
	CHECK_EQ(d.nwname, 3);
	CHECK(str_is(d.wname[0], "usr") && str_is(d.wname[1], "..") && str_is(d.wname[2], "lib"));

	p9_sample(29, &m); /* Rstat */
	n = enc(&m, buf, sizeof buf);
	CHECK_OK(p9_decode(&d, buf, n, 0));
	CHECK_EQ(d.stat.type, 0x1234);
	CHECK_EQ(d.stat.dev, 0xdeadbeef);
	CHECK_EQ(d.stat.qid.path, 0x0102030405060708ull);
	CHECK_EQ(d.stat.qid.vers, 7);
	CHECK_EQ(d.stat.mode, 0644);
	CHECK_EQ(d.stat.length, 5000000000ull);
	CHECK(str_is(d.stat.name, "motd") && str_is(d.stat.uid, "glenda"));
	CHECK(str_is(d.stat.gid, "sys") && d.stat.muid.len == 0);
	/* n[2] then size[2] = n - 2 */
	CHECK_EQ(buf[7] | buf[8] << 8, p9_stat_size(&m.stat));
	CHECK_EQ(buf[9] | buf[10] << 8, p9_stat_size(&m.stat) - 2);

	p9_sample(20, &m); /* Rread of 300 bytes */
	n = enc(&m, buf, sizeof buf);
	CHECK_OK(p9_decode(&d, buf, n, 0));
	CHECK_EQ(d.count, 300);
	CHECK(d.data == buf + P9_RREAD_HDRSZ);
	CHECK(memcmp(d.data, m.data, 300) == 0);

	p9_sample(13, &m); /* Rwalk of 16 */
	n = enc(&m, buf, sizeof buf);
	CHECK_EQ(n, 9 + 16 * P9_QIDSZ);
	CHECK_OK(p9_decode(&d, buf, n, 0));
	CHECK_EQ(d.nwqid, 16);
	CHECK_EQ(d.wqid[15].path, (15ull << 40) | 5);
}

TEST(p9_codec_encode_never_truncates)
{
	for (size_t i = 0; i < p9_sample_count(); i++) {
		struct p9_msg m;
		p9_sample(i, &m);
		uint8_t full[1024];
		size_t n = enc(&m, full, sizeof full);
		for (size_t cap = 0; cap < n; cap++) {
			uint8_t *b = malloc(cap ? cap : 1);
			size_t got = 99;
			CHECK_ERR(p9_encode(&m, b, cap, &got));
			CHECK_EQ(got, 0);
			free(b);
		}
		uint8_t *b = malloc(n);
		size_t got;
		CHECK_OK(p9_encode(&m, b, n, &got));
		CHECK_EQ(got, n);
		free(b);
		if (test_failures())
			return;
	}
}

TEST(p9_codec_truncated_at_every_length)
{
	for (size_t i = 0; i < p9_sample_count(); i++) {
		struct p9_msg m;
		p9_sample(i, &m);
		uint8_t full[1024], cut[1024];
		size_t n = enc(&m, full, sizeof full);
		for (size_t len = 0; len < n; len++) {
			/* As delivered: the size field still claims the whole message. */
			CHECK_ERR(dec_copy(full, len, 0));
			/* As a liar would send it: the size field agrees with the shorter length. */
			memcpy(cut, full, len);
			if (len >= 4)
				put32(cut, (uint32_t)len);
			CHECK_ERR(dec_copy(cut, len, 0));
		}
		if (test_failures()) {
			test_fail(__FILE__, __LINE__, "in sample %zu", i);
			return;
		}
	}
}

TEST(p9_codec_refuses_trailing_and_oversized)
{
	for (size_t i = 0; i < p9_sample_count(); i++) {
		struct p9_msg m;
		p9_sample(i, &m);
		uint8_t b[1024];
		size_t n = enc(&m, b, sizeof b);
		b[n] = 0;
		put32(b, (uint32_t)n + 1);
		CHECK_STR(dec_copy(b, n + 1, 0), "trailing bytes after the message");
		put32(b, (uint32_t)n);
		CHECK_STR(dec_copy(b, n + 1, 0), "size field does not match the message length");
		CHECK_STR(dec_copy(b, n, (uint32_t)n - 1), "message larger than msize");
	}
}

TEST(p9_codec_refuses_unknown_types)
{
	static const uint8_t types[] = { 0, 1, 99, 106, 128, 200, 255 };
	for (size_t i = 0; i < sizeof types; i++) {
		uint8_t b[] = { 7, 0, 0, 0, types[i], 1, 0 };
		CHECK_STR(dec_copy(b, sizeof b, 0), "unknown message type");
	}
	struct p9_msg m = { .type = 106 };
	uint8_t buf[64];
	size_t n;
	CHECK_ERR(p9_encode(&m, buf, sizeof buf, &n));
}

TEST(p9_codec_refuses_bad_strings)
{
	/* Tattach fid afid uname aname: uname's length runs past the end */
	uint8_t a[] = { 0, 0, 0, 0, P9_TATTACH, 1, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
			3, 0, 'a', 'b', 'c', 0, 0 };
	put32(a, sizeof a);
	CHECK_OK(dec_copy(a, sizeof a, 0));
	a[15] = 6;
	CHECK_STR(dec_copy(a, sizeof a, 0), "string runs past the end of the message");
	a[15] = 3;
	a[18] = 0; /* "a\0c" */
	CHECK_STR(dec_copy(a, sizeof a, 0), "string contains a NUL byte");
	a[18] = 'b';
	a[20] = 1; /* aname claims 1 byte that is not there */
	CHECK_STR(dec_copy(a, sizeof a, 0), "string runs past the end of the message");

	/* Rerror with an embedded NUL; and the encoder refuses to write one. */
	uint8_t e[] = { 12, 0, 0, 0, P9_RERROR, 0, 0, 3, 0, 'n', 0, 'o' };
	CHECK_STR(dec_copy(e, sizeof e, 0), "string contains a NUL byte");
	struct p9_msg m = { .type = P9_RERROR, .ename = { "n\0o", 3 } };
	uint8_t buf[64];
	size_t n;
	CHECK_STR(p9_encode(&m, buf, sizeof buf, &n), "string contains a NUL byte");
	m.ename = (struct p9_str){ NULL, 2 };
	CHECK_ERR(p9_encode(&m, buf, sizeof buf, &n));
}

static size_t twalk(uint8_t *b, uint16_t nwname, const char *const *names)
{
	size_t p = 7;
	b[4] = P9_TWALK;
	b[5] = 1;
	b[6] = 0;
	put32(b + p, 1);
	put32(b + p + 4, 2);
	p += 8;
	b[p++] = (uint8_t)nwname;
	b[p++] = (uint8_t)(nwname >> 8);
	/* Past 17 the count is a lie: the decoder must refuse before reading names. */
	for (uint16_t i = 0; i < nwname && i < 17; i++) {
		size_t l = strlen(names[i]);
		b[p++] = (uint8_t)l;
		b[p++] = 0;
		memcpy(b + p, names[i], l);
		p += l;
	}
	put32(b, (uint32_t)p);
	return p;
}

TEST(p9_codec_refuses_bad_walks)
{
	uint8_t b[512];
	const char *names[17];
	for (int i = 0; i < 17; i++)
		names[i] = "x";
	CHECK_OK(dec_copy(b, twalk(b, 16, names), 0));
	CHECK_STR(dec_copy(b, twalk(b, 17, names), 0), "more than 16 walk elements");
	CHECK_STR(dec_copy(b, twalk(b, 0xffff, names), 0), "more than 16 walk elements");
	names[3] = "";
	CHECK_STR(dec_copy(b, twalk(b, 5, names), 0), "empty file name");
	names[3] = ".";
	CHECK_STR(dec_copy(b, twalk(b, 5, names), 0), "file name \".\" is not allowed");
	names[3] = "a/b";
	CHECK_STR(dec_copy(b, twalk(b, 5, names), 0), "file name contains '/'");
	names[3] = "/";
	CHECK_STR(dec_copy(b, twalk(b, 5, names), 0), "file name contains '/'");
	names[3] = "..";
	CHECK_OK(dec_copy(b, twalk(b, 5, names), 0));
	names[3] = "...";
	CHECK_OK(dec_copy(b, twalk(b, 5, names), 0));

	/* Rwalk with 17 qids */
	uint8_t r[9 + 17 * 13] = { 0 };
	put32(r, sizeof r);
	r[4] = P9_RWALK;
	r[7] = 17;
	CHECK_STR(dec_copy(r, sizeof r, 0), "more than 16 walk qids");
	r[7] = 16; /* one qid's worth left over */
	CHECK_STR(dec_copy(r, sizeof r, 0), "trailing bytes after the message");

	/* The encoder refuses what the decoder would. */
	struct p9_msg m = { .type = P9_TWALK, .nwname = 17 };
	size_t n;
	CHECK_ERR(p9_encode(&m, b, sizeof b, &n));
	m.nwname = 1;
	m.wname[0] = p9_str(".");
	CHECK_ERR(p9_encode(&m, b, sizeof b, &n));
	m.wname[0] = (struct p9_str){ NULL, 0 };
	CHECK_ERR(p9_encode(&m, b, sizeof b, &n));
	m = (struct p9_msg){ .type = P9_RWALK, .nwqid = 17 };
	CHECK_ERR(p9_encode(&m, b, sizeof b, &n));
	m = (struct p9_msg){ .type = P9_TCREATE, .name = p9_str("..") };
	CHECK_ERR(p9_encode(&m, b, sizeof b, &n));
	m.name = p9_str("a/b");
	CHECK_ERR(p9_encode(&m, b, sizeof b, &n));
}

TEST(p9_codec_refuses_bad_create_names)
{
	static const char *const bad[] = { "", ".", "..", "x/y" };
	for (size_t i = 0; i < 4; i++) {
		uint8_t b[64];
		size_t l = strlen(bad[i]), p = 0;
		memset(b, 0, sizeof b);
		b[4] = P9_TCREATE;
		p = 7 + 4;
		b[p++] = (uint8_t)l;
		b[p++] = 0;
		memcpy(b + p, bad[i], l);
		p += l + 5;
		put32(b, (uint32_t)p);
		CHECK_ERR(dec_copy(b, p, 0));
	}
}

TEST(p9_codec_refuses_bad_counts)
{
	/* Tread asking for more than an Rread of msize can carry */
	struct p9_msg m = { .type = P9_TREAD, .fid = 1, .count = 8192 - 11 };
	uint8_t b[600];
	size_t n = enc(&m, b, sizeof b);
	CHECK_OK(dec_copy(b, n, 8192));
	m.count++;
	n = enc(&m, b, sizeof b);
	CHECK_STR(dec_copy(b, n, 8192), "read count larger than msize allows");
	CHECK_OK(dec_copy(b, n, 0)); /* no msize given: no limit */
	m.count = 0xffffffffu;
	n = enc(&m, b, sizeof b);
	CHECK_ERR(dec_copy(b, n, 8192));

	/* Rread / Twrite whose count runs past the end, or stops short of it */
	static const uint8_t payload[8] = "abcdefg";
	m = (struct p9_msg){ .type = P9_RREAD, .count = 8, .data = payload };
	n = enc(&m, b, sizeof b);
	put32(b + 7, 9);
	CHECK_STR(dec_copy(b, n, 0), "count runs past the end of the message");
	put32(b + 7, 0xffffffffu);
	CHECK_STR(dec_copy(b, n, 0), "count runs past the end of the message");
	put32(b + 7, 7);
	CHECK_STR(dec_copy(b, n, 0), "trailing bytes after the message");
	m = (struct p9_msg){ .type = P9_TWRITE, .fid = 3, .count = 8, .data = payload };
	n = enc(&m, b, sizeof b);
	put32(b + 19, 9);
	CHECK_STR(dec_copy(b, n, 0), "count runs past the end of the message");
	put32(b + 19, 8);
	CHECK_OK(dec_copy(b, n, 0));
	CHECK_STR(dec_copy(b, n, (uint32_t)n - 1), "message larger than msize");

	/* data missing for a non-zero count */
	m.data = NULL;
	CHECK_ERR(p9_encode(&m, b, sizeof b, &n));
}

TEST(p9_codec_refuses_stat_size_mismatch)
{
	struct p9_msg m;
	p9_sample(29, &m); /* Rstat: n at 7, size at 9 */
	uint8_t b[256];
	size_t n = enc(&m, b, sizeof b);
	uint16_t sn = (uint16_t)(b[7] | b[8] << 8);
	CHECK_OK(dec_copy(b, n, 0));
	for (int d = -3; d <= 3; d++) {
		if (!d)
			continue;
		/* n[2] off by d: the stat either outruns the message or leaves bytes */
		uint8_t c[256];
		memcpy(c, b, n);
		c[7] = (uint8_t)(sn + d);
		CHECK_ERR(dec_copy(c, n, 0));
		/* inner size[2] off by d with n[2] intact */
		memcpy(c, b, n);
		c[9] = (uint8_t)(sn - 2 + d);
		CHECK_STR(dec_copy(c, n, 0), "stat size disagrees with its contents");
		/* both moved together: the fields no longer fill the entry exactly */
		memcpy(c, b, n);
		c[7] = (uint8_t)(sn + d);
		c[9] = (uint8_t)(sn - 2 + d);
		if (d < 0)
			CHECK_STR(dec_copy(c, n, 0), "stat size disagrees with its contents");
		else
			CHECK_ERR(dec_copy(c, n, 0));
	}
	/* A name length inside the stat that runs past the stat (but not the message) */
	uint8_t c[256];
	memcpy(c, b, n);
	c[7 + 2 + 41] += 1; /* name's len[2], after size[2] and 41 fixed bytes */
	CHECK_STR(dec_copy(c, n, 0), "stat size disagrees with its contents");
	/* NUL inside a stat string */
	memcpy(c, b, n);
	c[7 + 2 + 43] = 0;
	CHECK_STR(dec_copy(c, n, 0), "string contains a NUL byte");
	/* n < 2 */
	uint8_t tiny[] = { 9, 0, 0, 0, P9_RSTAT, 0, 0, 1, 0 };
	CHECK_ERR(dec_copy(tiny, sizeof tiny, 0));

	/* An entry over 65535 bytes cannot be encoded. */
	static char big[40000];
	memset(big, 'a', sizeof big - 1);
	m.stat.name = p9_str(big);
	m.stat.uid = p9_str(big);
	CHECK_EQ(p9_stat_size(&m.stat), 0);
	size_t got;
	CHECK_STR(p9_encode(&m, b, sizeof b, &got), "stat entry too large");
}

TEST(p9_codec_stat_entries_back_to_back)
{
	struct p9_stat st[3];
	uint8_t buf[512];
	size_t off = 0;
	const char *names[3] = { "a", "bb", "" };
	for (int i = 0; i < 3; i++) {
		st[i] = (struct p9_stat){ .qid = { P9_QTFILE, 0, (uint64_t)i }, .mode = 0600,
					  .name = p9_str(names[i]), .uid = p9_str("u"),
					  .gid = p9_str("g"), .muid = p9_str("m") };
		size_t n;
		CHECK_OK(p9_stat_encode(&st[i], buf + off, sizeof buf - off, &n));
		CHECK_EQ(n, p9_stat_size(&st[i]));
		off += n;
	}
	size_t pos = 0;
	for (int i = 0; i < 3; i++) {
		struct p9_stat d;
		size_t used;
		CHECK_OK(p9_stat_decode(&d, buf + pos, off - pos, &used));
		CHECK(str_is(d.name, names[i]));
		CHECK_EQ(d.qid.path, (uint64_t)i);
		pos += used;
	}
	CHECK_EQ(pos, off);
	struct p9_stat d;
	size_t used;
	for (size_t len = 0; len < p9_stat_size(&st[0]); len++)
		CHECK_ERR(p9_stat_decode(&d, buf, len, &used));
}

TEST(p9_codec_str_helpers)
{
	CHECK(p9_str_eq(p9_str("abc"), "abc"));
	CHECK(!p9_str_eq(p9_str("abc"), "ab"));
	CHECK(p9_str_eq(p9_str(NULL), ""));
	CHECK_EQ(p9_str("").len, 0);
}
