/* Tick-to-nanosecond conversion by multiply and shift; see clock_conv.h. */
#include <clock_conv.h>

#define NS_PER_S 1000000000ull

uint64_t clock_mul_shift32(uint64_t a, uint64_t b, unsigned shift)
{
	/* 128-bit product from four 32x32->64 multiplies, which every target does in hardware. */
	uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
	uint64_t lo = (mid << 32) | (uint32_t)ll;
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	if (shift == 0)
		return lo;
	if (shift >= 64)
		return hi >> (shift - 64);
	return (hi << (64 - shift)) | (lo >> shift);
}

uint64_t clock_mul_shift(uint64_t a, uint64_t b, unsigned shift)
{
#ifdef __SIZEOF_INT128__
	/* One multiply on 64-bit targets: the scheduler reads the clock at every switch. */
	return (uint64_t)(((unsigned __int128)a * b) >> shift);
#else
	return clock_mul_shift32(a, b, shift);
#endif
}

void clock_conv_init(struct clock_conv *c, uint64_t hz)
{
	clock_conv_init_ratio(c, NS_PER_S, hz);
}

void clock_conv_init_ratio(struct clock_conv *c, uint64_t num, uint64_t den)
{
	/*
	 * The largest shift that keeps mult = num * 2^shift / den below 2^63 gives the most precise
	 * factor; the division runs once, at boot. Computed as repeated doubling to stay within 64
	 * bits: mult(shift+1) = 2 * mult(shift) + the next bit of the remainder.
	 */
	uint64_t q = num / den, r = num % den;
	unsigned shift = 0;
	while (shift < 96 && q < (1ull << 62)) {
		q <<= 1;
		r <<= 1;
		if (r >= den) {
			q |= 1;
			r -= den;
		}
		shift++;
	}
	c->mult = q;
	c->shift = shift;
}

uint64_t clock_conv_ns(const struct clock_conv *c, uint64_t ticks)
{
	return clock_mul_shift(ticks, c->mult, c->shift);
}
