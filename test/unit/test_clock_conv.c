/* Tick-to-ns conversion against exact 128-bit arithmetic, for the counter frequencies the boards
 * have (10 MHz riscv, 62.5 MHz arm, GHz TSCs) and odd ones, over uptimes up to 2^62 ns. */
#include "test.h"
#include <clock_conv.h>
#include <stdlib.h>

static uint64_t exact_ns(uint64_t ticks, uint64_t hz)
{
	return (uint64_t)((unsigned __int128)ticks * 1000000000u / hz);
}

TEST(clock_mul_shift_matches_128_bit_products)
{
	srand(99);
	for (int i = 0; i < 100000; i++) {
		uint64_t a = ((uint64_t)rand() << 40) ^ ((uint64_t)rand() << 20) ^ (uint64_t)rand();
		uint64_t b = ((uint64_t)rand() << 40) ^ ((uint64_t)rand() << 20) ^ (uint64_t)rand();
		unsigned s = (unsigned)rand() % 128;
		unsigned __int128 p = (unsigned __int128)a * b;
		CHECK_EQ(clock_mul_shift(a, b, s), (uint64_t)(p >> s));
		CHECK_EQ(clock_mul_shift32(a, b, s), (uint64_t)(p >> s));
		if (test_failures())
			return;
	}
	CHECK_EQ(clock_mul_shift(UINT64_MAX, UINT64_MAX, 64), UINT64_MAX - 1);
	CHECK_EQ(clock_mul_shift32(UINT64_MAX, UINT64_MAX, 64), UINT64_MAX - 1);
}

TEST(clock_conv_within_a_nanosecond_and_monotonic)
{
	static const uint64_t hz[] = { 1, 1000, 1193182, 10000000, 62500000, 1000000000,
				       2305177023ull, 3999999999ull, 10000000000ull };
	srand(7);
	for (unsigned h = 0; h < sizeof hz / sizeof hz[0]; h++) {
		struct clock_conv c;
		clock_conv_init(&c, hz[h]);
		uint64_t limit = (uint64_t)(((unsigned __int128)1 << 62) * hz[h] / 1000000000u);
		uint64_t prev = 0;
		for (int i = 0; i < 20000; i++) {
			uint64_t t = (((uint64_t)rand() << 33) ^ ((uint64_t)rand() << 11) ^ (uint64_t)rand());
			t = i < 10000 ? t % 100000000000ull : t % limit; /* short and long uptimes */
			uint64_t got = clock_conv_ns(&c, t), want = exact_ns(t, hz[h]);
			CHECK(got <= want && want - got <= 1);
			if (test_failures())
				return;
		}
		for (uint64_t t = 0; t < 5000; t++) {
			uint64_t ns = clock_conv_ns(&c, t);
			CHECK(ns >= prev);
			prev = ns;
		}
	}
}

TEST(clock_conv_ratio_turns_ns_into_timer_ticks)
{
	static const uint64_t hz[] = { 1193182, 10000000, 62500000, 62637317, 1000000000 };
	srand(3);
	for (unsigned h = 0; h < sizeof hz / sizeof hz[0]; h++) {
		struct clock_conv c;
		clock_conv_init_ratio(&c, hz[h], 1000000000u);
		for (int i = 0; i < 20000; i++) {
			uint64_t ns = ((uint64_t)rand() << 20 ^ (uint64_t)rand()) % 10000000000ull;
			uint64_t want = (uint64_t)((unsigned __int128)ns * hz[h] / 1000000000u);
			uint64_t got = clock_conv_ns(&c, ns);
			CHECK(got <= want && want - got <= 1);
			if (test_failures())
				return;
		}
	}
}
