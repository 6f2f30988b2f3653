/*
 * riscv64 time for hal.h: the `time` CSR counts at the device tree's timebase-frequency; the
 * one-shot deadline is stimecmp when the hart has Sstc (the device tree's riscv,isa names it),
 * otherwise the SBI TIME extension's set_timer. Either way a compare value at or below `time`
 * raises the supervisor timer interrupt at once, and writing a new one clears it.
 */
#include <hal.h>
#include <console.h>
#include <fdt.h>
#include <mem.h>
#include <panic.h>
#include "devtree.h"
#include "riscv.h"
#include "sbi.h"

#define NS_PER_S 1000000000ull
#define CSR_STIMECMP 0x14d

static uint64_t freq;     /* ticks per second */
static uint64_t base;     /* `time` at hal_timer_init: hal_time_ns() counts from here */
static bool sstc;

static void set_compare(uint64_t ticks)
{
	if (sstc)
		__asm__ volatile("csrw %0, %1" ::"i"(CSR_STIMECMP), "r"(ticks) : "memory");
	else
		sbi_call(SBI_EXT_TIME, 0, (long)ticks, 0, 0);
}

/* Whether the ISA string lists extension ext (multi-letter extensions are '_'-separated). */
static bool isa_has(const char *isa, const char *ext)
{
	size_t n = strlen(ext);
	for (const char *p = isa; *p; p++)
		if (*p == '_' && strncmp(p + 1, ext, n) == 0 && (p[1 + n] == '_' || p[1 + n] == '\0'))
			return true;
	return false;
}

struct cpu_match {
	uint64_t hart;
};

static bool match_boot_cpu(const struct fdt *f, int node, uint32_t ac, uint32_t sc, void *ctx)
{
	const char *type = fdt_prop_string(f, node, "device_type");
	uint64_t reg, size;
	return type && strcmp(type, "cpu") == 0 && riscv_dt_reg0(f, node, ac, sc, &reg, &size) &&
	       reg == ((struct cpu_match *)ctx)->hart;
}

void hal_timer_init(const struct bootinfo *bi)
{
	struct fdt f;
	const char *err = riscv_fdt(bi, &f);
	if (err)
		panic("timer: device tree unusable: %s", err);
	struct cpu_match m = { riscv_boot_hart };
	int cpu = riscv_dt_find(&f, match_boot_cpu, &m);
	int cpus = fdt_path(&f, "/cpus");
	/* timebase-frequency lives in /cpus, or in the cpu node itself on some trees. */
	freq = cpus >= 0 ? fdt_prop_u32(&f, cpus, "timebase-frequency", 0) : 0;
	if (!freq && cpu >= 0)
		freq = fdt_prop_u32(&f, cpu, "timebase-frequency", 0);
	if (!freq)
		panic("timer: the device tree gives no timebase-frequency for hart %llu",
		      (unsigned long long)riscv_boot_hart);
	const char *isa = cpu >= 0 ? fdt_prop_string(&f, cpu, "riscv,isa") : NULL;
	sstc = isa && isa_has(isa, "sstc");

	set_compare(UINT64_MAX);
	csr_set(sie, SIE_STIE);
	base = rdtime();
	kprintf("timer: riscv time CSR with %s at %llu Hz\n", sstc ? "Sstc stimecmp" : "SBI set_timer",
		(unsigned long long)freq);
}

uint64_t hal_time_ns(void)
{
	/* Split so neither product overflows 64 bits for any frequency below 18 GHz. */
	uint64_t t = rdtime() - base;
	return t / freq * NS_PER_S + t % freq * NS_PER_S / freq;
}

void hal_timer_arm(uint64_t deadline_ns)
{
	/* Round up: firing one tick late is fine, firing before the deadline is not. */
	uint64_t secs = deadline_ns / NS_PER_S, rem = deadline_ns % NS_PER_S;
	if (secs > (UINT64_MAX - base) / freq - 1) {
		set_compare(UINT64_MAX); /* centuries away: never */
		return;
	}
	set_compare(base + secs * freq + (rem * freq + NS_PER_S - 1) / NS_PER_S);
}

void hal_timer_disarm(void)
{
	set_compare(UINT64_MAX);
}

void riscv_timer_interrupt(void)
{
	/* One-shot: silence it before the callback, which may arm the next deadline. */
	set_compare(UINT64_MAX);
	timer_expired();
}
