/*
 * I/O APICs and hal_irq_*: lines are ACPI global system interrupts (GSIs). hal_irq_init reads the
 * MADT (acpi.c) for the local APIC, every I/O APIC and the ISA interrupt source overrides, masks
 * the 8259s and every redirection entry. GSI n is delivered at vector VEC_GSI_BASE + n to the boot
 * CPU's LAPIC, with the polarity and trigger mode the MADT gives for ISA IRQs (ISA defaults:
 * edge, active high; other GSIs: level, active low, as ACPI specifies for PCI).
 */
#include "x86.h"
#include <bootinfo.h>
#include <console.h>
#include <err.h>
#include <mmio.h>

#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPIC_VER 0x01
#define REDIR(n) (0x10 + 2 * (n))

#define RTE_MASKED (1u << 16)
#define RTE_LEVEL (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)

#define COM1_ISA_IRQ 4

static struct madt_info madt;
static bool have_madt;
static struct {
	uintptr_t base;
	uint32_t gsi_base;
	unsigned lines;
} ioapics[MADT_MAX_IOAPICS];
static unsigned n_ioapics;
static uint32_t dest_apic; /* the boot CPU's LAPIC id */

static uint32_t io_read(uintptr_t base, uint32_t reg)
{
	mmio_write32(base + IOREGSEL, reg);
	return mmio_read32(base + IOWIN);
}

static void io_write(uintptr_t base, uint32_t reg, uint32_t v)
{
	mmio_write32(base + IOREGSEL, reg);
	mmio_write32(base + IOWIN, v);
}

/* The I/O APIC and pin serving gsi; false when none does (or it has no vector). */
static bool find(unsigned gsi, unsigned *which, unsigned *pin)
{
	if (gsi > VEC_GSI_MAX - VEC_GSI_BASE)
		return false;
	for (unsigned i = 0; i < n_ioapics; i++)
		if (gsi >= ioapics[i].gsi_base && gsi - ioapics[i].gsi_base < ioapics[i].lines) {
			*which = i;
			*pin = gsi - ioapics[i].gsi_base;
			return true;
		}
	return false;
}

/* Polarity and trigger for gsi: from an override naming it, else the defaults above. */
static uint32_t line_mode(unsigned gsi)
{
	for (unsigned i = 0; i < madt.n_overrides; i++) {
		if (madt.override[i].gsi != gsi)
			continue;
		uint16_t f = madt.override[i].flags;
		uint32_t mode = 0;
		if ((f & 3) == 3) /* polarity: 01 high, 11 low, 00 bus default (ISA: high) */
			mode |= RTE_ACTIVE_LOW;
		if (((f >> 2) & 3) == 3) /* trigger: 01 edge, 11 level, 00 bus default (edge) */
			mode |= RTE_LEVEL;
		return mode;
	}
	/* No override: an ISA IRQ maps to the same GSI, edge/high; anything above is PCI. */
	return gsi < 16 ? 0 : RTE_LEVEL | RTE_ACTIVE_LOW;
}

static void set_entry(unsigned gsi, bool masked)
{
	unsigned i, pin;
	if (!find(gsi, &i, &pin))
		return;
	uint32_t lo = (VEC_GSI_BASE + gsi) | line_mode(gsi) | (masked ? RTE_MASKED : 0);
	io_write(ioapics[i].base, REDIR(pin) + 1, dest_apic << 24);
	io_write(ioapics[i].base, REDIR(pin), lo);
}

void hal_irq_init(const struct bootinfo *bi)
{
	pic_disable();
	const char *err = acpi_read_madt(bi->acpi_rsdp, &madt);
	have_madt = err == NULL;
	if (err)
		kprintf("irq: ACPI gave no usable MADT (%s); no I/O APIC lines\n", err);
	lapic_init(have_madt ? madt.lapic_phys : 0);
	if (!lapic_present())
		kprintf("irq: this CPU has no local APIC\n");
	dest_apic = lapic_id();

	unsigned lines = 0;
	for (unsigned k = 0; have_madt && k < madt.n_ioapics; k++) {
		ioapics[n_ioapics].base = (uintptr_t)hal_mmio_map(madt.ioapic[k].phys, PAGE_SIZE);
		ioapics[n_ioapics].gsi_base = madt.ioapic[k].gsi_base;
		ioapics[n_ioapics].lines = ((io_read(ioapics[n_ioapics].base, IOAPIC_VER) >> 16) & 0xff) + 1;
		for (unsigned p = 0; p < ioapics[n_ioapics].lines; p++)
			io_write(ioapics[n_ioapics].base, REDIR(p), RTE_MASKED);
		lines += ioapics[n_ioapics].lines;
		n_ioapics++;
	}
	kprintf("irq: LAPIC id %u at 0x%llx, %u I/O APIC(s) with %u lines, %u CPU(s), "
		"%u ISA override(s), 8259s %s; COM1 is GSI %d\n",
		(unsigned)dest_apic, (unsigned long long)madt.lapic_phys, n_ioapics, lines,
		madt.n_cpus, madt.n_overrides, madt.pcat_compat ? "remapped and masked" : "absent",
		hal_irq_console_line());
}

void hal_irq_unmask(unsigned line)
{
	set_entry(line, false);
}

void hal_irq_mask(unsigned line)
{
	set_entry(line, true);
}

int hal_irq_route(unsigned line, unsigned cpu)
{
	unsigned i, pin;
	if (cpu != 0 || !find(line, &i, &pin))
		return ERR_INVAL;
	/* Only the boot CPU exists: the destination is already it; rewrite it to be sure. */
	io_write(ioapics[i].base, REDIR(pin) + 1, dest_apic << 24);
	return 0;
}

int hal_irq_console_line(void)
{
	if (!have_madt || n_ioapics == 0)
		return -1;
	unsigned gsi = COM1_ISA_IRQ;
	for (unsigned i = 0; i < madt.n_overrides; i++)
		if (madt.override[i].source == COM1_ISA_IRQ)
			gsi = madt.override[i].gsi;
	unsigned which, pin;
	return find(gsi, &which, &pin) ? (int)gsi : -1;
}
