/*
 * aarch64 private definitions shared by the files of this port (never included by portable code):
 * the address-space layout, the descriptor and system-register bits the port uses, and the
 * functions its files call in each other.
 *
 * Virtual layout (48-bit VA, 4 KiB granule, TTBR1 for the upper half):
 *   0xffff000000000000  direct map of physical memory (phys + DIRECT_BASE)
 *   0xffffff8000000000  kernel VA window: hal_mmio_map and hal_kernel_va_reserve, bump-allocated
 *   0xffffffff80080000  kernel image (phys 0x40080000, where the Linux Image header asks to be
 *                       loaded on QEMU virt)
 * The lower half (TTBR0) belongs to user spaces; the kernel's own space has an empty lower half.
 */
#ifndef AARCH64_ARCH_H
#define AARCH64_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#define KERNEL_PHYS 0x40080000ul
#define KERNEL_VIRT 0xffffffff80080000ul
#define KERNEL_VOFFSET (KERNEL_VIRT - KERNEL_PHYS)
#define DIRECT_BASE 0xffff000000000000ul
#define DIRECT_END 0xffff800000000000ul /* 128 TiB of physical address space */
#define KVA_BASE 0xffffff8000000000ul
#define KVA_END 0xffffffff80000000ul
#define USER_END 0x0001000000000000ul /* lower half: [0, 2^48) */

/* The boot identity map (entry.S): GiB 0 as device memory, GiB 1..255 (QEMU virt's RAM window)
 * as normal memory. */
#define BOOT_IDENTITY_LIMIT (256ul << 30)

/* MAIR_EL1 attribute indices. */
#define MAIR_IDX_NORMAL 0 /* 0xff: Normal, inner/outer write-back, read/write allocate */
#define MAIR_IDX_DEVICE 1 /* 0x04: Device-nGnRE */
#define MAIR_VALUE 0x04ffull

/* Stage 1 descriptor bits (4 KiB granule). */
#define PTE_VALID (1ull << 0)
#define PTE_TABLE (1ull << 1) /* at levels 0-2: next-level table; at level 3: a page */
#define PTE_PAGE (1ull << 1)
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define PTE_ATTR_MASK (7ull << 2)
#define PTE_AP_USER (1ull << 6) /* AP[1]: EL0 may access */
#define PTE_AP_RO (1ull << 7)   /* AP[2]: read-only */
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_NG (1ull << 11)     /* not global: tagged with the ASID (user pages) */
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ull

/* ESR_EL1 exception classes the port names. */
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_ILLEGAL_STATE 0x0e
#define EC_SVC64 0x15
#define EC_SYSREG 0x18
#define EC_IABT_LOWER 0x20
#define EC_IABT_SAME 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOWER 0x24
#define EC_DABT_SAME 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2f
#define EC_BRK 0x3c

/* The registers saved on every exception, in the order vectors.S stores them. */
struct trap_frame {
	uint64_t x[31];
	uint64_t sp;   /* the interrupted stack pointer (SP_EL0 when from user mode) */
	uint64_t elr;  /* where the exception returns to; fixups rewrite it */
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};
#define TRAP_FRAME_SIZE 288
_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "vectors.S stores 288 bytes");

/* System register access by name; the names are those the assembler knows. */
#define sysreg_read(name)                                             \
	({                                                            \
		uint64_t v_;                                          \
		__asm__ volatile("mrs %0, " #name : "=r"(v_));        \
		v_;                                                   \
	})
#define sysreg_write(name, v) __asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* entry.S: the exception level the loader entered the kernel at (1 or 2). */
extern uint64_t boot_el;
/* vectors.S: the lowest address the current kernel stack may use; the vectors switch to the
 * emergency stack when a frame would not fit above it. */
extern uint64_t kstack_limit;

/* dt.c: the device tree the loader passed, reached through hal_phys_to_virt. NULL until
 * dt_init() ran or when the bootinfo has none. */
struct fdt;
struct bootinfo;
const struct fdt *dt_init(const struct bootinfo *bi);
const struct fdt *dt_get(void);
/* First node compatible with compat; its parent's #address-cells / #size-cells go to ac/sc. */
int dt_find_compatible(const char *compat, uint32_t *ac, uint32_t *sc);
/* The first node whose first reg entry starts at phys. */
int dt_find_by_reg(uint64_t phys);
/* GIC INTID of the index-th interrupt in node's `interrupts` (3 cells: type, number, flags);
 * -1 when absent or malformed. */
int dt_interrupt(int node, unsigned index);

/* gic.c: the interrupt controller behind hal_irq_*. */
void gic_handle_irq(void);

/* timer.c: the virtual timer's interrupt line and handler, called by gic.c. */
extern int timer_line;
void timer_irq(void);

/* cpu.c: reads the PSCI conduit from the device tree. */
void cpu_firmware_init(void);

/* mmu.c: true once the kernel runs on its final tables (the identity map is gone). */
extern bool mmu_ready;
/* The guard page below the boot stack, as a kernel virtual address. */
uintptr_t mmu_stack_guard(void);

#endif
