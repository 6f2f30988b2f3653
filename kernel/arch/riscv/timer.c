/*
 * riscv64 time for hal.h: the `time` CSR counts at the device tree's timebase-frequency; the
 * one-shot deadline is stimecmp when the hart has Sstc (the device tree's riscv,isa names it),
 * otherwise the SBI TIME extension's set_timer. Either way a compare value at or below `time`
 * raises the supervisor timer interrupt at once, and writing a new one clears it. The tick and
 * nanosecond arithmetic and the hal_timer_* entry points are timebase.c's, shared with riscv32.
 */
#include <hal.h>
#include <console.h>
#include <fdt.h>
#include <mem.h>
#include <panic.h>
#include "devtree.h"
#include "riscv.h"
#include "sbi.h"
#include "timebase.h"

#define CSR_STIMECMP 0x14d

static bool sstc;

uint64_t riscv_timer_now(void)
{
	return rdtime();
}

void riscv_timer_set_compare(uint64_t ticks)
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

void hal_timer_init(const struct bootinfo *bi)
{
	struct fdt f;
	const char *err = riscv_fdt(bi, &f);
	if (err)
		panic("timer: device tree unusable: %s", err);
	int cpu = riscv_dt_hart_cpu(&f, riscv_boot_hart);
	int cpus = fdt_path(&f, "/cpus");
	/* timebase-frequency lives in /cpus, or in the cpu node itself on some trees. */
	uint64_t freq = cpus >= 0 ? fdt_prop_u32(&f, cpus, "timebase-frequency", 0) : 0;
	if (!freq && cpu >= 0)
		freq = fdt_prop_u32(&f, cpu, "timebase-frequency", 0);
	if (!freq)
		panic("timer: the device tree gives no timebase-frequency for hart %llu",
		      (unsigned long long)riscv_boot_hart);
	const char *isa = cpu >= 0 ? fdt_prop_string(&f, cpu, "riscv,isa") : NULL;
	sstc = isa && isa_has(isa, "sstc");

	riscv_timer_set_compare(UINT64_MAX);
	csr_set(sie, SIE_STIE);
	riscv_timebase_start(freq);
	kprintf("timer: riscv time CSR with %s at %llu Hz\n", sstc ? "Sstc stimecmp" : "SBI set_timer",
		(unsigned long long)freq);
}
