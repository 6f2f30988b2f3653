/*
 * mkesp: builds and checks the ESP32-C6 flash artefacts on the host.
 *
 *   mkesp app  -o app.bin  kernel.elf      ESP-IDF app image from the kernel ELF (XIP segments)
 *   mkesp boot -o boot.bin loader.elf      bootloader image (RAM segments, loaded by the ROM)
 *   mkesp parttable -o pt.bin              partition table: one factory app at 0x10000
 *   mkesp flash -o flash.bin SIZE boot.bin pt.bin app.bin
 *                                           whole flash image, 0xff filled, with the usage report
 *   mkesp sram LIMIT elf...                SRAM the ELFs occupy, checked against LIMIT bytes
 *   mkesp verify [--boot] image.bin        reads an image back and checks everything it can
 *
 * The app's esp_app_desc_t is provided by the kernel (first in its rodata); mkesp fills in the
 * SHA-256 of the ELF file and the build date and time (SOURCE_DATE_EPOCH when set, so builds can
 * be reproducible). Exits non-zero with a message naming the problem.
 */
#include "esp/esp_image.h"
#include "esp/hash.h"
#include "fileio.h"
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MKESP_MAX_FILE (16u << 20)

const char fileio_prog[] = "mkesp";

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", fileio_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		die("%s: cannot write: %s", path, strerror(errno));
}

/* The loadable parts of a 32-bit little-endian RISC-V ELF: PT_LOAD program headers with file
 * contents (bss, having none, is cleared by the program itself). */
struct elf_image {
	uint8_t *file;
	size_t len;
	uint32_t entry;
	unsigned n;
	struct esp_segment seg[ESP_IMAGE_MAX_SEGS];
	uint32_t mem_lo[ESP_IMAGE_MAX_SEGS], mem_size[ESP_IMAGE_MAX_SEGS];
	unsigned n_mem;
};

static void elf_load(const char *path, struct elf_image *e)
{
	memset(e, 0, sizeof *e);
	e->file = fileio_read(path, &e->len, MKESP_MAX_FILE);
	if (e->len < sizeof(Elf32_Ehdr) || memcmp(e->file, ELFMAG, SELFMAG) != 0)
		die("%s: not an ELF file", path);
	Elf32_Ehdr eh;
	memcpy(&eh, e->file, sizeof eh);
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_RISCV)
		die("%s: not a 32-bit little-endian RISC-V ELF", path);
	if (eh.e_phentsize != sizeof(Elf32_Phdr) || eh.e_phoff > e->len ||
	    (size_t)eh.e_phnum * sizeof(Elf32_Phdr) > e->len - eh.e_phoff)
		die("%s: program headers are malformed", path);
	e->entry = eh.e_entry;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf32_Phdr ph;
		memcpy(&ph, e->file + eh.e_phoff + i * sizeof ph, sizeof ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (e->n_mem < ESP_IMAGE_MAX_SEGS) {
			e->mem_lo[e->n_mem] = ph.p_paddr;
			e->mem_size[e->n_mem++] = ph.p_memsz;
		}
		if (ph.p_filesz == 0)
			continue;
		if (ph.p_offset > e->len || ph.p_filesz > e->len - ph.p_offset)
			die("%s: segment %u runs past the end of the file", path, i);
		if (e->n == ESP_IMAGE_MAX_SEGS)
			die("%s: more than %d loadable segments", path, ESP_IMAGE_MAX_SEGS);
		/* ESP segments are whole words: round up, the pad reads as zero from the copy. */
		uint32_t len = (ph.p_filesz + 3) & ~3u;
		uint8_t *data = calloc(1, len);
		if (!data)
			die("out of memory");
		memcpy(data, e->file + ph.p_offset, ph.p_filesz);
		e->seg[e->n++] = (struct esp_segment){ ph.p_paddr, len, data };
	}
	if (e->n == 0)
		die("%s: no loadable segments", path);
}

static struct esp_image_params c6_params(uint32_t entry)
{
	return (struct esp_image_params){
		.entry = entry,
		.flash_mode = 2,          /* DIO: what the ROM uses to read the bootloader */
		.flash_size_freq = 0x20,  /* 4 MB, 80 MHz (code 0 on the C6) */
		.chip_id = ESP_CHIP_ID_ESP32C6,
		.min_rev_full = 0,
		.max_rev_full = 99,       /* any v0.x silicon */
	};
}

static void fill_app_desc(struct elf_image *e)
{
	struct esp_segment *d = NULL;
	for (unsigned i = 0; i < e->n; i++)
		if (e->seg[i].addr >= ESP32C6_DROM_BASE && e->seg[i].addr < ESP32C6_FLASH_MAP_END &&
		    (!d || e->seg[i].addr < d->addr))
			d = &e->seg[i];
	if (!d || d->len < ESP_APP_DESC_LEN)
		die("the ELF has no read-only data segment in flash to hold esp_app_desc_t");
	uint8_t *desc = (uint8_t *)d->data;
	uint32_t magic = desc[0] | desc[1] << 8 | desc[2] << 16 | (uint32_t)desc[3] << 24;
	if (magic != ESP_APP_DESC_MAGIC)
		die("rodata does not start with esp_app_desc_t (magic 0x%08x); check the linker "
		    "script keeps .rodata.esp_app_desc first", magic);

	time_t t = time(NULL);
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch)
		t = (time_t)strtoll(epoch, NULL, 10);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[17];
	memset(desc + ESP_APP_DESC_TIME, 0, 16);
	strftime(buf, sizeof buf, "%H:%M:%S", &tm);
	memcpy(desc + ESP_APP_DESC_TIME, buf, strlen(buf));
	memset(desc + ESP_APP_DESC_DATE, 0, 16);
	strftime(buf, sizeof buf, "%b %d %Y", &tm);
	memcpy(desc + ESP_APP_DESC_DATE, buf, strlen(buf));
	sha256(e->file, e->len, desc + ESP_APP_DESC_ELF_SHA);
}

static void print_info(const char *path, const uint8_t *buf, const struct esp_image_info *info)
{
	printf("%s: %zu bytes, entry 0x%08x, chip id %u, %u segments\n", path, info->image_len,
	       info->entry, info->chip_id, info->n_segs);
	for (unsigned i = 0; i < info->n_segs; i++) {
		const char *r = esp32c6_region(info->seg[i].addr, info->seg[i].len);
		printf("  segment %2u  0x%08x  %7u bytes  file 0x%06x  %s\n", i, info->seg[i].addr,
		       info->seg[i].len, info->seg[i].file_off, r ? r : "INVALID");
	}
	if (info->app_desc_off >= 0) {
		const char *d = (const char *)buf + info->app_desc_off;
		printf("  app: project \"%.32s\" version \"%.32s\" built %.16s %.16s\n",
		       d + ESP_APP_DESC_PROJECT, d + ESP_APP_DESC_VERSION, d + ESP_APP_DESC_DATE,
		       d + ESP_APP_DESC_TIME);
	}
}

static int cmd_verify(int argc, char **argv)
{
	enum esp_image_kind kind = ESP_IMAGE_APP;
	int i = 0;
	if (i < argc && strcmp(argv[i], "--boot") == 0) {
		kind = ESP_IMAGE_BOOT;
		i++;
	}
	if (argc - i != 1)
		die("usage: mkesp verify [--boot] IMAGE");
	size_t len;
	uint8_t *buf = fileio_read(argv[i], &len, MKESP_MAX_FILE);
	struct esp_image_info info;
	char report[4096];
	int n = esp_image_check(buf, len, kind, &info, report, sizeof report);
	if (n) {
		fprintf(stderr, "%s: %s: %d problem%s:\n%s", fileio_prog, argv[i], n, n > 1 ? "s" : "",
			report);
		return 1;
	}
	print_info(argv[i], buf, &info);
	printf("%s: %s image OK (magic, segments, checksum 0x%02x, SHA-256%s)\n", argv[i],
	       kind == ESP_IMAGE_APP ? "app" : "bootloader", info.checksum,
	       kind == ESP_IMAGE_APP ? ", app descriptor" : "");
	return 0;
}

static int cmd_image(enum esp_image_kind kind, int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[0], "-o") != 0)
		die("usage: mkesp %s -o OUT ELF", kind == ESP_IMAGE_APP ? "app" : "boot");
	struct elf_image e;
	elf_load(argv[2], &e);
	if (kind == ESP_IMAGE_APP)
		fill_app_desc(&e);
	struct esp_image_params p = c6_params(e.entry);
	uint8_t *img;
	size_t len;
	const char *err = esp_image_build(&p, e.seg, e.n, kind, &img, &len);
	if (err)
		die("%s: %s", argv[2], err);
	/* Never hand over something the checker would refuse. */
	struct esp_image_info info;
	char report[4096];
	if (esp_image_check(img, len, kind, &info, report, sizeof report))
		die("%s: internal error, the image fails its own check:\n%s", argv[1], report);
	write_file(argv[1], img, len);
	return 0;
}

static int cmd_parttable(int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[0], "-o") != 0)
		die("usage: mkesp parttable -o OUT");
	/* type 0 = app, subtype 0 = factory; type 1 = data, subtype 2 = nvs (kept for tools that
	 * expect one; Ferrite does not use it yet). */
	const struct esp_partition parts[] = {
		{ "nvs", 1, 2, 0x9000, 0x6000 },
		{ "factory", 0, 0, ESP_FLASH_APP, (4u << 20) - ESP_FLASH_APP },
	};
	uint8_t pt[ESP_PARTTABLE_LEN];
	const char *err = esp_parttable_build(parts, 2, pt);
	if (err)
		die("partition table: %s", err);
	write_file(argv[1], pt, sizeof pt);
	return 0;
}

static int cmd_flash(int argc, char **argv)
{
	if (argc != 6 || strcmp(argv[0], "-o") != 0)
		die("usage: mkesp flash -o OUT SIZE BOOT PARTTABLE APP");
	size_t size = strtoul(argv[2], NULL, 0);
	if (size < ESP_FLASH_APP || size > (16u << 20))
		die("flash size %s is not plausible", argv[2]);
	const struct {
		uint32_t at, limit;
		const char *path;
	} parts[] = {
		{ ESP_FLASH_BOOTLOADER, ESP_FLASH_PARTTABLE, argv[3] },
		{ ESP_FLASH_PARTTABLE, ESP_FLASH_PARTTABLE + ESP_PARTTABLE_LEN, argv[4] },
		{ ESP_FLASH_APP, (uint32_t)size, argv[5] },
	};
	uint8_t *flash = malloc(size);
	if (!flash)
		die("out of memory");
	memset(flash, 0xff, size); /* erased NOR flash reads as ones */
	size_t end = 0;
	for (unsigned i = 0; i < 3; i++) {
		size_t len;
		uint8_t *b = fileio_read(parts[i].path, &len, MKESP_MAX_FILE);
		if (len > parts[i].limit - parts[i].at)
			die("%s: %zu bytes do not fit at 0x%x (room for %u)", parts[i].path, len,
			    parts[i].at, parts[i].limit - parts[i].at);
		memcpy(flash + parts[i].at, b, len);
		if (parts[i].at + len > end)
			end = parts[i].at + len;
		printf("  flash 0x%06x  %7zu bytes  %s\n", parts[i].at, len, parts[i].path);
		free(b);
	}
	write_file(argv[1], flash, size);
	printf("flash: %zu of %zu KiB used (%zu%%), image %s\n", (end + 1023) / 1024, size / 1024,
	       end * 100 / size, argv[1]);
	return 0;
}

static int cmd_sram(int argc, char **argv)
{
	if (argc < 2)
		die("usage: mkesp sram LIMIT ELF...");
	uint32_t limit = (uint32_t)strtoul(argv[0], NULL, 0);
	uint32_t lo[32], hi[32];
	unsigned n = 0;
	uint64_t total = 0;
	for (int a = 1; a < argc; a++) {
		struct elf_image e;
		elf_load(argv[a], &e);
		for (unsigned i = 0; i < e.n_mem; i++) {
			uint32_t b = e.mem_lo[i], s = e.mem_size[i];
			if (b < ESP32C6_SRAM_BASE || b >= ESP32C6_SRAM_END)
				continue;
			if (s > ESP32C6_SRAM_END - b)
				die("%s: 0x%08x + %u runs past the end of SRAM", argv[a], b, s);
			for (unsigned k = 0; k < n; k++)
				if (b < hi[k] && lo[k] < b + s)
					die("%s: SRAM 0x%08x-0x%08x overlaps 0x%08x-0x%08x of an earlier "
					    "program", argv[a], b, b + s, lo[k], hi[k]);
			if (n < 32) {
				lo[n] = b;
				hi[n++] = b + s;
			}
			total += s;
			printf("  sram  0x%08x  %7u bytes  %s\n", b, s, argv[a]);
		}
	}
	printf("sram: %llu of %u KiB used (%llu%%)\n", (unsigned long long)(total + 1023) / 1024,
	       limit / 1024, (unsigned long long)(total * 100 / limit));
	if (total > limit)
		die("SRAM budget exceeded: %llu bytes > %u", (unsigned long long)total, limit);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		die("usage: mkesp app|boot|parttable|flash|sram|verify ... (see tools/mkesp.c)");
	const char *cmd = argv[1];
	argc -= 2;
	argv += 2;
	if (strcmp(cmd, "app") == 0)
		return cmd_image(ESP_IMAGE_APP, argc, argv);
	if (strcmp(cmd, "boot") == 0)
		return cmd_image(ESP_IMAGE_BOOT, argc, argv);
	if (strcmp(cmd, "parttable") == 0)
		return cmd_parttable(argc, argv);
	if (strcmp(cmd, "flash") == 0)
		return cmd_flash(argc, argv);
	if (strcmp(cmd, "sram") == 0)
		return cmd_sram(argc, argv);
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(argc, argv);
	die("unknown command \"%s\"", cmd);
}
