/*
 * sha256: SHA-256 as specified by FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3, 6.2).
 * Big-endian 32-bit words, 64 rounds per 64-byte block, the length appended as a 64-bit count of
 * bits. Everything is 32-bit arithmetic, which is what the 32-bit targets (i386, rv32) do well;
 * the only 64-bit value is the length counter. The constants are printed from their FIPS 180-4
 * definitions by test/vectors/sha256_consts.py. No branch or index depends on the data hashed.
 */
#include <crypto/ct.h>
#include <crypto/sha256.h>
#include <mem.h>

static const uint32_t sha256_iv[8] = {
	0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
	0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};

static const uint32_t sha256_k[64] = {
	0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u,
	0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
	0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
	0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
	0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu,
	0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
	0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
	0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
	0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
	0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
	0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u,
	0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
	0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u,
	0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
	0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
	0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* One application of the compression function (FIPS 180-4 6.2.2) to a 64-byte block. */
static void sha256_block(uint32_t state[8], const uint8_t *block)
{
	uint32_t w[16]; /* the message schedule as a 16-word ring: W[t] only needs W[t-16..t-1] */
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

	for (int t = 0; t < 64; t++) {
		uint32_t wt;
		if (t < 16) {
			wt = load_be32(block + 4 * t);
		} else {
			uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
			uint32_t s0 = ror32(w15, 7) ^ ror32(w15, 18) ^ (w15 >> 3);
			uint32_t s1 = ror32(w2, 17) ^ ror32(w2, 19) ^ (w2 >> 10);
			wt = s1 + w[(t - 7) & 15] + s0 + w[t & 15];
		}
		w[t & 15] = wt;

		uint32_t big_s1 = ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = h + big_s1 + ch + sha256_k[t] + wt;
		uint32_t big_s0 = ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = big_s0 + maj;
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
	ct_wipe(w, sizeof w); /* the schedule is the message (a key, a password) spread out */
}

void sha256_init(struct sha256_ctx *ctx)
{
	memcpy(ctx->state, sha256_iv, sizeof ctx->state);
	ctx->bytes = 0;
	ctx->fill = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	if (len == 0)
		return; /* data may be NULL then */
	ctx->bytes += (uint64_t)len;

	if (ctx->fill) {
		size_t take = SHA256_BLOCK_SIZE - ctx->fill;
		if (take > len)
			take = len;
		memcpy(ctx->block + ctx->fill, p, take);
		ctx->fill += take;
		p += take;
		len -= take;
		if (ctx->fill < SHA256_BLOCK_SIZE)
			return;
		sha256_block(ctx->state, ctx->block);
		ctx->fill = 0;
	}
	/* Whole blocks straight from the caller's buffer, without copying. */
	while (len >= SHA256_BLOCK_SIZE) {
		sha256_block(ctx->state, p);
		p += SHA256_BLOCK_SIZE;
		len -= SHA256_BLOCK_SIZE;
	}
	if (len) {
		memcpy(ctx->block, p, len);
		ctx->fill = len;
	}
}

/* Pads per FIPS 180-4 5.1.1: a 1 bit, zeros, then the 64-bit big-endian length in bits; a second
 * block is needed when fewer than 9 bytes are left in the current one. */
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = ctx->bytes << 3;

	ctx->block[ctx->fill++] = 0x80;
	if (ctx->fill > SHA256_BLOCK_SIZE - 8) {
		memset(ctx->block + ctx->fill, 0, SHA256_BLOCK_SIZE - ctx->fill);
		sha256_block(ctx->state, ctx->block);
		ctx->fill = 0;
	}
	memset(ctx->block + ctx->fill, 0, SHA256_BLOCK_SIZE - 8 - ctx->fill);
	store_be32(ctx->block + SHA256_BLOCK_SIZE - 8, (uint32_t)(bits >> 32));
	store_be32(ctx->block + SHA256_BLOCK_SIZE - 4, (uint32_t)bits);
	sha256_block(ctx->state, ctx->block);

	for (int i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->state[i]);
	ct_wipe(ctx, sizeof *ctx);
}

void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}
