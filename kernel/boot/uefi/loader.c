/*
 * Ferrite's UEFI loader: the firmware-facing flow. See loader.h for what it does and
 * docs/boot-uefi.md for how each architecture is entered.
 *
 * Order matters: everything that needs boot services (files, allocations, configuration tables,
 * console messages) happens before the final GetMemoryMap; between that and the jump the loader
 * calls nothing but GetMemoryMap and ExitBootServices, as the specification requires.
 */
#include "efi.h"
#include "loader.h"
#include <mem.h>
#include <uefi_handoff.h>

#define CMDLINE_MAX 4096
#define KERNEL_FILE_MAX (64ull << 20)
#define EXIT_RETRIES 4

static struct efi_system_table *sys;
static struct efi_boot_services *bs;

static const struct efi_guid loaded_image_guid = EFI_LOADED_IMAGE_GUID;
static const struct efi_guid simple_fs_guid = EFI_SIMPLE_FILE_SYSTEM_GUID;
static const struct efi_guid file_info_guid = EFI_FILE_INFO_GUID;
static const struct efi_guid acpi20_guid = EFI_ACPI_20_TABLE_GUID;
static const struct efi_guid acpi10_guid = EFI_ACPI_10_TABLE_GUID;
static const struct efi_guid dtb_guid = EFI_DTB_TABLE_GUID;

/* Console output: ASCII in, UCS-2 out, "\n" as CR LF, in small chunks on the stack. */
static void say(const char *s)
{
	efi_char16 buf[64];
	size_t n = 0;
	for (;; s++) {
		if (*s == '\0' || n >= sizeof buf / sizeof buf[0] - 3) {
			buf[n] = 0;
			sys->con_out->output_string(sys->con_out, buf);
			n = 0;
			if (*s == '\0')
				return;
		}
		if (*s == '\n')
			buf[n++] = '\r';
		buf[n++] = (efi_char16)(unsigned char)*s;
	}
}

static void say_hex(uint64_t v)
{
	char b[19] = "0x";
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	b[18] = '\0';
	say(b);
}

static efi_status fail(const char *what, efi_status st)
{
	say("ferrite-uefi: ");
	say(what);
	if (st) {
		say(" (EFI status ");
		say_hex(st);
		say(")");
	}
	say("\n");
	return st ? st : EFI_LOAD_ERROR;
}

static bool guid_eq(const struct efi_guid *a, const struct efi_guid *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

/* Reads a whole file from the volume root into pool memory. *buf is NULL when it does not exist. */
static efi_status read_file(struct efi_file *root, const efi_char16 *name, uint64_t max,
			    void **buf, uint64_t *size)
{
	struct efi_file *f;
	*buf = NULL;
	*size = 0;
	efi_status st = root->open(root, &f, name, EFI_FILE_MODE_READ, 0);
	if (st == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (st)
		return st;

	/* EFI_FILE_INFO ends with the file name; 512 bytes covers the names used here. */
	uint64_t info_buf[64];
	uint64_t info_size = sizeof info_buf;
	st = f->get_info(f, &file_info_guid, &info_size, info_buf);
	if (st) {
		f->close(f);
		return st;
	}
	uint64_t len = ((struct efi_file_info *)info_buf)->file_size;
	if (len > max) {
		f->close(f);
		return EFI_BUFFER_TOO_SMALL;
	}
	st = bs->allocate_pool(EFI_LOADER_DATA, len + 1, buf);
	if (st) {
		f->close(f);
		return st;
	}
	/* Read may return less than asked; loop until the whole file is in. */
	uint64_t got = 0;
	while (got < len) {
		uint64_t chunk = len - got;
		st = f->read(f, &chunk, (uint8_t *)*buf + got);
		if (st || chunk == 0)
			break;
		got += chunk;
	}
	f->close(f);
	if (st || got != len) {
		bs->free_pool(*buf);
		*buf = NULL;
		return st ? st : EFI_LOAD_ERROR;
	}
	((uint8_t *)*buf)[len] = 0;
	*size = len;
	return EFI_SUCCESS;
}

static void find_tables(struct uefi_handoff *h)
{
	uint64_t acpi10 = 0;
	for (uint64_t i = 0; i < sys->n_config; i++) {
		const struct efi_configuration_table *t = &sys->config[i];
		uint64_t addr = (uint64_t)(uintptr_t)t->table;
		if (guid_eq(&t->guid, &acpi20_guid))
			h->rsdp_phys = addr;
		else if (guid_eq(&t->guid, &acpi10_guid))
			acpi10 = addr;
		else if (guid_eq(&t->guid, &dtb_guid))
			h->dtb_phys = addr;
	}
	if (!h->rsdp_phys)
		h->rsdp_phys = acpi10;
}

/* The command line: the image's load options when they are text (UEFI shell, a boot entry made
 * with text options), otherwise cmdline.txt next to kernel.elf, otherwise empty. */
static efi_status get_cmdline(struct efi_loaded_image *li, struct efi_file *root, char *dst)
{
	if (ldr_options_to_cmdline(li->load_options, li->load_options_size, dst, CMDLINE_MAX))
		return EFI_SUCCESS;
	void *buf;
	uint64_t size;
	efi_status st = read_file(root, u"\\cmdline.txt", CMDLINE_MAX - 1, &buf, &size);
	if (st)
		return st;
	if (buf) {
		memcpy(dst, buf, size + 1);
		ldr_clean_cmdline(dst, size);
		bs->free_pool(buf);
	}
	return EFI_SUCCESS;
}

efi_status efi_main(efi_handle image, struct efi_system_table *st_in)
{
	sys = st_in;
	bs = sys->boot_services;
	say("Ferrite UEFI loader\n");

	struct efi_loaded_image *li;
	efi_status st = bs->handle_protocol(image, &loaded_image_guid, (void **)&li);
	if (st)
		return fail("no loaded image protocol", st);
	struct efi_simple_file_system *fs;
	st = bs->handle_protocol(li->device, &simple_fs_guid, (void **)&fs);
	if (st)
		return fail("the boot volume has no file system", st);
	struct efi_file *root;
	st = fs->open_volume(fs, &root);
	if (st)
		return fail("cannot open the boot volume", st);

	void *kfile;
	uint64_t ksize;
	st = read_file(root, u"\\kernel.elf", KERNEL_FILE_MAX, &kfile, &ksize);
	if (st || !kfile)
		return fail("cannot read \\kernel.elf from the boot volume", st);

	struct ldr_plan plan;
	const char *err = ldr_elf_plan(kfile, ksize, ldr_arch_elf_machine, &plan);
	if (err)
		return fail(err, 0);
	uint64_t kbase = plan.lo, kpages = (plan.hi - plan.lo) / UEFI_PAGE_SIZE;
	st = bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, kpages, &kbase);
	if (st) {
		say("ferrite-uefi: the kernel must sit at ");
		say_hex(plan.lo);
		say("-");
		say_hex(plan.hi);
		return fail(", which the firmware is using", st);
	}
	ldr_elf_load(kfile, &plan, (uint8_t *)(uintptr_t)kbase);
	bs->free_pool(kfile);

	/* One block below 4 GiB (x86_64's kernel maps only that much at entry): the handoff, the
	 * command line and room for the memory map, which grows a little with every allocation. */
	uint64_t map_size = 0, map_key, desc_size = 0;
	uint32_t desc_version;
	st = bs->get_memory_map(&map_size, NULL, &map_key, &desc_size, &desc_version);
	if (st != EFI_BUFFER_TOO_SMALL || desc_size < UEFI_DESC_MIN_SIZE)
		return fail("GetMemoryMap does not report its size", st);
	uint64_t map_cap = map_size + 32 * desc_size;
	uint64_t map_off = (sizeof(struct uefi_handoff) + CMDLINE_MAX + 15) & ~15ull;
	uint64_t block_size = (map_off + map_cap + UEFI_PAGE_SIZE - 1) & ~(UEFI_PAGE_SIZE - 1ull);
	uint64_t block = 0xffffffffull;
	st = bs->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA,
				block_size / UEFI_PAGE_SIZE, &block);
	if (st)
		return fail("cannot allocate the handoff block below 4 GiB", st);
	uint8_t *bp = (uint8_t *)(uintptr_t)block;
	memset(bp, 0, block_size);
	struct uefi_handoff *h = (struct uefi_handoff *)bp;
	char *cmdline = (char *)(bp + sizeof *h);

	st = get_cmdline(li, root, cmdline);
	if (st)
		return fail("cannot read \\cmdline.txt", st);
	root->close(root);
	find_tables(h);
	uint64_t boot_cpu = ldr_arch_boot_cpu(sys);

	h->magic = UEFI_HANDOFF_MAGIC;
	h->version = UEFI_HANDOFF_VERSION;
	h->size = sizeof *h;
	h->cmdline_phys = block + sizeof *h;
	h->cmdline_len = strlen(cmdline);
	h->system_table = (uint64_t)(uintptr_t)sys;
	h->block_phys = block;
	h->block_size = block_size;
	h->mmap_phys = block + map_off;

	say("ferrite-uefi: kernel at ");
	say_hex(plan.lo);
	say(", entry ");
	say_hex(plan.entry);
	say(", command line \"");
	say(cmdline);
	say("\"\n");

	/* A map key goes stale when anything allocates between GetMemoryMap and ExitBootServices
	 * (firmware timers can); the specification allows fetching the map again and retrying. */
	for (int tries = 0;; tries++) {
		map_size = map_cap;
		st = bs->get_memory_map(&map_size, bp + map_off, &map_key, &desc_size, &desc_version);
		if (st)
			return tries ? EFI_LOAD_ERROR : fail("GetMemoryMap failed", st);
		st = bs->exit_boot_services(image, map_key);
		if (st == EFI_SUCCESS)
			break;
		if (tries == EXIT_RETRIES)
			return tries ? EFI_LOAD_ERROR : fail("ExitBootServices failed", st);
	}
	/* Boot services are gone: no console, no allocations from here on. */
	h->mmap_size = map_size;
	h->desc_size = desc_size;
	h->desc_version = desc_version;
	ldr_arch_enter(plan.entry, block, boot_cpu, plan.lo, plan.hi - plan.lo, block, block_size);
}
