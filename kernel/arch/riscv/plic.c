/*
 * riscv interrupts for hal.h: the platform-level interrupt controller (PLIC, riscv,plic0 /
 * sifive,plic-1.0.0), found in the device tree. Each hart privilege level is a PLIC "context";
 * ours is the one whose interrupts-extended entry names this hart's interrupt controller with the
 * external-interrupt cause of the mode the kernel runs in: 9 (supervisor) on riscv64 under
 * OpenSBI, 11 (machine) on riscv32, which has no firmware below it. A source reaches us when its
 * priority exceeds our threshold (0) and its bit is set in our enable array (masking sets the
 * priority to 0, see hal_irq_unmask); we claim it, dispatch
 * it and write the claim back to complete it. A claim of 0 means another context took it first, or
 * it went away: spurious.
 */
#include <hal.h>
#include <console.h>
#include <err.h>
#include <fdt.h>
#include <irq.h>
#include <mem.h>
#include <mmio.h>
#include <panic.h>
#include <uart.h>
#include "devtree.h"
#if __riscv_xlen == 32
#include "riscv_m.h"
#define IRQ_EXT IRQ_M_EXT
#define EXT_MODE "M-mode"
#define ext_enable() csr_set(mie, MIE_MEIE)
#else
#include "riscv.h"
#define IRQ_EXT 9
#define EXT_MODE "S-mode"
#define ext_enable() csr_set(sie, SIE_SEIE)
#endif

#define PLIC_PRIORITY 0x0          /* 4 bytes per source */
#define PLIC_ENABLE 0x2000         /* 0x80 bytes per context: one bit per source */
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT 0x200000      /* 0x1000 bytes per context: threshold, then claim/complete */
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_CLAIM 4
#define PLIC_MAX_SOURCES 1024

static struct {
	uint64_t phys;
	uint32_t ndev;      /* sources 1..ndev exist; 0 is "no interrupt" */
	uint32_t context;
	uintptr_t priority; /* mapped registers */
	uintptr_t enable;
	uintptr_t ctx;
} plic;

static int console_line = -1;

struct find_plic {
	uint64_t base;
	int node;
};

static bool match_plic(const struct fdt *f, int node, uint32_t ac, uint32_t sc, void *ctx)
{
	struct find_plic *p = ctx;
	uint64_t size;
	if (!fdt_is_compatible(f, node, "riscv,plic0") &&
	    !fdt_is_compatible(f, node, "sifive,plic-1.0.0"))
		return false;
	return riscv_dt_reg0(f, node, ac, sc, &p->base, &size);
}

struct find_reg {
	uint64_t base;
};

static bool match_reg(const struct fdt *f, int node, uint32_t ac, uint32_t sc, void *ctx)
{
	uint64_t base, size;
	return riscv_dt_reg0(f, node, ac, sc, &base, &size) &&
	       base == ((struct find_reg *)ctx)->base && fdt_prop(f, node, "interrupts", NULL);
}

static const char *find_context(const struct fdt *f, int node)
{
	uint32_t intc = riscv_dt_hart_intc(f, riscv_boot_hart);
	if (!intc)
		return "no interrupt controller node for the boot hart";
	uint32_t len;
	const uint8_t *ext = fdt_prop(f, node, "interrupts-extended", &len);
	if (!ext || len % 8)
		return "PLIC interrupts-extended missing or malformed";
	/* Pairs of (phandle, cause): the cpu-intc nodes have #interrupt-cells = 1. */
	for (uint32_t i = 0; i < len / 8; i++) {
		if (fdt_cells(ext + 8 * i, 1) == intc && fdt_cells(ext + 8 * i + 4, 1) == IRQ_EXT) {
			plic.context = i;
			return NULL;
		}
	}
	return "no PLIC context for the boot hart's " EXT_MODE;
}

void hal_irq_init(const struct bootinfo *bi)
{
	struct fdt f;
	const char *err = riscv_fdt(bi, &f);
	if (err)
		panic("irq: device tree unusable: %s", err);
	struct find_plic p = { 0, -1 };
	int node = riscv_dt_find(&f, match_plic, &p);
	if (node < 0)
		panic("irq: the device tree describes no PLIC");
	plic.phys = p.base;
	plic.ndev = fdt_prop_u32(&f, node, "riscv,ndev", 0);
	if (plic.ndev == 0 || plic.ndev >= PLIC_MAX_SOURCES)
		panic("irq: PLIC riscv,ndev %u is outside 1..%u", plic.ndev, PLIC_MAX_SOURCES - 1);
	err = find_context(&f, node);
	if (err)
		panic("irq: %s", err);

	/* Map only the three register blocks we use, not the whole 64 MiB window. */
	plic.priority = (uintptr_t)hal_mmio_map(plic.phys + PLIC_PRIORITY, 4 * PLIC_MAX_SOURCES);
	plic.enable = (uintptr_t)hal_mmio_map(
		plic.phys + PLIC_ENABLE + PLIC_ENABLE_STRIDE * plic.context, PLIC_ENABLE_STRIDE);
	plic.ctx = (uintptr_t)hal_mmio_map(
		plic.phys + PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * plic.context, 8);

	for (uint32_t w = 0; w <= plic.ndev / 32; w++)
		mmio_write32(plic.enable + 4 * w, 0);
	for (uint32_t src = 1; src <= plic.ndev; src++)
		mmio_write32(plic.priority + 4 * src, 0);
	mmio_write32(plic.ctx, 0); /* threshold: any priority above 0 gets through */
	/* Drain anything claimed before us so the controller starts clean. */
	for (uint32_t id; (id = mmio_read32(plic.ctx + PLIC_CLAIM)) != 0;)
		mmio_write32(plic.ctx + PLIC_CLAIM, id);

	struct find_reg r = { uart_phys_base() };
	int uart = riscv_dt_find(&f, match_reg, &r);
	if (uart >= 0) {
		uint32_t len;
		const void *irqs = fdt_prop(&f, uart, "interrupts", &len);
		if (irqs && len >= 4 && fdt_cells(irqs, 1) >= 1 && fdt_cells(irqs, 1) <= plic.ndev)
			console_line = (int)fdt_cells(irqs, 1);
	}
	ext_enable();
	kprintf("irq: PLIC at 0x%llx, %u sources, context %u (hart %llu " EXT_MODE
		"), console line %d\n", (unsigned long long)plic.phys, plic.ndev, plic.context,
		(unsigned long long)riscv_boot_hart, console_line);
}

static bool line_ok(unsigned line)
{
	return line >= 1 && line <= plic.ndev;
}

/*
 * A line is masked by its priority, not its enable bit: priority 0 never interrupts. The enable
 * bit is set once, at the first unmask, and stays. Why: QEMU's PLIC (7.2) recomputes its output to
 * the hart when a priority is written but not when an enable bit is, so a source that became
 * pending while masked and was then enabled raised nothing until its device next changed its
 * line; a UART holding the last bytes of its input never does, and its reader waited for ever
 * (the consflood case on qemu-virt-riscv64). Writing the priority last makes the controller look
 * again, so a line unmasked while its device asserts it interrupts at once.
 */
void hal_irq_unmask(unsigned line)
{
	if (!line_ok(line))
		return;
	uintptr_t reg = plic.enable + 4 * (line / 32);
	uint32_t bit = 1u << (line % 32);
	mmio_write32(reg, mmio_read32(reg) | bit);
	mmio_write32(plic.priority + 4 * line, 1);
}

void hal_irq_mask(unsigned line)
{
	if (line_ok(line))
		mmio_write32(plic.priority + 4 * line, 0);
}

int hal_irq_route(unsigned line, unsigned cpu)
{
	/* Only the boot hart's context is enabled, so every unmasked line already goes to CPU 0. */
	if (!line_ok(line) || cpu != 0)
		return ERR_INVAL;
	return 0;
}

int hal_irq_console_line(void)
{
	return console_line;
}

void riscv_plic_interrupt(void)
{
	uint32_t id = mmio_read32(plic.ctx + PLIC_CLAIM);
	if (id == 0) {
		irq_spurious();
		return;
	}
	irq_dispatch(id);
	mmio_write32(plic.ctx + PLIC_CLAIM, id);
}
