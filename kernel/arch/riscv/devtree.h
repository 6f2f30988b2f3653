/* devtree: device tree lookups for the riscv ports, riscv64 and riscv32 (after hal_mmu_init).
 * Private to arch/riscv. */
#ifndef RISCV_DEVTREE_H
#define RISCV_DEVTREE_H

#include <fdt.h>
#include <stdbool.h>
#include <stdint.h>

struct bootinfo;

/* Opens the boot device tree through the kernel's mapping; NULL or what is wrong. */
const char *riscv_fdt(const struct bootinfo *bi, struct fdt *f);

/* ac/sc: the parent's #address-cells / #size-cells, for reading the node's reg. */
typedef bool (*riscv_dt_match)(const struct fdt *f, int node, uint32_t ac, uint32_t sc,
			       void *ctx);
/* The first node, depth first, that match accepts; -1 when none. */
int riscv_dt_find(const struct fdt *f, riscv_dt_match match, void *ctx);
/* The node's first reg pair. */
bool riscv_dt_reg0(const struct fdt *f, int node, uint32_t ac, uint32_t sc, uint64_t *base,
		   uint64_t *size);

/* The cpu node (device_type "cpu") whose reg is hart; -1 when none. */
int riscv_dt_hart_cpu(const struct fdt *f, uint64_t hart);
/* The phandle of hart's local interrupt controller (its riscv,cpu-intc child node); 0 if none. */
uint32_t riscv_dt_hart_intc(const struct fdt *f, uint64_t hart);

#endif
