/*
 * libFuzzer target: the Limine response parsers (kernel/boot/limine.c). The input is physical
 * memory at BOOTIMG_FUZZ_BASE; its first bytes say where the responses are (one 16-bit offset
 * into the input per response, 0 for absent, so mutations land on readable addresses), and every
 * pointer inside them is a full 64-bit address that may point anywhere. Only the input's own
 * bytes are mapped. limine_collect runs through test/common/bootimg.c's bootimg_fuzz, which checks
 * the bootinfo it leaves; the boot processor id, link range and loaded address checks run on the
 * same memory.
 */
#include "bootimg.h"

#include <boot.h>
#include <limine_proto.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { N_RESP = 9, HEADER = 1 + 2 * N_RESP };

static const char *collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t info)
{
	const uint8_t *h = pv->map(pv->ctx, info, HEADER);
	if (!h) {
		bootinfo_init(bi);
		return "short input";
	}
	uint64_t at[N_RESP];
	for (unsigned i = 0; i < N_RESP; i++) {
		unsigned off = h[1 + 2 * i] | (unsigned)h[2 + 2 * i] << 8;
		at[i] = off ? info + off : 0;
	}
	struct limine_responses rs = { h[0] & 1, at[0], at[1], at[2], at[3], at[4], at[5], at[6],
				       at[7], at[8] };
	uint64_t id;
	(void)limine_boot_cpu_id(pv, rs.smp, &id);
	(void)limine_loaded_phys(pv, rs.kernel_address, info + 0x1000, &id);
	(void)limine_range_free(pv, rs.memmap, info, info + 0x10000);
	return limine_collect(bi, pv, &rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bootimg_fuzz(data, size, collect);
	return 0;
}
