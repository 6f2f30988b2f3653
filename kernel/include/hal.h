/*
 * hal: the one interface between the portable kernel and an architecture. Every folder
 * kernel/arch/<arch>/ implements all of it (with the same file names in each folder); portable code
 * includes nothing else from kernel/arch.
 *
 * Entry contract: the architecture's entry.S sets up a stack, clears .bss and calls
 * kmain(arg0, arg1) with interrupts off, where arg0/arg1 are what the boot protocol put in
 * registers, normalised so that each protocol adapter finds them in the same place on every
 * architecture: a device tree pointer in arg0 (BOOT=raw), or the Multiboot/PVH magic in arg0 and
 * the info pointer in arg1.
 */
#ifndef HAL_H
#define HAL_H

#include <stdbool.h>
#include <stdint.h>

void kmain(uintptr_t arg0, uintptr_t arg1) __attribute__((noreturn));

/* Masks interrupts on this CPU. */
void hal_irq_disable(void);

/* Stops this CPU for good: interrupts masked, waiting for an interrupt in a loop. */
void hal_halt(void) __attribute__((noreturn));

/* Powers the machine off. failure asks the platform to report an error exit where it can (QEMU's
 * isa-debug-exit on pc, SBI system reset reason on riscv); falls back to hal_halt(). */
void hal_poweroff(bool failure) __attribute__((noreturn));

/* Runs the architecture's own self-tests that the command line asks for (riscv32: pmp-test).
 * Optional: where an architecture has none, a weak no-op in kmain.c stands in. */
void hal_selftest(void);

/* Physical addresses below this are readable at boot through the loader's identity mapping. */
uint64_t hal_boot_phys_limit(void);

/* Port I/O: defined only by architectures that have it (x86); a driver uses it only when its
 * board says so, so on other architectures an accidental use fails to link. */
void hal_pio_write8(uint16_t port, uint8_t value);
uint8_t hal_pio_read8(uint16_t port);

#endif
