/*
 * File descriptors (docs/libc.md "Files"): the table (fdtab.c's core), open/read/write/close/dup/
 * dup2/pipe and errstr, over two kinds of file. A 9P file is its own session: a channel from
 * sys_ns_open, attached, walked and opened (p9client.c), with the offset kept here. A pipe end is
 * one end of a bare channel: bytes travel in messages, a read takes what one message holds, end
 * of file is the other end being closed. A console file writes to the kernel's debug console: a
 * program given no fd 1 or 2 has one there (start.c), so a pipe it makes later never lands on
 * fd 1 and swallows its printf. Freestanding builds only.
 */
#include "libc.h"

#if !__STDC_HOSTED__
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "ulib.h"

static struct libc_fdtab table;
static char errtext[128];
static int errtext_errno; /* errno when errtext was set: another failure since changes it */

int libc_fail(int e, const char *text)
{
	errno = errtext_errno = e;
	strlcpy(errtext, text ? text : libc_strerror(e), sizeof errtext);
	return -1;
}

int libc_fail_p9(const struct p9c *c)
{
	int e = c->kerr == ERR_PEER_CLOSED ? EIO
		: c->kerr			? libc_errno_kernel(c->kerr)
						: libc_errno_9p(c->err);
	return libc_fail(e, c->err);
}

const char *errstr(void)
{
	/* A failure that set only errno (strtol, malloc) came after the last text: its sentence. */
	if (errtext[0] == '\0' || errno != errtext_errno)
		return libc_strerror(errno);
	return errtext;
}

struct file *fd_file(int fd)
{
	return (struct file *)libc_fd_get(&table, fd);
}

struct file *fd_new(unsigned kind, int flags)
{
	struct file *f = calloc(1, sizeof *f);
	if (!f) {
		libc_fail(ENOMEM, NULL);
		return NULL;
	}
	f->base.refs = 1;
	f->kind = kind;
	f->flags = flags;
	return f;
}

/* One console file for every fd that names it: static, so a program that never opens anything
 * takes nothing from its heap at start (libctest counts its heap). */
static struct file console = { .kind = LIBC_FD_CONS, .flags = O_WRONLY };

struct file *fd_console(void)
{
	console.base.refs++;
	return &console;
}

void fd_destroy(struct file *f)
{
	if (f == &console)
		return;
	if (f->kind == LIBC_FD_9P && f->c) {
		p9c_clunk(f->c, f->fid); /* the hangup drops every fid anyway; this is the polite way */
		p9c_hangup(f->c);
		free(f->c);
	} else if (f->kind == LIBC_FD_PIPE && f->h) {
		sys_handle_close(f->h);
	}
	free(f->buf);
	free(f);
}

int fd_install_at(struct file *f, int fd)
{
	if (libc_fd_get(&table, fd))
		return libc_fail(EBADF, "descriptor in use");
	int r = libc_fd_install(&table, &f->base, fd);
	if (r != fd)
		return libc_fail(r < 0 ? -r : EBADF, NULL);
	return 0;
}

static int install(struct file *f)
{
	int fd = libc_fd_install(&table, &f->base, 0);
	if (fd < 0) {
		fd_destroy(f);
		return libc_fail(-fd, NULL);
	}
	return fd;
}

/* Opens path's file on a new session c (creating it first when asked): its fid, or -1. */
static long open_fid(struct p9c *c, const char *path, int flags, uint8_t mode, unsigned perm)
{
	const char *uname = libc_uname();
	long fid = p9c_nsopen(c, path, uname);
	if (fid >= 0) {
		if ((flags & O_CREAT) && (flags & O_EXCL)) {
			p9c_hangup(c);
			return libc_fail(EEXIST, "file already exists");
		}
		if (p9c_open(c, (uint32_t)fid, mode) == 0)
			return fid;
	} else if ((flags & O_CREAT) && c->kerr == 0 && libc_errno_9p(c->err) == ENOENT) {
		const char *leaf;
		fid = p9c_nscreate(c, path, uname, &leaf);
		if (fid >= 0 && p9c_create(c, (uint32_t)fid, leaf, perm & 0777u,
					   (uint8_t)(mode & ~P9_OTRUNC)) == 0)
			return fid;
	}
	libc_fail_p9(c);
	p9c_hangup(c);
	return -1;
}

/* The session behind a new 9P file for path (cleaned, absolute), opened as flags say. */
static struct file *open_file(const char *abs, int flags, unsigned perm)
{
	uint8_t mode;
	int e = libc_oflags_p9(flags, &mode);
	if (e) {
		libc_fail(e, "bad open flags");
		return NULL;
	}
	struct file *f = fd_new(LIBC_FD_9P, flags & ~(O_CREAT | O_EXCL | O_TRUNC));
	if (!f)
		return NULL;
	f->c = malloc(sizeof *f->c);
	if (!f->c) {
		free(f);
		libc_fail(ENOMEM, NULL);
		return NULL;
	}
	long fid = open_fid(f->c, abs, flags, mode, perm);
	if (fid < 0) {
		free(f->c);
		free(f);
		return NULL;
	}
	f->fid = (uint32_t)fid;
	strlcpy(f->path, abs, sizeof f->path);
	return f;
}

int open(const char *path, int flags, ...)
{
	unsigned perm = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		perm = va_arg(ap, unsigned);
		va_end(ap);
	}
	char abs[LIBC_PATH_MAX];
	if (libc_abspath(path, abs) != 0)
		return -1;
	struct file *f = open_file(abs, flags, perm);
	return f ? install(f) : -1;
}

int fd_reopen_session(const struct file *f, struct p9c *c)
{
	uint8_t mode;
	libc_oflags_p9(f->flags, &mode);
	long fid = open_fid(c, f->path, f->flags, mode, 0);
	return fid < 0 ? -1 : (int)fid;
}

/* ---- reading and writing ---- */

static long read_9p(struct file *f, uint8_t *buf, size_t n)
{
	size_t got = 0;
	uint32_t chunk = f->c->msize - P9_IOHDRSZ;
	while (got < n) {
		uint32_t want = n - got < chunk ? (uint32_t)(n - got) : chunk;
		long r = p9c_read(f->c, f->fid, f->offset, buf + got, want);
		if (r < 0)
			return got ? (long)got : libc_fail_p9(f->c);
		f->offset += (uint64_t)r;
		got += (size_t)r;
		if ((uint32_t)r < want)
			break; /* the end of the file, or a device's short answer (a line) */
	}
	return (long)got;
}

static long write_9p(struct file *f, const uint8_t *buf, size_t n)
{
	if (f->flags & O_APPEND) {
		struct p9_stat st;
		if (p9c_stat(f->c, f->fid, &st) != 0)
			return libc_fail_p9(f->c);
		f->offset = st.length;
	}
	size_t put = 0;
	uint32_t chunk = f->c->msize - P9_IOHDRSZ;
	while (put < n) {
		uint32_t want = n - put < chunk ? (uint32_t)(n - put) : chunk;
		long r = p9c_write(f->c, f->fid, f->offset, buf + put, want);
		if (r < 0)
			return put ? (long)put : libc_fail_p9(f->c);
		if (r == 0 || (uint32_t)r > want)
			return put ? (long)put : libc_fail(EIO, "the file server wrote nothing");
		f->offset += (uint64_t)r;
		put += (size_t)r;
	}
	return (long)put;
}

/* One message's bytes; 0 once the writer has closed and nothing is left. */
static long read_pipe(struct file *f, uint8_t *buf, size_t n)
{
	for (;;) {
		if (f->at < f->have) {
			uint32_t k = f->have - f->at < n ? f->have - f->at : (uint32_t)n;
			memcpy(buf, f->buf + f->at, k);
			f->at += k;
			return k;
		}
		uint32_t cap = n < CHAN_MSG_MAX ? (uint32_t)n : CHAN_MSG_MAX;
		struct chan_io io = { buf, cap, NULL, 0 };
		long r = sys_chan_recv(f->h, &io, CHAN_WAIT_FOREVER);
		if (r == ERR_TOOBIG) {
			/* Bigger than the caller asked for: take it whole, hand it out in parts. */
			if (!f->buf && !(f->buf = malloc(CHAN_MSG_MAX)))
				return libc_fail(ENOMEM, NULL);
			struct chan_io big = { f->buf, CHAN_MSG_MAX, NULL, 0 };
			r = sys_chan_recv(f->h, &big, CHAN_WAIT_FOREVER);
			if (r >= 0) {
				f->have = (uint32_t)r;
				f->at = 0;
				continue;
			}
		}
		if (r == ERR_PEER_CLOSED)
			return 0;
		if (r < 0)
			return libc_fail(libc_errno_kernel((int)r), err_str((int)r));
		if (r > 0)
			return r;
		/* An empty message means nothing: a writer never sends one. */
	}
}

static long write_pipe(struct file *f, const uint8_t *buf, size_t n)
{
	size_t put = 0;
	while (put < n) {
		uint32_t k = n - put < CHAN_MSG_MAX ? (uint32_t)(n - put) : CHAN_MSG_MAX;
		struct chan_io io = { (void *)(buf + put), k, NULL, 0 };
		long r = sys_chan_send(f->h, &io);
		if (r == ERR_FULL) {
			/* The reader is behind: no call waits for room, so give it a millisecond. */
			sys_sleep_until(sys_clock() + 1000000ull);
			continue;
		}
		if (r == ERR_PEER_CLOSED)
			return put ? (long)put : libc_fail(EPIPE, NULL);
		if (r < 0)
			return put ? (long)put : libc_fail(libc_errno_kernel((int)r), err_str((int)r));
		put += k;
	}
	return (long)put;
}

static long write_cons(const uint8_t *buf, size_t n)
{
	size_t put = 0;
	while (put < n) {
		size_t k = n - put < SYS_DEBUG_WRITE_MAX ? n - put : SYS_DEBUG_WRITE_MAX;
		long r = sys_debug_write(buf + put, k);
		if (r < 0)
			return put ? (long)put : libc_fail(EIO, err_str((int)r));
		put += k;
	}
	return (long)put;
}

long read(int fd, void *buf, size_t n)
{
	struct file *f = fd_file(fd);
	if (!f)
		return libc_fail(EBADF, NULL);
	if (!libc_oflags_reads(f->flags))
		return libc_fail(EBADF, "not open for reading");
	if (n == 0)
		return 0;
	return f->kind == LIBC_FD_9P ? read_9p(f, buf, n) : read_pipe(f, buf, n);
}

long write(int fd, const void *buf, size_t n)
{
	struct file *f = fd_file(fd);
	if (!f)
		return libc_fail(EBADF, NULL);
	if (!libc_oflags_writes(f->flags))
		return libc_fail(EBADF, "not open for writing");
	if (n == 0)
		return 0;
	if (f->kind == LIBC_FD_CONS)
		return write_cons(buf, n);
	return f->kind == LIBC_FD_9P ? write_9p(f, buf, n) : write_pipe(f, buf, n);
}

long libc_out(int fd, const void *buf, size_t n)
{
	if ((fd == 1 || fd == 2) && !fd_file(fd))
		return write_cons(buf, n);
	return write(fd, buf, n);
}

/* ---- the table ---- */

int close(int fd)
{
	struct libc_file *drop;
	int r = libc_fd_close(&table, fd, &drop);
	if (r < 0)
		return libc_fail(-r, NULL);
	if (drop)
		fd_destroy((struct file *)drop);
	return 0;
}

int dup(int fd)
{
	int r = libc_fd_dup(&table, fd);
	return r < 0 ? libc_fail(-r, NULL) : r;
}

int dup2(int fd, int newfd)
{
	struct libc_file *drop;
	int r = libc_fd_dup2(&table, fd, newfd, &drop);
	if (r < 0)
		return libc_fail(-r, NULL);
	if (drop)
		fd_destroy((struct file *)drop);
	return r;
}

int pipe(int fds[2])
{
	handle_t h[2];
	long r = sys_chan_create(h);
	if (r < 0)
		return libc_fail(libc_errno_kernel((int)r), err_str((int)r));
	struct file *rd = fd_new(LIBC_FD_PIPE, O_RDONLY), *wr = fd_new(LIBC_FD_PIPE, O_WRONLY);
	if (!rd || !wr) {
		free(rd);
		free(wr);
		sys_handle_close(h[0]);
		sys_handle_close(h[1]);
		return libc_fail(ENOMEM, NULL);
	}
	rd->h = h[0];
	wr->h = h[1];
	fds[0] = install(rd);
	if (fds[0] < 0) {
		fd_destroy(wr);
		return -1;
	}
	fds[1] = install(wr);
	if (fds[1] < 0) {
		close(fds[0]);
		return -1;
	}
	return 0;
}
#endif
