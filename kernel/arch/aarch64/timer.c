/*
 * ARM generic timer behind hal_time_ns / hal_timer_arm. The clock is the virtual counter
 * (CNTVCT_EL0, equal to the physical one: entry.S zeroes CNTVOFF_EL2 when it has EL2), the
 * one-shot timer its compare value (CNTV_CVAL_EL0), signalled on the virtual timer PPI, which the
 * device tree's /timer node names (third interrupt: INTID 27 on QEMU virt).
 *
 * Conversions use 32.32 fixed-point factors computed once from CNTFRQ_EL0, so no 128-bit
 * division is needed: ns = ticks * ns_per_tick >> 32. A deadline is rounded up to a whole tick
 * and checked again when the interrupt comes, so timer_expired() never runs early.
 */
#include <bootinfo.h>
#include <console.h>
#include <fdt.h>
#include <hal.h>
#include <panic.h>
#include "arch.h"

#define CTL_ENABLE (1u << 0)
#define VIRTUAL_TIMER_INDEX 2 /* /timer interrupts: secure phys, phys, virt, hyp */
#define DEFAULT_LINE 27

int timer_line = -1;
static uint64_t freq, start;
static uint64_t ns_per_tick;   /* 32.32 */
static uint64_t ticks_per_ns;  /* 32.32 */
static uint64_t deadline;

static uint64_t counter(void)
{
	isb(); /* keep the read from being taken early */
	return sysreg_read(cntvct_el0);
}

static uint64_t mul32_32(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * b) >> 32);
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	return mul32_32(ticks, ns_per_tick);
}

void hal_timer_init(const struct bootinfo *bi)
{
	freq = sysreg_read(cntfrq_el0) & 0xffffffff;
	const struct fdt *f = dt_init(bi);
	int node = f ? dt_find_compatible("arm,armv8-timer", NULL, NULL) : -1;
	if (node < 0 && f)
		node = dt_find_compatible("arm,armv7-timer", NULL, NULL);
	/* Firmware that leaves CNTFRQ unset says the frequency in the tree instead. */
	if (node >= 0 && fdt_prop(f, node, "clock-frequency", NULL))
		freq = fdt_prop_u32(f, node, "clock-frequency", (uint32_t)freq);
	if (freq == 0)
		panic("timer: CNTFRQ_EL0 is 0 and the device tree gives no clock-frequency");
	timer_line = dt_interrupt(node, VIRTUAL_TIMER_INDEX);
	if (timer_line < 0) {
		kprintf("timer: no virtual timer interrupt in the device tree, assuming INTID %d\n",
			DEFAULT_LINE);
		timer_line = DEFAULT_LINE;
	}
	ns_per_tick = (1000000000ull << 32) / freq;
	ticks_per_ns = (freq << 32) / 1000000000ull;
	sysreg_write(cntv_ctl_el0, 0);
	isb();
	start = counter();
	hal_irq_unmask((unsigned)timer_line);
	kprintf("timer: arm generic timer (virtual, INTID %d) at %llu Hz\n", timer_line,
		(unsigned long long)freq);
}

uint64_t hal_time_ns(void)
{
	return ticks_to_ns(counter() - start);
}

/* Programs the compare value for deadline (absolute ns), rounding up to a whole tick. */
static void program(uint64_t deadline_ns)
{
	uint64_t ticks = mul32_32(deadline_ns, ticks_per_ns) + 1;
	while (ticks > 0 && ticks_to_ns(ticks - 1) >= deadline_ns)
		ticks--;
	while (ticks_to_ns(ticks) < deadline_ns)
		ticks++;
	sysreg_write(cntv_cval_el0, start + ticks);
	sysreg_write(cntv_ctl_el0, CTL_ENABLE);
	isb();
}

void hal_timer_arm(uint64_t deadline_ns)
{
	deadline = deadline_ns;
	program(deadline_ns);
}

void hal_timer_disarm(void)
{
	sysreg_write(cntv_ctl_el0, 0);
	isb();
}

void timer_irq(void)
{
	/* The interrupt is level-triggered on CVAL <= count: turn it off before returning. */
	sysreg_write(cntv_ctl_el0, 0);
	isb();
	if (hal_time_ns() < deadline) {
		program(deadline);
		return;
	}
	timer_expired();
}
