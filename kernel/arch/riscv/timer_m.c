/*
 * riscv32 machine-mode time for hal.h: the CLINT (SiFive's core-local interruptor, "riscv,clint0"
 * / "sifive,clint0" in the device tree). Its 64-bit mtime counts at /cpus' timebase-frequency and
 * is the monotonic clock; this hart's 64-bit mtimecmp is the one-shot deadline: the machine timer
 * interrupt is pending while mtime >= mtimecmp, so a past deadline fires at once and writing a
 * later compare value clears it. No firmware is underneath, so there is no SBI set_timer: the
 * kernel writes the comparator itself.
 *
 * A 32-bit hart reads and writes the 64-bit registers as two halves; see riscv_timer_now and
 * riscv_timer_set_compare for why the orders are what they are. The tick and nanosecond
 * arithmetic and the hal_timer_* entry points are timebase.c's, shared with riscv64.
 */
#include <hal.h>
#include <console.h>
#include <fdt.h>
#include <mem.h>
#include <mmio.h>
#include <panic.h>
#include "devtree.h"
#include "riscv_m.h"
#include "timebase.h"

#define CLINT_MTIMECMP 0x4000 /* 8 bytes per hart slot */
#define CLINT_MTIME 0xbff8
#define CLINT_SIZE 0x10000

static uintptr_t mtime, mtimecmp;
static uint64_t clint_phys;
static unsigned slot;  /* this hart's comparator: its position in the CLINT's interrupts-extended */

/* The high half can change between the two reads; read it again until it did not. */
uint64_t riscv_timer_now(void)
{
	uint32_t hi, lo;
	do {
		hi = mmio_read32(mtime + 4);
		lo = mmio_read32(mtime);
	} while (mmio_read32(mtime + 4) != hi);
	return (uint64_t)hi << 32 | lo;
}

/* Low half to all ones first, so that no intermediate value (old high half, new low half or the
 * other way round) can lie below mtime and raise a stray interrupt; then high, then low. */
void riscv_timer_set_compare(uint64_t ticks)
{
	/* Masked: an interrupt taken between the writes would find a half-written comparator. */
	unsigned long was = csr_read(mstatus) & MSTATUS_MIE;
	csr_clear(mstatus, MSTATUS_MIE);
	mmio_write32(mtimecmp, UINT32_MAX);
	mmio_write32(mtimecmp + 4, (uint32_t)(ticks >> 32));
	mmio_write32(mtimecmp, (uint32_t)ticks);
	csr_set(mstatus, was);
}

struct find_clint {
	uint64_t base;
};

static bool match_clint(const struct fdt *f, int node, uint32_t ac, uint32_t sc, void *ctx)
{
	uint64_t size;
	if (!fdt_is_compatible(f, node, "riscv,clint0") &&
	    !fdt_is_compatible(f, node, "sifive,clint0"))
		return false;
	return riscv_dt_reg0(f, node, ac, sc, &((struct find_clint *)ctx)->base, &size);
}

/* The CLINT lists each hart's (software, timer) interrupts in hart order, so the pair naming our
 * hart's interrupt controller with cause 7 (machine timer) is our comparator's slot. */
static const char *find_slot(const struct fdt *f, int clint)
{
	uint32_t intc = riscv_dt_hart_intc(f, riscv_boot_hart);
	if (!intc)
		return "no interrupt controller node for the boot hart";
	uint32_t len;
	const uint8_t *ext = fdt_prop(f, clint, "interrupts-extended", &len);
	if (!ext || len % 8)
		return "CLINT interrupts-extended missing or malformed";
	unsigned timers = 0;
	for (uint32_t i = 0; i < len / 8; i++) {
		if (fdt_cells(ext + 8 * i + 4, 1) != IRQ_M_TIMER)
			continue;
		if (fdt_cells(ext + 8 * i, 1) == intc) {
			slot = timers;
			return NULL;
		}
		timers++;
	}
	return "the CLINT has no machine timer interrupt for the boot hart";
}

void hal_timer_init(const struct bootinfo *bi)
{
	struct fdt f;
	const char *err = riscv_fdt(bi, &f);
	if (err)
		panic("timer: device tree unusable: %s", err);
	struct find_clint c = { 0 };
	int node = riscv_dt_find(&f, match_clint, &c);
	if (node < 0)
		panic("timer: the device tree describes no CLINT (riscv,clint0)");
	err = find_slot(&f, node);
	if (err)
		panic("timer: %s", err);
	int cpus = fdt_path(&f, "/cpus");
	uint64_t freq = cpus >= 0 ? fdt_prop_u32(&f, cpus, "timebase-frequency", 0) : 0;
	if (!freq)
		panic("timer: the device tree gives no timebase-frequency in /cpus");

	clint_phys = c.base;
	uintptr_t regs = (uintptr_t)hal_mmio_map(clint_phys, CLINT_SIZE);
	mtime = regs + CLINT_MTIME;
	mtimecmp = regs + CLINT_MTIMECMP + 8 * slot;
	riscv_timer_set_compare(UINT64_MAX);
	csr_set(mie, MIE_MTIE);
	riscv_timebase_start(freq);
	kprintf("timer: CLINT mtime at 0x%llx, hart %llu's mtimecmp (slot %u), one-shot, "
		"at %llu Hz\n", (unsigned long long)clint_phys, (unsigned long long)riscv_boot_hart, slot,
		(unsigned long long)freq);
}
