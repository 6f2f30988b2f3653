/*
 * Writes the fuzzers' seed corpora: OUTDIR/<target>/<name> for each typical input, made by the
 * same builders the unit tests use (so seeds follow the code instead of being checked in).
 * Usage: seedgen OUTDIR
 */
#include "bootimg.h"
#include "fdt_build.h"
#include "mkpasswd_line.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *outdir;

static void put(const char *target, const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", outdir, target);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof path, "%s/%s/%s", outdir, target, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void put_image(const char *target, const char *name,
		      struct bootimg (*build)(struct fakemem *, const char *), const char *cmdline)
{
	struct fakemem fm;
	fakemem_init(&fm, BOOTIMG_FUZZ_BASE, 4096);
	build(&fm, cmdline);
	put(target, name, fm.mem, fm.used);
	fakemem_free(&fm);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: seedgen OUTDIR\n");
		return 2;
	}
	outdir = argv[1];
	mkdir(outdir, 0777);

	size_t len;
	uint8_t *blob = fdtb_sample(&len);
	put("fdt", "sample", blob, len);
	free(blob);
	struct fdt_build b;
	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "memory@0");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 3, 0, 0, 0x1000000);
	fdtb_end(&b);
	fdtb_end(&b);
	blob = fdtb_finish(&b, &len);
	put("fdt", "minimal", blob, len);
	free(blob);
	fdtb_free(&b);

	put_image("multiboot1", "qemu", bootimg_mb1, "/boot/kernel.elf poweroff");
	put_image("multiboot1", "grub", bootimg_mb1, "poweroff panic-test");
	put_image("multiboot2", "grub", bootimg_mb2, "poweroff");
	put_image("pvh", "qemu", bootimg_pvh, "poweroff");

	/* A password file as the build writes it, plus a second user and comments. */
	char file[3 * (PASSWD_LINE_MAX + 2)];
	struct mkpasswd_opts po = { "glenda", "glenda", 6, "000102030405060708090a0b0c0d0e0f",
				    PASSWD_ITER_MIN, 1000, "/usr/glenda", "/bin/sh" };
	size_t used = 0;
	used += (size_t)snprintf(file, sizeof file, "# users\n");
	if (mkpasswd_line(&po, NULL, file + used, sizeof file - used))
		return 1;
	used += strlen(file + used);
	po.name = "bootes";
	po.uid = 0;
	po.home = "/";
	if (mkpasswd_line(&po, NULL, file + used, sizeof file - used))
		return 1;
	used += strlen(file + used);
	put("passwd", "two-users", file, used);
	return 0;
}
