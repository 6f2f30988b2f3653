/*
 * Writes the fuzzers' seed corpora: OUTDIR/<target>/<name> for each typical input, made by the
 * same builders the unit tests use (so seeds follow the code instead of being checked in).
 * Usage: seedgen OUTDIR
 */
#include "bootimg.h"
#include "fdt_build.h"
#include "mkpasswd_line.h"
#include "p9_samples.h"
#include "../../user/lib/libc_io.h"

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

/* A session for the deferred-read fuzzer (fuzz_p9_defer.c): control bit 0 gives version and
 * attach; reads of "wait" are held; a message whose last byte is odd (the Tstat of fid
 * 0x01000000) makes the tree answer the oldest. */
static void put_p9_defer(void)
{
	uint8_t buf[1024];
	size_t n = 0;
	buf[n++] = 1;
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 2, .fid = 0,
		.newfid = 1, .nwname = 1, .wname = { p9_str("wait") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TOPEN, .tag = 3, .fid = 1,
		.mode = P9_ORDWR });
	for (uint16_t tag = 4; tag < 8; tag++)
		n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = tag,
			.fid = 1, .count = 100 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TSTAT, .tag = 8,
		.fid = 0x01000000 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TFLUSH, .tag = 9, .oldtag = 5 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = 6, .fid = 1,
		.count = 100 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCLUNK, .tag = 10, .fid = 1 });
	put("p9_defer", "session", buf, n);
}

/* Sessions for the ramfs fuzzer (fuzz_ramfs.c: a control byte, then messages; an odd tag goes
 * to alice's session, an even one to glenda's). The tree starts with dir/, dir/a and motd. */
static void put_ramfs(void)
{
	uint8_t buf[8192];
	static uint8_t fill[1500];
	memset(fill, 'z', sizeof fill);
	struct p9_str none = p9_str("");
	struct p9_stat keep = { 0xffff, 0xffffffffu, { 0xff, 0xffffffffu, ~0ull }, 0xffffffffu,
				0xffffffffu, 0xffffffffu, ~0ull, none, none, none, none };
	struct p9_stat rename = keep, trunc = keep, chmod = keep;
	rename.name = p9_str("b");
	trunc.length = 3;
	chmod.mode = 0600;
	size_t n = 0;
	buf[n++] = 1; /* both sessions get a Tversion first, full-size replies */
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TATTACH, .tag = 2, .fid = 1,
		.afid = P9_NOFID, .uname = p9_str("glenda"), .aname = none });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TATTACH, .tag = 3, .fid = 1,
		.afid = P9_NOFID, .uname = p9_str("alice"), .aname = none });
	/* glenda: a new file, written sparsely, read back, renamed, truncated, chmod'ed */
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 4, .fid = 1,
		.newfid = 2, .nwname = 1, .wname = { p9_str("dir") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCREATE, .tag = 6, .fid = 2,
		.name = p9_str("new"), .perm = 0644, .mode = P9_ORDWR });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWRITE, .tag = 8, .fid = 2,
		.offset = 700, .count = 5, .data = (const uint8_t *)"hello" });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = 10, .fid = 2,
		.offset = 690, .count = 100 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWSTAT, .tag = 12, .fid = 2,
		.stat = rename });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWSTAT, .tag = 14, .fid = 2,
		.stat = trunc });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWSTAT, .tag = 16, .fid = 2,
		.stat = chmod });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TSTAT, .tag = 18, .fid = 2 });
	/* glenda: fill the arena, then free it */
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 20, .fid = 1,
		.newfid = 3, .nwname = 1, .wname = { p9_str("motd") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TOPEN, .tag = 22, .fid = 3,
		.mode = P9_OWRITE | P9_OTRUNC });
	for (int i = 0; i < 3; i++)
		n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWRITE,
			.tag = (uint16_t)(24 + 2 * i), .fid = 3, .offset = (uint64_t)i * sizeof fill,
			.count = sizeof fill, .data = fill });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCLUNK, .tag = 30, .fid = 3 });
	/* alice: list the root, try glenda's files, make her own and a directory */
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 5, .fid = 1,
		.newfid = 2, .nwname = 0 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TOPEN, .tag = 7, .fid = 2 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREAD, .tag = 9, .fid = 2,
		.count = 200 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 11, .fid = 1,
		.newfid = 3, .nwname = 2, .wname = { p9_str("dir"), p9_str("b") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TOPEN, .tag = 13, .fid = 3 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 15, .fid = 1,
		.newfid = 4, .nwname = 0 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCREATE, .tag = 17, .fid = 4,
		.name = p9_str("sub"), .perm = P9_DMDIR | 0700, .mode = P9_OREAD });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 19, .fid = 1,
		.newfid = 5, .nwname = 1, .wname = { p9_str("sub") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCREATE, .tag = 21, .fid = 5,
		.name = p9_str("tmp"), .perm = P9_DMEXCL | 0600, .mode = P9_OWRITE | P9_ORCLOSE });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWRITE, .tag = 23, .fid = 5,
		.count = 2, .data = (const uint8_t *)"hi" });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 25, .fid = 1,
		.newfid = 6, .nwname = 1, .wname = { p9_str("sub") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREMOVE, .tag = 27, .fid = 6 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TCLUNK, .tag = 29, .fid = 5 });
	/* glenda: remove what alice may not, and the renamed file */
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREMOVE, .tag = 32, .fid = 2 });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TWALK, .tag = 34, .fid = 1,
		.newfid = 7, .nwname = 1, .wname = { p9_str("dir") } });
	n = p9_append(buf, n, sizeof buf, (struct p9_msg){ .type = P9_TREMOVE, .tag = 36, .fid = 7 });
	put("ramfs", "two-users", buf, n);
	/* The same stream serves as a bootfs9p seed after its attach: walks, opens, reads,
	 * directory reads, and many refused changes. */
	put("bootfs9p", "session", buf, n);
	buf[0] = 1 | 4; /* 300-byte replies */
	put("ramfs", "two-users-small-replies", buf, n);
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
	/* sh_exec: two control bytes (read size, failures), then lines typed at the shell. */
	static const char *const typed[] = {
		"\x03\x00" "ls / | cat\necho hi > /tmp/f; cat < /tmp/f\ncd /tmp; ls\nexit 3\n",
		"\x10\x1f" "a | b | c && d || e\nnosuch\ncd\ncd /missing\n",
		"\x00\x04" "echo 'x\n a | b\n\nfalse; echo $status\ncd a b",
	};
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
		snprintf(name, sizeof name, "typed%zu", i);
		put("sh_exec", name, typed[i], strlen(typed[i] + 2) + 2);
	}
}

/* Console line discipline scripts (the command bytes are described in fuzz_consline.c). */
static void put_consline(void)
{
	static const char *const scripts[] = {
		"hello\r\xf4\x40",
		"ab\bc\x7f\x15xy\r\n\xf4\x02\xf4\x40",
		"\x04\xf4\x10" "ab\x04\xf4\x10",
		"\xf3" "secret\r\xf2\xf4\x40",
		"\xf0raw\x04\r\xf4\x08\xf1line\r\xf4\x40",
		"half\xf0more\xf1\xf4\x40",
		"\xf6\x05\x04" "a\nb\n",
	};
	for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		char name[16];
		snprintf(name, sizeof name, "script%zu", i);
		put("consline", name, scripts[i], strlen(scripts[i]));
	}
}

/* Argument blocks as spawn builds them: argv, environment, and the fd entries it passes. */
static void put_args(void)
{
	static char *argv[] = { "ls", "-l", "/tmp", NULL };
	static char *env[] = { "user=glenda", "cwd=/tmp", "proc.ctl=0", "fd.0=pipe,1,0",
			       "fd.1=9p,2,1025,1,8216,42,/tmp/a,b", "fd.2=cons" };
	char block[512];
	for (size_t n = 0; n <= sizeof env / sizeof env[0]; n++) {
		long len = libc_args_build(block, sizeof block, argv, env, n);
		char name[16];
		snprintf(name, sizeof name, "block%zu", n);
		if (len >= 0)
			put("args", name, block, (size_t)len);
	}
	put("args", "init", "init\0poweroff\0nstest", 21);
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
	put_ramfs();

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
	put_consline();
	put_p9_defer();
	put_args();
	return 0;
}
