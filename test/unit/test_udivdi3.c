/* lib/rt/udivdi3.c: the 64-bit division helpers 32-bit targets link, against native division. */
#include "test.h"

uint64_t rt_udivmod64(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void check_pair(uint64_t n, uint64_t d)
{
	uint64_t r = 0;
	uint64_t q = rt_udivmod64(n, d, &r);
	if (q != n / d || r != n % d)
		test_fail(__FILE__, __LINE__, "%llu / %llu: got q=%llu r=%llu", (unsigned long long)n,
			  (unsigned long long)d, (unsigned long long)q, (unsigned long long)r);
	if (__udivdi3(n, d) != n / d || __umoddi3(n, d) != n % d)
		test_fail(__FILE__, __LINE__, "__udivdi3/__umoddi3 wrong for %llu / %llu",
			  (unsigned long long)n, (unsigned long long)d);
	int64_t sn = (int64_t)n, sd = (int64_t)d;
	if (sn == INT64_MIN && sd == -1)
		return; /* overflows in C too */
	if (__divdi3(sn, sd) != sn / sd || __moddi3(sn, sd) != sn % sd)
		test_fail(__FILE__, __LINE__, "__divdi3/__moddi3 wrong for %lld / %lld", (long long)sn,
			  (long long)sd);
}

TEST(udivmod64_matches_native)
{
	static const uint64_t edge[] = { 1, 2, 3, 7, 10, 0xffffffff, 0x100000000ull, 0x100000001ull,
					 INT64_MAX, (uint64_t)INT64_MIN, UINT64_MAX, UINT64_MAX - 1,
					 (uint64_t)-2, (uint64_t)-10 };
	for (unsigned i = 0; i < sizeof edge / sizeof *edge; i++)
		for (unsigned j = 0; j < sizeof edge / sizeof *edge; j++)
			check_pair(edge[i], edge[j]);
	uint64_t x = 88172645463325252ull;
	for (int i = 0; i < 200000 && test_failures() < 20; i++) {
		uint64_t n = next(&x), d = next(&x);
		/* Vary the magnitudes so small divisors and quotients get as much coverage. */
		n >>= next(&x) % 64;
		d >>= next(&x) % 64;
		if (d == 0)
			d = 1;
		check_pair(n, d);
		check_pair(n, d & 0xffff ? d & 0xffff : 3);
	}
}

TEST(udivmod64_by_zero_does_not_trap)
{
	uint64_t r = 0;
	CHECK_EQ(rt_udivmod64(12345, 0, &r), UINT64_MAX);
	CHECK_EQ(r, 12345);
	CHECK_EQ(rt_udivmod64(1, 0, NULL), UINT64_MAX);
	CHECK_EQ(rt_udivmod64(0, 5, &r), 0);
	CHECK_EQ(r, 0);
}
