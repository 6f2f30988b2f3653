/*
 * clock_conv: turns counter ticks at a fixed frequency into nanoseconds with one multiply and a
 * shift, instead of 64-bit divisions (which 32-bit targets do in software, thousands of
 * instructions a time). The factor is computed once from the frequency; conversions are never
 * above the true value and within 1 ns of it for uptimes below 2^62 ns (146 years); monotonic.
 */
#ifndef CLOCK_CONV_H
#define CLOCK_CONV_H

#include <stdint.h>

struct clock_conv {
	uint64_t mult;  /* ns per tick, scaled by 2^shift */
	unsigned shift;
};

/* Sets up the conversion for a counter of hz ticks per second (hz > 0). */
void clock_conv_init(struct clock_conv *c, uint64_t hz);
/* Any ratio: clock_conv_ns(c, x) then gives floor(x * num / den) within 1 (num, den > 0). Used
 * the other way round, ratio(hz, 10^9), it turns nanoseconds into timer ticks. */
void clock_conv_init_ratio(struct clock_conv *c, uint64_t num, uint64_t den);
/* floor(ticks * 10^9 / hz) within 1 ns. */
uint64_t clock_conv_ns(const struct clock_conv *c, uint64_t ticks);
/* (a * b) >> shift with a full 128-bit intermediate product (shift < 128). */
uint64_t clock_mul_shift(uint64_t a, uint64_t b, unsigned shift);
/* The same from 32x32->64 multiplies: what clock_mul_shift is on targets without a 128-bit type
 * (32-bit ones); exposed so the host test checks it too. */
uint64_t clock_mul_shift32(uint64_t a, uint64_t b, unsigned shift);

#endif
