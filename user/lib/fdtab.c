/*
 * The descriptor table (libc_io.h): slots and reference counts only. What a file is, and how it
 * is closed, is fd.c's; this part is host-tested on its own.
 */
#include "libc_io.h"

struct libc_file *libc_fd_get(const struct libc_fdtab *t, int fd)
{
	return fd >= 0 && fd < LIBC_FD_MAX ? t->f[fd] : NULL;
}

int libc_fd_install(struct libc_fdtab *t, struct libc_file *f, int lowest)
{
	if (lowest < 0 || lowest >= LIBC_FD_MAX)
		return -LIBC_EBADF;
	for (int fd = lowest; fd < LIBC_FD_MAX; fd++) {
		if (!t->f[fd]) {
			t->f[fd] = f;
			return fd;
		}
	}
	return -LIBC_EMFILE;
}

/* Drops one reference of f; f itself when it was the last. */
static struct libc_file *unref(struct libc_file *f)
{
	return --f->refs == 0 ? f : NULL;
}

int libc_fd_dup(struct libc_fdtab *t, int fd)
{
	struct libc_file *f = libc_fd_get(t, fd);
	if (!f)
		return -LIBC_EBADF;
	int r = libc_fd_install(t, f, 0);
	if (r >= 0)
		f->refs++;
	return r;
}

int libc_fd_dup2(struct libc_fdtab *t, int fd, int newfd, struct libc_file **drop)
{
	*drop = NULL;
	struct libc_file *f = libc_fd_get(t, fd);
	if (!f || newfd < 0 || newfd >= LIBC_FD_MAX)
		return -LIBC_EBADF;
	if (fd == newfd)
		return newfd;
	if (t->f[newfd])
		*drop = unref(t->f[newfd]);
	t->f[newfd] = f;
	f->refs++;
	return newfd;
}

int libc_fd_close(struct libc_fdtab *t, int fd, struct libc_file **drop)
{
	*drop = NULL;
	struct libc_file *f = libc_fd_get(t, fd);
	if (!f)
		return -LIBC_EBADF;
	t->f[fd] = NULL;
	*drop = unref(f);
	return 0;
}
