/*
 * libFuzzer target: the pvh boot adapter. The input is physical memory at BOOTIMG_FUZZ_BASE
 * holding a PVH hvm_start_info at its start; pointers inside it may point anywhere, and
 * only the input's own bytes are mapped; test/common/bootimg.c's bootimg_fuzz runs the adapter
 * and checks what it leaves.
 */
#include "bootimg.h"

#include <boot.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bootimg_fuzz(data, size, pvh_collect);
	return 0;
}
