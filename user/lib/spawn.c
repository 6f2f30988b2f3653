/*
 * spawn and waitproc (docs/libc.md "Processes" and "How descriptors travel") over proc_start and
 * proc_wait. The child's startup handles are, in order: the caller's extra handles, a copy of the
 * process-control handle, then one handle per passed descriptor; environment entries (proc.ctl=K,
 * fd.N=...) tell the child's start.c which is which. Freestanding only.
 */
#include "libc.h"

#if !__STDC_HOSTED__
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fd.h"
#include "sys_proc.h"
#include "ulib.h"

#define PIPE_RIGHTS (RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT | RIGHT_DUPLICATE | RIGHT_WAIT)
#define PROC_CTL_RIGHTS (RIGHT_READ | RIGHT_MANAGE | RIGHT_GRANT | RIGHT_DUPLICATE)

/* What one spawn builds; static because it is large and spawn does not nest. */
static struct {
	handle_t hs[LIBC_STARTUP_MAX];
	unsigned n, first_own; /* hs[first_own..n) were made here: closed if the start fails */
	char *env[LIBC_ENV_MAX + 5];
	size_t nenv;
	char own[5][LIBC_PATH_MAX + 64]; /* cwd=, proc.ctl=, fd.0..2 */
	unsigned nown;
	char block[PROC_ARGS_MAX];
	struct libc_fdspec spec;
} sp;

static int add_handle(handle_t h)
{
	if (sp.n == LIBC_STARTUP_MAX) {
		sys_handle_close(h);
		return libc_fail(E2BIG, "too many handles for the child");
	}
	sp.hs[sp.n++] = h;
	return (int)sp.n - 1;
}

static char *own_entry(void)
{
	return sp.own[sp.nown++];
}

/* Makes the handle and the fd entry that give the child fd n = this process's fd. A file already
 * given as an earlier fd m goes as a copy of it (fd.n=dup,m): one session, not two. */
static int pass_fd(const struct spawn_attr *a, unsigned n)
{
	struct file *f = fd_file(a->fd[n]);
	if (!f)
		return libc_fail(EBADF, "a descriptor for the child is not open");
	memset(&sp.spec, 0, sizeof sp.spec);
	sp.spec.fd = n;
	sp.spec.kind = f->kind;
	sp.spec.flags = f->flags;
	for (unsigned m = 0; m < n; m++) {
		if (a->fd[m] >= 0 && fd_file(a->fd[m]) == f) {
			sp.spec.kind = LIBC_FD_DUP;
			sp.spec.of = m;
			break;
		}
	}
	long h;
	if (sp.spec.kind == LIBC_FD_DUP || f->kind == LIBC_FD_CONS) {
		char *e = own_entry();
		if (libc_fdspec_format(&sp.spec, e, sizeof sp.own[0]) < 0)
			return libc_fail(EINVAL, "cannot describe a descriptor for the child");
		sp.env[sp.nenv++] = e;
		return 0;
	} else if (f->kind == LIBC_FD_PIPE) {
		h = sys_handle_dup(f->h, PIPE_RIGHTS);
		if (h < 0)
			return libc_fail(libc_errno_kernel((int)h), err_str((int)h));
	} else {
		/* Its own session on the same file: two processes never share one channel, whose
		 * replies could otherwise reach the wrong caller. */
		struct p9c *c = malloc(sizeof *c);
		if (!c)
			return libc_fail(ENOMEM, NULL);
		int fid = fd_reopen_session(f, c);
		h = c->ch;
		sp.spec.fid = (uint32_t)fid;
		sp.spec.msize = c->msize;
		free(c); /* the channel leaves with the child; the struct is not needed */
		if (fid < 0)
			return -1;
		sp.spec.offset = f->offset;
		strlcpy(sp.spec.path, f->path, sizeof sp.spec.path);
	}
	int k = add_handle((handle_t)h);
	if (k < 0)
		return -1;
	sp.spec.handle = (unsigned)k;
	char *e = own_entry();
	if (libc_fdspec_format(&sp.spec, e, sizeof sp.own[0]) < 0)
		return libc_fail(EINVAL, "cannot describe a descriptor for the child");
	sp.env[sp.nenv++] = e;
	return 0;
}

/* The child's environment: ours without what described our own start, then its own entries. */
static int build_env(const struct spawn_attr *a)
{
	const struct libc_env *env = libc_environ();
	for (unsigned i = 0; i < env->n; i++) {
		const char *s = env->ent[i];
		if (!libc_fdspec_is(s) && strncmp(s, "proc.ctl=", 9) != 0 && strncmp(s, "cwd=", 4) != 0)
			sp.env[sp.nenv++] = env->ent[i];
	}
	char *e = own_entry();
	snprintf(e, sizeof sp.own[0], "cwd=%s", libc_cwd());
	sp.env[sp.nenv++] = e;
	if (a && a->proc_ctl) {
		long h = sys_handle_dup(a->proc_ctl, PROC_CTL_RIGHTS);
		if (h < 0)
			return libc_fail(libc_errno_kernel((int)h), err_str((int)h));
		int k = add_handle((handle_t)h);
		if (k < 0)
			return -1;
		e = own_entry();
		snprintf(e, sizeof sp.own[0], "proc.ctl=%d", k);
		sp.env[sp.nenv++] = e;
	}
	for (unsigned i = 0; a && i < 3; i++)
		if (a->fd[i] >= 0 && pass_fd(a, i) != 0)
			return -1;
	return 0;
}

long spawn(const char *prog, char *const argv[], const struct spawn_attr *a, uint32_t *proc_out)
{
	memset(&sp.hs, 0, sizeof sp.hs);
	sp.n = sp.nenv = sp.nown = 0;
	if (prog[0] == '/')
		prog++;
	size_t plen = strlen(prog);
	if (plen == 0 || plen > PROC_PATH_MAX)
		return libc_fail(ENAMETOOLONG, "bad program name");
	if (a && a->nhandles > LIBC_STARTUP_MAX)
		return libc_fail(E2BIG, "too many handles for the child");
	for (unsigned i = 0; a && i < a->nhandles; i++)
		sp.hs[sp.n++] = a->handles[i];
	sp.first_own = sp.n;
	long r = build_env(a);
	long len = 0;
	if (r == 0) {
		len = libc_args_build(sp.block, sizeof sp.block, argv, sp.env, sp.nenv);
		if (len < 0)
			r = libc_fail((int)-len, -len == E2BIG ? "arguments and environment too long"
							       : "an empty argument");
	}
	if (r == 0) {
		struct proc_start ps = {
			.path = prog, .path_len = (uint32_t)plen,
			.args = sp.block, .args_len = (uint32_t)len,
			.handles = sp.hs, .nhandles = sp.n,
			.prio = 0, .flags = a ? a->flags : 0,
		};
		r = sys_proc_start(&ps);
		if (r >= 0) {
			*proc_out = ps.proc_out;
			return r;
		}
		r = libc_fail(libc_errno_kernel((int)r), err_str((int)r));
	}
	for (unsigned i = sp.first_own; i < sp.n; i++)
		sys_handle_close(sp.hs[i]);
	return r;
}

int waitproc(uint32_t proc, int *code)
{
	struct proc_status st;
	long r;
	do
		r = sys_proc_wait(proc, &st, CHAN_WAIT_FOREVER);
	while (r == ERR_TIMEOUT);
	if (r < 0)
		return libc_fail(libc_errno_kernel((int)r), err_str((int)r));
	if (st.how == PROC_EXITED) {
		*code = st.code;
		return 0;
	}
	*code = -1;
	libc_fail(0, st.how == PROC_KILLED ? "killed" : "faulted");
	return 0;
}
#endif
