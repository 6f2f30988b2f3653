/*
 * libFuzzer target: the multiboot2 boot adapter. The input is physical memory at BOOTIMG_FUZZ_BASE
 * holding a Multiboot 2 boot information block at its start; pointers inside it may point anywhere, and
 * only the input's own bytes are mapped; test/common/bootimg.c's bootimg_fuzz runs the adapter
 * and checks what it leaves.
 */
#include "bootimg.h"

#include <boot.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t info)
{
	return multiboot2_collect(bi, pv, MULTIBOOT2_BOOT_MAGIC, info);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bootimg_fuzz(data, size, collect);
	return 0;
}
