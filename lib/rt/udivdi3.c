/*
 * 64-bit unsigned division for 32-bit targets (i386, riscv32): the compiler turns `a / b` on
 * uint64_t into calls to these libgcc/compiler-rt helpers. Shift-and-subtract: slow, but only
 * formatting and rare arithmetic use it. Division by zero returns all ones, not a trap.
 */
#include <stdint.h>

uint64_t rt_udivmod64(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

uint64_t rt_udivmod64(uint64_t n, uint64_t d, uint64_t *rem)
{
	if (d == 0) {
		if (rem)
			*rem = n;
		return UINT64_MAX;
	}
	uint64_t q = 0, r = 0;
	for (int i = 63; i >= 0; i--) {
		r = r << 1 | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	if (rem)
		*rem = r;
	return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
	return rt_udivmod64(n, d, 0);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;
	rt_udivmod64(n, d, &r);
	return r;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int64_t __divdi3(int64_t n, int64_t d)
{
	uint64_t q = rt_udivmod64(magnitude(n), magnitude(d), 0);
	return (n < 0) != (d < 0) ? (int64_t)((uint64_t)0 - q) : (int64_t)q;
}

int64_t __moddi3(int64_t n, int64_t d)
{
	uint64_t r;
	rt_udivmod64(magnitude(n), magnitude(d), &r);
	return n < 0 ? (int64_t)((uint64_t)0 - r) : (int64_t)r;
}
