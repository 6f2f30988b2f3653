/*
 * Arm Generic Interrupt Controller, v2 and v3, behind hal_irq_*. The device tree says which one
 * QEMU built (`-M virt` gives a GICv2, compatible arm,cortex-a15-gic; `-M virt,gic-version=3` a
 * GICv3, arm,gic-v3) and where its frames are.
 *
 * GICv2: distributor + memory-mapped CPU interface; interrupts stay in group 0, which without the
 * security extensions (QEMU's default) is signalled as IRQ. GICv3: distributor with affinity
 * routing, this CPU's redistributor (found by matching GICR_TYPER against MPIDR_EL1) for SGIs and
 * PPIs, and the CPU interface through ICC_* system registers; interrupts are group 1 (group 0 is
 * FIQ on GICv3).
 *
 * Every line starts masked at priority 0xa0 and routed to CPU 0. An acknowledge that returns
 * INTID 1020-1023 is spurious: counted through irq_spurious(), never EOIed. The timer's PPI is
 * handled here by the timer code; every other line goes to irq_dispatch().
 */
#include <bootinfo.h>
#include <console.h>
#include <err.h>
#include <fdt.h>
#include <hal.h>
#include <irq.h>
#include <mmio.h>
#include <panic.h>
#include <uart.h>
#include "arch.h"

/* Distributor */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ICPENDR 0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_GRP0 (1u << 0)
#define GICD_CTLR_GRP1 (1u << 1)

/* GICv2 CPU interface */
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

/* GICv3 redistributor: RD frame, then the SGI frame 64 KiB above it */
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x080)
#define GICR_ISENABLER0 (GICR_SGI + 0x100)
#define GICR_ICENABLER0 (GICR_SGI + 0x180)
#define GICR_ICPENDR0 (GICR_SGI + 0x280)
#define GICR_IPRIORITYR (GICR_SGI + 0x400)
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)

/* GICv3 CPU interface registers by encoding (older assemblers lack the names). */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define sysreg_read_x(n) sysreg_read(n)
#define sysreg_write_x(n, v) sysreg_write(n, v)

#define PRIORITY 0xa0
#define SPURIOUS_FIRST 1020
#define POLL_LIMIT 10000000

static int version;          /* 2 or 3; 0 before hal_irq_init */
static uintptr_t gicd, gicc, gicr;
static uint64_t gicd_phys, gicc_phys, gicr_phys;
static unsigned nlines;      /* INTIDs 0..nlines-1 exist */
static uint8_t cpu0_target;  /* GICv2: ITARGETSR bit of this CPU's interface */
static uint64_t cpu0_affinity; /* GICv3: IROUTER value for this CPU */
static int console_line = -1;

static void wait_clear(uintptr_t reg, uint32_t bits, const char *what)
{
	for (unsigned i = 0; i < POLL_LIMIT; i++)
		if (!(mmio_read32(reg) & bits))
			return;
	panic("gic: %s did not complete", what);
}

static void dist_wait(void)
{
	if (version == 3)
		wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "distributor register write");
}

static void redist_wait(void)
{
	wait_clear(gicr + GICR_CTLR, GICR_CTLR_RWP, "redistributor register write");
}

/* Reads a device tree reg entry; false when missing. */
static bool node_reg(int node, uint32_t ac, uint32_t sc, uint32_t index, uint64_t *base,
		     uint64_t *size)
{
	uint32_t i = 0;
	for (uint32_t n = 0; fdt_reg(dt_get(), node, ac, sc, &i, base, size, NULL); n++)
		if (n == index)
			return true;
	return false;
}

/* Masks, unpends and sets the priority of the shared lines (the distributor's part). */
static void dist_reset_spis(void)
{
	for (unsigned n = 32; n < nlines; n += 32) {
		mmio_write32(gicd + GICD_ICENABLER + n / 8, 0xffffffffu);
		mmio_write32(gicd + GICD_ICPENDR + n / 8, 0xffffffffu);
		if (version == 3)
			mmio_write32(gicd + GICD_IGROUPR + n / 8, 0xffffffffu);
	}
	for (unsigned n = 32; n < nlines; n++) {
		mmio_write8(gicd + GICD_IPRIORITYR + n, PRIORITY);
		if (version == 2) {
			mmio_write8(gicd + GICD_ITARGETSR + n, cpu0_target);
		} else {
			mmio_write32(gicd + GICD_IROUTER + 8 * n, (uint32_t)cpu0_affinity);
			mmio_write32(gicd + GICD_IROUTER + 8 * n + 4, (uint32_t)(cpu0_affinity >> 32));
		}
	}
}

static void init_v2(void)
{
	mmio_write32(gicd + GICD_CTLR, 0);
	/* ITARGETSR0-7 are banked and read as this CPU's own target bit (RAZ on uniprocessor
	 * implementations, where any value is fine). */
	cpu0_target = mmio_read8(gicd + GICD_ITARGETSR);
	if (!cpu0_target)
		cpu0_target = 1;
	mmio_write32(gicd + GICD_ICENABLER, 0xffffffffu);
	mmio_write32(gicd + GICD_ICPENDR, 0xffffffffu);
	for (unsigned n = 0; n < 32; n++)
		mmio_write8(gicd + GICD_IPRIORITYR + n, PRIORITY);
	dist_reset_spis();
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_GRP0);
	mmio_write32(gicc + GICC_PMR, 0xff);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
}

/* Finds this CPU's redistributor in the region at phys (one RD + SGI frame pair per CPU). */
static uintptr_t find_redistributor(uint64_t phys, uint64_t size)
{
	uint64_t mpidr = sysreg_read(mpidr_el1);
	uint32_t want = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24);
	for (uint64_t off = 0; off + 0x20000 <= size;) {
		uintptr_t rd = (uintptr_t)hal_mmio_map(phys + off, 0x20000);
		uint32_t typer_lo = mmio_read32(rd + GICR_TYPER);
		uint32_t aff = mmio_read32(rd + GICR_TYPER + 4);
		if (aff == want) {
			gicr_phys = phys + off;
			return rd;
		}
		if (typer_lo & GICR_TYPER_LAST)
			break;
		off += (typer_lo & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return 0;
}

static void init_v3(void)
{
	mmio_write32(gicd + GICD_CTLR, 0);
	dist_wait();
	uint64_t mpidr = sysreg_read(mpidr_el1);
	cpu0_affinity = (mpidr & 0xffffff) | (mpidr & (0xffull << 32));
	dist_reset_spis();
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE);
	dist_wait();
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1 | GICD_CTLR_GRP0);
	dist_wait();

	/* Wake the redistributor, then set up the private lines in its SGI frame. */
	uint32_t waker = mmio_read32(gicr + GICR_WAKER);
	mmio_write32(gicr + GICR_WAKER, waker & ~GICR_WAKER_SLEEP);
	wait_clear(gicr + GICR_WAKER, GICR_WAKER_ASLEEP, "redistributor wake-up");
	mmio_write32(gicr + GICR_IGROUPR0, 0xffffffffu);
	mmio_write32(gicr + GICR_ICENABLER0, 0xffffffffu);
	mmio_write32(gicr + GICR_ICPENDR0, 0xffffffffu);
	for (unsigned n = 0; n < 32; n++)
		mmio_write8(gicr + GICR_IPRIORITYR + n, PRIORITY);
	redist_wait();

	sysreg_write_x(ICC_SRE_EL1, sysreg_read_x(ICC_SRE_EL1) | 1);
	isb();
	if (!(sysreg_read_x(ICC_SRE_EL1) & 1))
		panic("gic: GICv3 system register interface is disabled by a higher exception level");
	sysreg_write_x(ICC_PMR_EL1, 0xff);
	sysreg_write_x(ICC_BPR1_EL1, 0);
	sysreg_write_x(ICC_CTLR_EL1, 0); /* EOImode 0: EOI also deactivates */
	sysreg_write_x(ICC_IGRPEN1_EL1, 1);
	isb();
}

void hal_irq_init(const struct bootinfo *bi)
{
	if (!dt_init(bi))
		panic("gic: no device tree to find the interrupt controller in");
	uint32_t ac, sc;
	uint64_t size;
	int node = dt_find_compatible("arm,gic-v3", &ac, &sc);
	if (node >= 0) {
		version = 3;
		if (!node_reg(node, ac, sc, 0, &gicd_phys, &size) ||
		    !node_reg(node, ac, sc, 1, &gicr_phys, &size))
			panic("gic: arm,gic-v3 node lacks distributor/redistributor reg entries");
		uint64_t rsize = size;
		gicd = (uintptr_t)hal_mmio_map(gicd_phys, 0x10000);
		gicr = find_redistributor(gicr_phys, rsize);
		if (!gicr)
			panic("gic: no redistributor matches this CPU's MPIDR");
	} else {
		const char *v2[] = { "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic" };
		for (unsigned i = 0; i < 3 && node < 0; i++)
			node = dt_find_compatible(v2[i], &ac, &sc);
		if (node < 0)
			panic("gic: the device tree names no GICv2 or GICv3");
		version = 2;
		if (!node_reg(node, ac, sc, 0, &gicd_phys, &size) ||
		    !node_reg(node, ac, sc, 1, &gicc_phys, &size))
			panic("gic: GICv2 node lacks distributor/CPU interface reg entries");
		gicd = (uintptr_t)hal_mmio_map(gicd_phys, 0x1000);
		gicc = (uintptr_t)hal_mmio_map(gicc_phys, 0x2000);
	}
	nlines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (nlines > SPURIOUS_FIRST)
		nlines = SPURIOUS_FIRST;
	if (version == 2)
		init_v2();
	else
		init_v3();

	console_line = dt_interrupt(dt_find_by_reg(uart_phys_base()), 0);
	if (version == 2)
		kprintf("irq: GICv2, distributor 0x%llx, cpu interface 0x%llx, %u lines",
			(unsigned long long)gicd_phys, (unsigned long long)gicc_phys, nlines);
	else
		kprintf("irq: GICv3, distributor 0x%llx, redistributor 0x%llx, %u lines",
			(unsigned long long)gicd_phys, (unsigned long long)gicr_phys, nlines);
	kprintf("; console UART on INTID %d\n", console_line);
}

int hal_irq_console_line(void)
{
	return console_line;
}

static bool line_ok(unsigned line)
{
	return version != 0 && line < nlines;
}

static void set_enable(unsigned line, bool on)
{
	if (!line_ok(line))
		return;
	uint32_t bit = 1u << (line % 32);
	if (version == 3 && line < 32) {
		mmio_write32(gicr + (on ? GICR_ISENABLER0 : GICR_ICENABLER0), bit);
		redist_wait();
		return;
	}
	mmio_write32(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (line / 32), bit);
	dist_wait();
}

void hal_irq_unmask(unsigned line)
{
	set_enable(line, true);
}

void hal_irq_mask(unsigned line)
{
	set_enable(line, false);
}

int hal_irq_route(unsigned line, unsigned cpu)
{
	if (!line_ok(line) || cpu != 0)
		return ERR_INVAL;
	if (line < 32)
		return 0; /* SGIs and PPIs belong to each CPU */
	if (version == 2) {
		mmio_write8(gicd + GICD_ITARGETSR + line, cpu0_target);
	} else {
		mmio_write32(gicd + GICD_IROUTER + 8 * line, (uint32_t)cpu0_affinity);
		mmio_write32(gicd + GICD_IROUTER + 8 * line + 4, (uint32_t)(cpu0_affinity >> 32));
	}
	return 0;
}

static void dispatch(unsigned intid)
{
	if ((int)intid == timer_line)
		timer_irq();
	else
		irq_dispatch(intid);
}

void gic_handle_irq(void)
{
	if (version == 2) {
		uint32_t iar = mmio_read32(gicc + GICC_IAR);
		unsigned intid = iar & 0x3ff;
		if (intid >= SPURIOUS_FIRST) {
			irq_spurious();
			return;
		}
		dispatch(intid);
		mmio_write32(gicc + GICC_EOIR, iar);
		return;
	}
	if (version == 3) {
		unsigned intid = (unsigned)(sysreg_read_x(ICC_IAR1_EL1) & 0xffffff);
		if (intid >= SPURIOUS_FIRST && intid <= 1023) {
			irq_spurious();
			return;
		}
		dispatch(intid);
		sysreg_write_x(ICC_EOIR1_EL1, intid);
		isb();
		return;
	}
	irq_spurious(); /* an interrupt before hal_irq_init: nothing can be unmasked yet */
}
