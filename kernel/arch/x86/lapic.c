/*
 * Local APIC (xAPIC, memory-mapped): enabling, EOI, and the timer's registers. Its address comes
 * from the ACPI MADT when there is one, else from the IA32_APIC_BASE MSR. timer.c owns the timer
 * policy; this file only touches registers.
 */
#include "x86.h"
#include <mmio.h>
#include <panic.h>

enum {
	LAPIC_ID = 0x20,
	LAPIC_TPR = 0x80,
	LAPIC_EOI = 0xb0,
	LAPIC_SVR = 0xf0,
	LAPIC_ESR = 0x280,
	LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_LINT0 = 0x350,
	LAPIC_LVT_LINT1 = 0x360,
	LAPIC_LVT_ERROR = 0x370,
	LAPIC_TIMER_INIT = 0x380,
	LAPIC_TIMER_CUR = 0x390,
	LAPIC_TIMER_DIV = 0x3e0,
};

#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define APIC_BASE_ENABLE (1u << 11)
#define TIMER_DIV_16 0x3

static uintptr_t base;

static uint32_t rd(unsigned reg)
{
	return mmio_read32(base + reg);
}

static void wr(unsigned reg, uint32_t v)
{
	mmio_write32(base + reg, v);
}

bool lapic_present(void)
{
	return base != 0;
}

void lapic_init(uint64_t phys)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	if (!(r[3] & (1u << 9)))
		return; /* no APIC: timer.c and hal_irq_* report it */
	uint64_t msr = rdmsr(MSR_APIC_BASE);
	if (!phys)
		phys = msr & 0xfffff000u;
	wrmsr(MSR_APIC_BASE, msr | APIC_BASE_ENABLE);
	base = (uintptr_t)hal_mmio_map(phys, PAGE_SIZE);

	wr(LAPIC_TPR, 0);
	wr(LAPIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	/* LINT0 carries the 8259's ExtINT and LINT1 NMI in virtual-wire mode; with the PICs
	 * masked and the IOAPIC in charge, ExtINT is unused. */
	wr(LAPIC_LVT_LINT0, LVT_MASKED);
	wr(LAPIC_LVT_ERROR, VEC_APIC_ERROR);
	wr(LAPIC_ESR, 0);
	wr(LAPIC_ESR, 0);
	wr(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_eoi();
}

void lapic_eoi(void)
{
	if (base)
		wr(LAPIC_EOI, 0);
}

uint32_t lapic_id(void)
{
	return base ? rd(LAPIC_ID) >> 24 : 0;
}

/* One-shot: counts ticks (bus clock / 16) down once, then interrupts at VEC_TIMER. */
void lapic_timer_oneshot(uint32_t ticks)
{
	wr(LAPIC_LVT_TIMER, VEC_TIMER);
	wr(LAPIC_TIMER_INIT, ticks);
}

void lapic_timer_stop(void)
{
	wr(LAPIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	wr(LAPIC_TIMER_INIT, 0);
}

/* For calibration: counting down from the maximum, masked. */
void lapic_timer_start_free(void)
{
	wr(LAPIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	wr(LAPIC_TIMER_INIT, 0xffffffffu);
}

uint32_t lapic_timer_current(void)
{
	return rd(LAPIC_TIMER_CUR);
}
