/*
 * boot: the boot protocol adapters. Each one is a pure function from what its loader handed over
 * (the entry registers, and memory reachable through a phys_view) to a struct bootinfo, so the
 * same code runs in the kernel and in host unit tests with hand-made, hostile inputs. Each returns
 * NULL on success or a message naming what was wrong; it never reads outside what the view maps.
 */
#ifndef BOOT_H
#define BOOT_H

#include <bootinfo.h>
#include <stddef.h>

/* Access to physical memory during boot: map returns a pointer to len readable bytes at phys, or
 * NULL when that range cannot be read (outside memory, or overflowing). */
struct phys_view {
	const void *(*map)(void *ctx, uint64_t phys, uint64_t len);
	void *ctx;
};

/* Copies the NUL-terminated string at phys into dst (at most max-1 characters, then NUL).
 * Returns its length, or -1 when unreadable; sets *truncated when it did not fit. */
long boot_read_string(const struct phys_view *pv, uint64_t phys, char *dst, size_t max,
		      bool *truncated);

/* Adds a BIOS e820-style entry (type 1 usable, 3 ACPI reclaimable, 4 ACPI NVS, 5 bad, else
 * firmware-reserved): Multiboot 1 and 2 and PVH all use these types. */
void boot_add_e820(struct bootinfo *bi, uint64_t base, uint64_t size, uint32_t type);

/* Adds the device tree's reservations: the header's reservation map ("memreserve") and the
 * /reserved-memory children ("firmware"), with the root's cell counts as defaults. Firmware
 * below the OS (OpenSBI) can reserve memory only there: loaders that hand over their own memory
 * map (UEFI, Limine) may call its region usable. */
struct fdt;
void boot_fdt_reserved(struct bootinfo *bi, const struct fdt *f, uint32_t root_ac,
		       uint32_t root_sc);

#define MULTIBOOT1_BOOT_MAGIC 0x2badb002u
#define MULTIBOOT2_BOOT_MAGIC 0x36d76289u
#define PVH_START_MAGIC 0x336ec578u

/* Device tree at arg0 (BOOT=raw on the virt machines). */
const char *fdt_bootinfo_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t dtb_phys);
/* Multiboot 1: eax = magic, ebx = info. */
const char *multiboot1_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t magic,
			       uint64_t info_phys);
/* Multiboot 2: eax = magic, ebx = info. */
const char *multiboot2_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t magic,
			       uint64_t info_phys);
/* PVH (Xen/QEMU direct boot): ebx = hvm_start_info. */
const char *pvh_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t start_info_phys);
/* ESP32-C6 (Ferrite's own second-stage bootloader): a0 = ESP_HANDOFF_MAGIC, a1 = handoff. */
const char *esp_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t magic,
			uint64_t handoff_phys);

/* Ferrite's UEFI loader (kernel/boot/uefi/): arg0 = physical address of a struct uefi_handoff,
 * which carries its own magic (see uefi_handoff.h for why not a register). */
const char *uefi_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t handoff_phys);

/* Limine: the responses to the kernel's requests (limine_proto.h); addresses are the loader's
 * mapping, which pv must read. limine_read_responses collects them from the kernel's own block. */
struct limine_responses;
const char *limine_collect(struct bootinfo *bi, const struct phys_view *pv,
			   const struct limine_responses *rs);
void limine_read_responses(struct limine_responses *rs);

/* In the kernel: runs the adapter this build was configured with (BOOT=...) on the entry
 * registers, with a phys_view over the boot-time mapping of physical memory. */
const char *boot_collect(struct bootinfo *bi, uintptr_t arg0, uintptr_t arg1);

#endif
