/*
 * Writes the fuzzers' seed corpora: OUTDIR/<target>/<name> for each typical input, made by the
 * same builders the unit tests use (so seeds follow the code instead of being checked in).
 * Usage: seedgen OUTDIR
 */
#include "bootimg.h"
#include "fdt_build.h"
#include "mkpasswd_line.h"
#include "p9_samples.h"

#include <p9.h>

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

/* Appends one encoded 9P message to a session stream. */
static size_t p9_append(uint8_t *buf, size_t at, size_t cap, struct p9_msg m)
{
	size_t n;
	if (p9_encode(&m, buf + at, cap - at, &n)) {
		fprintf(stderr, "seedgen: a 9P seed message does not encode\n");
		exit(1);
	}
	return at + n;
}

/* Every sample message for the codec; for the server, a control byte (docs in fuzz_p9_server.c)
 * then a whole session: version, attach, walks, reads of a file and a directory, write, create,
 * remove, stat, wstat, flush and clunks, plus a few mistakes. */
static void put_p9(void)
{
	char name[32];
	uint8_t buf[4096];
	for (size_t i = 0; i < p9_sample_count(); i++) {
		struct p9_msg m;
		p9_sample(i, &m);
		size_t n = p9_append(buf, 0, sizeof buf, m);
		snprintf(name, sizeof name, "msg%02zu-type%u", i, m.type);
		put("p9_codec", name, buf, n);
	}

	struct p9_str none = p9_str("");
	struct p9_stat keep = { 0xffff, 0xffffffffu, { 0xff, 0xffffffffu, ~0ull }, 0xffffffffu,
				0xffffffffu, 0xffffffffu, ~0ull, none, none, none, none };
	struct p9_stat rename = keep;
	rename.name = p9_str("renamed");
	size_t n = 0;
	buf[n++] = 0; /* no automatic Tversion, full-size replies */
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TVERSION, .tag = P9_NOTAG,
		.msize = 2048, .version = p9_str("9P2000") });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TATTACH, .tag = 1, .fid = 1,
		.afid = P9_NOFID, .uname = p9_str("glenda"), .aname = none });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 2, .fid = 1,
		.newfid = 2, .nwname = 1, .wname = { p9_str("motd") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TOPEN, .tag = 3, .fid = 2,
		.mode = P9_ORDWR });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = 4, .fid = 2,
		.count = 100 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWRITE, .tag = 5, .fid = 2,
		.offset = 3, .count = 4, .data = (const uint8_t *)"abcd" });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 6, .fid = 1,
		.newfid = 3, .nwname = 0 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TOPEN, .tag = 7, .fid = 3 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = 8, .fid = 3,
		.count = 80 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = 9, .fid = 3,
		.offset = 70, .count = 2000 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 10, .fid = 1,
		.newfid = 4, .nwname = 1, .wname = { p9_str("dir") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCREATE, .tag = 11, .fid = 4,
		.name = p9_str("new"), .perm = 0644, .mode = P9_OWRITE | P9_ORCLOSE });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWRITE, .tag = 12, .fid = 4,
		.count = 2, .data = (const uint8_t *)"hi" });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TSTAT, .tag = 13, .fid = 4 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCLUNK, .tag = 14, .fid = 4 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 15, .fid = 1,
		.newfid = 5, .nwname = 3, .wname = { p9_str("dir"), p9_str(".."), p9_str("ro") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWSTAT, .tag = 16, .fid = 5,
		.stat = rename });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 17, .fid = 1,
		.newfid = 6, .nwname = 2, .wname = { p9_str("dir"), p9_str("a") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREMOVE, .tag = 18, .fid = 6 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TFLUSH, .tag = 19, .oldtag = 18 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCLUNK, .tag = 20, .fid = 6 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = 21, .fid = 5,
		.count = 10 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TAUTH, .tag = 22, .afid = 9,
		.uname = none, .aname = none });
	put("p9_server", "session", buf, n);
	buf[0] = 1 | 2; /* automatic Tversion, 64-byte replies */
	put("p9_server", "session-small-replies", buf, n);
	buf[0] = 1 | 4; /* automatic Tversion, 300-byte replies; the Tversion restarts the session */
	put("p9_server", "session-auto-version", buf, n);
}

/* Command lines that between them use every construct of docs/shell.md and reach each error. */
static void put_sh(void)
{
	static const char *const lines[] = {
		"echo hello world\n",
		"cat < in | grep -v x > out; echo $status && ls || echo \"failed: $?\"\n",
		"echo 'single $status' \"double \\\" \\$ $?\" back\\ slash >> log # comment\n",
		"a |\n b &&\n c\n",
		"echo 'unterminated",
		"cat > | x",
		"a | | b",
		"echo $HOME",
		"/usr/glenda/../lib//./x",
	};
	char name[16];
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		snprintf(name, sizeof name, "line%zu", i);
		put("sh_parse", name, lines[i], strlen(lines[i]));
	}
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
	put_p9();

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
	put_sh();
	return 0;
}
