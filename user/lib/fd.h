/*
 * fd.h: the library's own interface between its file modules (freestanding builds only; programs
 * use fcntl.h, unistd.h, sys/stat.h, dirent.h, spawn.h). fd.c owns the descriptor table and the
 * two kinds of file (a 9P session with one open fid; a pipe end, a bare channel); file.c the
 * current directory and the path operations; start.c the environment; spawn.c passing fds on.
 */
#ifndef FD_H
#define FD_H

#include "libc_io.h"
#include "p9client.h"

struct file {
	struct libc_file base;
	unsigned kind; /* LIBC_FD_PIPE, LIBC_FD_9P */
	int flags;     /* the O_* it was opened with, less O_CREAT/O_EXCL/O_TRUNC */
	handle_t h;    /* pipe: the channel end */
	struct p9c *c; /* 9P: the session (owns its channel) */
	uint32_t fid;  /* 9P: the open fid */
	uint64_t offset;
	char path[LIBC_PATH_MAX]; /* 9P: the cleaned path it was opened by (to reopen for a child) */
	/* Pipe reading: what is left of a message bigger than the last read asked for. */
	uint8_t *buf;
	uint32_t have, at;
};

/* The file at fd, or NULL. */
struct file *fd_file(int fd);
/* Installs a new file at exactly fd (start.c adopting what the parent passed). 0 or -1. */
int fd_install_at(struct file *f, int fd);
/* A zeroed file with one reference, or NULL (errno ENOMEM). */
struct file *fd_new(unsigned kind, int flags);
/* The console file with one more reference (never freed). */
struct file *fd_console(void);
/* Opens f's file again on a fresh session c (for a child: sessions are never shared between
 * processes), with f's flags; the fid, or -1 (errno, errstr). */
int fd_reopen_session(const struct file *f, struct p9c *c);
/* Frees a file nobody references any more: clunks, hangs up, closes. */
void fd_destroy(struct file *f);

/* Records a failure: errno = e and errstr() = text (NULL: strerror(e)). Returns -1. */
int libc_fail(int e, const char *text);
/* Records a failed p9client call (its c->err and c->kerr). Returns -1. */
int libc_fail_p9(const struct p9c *c);

/* The user name 9P sessions attach as: env `user`, else "glenda" (docs/libc.md). */
const char *libc_uname(void);
/* path made absolute against the current directory and cleaned into out; 0 or -1 (errno). */
int libc_abspath(const char *path, char out[LIBC_PATH_MAX]);
/* The current directory (file.c); set by start.c from env `cwd`. */
const char *libc_cwd(void);
int libc_set_cwd(const char *abs);

/* The environment (start.c). */
struct libc_env *libc_environ(void);
/* The process-control handle adopted from env `proc.ctl`, or 0. */
handle_t libc_proc_ctl(void);

/* Writes to fd, or to the kernel's debug console when fd is 1 or 2 and not open (servers, early
 * init). stdio's route. */
long libc_out(int fd, const void *buf, size_t n);

#endif
