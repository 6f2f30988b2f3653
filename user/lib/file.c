/*
 * The current directory and the operations on names (docs/libc.md "Files"): chdir, getcwd,
 * mkdir, remove, stat, fstat. Each path is cleaned against the current directory first
 * (path.c), so the kernel and the servers see only absolute, clean paths. Freestanding only.
 */
#include "libc.h"

#if !__STDC_HOSTED__
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd.h"

static char cwd[LIBC_PATH_MAX] = "/";

const char *libc_cwd(void)
{
	return cwd;
}

int libc_set_cwd(const char *abs)
{
	char clean[LIBC_PATH_MAX];
	int e = libc_path_clean("/", abs, clean, sizeof clean);
	if (e)
		return libc_fail(e, NULL);
	strlcpy(cwd, clean, sizeof cwd);
	return 0;
}

int libc_abspath(const char *path, char out[LIBC_PATH_MAX])
{
	int e = libc_path_clean(cwd, path, out, LIBC_PATH_MAX);
	return e ? libc_fail(e, NULL) : 0;
}

static int copy_name(char *dst, size_t size, struct p9_str s)
{
	if (s.len >= size)
		return libc_fail(ENAMETOOLONG, "a name in the file's stat is too long");
	memcpy(dst, s.s, s.len);
	dst[s.len] = '\0';
	return 0;
}

static int fill(struct stat *st, const struct p9_stat *p)
{
	memset(st, 0, sizeof *st);
	st->mode = p->mode;
	st->size = p->length;
	st->mtime = p->mtime;
	st->atime = p->atime;
	st->qid = p->qid.path;
	if (copy_name(st->name, sizeof st->name, p->name) || copy_name(st->uid, sizeof st->uid, p->uid) ||
	    copy_name(st->gid, sizeof st->gid, p->gid))
		return -1;
	return 0;
}

/* A session on path's file (not opened) in c: the fid, or -1 (errno). */
static long walk_to(struct p9c *c, const char *path)
{
	char abs[LIBC_PATH_MAX];
	if (libc_abspath(path, abs) != 0)
		return -1;
	long fid = p9c_nsopen(c, abs, libc_uname());
	if (fid < 0) {
		libc_fail_p9(c);
		p9c_hangup(c);
	}
	return fid;
}

static struct p9c *session(void)
{
	struct p9c *c = malloc(sizeof *c);
	if (!c)
		libc_fail(ENOMEM, NULL);
	return c;
}

int stat(const char *path, struct stat *st)
{
	struct p9c *c = session();
	if (!c)
		return -1;
	long fid = walk_to(c, path);
	int r = -1;
	if (fid >= 0) {
		struct p9_stat p;
		if (p9c_stat(c, (uint32_t)fid, &p) == 0)
			r = fill(st, &p);
		else
			libc_fail_p9(c);
		p9c_hangup(c);
	}
	free(c);
	return r;
}

int fstat(int fd, struct stat *st)
{
	struct file *f = fd_file(fd);
	if (!f)
		return libc_fail(EBADF, NULL);
	if (f->kind != LIBC_FD_9P) {
		memset(st, 0, sizeof *st);
		st->mode = f->kind == LIBC_FD_PIPE ? 0600 : 0200;
		strlcpy(st->name, f->kind == LIBC_FD_PIPE ? "pipe" : "cons", sizeof st->name);
		return 0;
	}
	struct p9_stat p;
	if (p9c_stat(f->c, f->fid, &p) != 0)
		return libc_fail_p9(f->c);
	return fill(st, &p);
}

int chdir(const char *path)
{
	char abs[LIBC_PATH_MAX];
	struct stat st;
	if (libc_abspath(path, abs) != 0 || stat(abs, &st) != 0)
		return -1;
	if (!S_ISDIR(st.mode))
		return libc_fail(ENOTDIR, "not a directory");
	strlcpy(cwd, abs, sizeof cwd);
	return 0;
}

char *getcwd(char *buf, size_t size)
{
	if (strlcpy(buf, cwd, size) >= size) {
		libc_fail(ERANGE, "the buffer is too small for the current directory");
		return NULL;
	}
	return buf;
}

int mkdir(const char *path, unsigned perm)
{
	char abs[LIBC_PATH_MAX];
	if (libc_abspath(path, abs) != 0)
		return -1;
	if (strcmp(abs, "/") == 0)
		return libc_fail(EEXIST, "file already exists");
	struct p9c *c = session();
	if (!c)
		return -1;
	const char *leaf;
	int r = -1;
	long fid = p9c_nscreate(c, abs, libc_uname(), &leaf);
	if (fid >= 0 && p9c_create(c, (uint32_t)fid, leaf, P9_DMDIR | (perm & 0777u), P9_OREAD) == 0)
		r = 0;
	else
		libc_fail_p9(c);
	p9c_hangup(c);
	free(c);
	return r;
}

int remove(const char *path)
{
	struct p9c *c = session();
	if (!c)
		return -1;
	long fid = walk_to(c, path);
	int r = -1;
	if (fid >= 0) {
		if (p9c_remove(c, (uint32_t)fid) == 0)
			r = 0;
		else
			libc_fail_p9(c);
		p9c_hangup(c);
	}
	free(c);
	return r;
}
#endif
