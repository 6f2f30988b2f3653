/* timebase: see timebase.h. */
#include <hal.h>
#include "riscv_common.h"
#include "timebase.h"

#define NS_PER_S 1000000000ull

static uint64_t freq; /* ticks per second */
static uint64_t base; /* the counter at riscv_timebase_start: hal_time_ns() counts from here */

void riscv_timebase_start(uint64_t ticks_per_s)
{
	freq = ticks_per_s;
	base = riscv_timer_now();
}

uint64_t hal_time_ns(void)
{
	/* Split so neither product overflows 64 bits for any frequency below 18 GHz. */
	uint64_t t = riscv_timer_now() - base;
	return t / freq * NS_PER_S + t % freq * NS_PER_S / freq;
}

void hal_timer_arm(uint64_t deadline_ns)
{
	/* Round up: firing one tick late is fine, firing before the deadline is not. */
	uint64_t secs = deadline_ns / NS_PER_S, rem = deadline_ns % NS_PER_S;
	if (secs > (UINT64_MAX - base) / freq - 1) {
		riscv_timer_set_compare(UINT64_MAX); /* centuries away: never */
		return;
	}
	riscv_timer_set_compare(base + secs * freq + (rem * freq + NS_PER_S - 1) / NS_PER_S);
}

void hal_timer_disarm(void)
{
	riscv_timer_set_compare(UINT64_MAX);
}

void riscv_timer_interrupt(void)
{
	/* One-shot: silence it before the callback, which may arm the next deadline. */
	riscv_timer_set_compare(UINT64_MAX);
	timer_expired();
}
