/* Filling struct bootinfo; see bootinfo.h. Portable and host-tested with the boot parsers. */
#include <bootinfo.h>
#include <mem.h>

void bootinfo_init(struct bootinfo *bi)
{
	memset(bi, 0, sizeof *bi);
	bi->memory_source = "none";
}

static void add_range(struct bootinfo *bi, struct boot_range *arr, unsigned *n, uint64_t base,
		      uint64_t size, const char *what)
{
	if (base + size < base)
		size = UINT64_MAX - base;
	/* After clipping: a range at the very top of the address space can clip to nothing. */
	if (size == 0)
		return;
	if (*n >= BOOTINFO_MAX_RANGES) {
		bi->dropped++;
		return;
	}
	arr[*n] = (struct boot_range){ base, size, what };
	(*n)++;
}

void bootinfo_add_usable(struct bootinfo *bi, uint64_t base, uint64_t size)
{
	add_range(bi, bi->usable, &bi->n_usable, base, size, "ram");
}

void bootinfo_add_reserved(struct bootinfo *bi, uint64_t base, uint64_t size, const char *what)
{
	add_range(bi, bi->reserved, &bi->n_reserved, base, size, what);
}

void bootinfo_add_module(struct bootinfo *bi, uint64_t base, uint64_t size, const char *name,
			 uint32_t name_len)
{
	bootinfo_add_reserved(bi, base, size, "module");
	if (bi->n_modules >= BOOTINFO_MAX_MODULES) {
		bi->dropped++;
		return;
	}
	struct boot_module *m = &bi->modules[bi->n_modules++];
	m->base = base;
	m->size = size;
	uint32_t i = 0;
	for (; name && i < name_len && i < BOOTINFO_NAME_MAX - 1 && name[i]; i++)
		m->name[i] = name[i];
	m->name[i] = '\0';
}

void bootinfo_set_cmdline(struct bootinfo *bi, const char *s, uint32_t len)
{
	uint32_t i = 0;
	for (; i < len && s[i]; i++) {
		if (i == BOOTINFO_CMDLINE_MAX - 1) {
			bi->cmdline_truncated = true;
			break;
		}
		bi->cmdline[i] = s[i];
	}
	bi->cmdline[i] = '\0';
}
