/*
 * mkpasswd: writes one line of the password file (docs/login.md).
 *
 *   mkpasswd -u NAME (-p PASSWORD | -e VAR) [-i ITER] [-s SALTHEX] [-U UID] [-H HOME] [-S SHELL]
 *            [-o FILE]
 *
 *   -p PASSWORD   the password itself (visible to other users in the process list)
 *   -e VAR        the password from environment variable VAR instead (what the build uses)
 *   -i ITER       PBKDF2 iterations, default MKPASSWD_ITER; 1000..10000000
 *   -s SALTHEX    a fixed salt (lowercase hex, 16..64 bytes) for reproducible output; by default
 *                 16 bytes from /dev/urandom
 *   -U, -H, -S    uid (default 1000), home (default /usr/NAME), shell (default /bin/sh)
 *   -o FILE       write FILE instead of standard output; when FILE already holds exactly the line
 *                 that these options give with FILE's own salt, it is left untouched, so a build
 *                 can run this every time and the boot archive is rebuilt only when the password,
 *                 the iteration count or a field changes.
 */
#include "fileio.h"
#include "mkpasswd_line.h"

#include <crypto/ct.h>
#include <passwd.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Iterations when -i is not given: see docs/login.md for how this was measured. */
#define MKPASSWD_ITER 10000

static void usage(void)
{
	fprintf(stderr, "usage: mkpasswd -u NAME (-p PASSWORD | -e VAR) [-i ITER] [-s SALTHEX] "
			"[-U UID] [-H HOME] [-S SHELL] [-o FILE]\n");
	exit(2);
}

const char fileio_prog[] = "mkpasswd";

static void random_salt(uint8_t *salt, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0)
		fileio_die("/dev/urandom", strerror(errno));
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, salt + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			fileio_die("/dev/urandom", "short read");
		got += (size_t)r;
	}
	close(fd);
}

/* A decimal option value in [0, max]; anything else is a usage error. */
static uint32_t number(const char *opt, const char *s, unsigned long max)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v > max)
		fileio_die(opt, "not a number in range");
	return (uint32_t)v;
}

/*
 * True when path holds exactly the line o gives with the salt already in that line: then nothing
 * changed and the file (with its mtime) is kept. Any read or parse problem means "rewrite".
 */
static bool up_to_date(const char *path, const struct mkpasswd_opts *o)
{
	char old[PASSWD_LINE_MAX + 2], line[PASSWD_LINE_MAX + 2], salt_hex[2 * PASSWD_SALT_MAX + 1];
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(old, 1, sizeof old - 1, f);
	fclose(f);
	old[n] = 0;

	struct passwd_entry e;
	if (passwd_lookup(old, n, o->name, &e, NULL) != 0)
		return false;
	for (size_t i = 0; i < e.salt_len; i++)
		snprintf(salt_hex + 2 * i, 3, "%02x", e.salt[i]);
	struct mkpasswd_opts same = *o;
	same.salt_hex = salt_hex;
	bool ok = mkpasswd_line(&same, NULL, line, sizeof line) == NULL && strcmp(line, old) == 0;
	ct_wipe(&e, sizeof e);
	ct_wipe(line, sizeof line);
	return ok;
}

int main(int argc, char **argv)
{
	struct mkpasswd_opts o = { .iterations = MKPASSWD_ITER, .uid = 1000, .shell = "/bin/sh" };
	const char *out = NULL;
	char home[PASSWD_PATH_MAX + 2];
	int c;

	while ((c = getopt(argc, argv, "u:p:e:i:s:U:H:S:o:")) != -1) {
		switch (c) {
		case 'u': o.name = optarg; break;
		case 'p': o.password = optarg; o.password_len = strlen(optarg); break;
		case 'e': {
			const char *v = getenv(optarg);
			if (!v)
				fileio_die(optarg, "environment variable not set");
			o.password = v;
			o.password_len = strlen(v);
			break;
		}
		case 'i': o.iterations = number("-i", optarg, PASSWD_ITER_MAX); break;
		case 's': o.salt_hex = optarg; break;
		case 'U': o.uid = number("-U", optarg, PASSWD_UID_MAX); break;
		case 'H': o.home = optarg; break;
		case 'S': o.shell = optarg; break;
		case 'o': out = optarg; break;
		default: usage();
		}
	}
	if (optind != argc || !o.name || !o.password)
		usage();
	if (!o.home) {
		snprintf(home, sizeof home, "/usr/%s", o.name);
		o.home = home;
	}

	if (out && up_to_date(out, &o))
		return 0;

	uint8_t salt[PASSWD_SALT_MIN];
	char line[PASSWD_LINE_MAX + 2];
	if (!o.salt_hex)
		random_salt(salt, sizeof salt);
	const char *why = mkpasswd_line(&o, salt, line, sizeof line);
	ct_wipe(salt, sizeof salt);
	if (why)
		fileio_die(o.name, why);

	if (!out) {
		fputs(line, stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	/* Through a temporary file, so a failed write never leaves half a password file. */
	size_t tmp_len = strlen(out) + 5;
	char *tmp = malloc(tmp_len);
	if (!tmp)
		fileio_die(out, "out of memory");
	snprintf(tmp, tmp_len, "%s.tmp", out);
	FILE *f = fopen(tmp, "w");
	if (!f)
		fileio_die(tmp, strerror(errno));
	if (fputs(line, f) == EOF || fclose(f) != 0 || rename(tmp, out) != 0)
		fileio_die(out, strerror(errno));
	free(tmp);
	return 0;
}
