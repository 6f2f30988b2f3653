/*
 * BOOT=limine, before kmain: the part of every architecture's Limine entry that is not
 * architecture-specific. Limine keeps the kernel's virtual addresses but puts the image wherever
 * its allocator found room, on its own page tables (the image plus a higher-half direct map,
 * HHDM). The rest of the kernel assumes the image at its link physical address with the
 * architecture's boot mapping in place, as every other entry arranges. So, still on Limine's
 * tables and stack: check the responses, check that the link physical range is usable memory in
 * Limine's map (then it holds none of Limine's responses, tables, modules or the loaded image),
 * let the architecture fill its boot tables in the running image, and copy the whole image,
 * tables included, through the HHDM. The architecture's entry then switches to those tables,
 * under which the same virtual addresses reach the copy, byte for byte the code running.
 *
 * The last write to the image happens before the copy; after it only the stack (Limine's)
 * changes. Limine's structures are read in place with no fault handler yet: addresses are
 * bounded to the direct map and counts are bounded, and limine_collect parses them again later.
 */
#include <boot.h>
#include <cmdline.h>
#include <limine_proto.h>
#include <mem.h>

/* Limine's own mapping: base revision 2 hands over direct-map addresses only. */
static const void *loader_map(void *ctx, uint64_t addr, uint64_t len)
{
	uint64_t hhdm = *(const uint64_t *)ctx;
	if (!hhdm || addr < hhdm || len > UINT64_MAX - addr || addr + len - 1 > UINTPTR_MAX)
		return NULL;
	return (const void *)(uintptr_t)addr;
}

struct phys_view limine_loader_view(const struct limine_responses *rs, uint64_t *hhdm)
{
	*hhdm = rs->hhdm ? ((const volatile uint64_t *)(uintptr_t)rs->hhdm)[LIMINE_HHDM_OFFSET / 8]
			 : 0;
	return (struct phys_view){ loader_map, hhdm };
}

/* The system tests' way into the failure path (limine-fail.case): the command line word
 * limine-move-test refuses the move. */
static bool move_refused_for_test(const struct limine_responses *rs, const struct phys_view *pv)
{
	char line[BOOTINFO_CMDLINE_MAX];
	if (limine_cmdline(pv, rs->kernel_file, line, sizeof line, NULL))
		return false;
	cmdline_set(line);
	bool refuse = cmdline_has("limine-move-test");
	cmdline_set(NULL); /* line dies with this frame */
	return refuse;
}

static const char *move(const struct limine_responses *rs, const struct phys_view *pv,
			uint64_t hhdm, const struct limine_image *img)
{
	if (rs->base_revision_left != 0)
		return "the Limine loader does not support the kernel's base revision";
	if (img->phys_end <= img->phys_start || img->phys_end > UINT64_MAX - hhdm)
		return "the kernel's link physical range is empty or beyond the direct map";
	if (move_refused_for_test(rs, pv))
		return "the image move was refused on purpose (limine-move-test)";
	const char *err = limine_range_free(pv, rs->memmap, img->phys_start, img->phys_end);
	if (!err)
		err = limine_arch_prepare(rs, pv);
	if (err)
		return err;
	memcpy((void *)(uintptr_t)(hhdm + img->phys_start), (const void *)img->virt_start,
	       img->phys_end - img->phys_start);
	return NULL;
}

const char *limine_move_image(uint64_t *hhdm_out)
{
	struct limine_responses rs;
	limine_read_responses(&rs);
	if (!rs.hhdm || !rs.memmap)
		return "not booted by a Limine loader (no HHDM or memory map response)";
	uint64_t hhdm;
	const struct phys_view pv = limine_loader_view(&rs, &hhdm);
	struct limine_image img;
	limine_arch_image(&img);
	const char *err = move(&rs, &pv, hhdm, &img);
	if (!err) {
		*hhdm_out = hhdm;
		return NULL;
	}
	/* kmain will report err on Limine's tables: give it a console if the loader says where the
	 * image is (without that nothing can be mapped, and the report goes unseen). */
	uint64_t image_phys;
	if (!limine_loaded_phys(&pv, rs.kernel_address, img.virt_start, &image_phys))
		limine_arch_fallback(image_phys, hhdm);
	return err;
}
