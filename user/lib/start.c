/*
 * Program start (docs/libc.md "Arguments and environment"): crt0 calls ulib_start, which fetches
 * the argument block the parent gave (proc_args), splits it into argv and the environment, takes
 * over the descriptors and the process-control handle the parent passed (env fd.N and proc.ctl
 * entries naming startup handles), sets the current directory from env cwd, and calls
 * main(argc, argv); its result goes to exit(). Also getenv/setenv/unsetenv. Freestanding only.
 */
#include "libc.h"

#if !__STDC_HOSTED__
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "sys_proc.h"
#include "ulib.h"

/* The block stays here for the program's life: argv and the environment point into it. */
static char block[PROC_ARGS_MAX];
/* Pointers for argv and the environment: PROC_ARGS_MAX bytes hold at most this many strings of
 * two bytes and more; a block of many one-letter arguments beyond it is refused, not cut. */
#define START_VEC 512
static char *vec[START_VEC];
static struct libc_env env;
static handle_t proc_ctl;
static char *noargs[1];

struct libc_env *libc_environ(void)
{
	return &env;
}

handle_t libc_proc_ctl(void)
{
	return proc_ctl;
}

uint32_t proc_ctl_handle(void)
{
	return proc_ctl;
}

const char *libc_uname(void)
{
	const char *u = libc_env_get(&env, "user");
	return u && u[0] ? u : "glenda";
}

char *getenv(const char *name)
{
	return (char *)libc_env_get(&env, name);
}

int setenv(const char *name, const char *value, int overwrite)
{
	if (!libc_env_name_ok(name))
		return libc_fail(EINVAL, "bad environment variable name");
	size_t n = strlen(name), v = strlen(value);
	char *entry = malloc(n + v + 2);
	if (!entry)
		return libc_fail(ENOMEM, NULL);
	memcpy(entry, name, n);
	entry[n] = '=';
	memcpy(entry + n + 1, value, v + 1);
	char *drop;
	int e = libc_env_put(&env, entry, true, overwrite != 0, &drop);
	free(drop);
	if (e) {
		free(entry);
		return libc_fail(e, e == ENOMEM ? "the environment is full" : NULL);
	}
	return 0;
}

int unsetenv(const char *name)
{
	char *drop;
	int e = libc_env_unset(&env, name, &drop);
	free(drop);
	return e ? libc_fail(e, "bad environment variable name") : 0;
}

/* Stops the program before main: what the parent gave cannot be used. */
static _Noreturn void refuse(const char *what, int e)
{
	char line[160];
	int n = snprintf(line, sizeof line, "libc: %s: %s\n", what, libc_strerror(e));
	sys_debug_write(line, n > 0 && (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	sys_exit(1);
}

/* Takes over the descriptors and handles the environment names (docs/libc.md "How descriptors
 * travel"), then drops those entries: they describe this process's start, not its children's. */
static void adopt(void)
{
	handle_t hs[LIBC_STARTUP_MAX];
	long nh = sys_handle_startup(hs, LIBC_STARTUP_MAX);
	if (nh < 0)
		nh = 0;
	/* Copies are made after every other entry, whatever the order the parent wrote them in. */
	unsigned dups[LIBC_FD_MAX][2], ndups = 0;
	for (unsigned i = 0; i < env.n;) {
		const char *entry = env.ent[i];
		char *drop; /* never set: these strings are the block's */
		if (strncmp(entry, "proc.ctl=", 9) == 0) {
			char *end;
			int err = 0;
			unsigned long k = libc_strtoul(entry + 9, &end, 10, &err);
			if (err || *end || end == entry + 9 || k >= (unsigned long)nh)
				refuse("bad proc.ctl entry", EINVAL);
			proc_ctl = hs[k];
		} else if (libc_fdspec_is(entry)) {
			static struct libc_fdspec s;
			if (libc_fdspec_parse(entry, &s) ||
			    ((s.kind == LIBC_FD_PIPE || s.kind == LIBC_FD_9P) && s.handle >= (unsigned long)nh))
				refuse("bad fd entry in the environment", EINVAL);
			if (s.kind == LIBC_FD_DUP) {
				if (ndups == LIBC_FD_MAX)
					refuse("bad fd entry in the environment", EINVAL);
				dups[ndups][0] = s.fd;
				dups[ndups++][1] = s.of;
				goto next;
			}
			struct file *f = s.kind == LIBC_FD_CONS ? fd_console() : fd_new(s.kind, s.flags);
			if (!f)
				refuse("adopting a descriptor", ENOMEM);
			if (s.kind == LIBC_FD_CONS) {
				/* nothing to take over */
			} else if (s.kind == LIBC_FD_PIPE) {
				f->h = hs[s.handle];
			} else {
				f->c = malloc(sizeof *f->c);
				if (!f->c)
					refuse("adopting a descriptor", ENOMEM);
				p9c_adopt(f->c, hs[s.handle], s.msize, s.fid + 1);
				f->fid = s.fid;
				f->offset = s.offset;
				strlcpy(f->path, s.path, sizeof f->path);
			}
			if (fd_install_at(f, (int)s.fd) != 0)
				refuse("a descriptor given twice", EINVAL);
		} else {
			i++;
			continue;
		}
	next:;
		char name[16];
		size_t len = (size_t)(strchr(entry, '=') - entry);
		memcpy(name, entry, len < sizeof name ? len : sizeof name - 1);
		name[len < sizeof name ? len : sizeof name - 1] = '\0';
		libc_env_unset(&env, name, &drop); /* shifts the rest down: i stays */
	}
	for (unsigned i = 0; i < ndups; i++)
		if (fd_file((int)dups[i][0]) || !fd_file((int)dups[i][1]) ||
		    dup2((int)dups[i][1], (int)dups[i][0]) != (int)dups[i][0])
			refuse("a bad fd.N=dup entry", EINVAL);
}

int main(int argc, char **argv);

void ulib_start(void) __attribute__((noreturn));
void ulib_start(void)
{
	long n = sys_proc_args(block, sizeof block);
	struct libc_args a = { 0, noargs, 0, noargs };
	if (n > (long)sizeof block)
		refuse("argument block", E2BIG);
	if (n > 0) {
		int e = libc_args_parse(block, (size_t)n, vec, START_VEC, &a);
		if (e)
			refuse("argument block", e);
	}
	/* n < 0: a kernel without the call; the program starts with no arguments. */
	if (libc_env_init(&env, a.env, a.nenv))
		refuse("environment", E2BIG);
	const char *cwd = libc_env_get(&env, "cwd");
	if (cwd && (cwd[0] != '/' || libc_set_cwd(cwd) != 0))
		refuse("bad cwd in the environment", EINVAL);
	adopt();
	/* No fd 1 or 2 from the parent: the debug console stands in, so that they are taken and
	 * printf keeps going where it went before (docs/libc.md). */
	for (int fd = 1; fd <= 2; fd++) {
		if (!fd_file(fd)) {
			if (fd_install_at(fd_console(), fd) != 0)
				refuse("the console descriptors", ENOMEM);
		}
	}
	/* Returning from main is exit(status): the atexit handlers run (C17 5.1.2.2.3). */
	exit(main(a.argc, a.argv));
}
#endif
