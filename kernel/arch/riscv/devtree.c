/* Device tree lookups the riscv ports need after hal_mmu_init (riscv64: through the kernel's own
 * page tables; riscv32 has no MMU and reads the blob where it lies). */
#include <bootinfo.h>
#include <fdt.h>
#include <hal.h>
#include <mem.h>
#include "devtree.h"

const char *riscv_fdt(const struct bootinfo *bi, struct fdt *f)
{
	if (!bi->dtb_base || !bi->dtb_size)
		return "the loader passed no device tree";
	/* The blob normally sits in usable RAM, inside the direct map; if not, map it. */
	const void *blob = NULL;
	struct hal_space *k = hal_space_kernel();
	uintptr_t first = (uintptr_t)hal_phys_to_virt(bi->dtb_base);
	if (hal_space_lookup(k, first, NULL, NULL) &&
	    hal_space_lookup(k, first + bi->dtb_size - 1, NULL, NULL))
		blob = (const void *)first;
	else
		blob = hal_mmio_map(bi->dtb_base, bi->dtb_size);
	return fdt_open(f, blob, bi->dtb_size);
}

#define MAX_DEPTH 16

int riscv_dt_find(const struct fdt *f, riscv_dt_match match, void *ctx)
{
	/* cells[d]: what the node at depth d declares for its children. */
	uint32_t acells[MAX_DEPTH], scells[MAX_DEPTH];
	int depth = 0;
	for (int n = fdt_root(f); n >= 0; n = fdt_next_node(f, n, &depth)) {
		if (depth < 0 || depth >= MAX_DEPTH)
			return -1; /* deeper than any machine we know: refuse rather than guess */
		acells[depth] = fdt_prop_u32(f, n, "#address-cells", 2);
		scells[depth] = fdt_prop_u32(f, n, "#size-cells", 1);
		uint32_t ac = depth ? acells[depth - 1] : 2, sc = depth ? scells[depth - 1] : 1;
		if (ac > 2 || sc > 2)
			continue;
		if (match(f, n, ac, sc, ctx))
			return n;
	}
	return -1;
}

bool riscv_dt_reg0(const struct fdt *f, int node, uint32_t ac, uint32_t sc, uint64_t *base,
		   uint64_t *size)
{
	uint32_t i = 0;
	return ac > 0 && fdt_reg(f, node, ac, sc, &i, base, size, NULL);
}

struct find_cpu {
	uint64_t hart;
};

static bool match_cpu(const struct fdt *f, int node, uint32_t ac, uint32_t sc, void *ctx)
{
	const char *type = fdt_prop_string(f, node, "device_type");
	uint64_t reg, size;
	return type && strcmp(type, "cpu") == 0 && riscv_dt_reg0(f, node, ac, sc, &reg, &size) &&
	       reg == ((struct find_cpu *)ctx)->hart;
}

int riscv_dt_hart_cpu(const struct fdt *f, uint64_t hart)
{
	struct find_cpu c = { hart };
	return riscv_dt_find(f, match_cpu, &c);
}

uint32_t riscv_dt_hart_intc(const struct fdt *f, uint64_t hart)
{
	int cpu = riscv_dt_hart_cpu(f, hart);
	if (cpu < 0)
		return 0;
	for (int n = fdt_first_child(f, cpu); n >= 0; n = fdt_next_sibling(f, n))
		if (fdt_is_compatible(f, n, "riscv,cpu-intc"))
			return fdt_prop_u32(f, n, "phandle", 0);
	return 0;
}
