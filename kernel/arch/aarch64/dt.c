/*
 * aarch64 device tree lookups for the port: the GIC, the timer, the console UART's interrupt and
 * the PSCI conduit are all read from the tree the loader passed, never assumed. The blob was
 * validated by the boot adapter; here it is mapped read-only into the kernel window (it may lie
 * outside the usable ranges the direct map covers) and opened once.
 *
 * Limitation: reg addresses are taken as they are written under their parent, without applying
 * bus "ranges"; QEMU virt puts every node this port needs directly under the root.
 */
#include <bootinfo.h>
#include <fdt.h>
#include <hal.h>
#include "arch.h"

#define MAX_DEPTH 16

static struct fdt tree;
static bool opened;

const struct fdt *dt_init(const struct bootinfo *bi)
{
	if (opened || !bi->dtb_base || !bi->dtb_size)
		return dt_get();
	uint64_t base = bi->dtb_base & ~(uint64_t)(PAGE_SIZE - 1);
	size_t len = (size_t)((bi->dtb_base + bi->dtb_size - base + PAGE_SIZE - 1) &
			      ~(uint64_t)(PAGE_SIZE - 1));
	uintptr_t va = hal_kernel_va_reserve(len);
	if (hal_space_map(hal_space_kernel(), va, base, len, HAL_MAP_R) != 0)
		return NULL;
	const void *blob = (const void *)(va + (bi->dtb_base - base));
	opened = fdt_open(&tree, blob, (size_t)bi->dtb_size) == NULL;
	return dt_get();
}

const struct fdt *dt_get(void)
{
	return opened ? &tree : NULL;
}

/* Walks every node, handing match() the node and its parent's cell counts; returns the first
 * node match() accepts. */
static int walk(bool (*match)(int node, uint32_t ac, uint32_t sc, const void *arg), const void *arg,
		uint32_t *ac_out, uint32_t *sc_out)
{
	if (!opened)
		return -1;
	uint32_t ac[MAX_DEPTH], sc[MAX_DEPTH];
	int node = fdt_root(&tree), depth = 0;
	if (node < 0)
		return -1;
	ac[0] = fdt_prop_u32(&tree, node, "#address-cells", 2);
	sc[0] = fdt_prop_u32(&tree, node, "#size-cells", 1);
	while ((node = fdt_next_node(&tree, node, &depth)) >= 0) {
		if (depth <= 0 || depth >= MAX_DEPTH)
			continue;
		ac[depth] = fdt_prop_u32(&tree, node, "#address-cells", 2);
		sc[depth] = fdt_prop_u32(&tree, node, "#size-cells", 1);
		if (match(node, ac[depth - 1], sc[depth - 1], arg)) {
			if (ac_out)
				*ac_out = ac[depth - 1];
			if (sc_out)
				*sc_out = sc[depth - 1];
			return node;
		}
	}
	return -1;
}

static bool match_compatible(int node, uint32_t ac, uint32_t sc, const void *arg)
{
	(void)ac, (void)sc;
	return fdt_is_compatible(&tree, node, arg);
}

int dt_find_compatible(const char *compat, uint32_t *ac, uint32_t *sc)
{
	return walk(match_compatible, compat, ac, sc);
}

static bool match_reg(int node, uint32_t ac, uint32_t sc, const void *arg)
{
	uint32_t i = 0;
	uint64_t base, size;
	if (ac == 0 || ac > 2 || sc > 2)
		return false;
	return fdt_reg(&tree, node, ac, sc, &i, &base, &size, NULL) &&
	       base == *(const uint64_t *)arg;
}

int dt_find_by_reg(uint64_t phys)
{
	return walk(match_reg, &phys, NULL, NULL);
}

int dt_interrupt(int node, unsigned index)
{
	uint32_t len;
	const uint8_t *p = node >= 0 && opened ? fdt_prop(&tree, node, "interrupts", &len) : NULL;
	if (!p || len % 12 || index >= len / 12)
		return -1;
	uint32_t type = (uint32_t)fdt_cells(p + 12 * index, 1);
	uint32_t num = (uint32_t)fdt_cells(p + 12 * index + 4, 1);
	if (type == 0 && num < 988) /* SPI */
		return (int)(32 + num);
	if (type == 1 && num < 16) /* PPI */
		return (int)(16 + num);
	return -1;
}
