/*
 * Directories (docs/libc.md "Directories"): opendir reads every member of the union covering the
 * path, in order, each on its own short 9P session, and merges their entries (dirrec.c: the
 * first member wins on equal names). The whole listing is read at open time, so readdir never
 * fails halfway. Freestanding only.
 */
#include "libc.h"

#if !__STDC_HOSTED__
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fd.h"

struct libc_dir {
	struct libc_dirlist l;
	size_t next;
	struct dirent ent;
};

/* Appends the entries of one member's directory; 0, or -1 (errno) when the member has no such
 * directory or reading it failed. */
static int read_member(DIR *d, struct p9c *c, long fid, uint8_t *buf)
{
	struct p9_stat st;
	if (p9c_stat(c, (uint32_t)fid, &st) != 0)
		return libc_fail_p9(c);
	if (!(st.mode & P9_DMDIR))
		return libc_fail(ENOTDIR, "not a directory");
	if (p9c_open(c, (uint32_t)fid, P9_OREAD) != 0)
		return libc_fail_p9(c);
	uint64_t off = 0;
	for (;;) {
		long n = p9c_read(c, (uint32_t)fid, off, buf, c->msize - P9_IOHDRSZ);
		if (n < 0)
			return libc_fail_p9(c);
		if (n == 0)
			return 0;
		off += (uint64_t)n;
		int e = libc_dir_add(&d->l, buf, (size_t)n);
		if (e)
			return libc_fail(e, e == EIO ? "bad directory entry from the file server" : NULL);
	}
}

DIR *opendir(const char *path)
{
	char abs[LIBC_PATH_MAX];
	if (libc_abspath(path, abs) != 0)
		return NULL;
	DIR *d = calloc(1, sizeof *d);
	struct p9c *c = malloc(sizeof *c);
	uint8_t *buf = malloc(CHAN_MSG_MAX);
	if (!d || !c || !buf) {
		free(d);
		free(c);
		free(buf);
		libc_fail(ENOMEM, NULL);
		return NULL;
	}
	d->l.grow = realloc;
	/* A member without the directory (or with a file of that name) is passed over; any other
	 * failure fails the whole listing rather than showing part of it. */
	bool found = false, failed = false;
	int err = 0;
	char text[128] = "";
	uint32_t nmembers = 1;
	for (unsigned i = 0; i < nmembers && !failed; i++) {
		long fid = p9c_nsmember(c, abs, libc_uname(), i, &nmembers);
		int r = fid < 0 ? libc_fail_p9(c) : read_member(d, c, fid, buf);
		if (fid >= 0)
			p9c_hangup(c);
		if (r == 0) {
			found = true;
			continue;
		}
		failed = errno != ENOENT && errno != ENOTDIR;
		if (!err || failed) {
			err = errno;
			strlcpy(text, errstr(), sizeof text);
		}
		if (nmembers == 0)
			break;
	}
	free(c);
	free(buf);
	if (!found || failed) {
		free(d->l.e);
		free(d);
		libc_fail(err ? err : ENOENT, text[0] ? text : NULL);
		return NULL;
	}
	return d;
}

struct dirent *readdir(DIR *d)
{
	if (d->next >= d->l.n)
		return NULL;
	const struct libc_dirent *e = &d->l.e[d->next++];
	strlcpy(d->ent.d_name, e->name, sizeof d->ent.d_name);
	d->ent.d_mode = e->mode;
	d->ent.d_size = e->size;
	d->ent.d_mtime = e->mtime;
	return &d->ent;
}

int closedir(DIR *d)
{
	free(d->l.e);
	free(d);
	return 0;
}
#endif
