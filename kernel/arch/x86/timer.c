/*
 * Time on x86: the monotonic clock is the TSC, the one-shot deadline timer is the LAPIC timer
 * (divide by 16), and both are calibrated against the PIT's channel 2, whose 1.193182 MHz input
 * is the one frequency a PC states exactly. The TSC is used whether or not CPUID calls it
 * invariant (QEMU's models do not); the boot line says which.
 *
 * The LAPIC counts only 32 bits, and calibration is approximate, so the interrupt checks the
 * clock: if the deadline has not come yet it re-arms for the rest instead of firing early.
 */
#include "x86.h"
#include <clock_conv.h>
#include <console.h>
#include <panic.h>

#define PIT_HZ 1193182u
#define PIT_CAL_COUNT 47727u /* 40 ms */
#define NS_PER_S 1000000000ull
#define MAX_CHUNK_NS 100000000ull /* re-arm at least every 100 ms: no 32-bit overflow */

static uint64_t tsc_hz, tsc0;
/* Conversions without 64-bit division, which i386 does in software: TSC ticks to ns, and ns to
 * LAPIC timer ticks. */
static struct clock_conv tsc_conv, lapic_conv;
static uint64_t lapic_hz;
static volatile uint64_t deadline;
static volatile bool armed;

/* Counts PIT_CAL_COUNT PIT ticks on channel 2 (gate on, speaker off) by polling its output. */
static void pit_wait(void)
{
	hal_pio_write8(0x61, (uint8_t)((hal_pio_read8(0x61) & ~0x02) | 0x01));
	hal_pio_write8(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	hal_pio_write8(0x42, PIT_CAL_COUNT & 0xff);
	hal_pio_write8(0x42, PIT_CAL_COUNT >> 8);
	while (!(hal_pio_read8(0x61) & 0x20))
		;
}

uint64_t hal_time_ns(void)
{
	return clock_conv_ns(&tsc_conv, rdtsc() - tsc0);
}

static void program(uint64_t delta_ns)
{
	if (delta_ns > MAX_CHUNK_NS)
		delta_ns = MAX_CHUNK_NS;
	uint64_t ticks = clock_conv_ns(&lapic_conv, delta_ns) + 1; /* rounded up: never early */
	lapic_timer_oneshot(ticks ? (uint32_t)ticks : 1);
}

void hal_timer_init(const struct bootinfo *bi)
{
	(void)bi;
	uint32_t r[4];
	cpuid(1, 0, r);
	if (!(r[3] & (1u << 4)))
		panic("timer: this CPU has no TSC, which the monotonic clock needs");
	if (!lapic_present())
		panic("timer: no local APIC, so no one-shot timer (PIT fallback not written yet)");
	bool invariant = false;
	cpuid(0x80000000u, 0, r);
	if (r[0] >= 0x80000007u) {
		cpuid(0x80000007u, 0, r);
		invariant = r[3] & (1u << 8);
	}

	lapic_timer_start_free();
	uint64_t t_start = rdtsc();
	uint32_t l_start = lapic_timer_current();
	pit_wait();
	uint64_t t_end = rdtsc();
	uint32_t l_end = lapic_timer_current();
	lapic_timer_stop();
	tsc_hz = (t_end - t_start) * PIT_HZ / PIT_CAL_COUNT;
	lapic_hz = (uint64_t)(l_start - l_end) * PIT_HZ / PIT_CAL_COUNT;
	if (tsc_hz == 0 || lapic_hz == 0)
		panic("timer: calibration against the PIT measured nothing (TSC %llu Hz, LAPIC %llu Hz)",
		      (unsigned long long)tsc_hz, (unsigned long long)lapic_hz);
	clock_conv_init(&tsc_conv, tsc_hz);
	clock_conv_init_ratio(&lapic_conv, lapic_hz, NS_PER_S);
	tsc0 = rdtsc();
	kprintf("timer: lapic one-shot at %llu Hz; clock: tsc at %llu Hz (%s); calibrated against "
		"the PIT over 40 ms\n",
		(unsigned long long)lapic_hz, (unsigned long long)tsc_hz,
		invariant ? "invariant" : "not marked invariant");
}

void hal_timer_arm(uint64_t deadline_ns)
{
	deadline = deadline_ns;
	armed = true;
	uint64_t now = hal_time_ns();
	program(deadline_ns > now ? deadline_ns - now : 0);
}

void hal_timer_disarm(void)
{
	armed = false;
	lapic_timer_stop();
}

void x86_timer_interrupt(void)
{
	if (!armed)
		return;
	uint64_t now = hal_time_ns();
	if (now < deadline) {
		program(deadline - now);
		return;
	}
	armed = false;
	timer_expired();
}
