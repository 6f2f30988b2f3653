/*
 * The kernel's Limine requests (BOOT=limine), in one object so their order is fixed: start
 * marker, base revision tag, requests, end marker. The loader finds them by scanning the loaded
 * image, writes the responses, and zeroes the base revision's third word when it accepts it.
 * volatile: the loader changes these behind the compiler's back.
 */
#include <boot.h>
#include <limine_proto.h>

/* Base revision 2: the newest Limine 8.x accepts (it leaves a higher request unaccepted and the
 * kernel refuses to go on); every pointer in a response is a direct-map (HHDM) address. */
#define FERRITE_LIMINE_BASE_REVISION 2

static volatile struct {
	uint64_t start[4];
	uint64_t base_revision[3];
	uint64_t pad;
	struct limine_request hhdm, memmap, framebuffer, kernel_file, modules, rsdp, dtb;
	struct limine_request kernel_address;
#ifdef CONFIG_LIMINE_SMP
	/* Where the boot processor's id comes only from here (the architecture asks, arch.mk).
	 * The request makes Limine start the other processors, parked in its own memory. */
	struct limine_request smp;
	uint64_t smp_flags;
#endif
	uint64_t end[2];
} limine_block __attribute__((used, aligned(8), section(".data.limine_requests"))) = {
	.start = { LIMINE_REQUESTS_START },
	.base_revision = { LIMINE_BASE_REVISION_MAGIC, FERRITE_LIMINE_BASE_REVISION },
	.hhdm = { LIMINE_ID_HHDM, 0, 0 },
	.memmap = { LIMINE_ID_MEMMAP, 0, 0 },
	.framebuffer = { LIMINE_ID_FRAMEBUFFER, 0, 0 },
	.kernel_file = { LIMINE_ID_KERNEL_FILE, 0, 0 },
	.modules = { LIMINE_ID_MODULE, 0, 0 },
	.rsdp = { LIMINE_ID_RSDP, 0, 0 },
	.dtb = { LIMINE_ID_DTB, 0, 0 },
	.kernel_address = { LIMINE_ID_KERNEL_ADDRESS, 0, 0 },
#ifdef CONFIG_LIMINE_SMP
	.smp = { LIMINE_ID_SMP, 0, 0 },
	.smp_flags = 0,
#endif
	.end = { LIMINE_REQUESTS_END },
};

void limine_read_responses(struct limine_responses *rs)
{
	rs->base_revision_left = limine_block.base_revision[2];
	rs->hhdm = limine_block.hhdm.response;
	rs->memmap = limine_block.memmap.response;
	rs->framebuffer = limine_block.framebuffer.response;
	rs->kernel_file = limine_block.kernel_file.response;
	rs->modules = limine_block.modules.response;
	rs->rsdp = limine_block.rsdp.response;
	rs->dtb = limine_block.dtb.response;
	rs->kernel_address = limine_block.kernel_address.response;
#ifdef CONFIG_LIMINE_SMP
	rs->smp = limine_block.smp.response;
#else
	rs->smp = 0;
#endif
}
