/*
 * sh: Ferrite's shell (docs/shell.md). The language is parse.c's, the decisions exec.c's, the
 * line reading input.c's; this file is the program: it gives the executor the C library's calls,
 * prompts with `% ` on fd 1, reads lines from fd 0 until end of file or `exit`, and exits with the
 * last status.
 *
 *   sh            read commands from fd 0
 *   sh -c LINE    run LINE and exit with its status
 *
 * The process-control handle (docs/libc.md), when sh was given one, is lent to every program it
 * starts (spawn gives each a copy), so that ps, kill and a nested sh under unshare can use it.
 */
#include "exec.h"
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "sys_ipc.h"

static uint32_t proc_ctl; /* 0: none */

static int os_open(void *ctx, const char *path, enum sh_open_mode mode)
{
	(void)ctx;
	if (mode == SH_OPEN_READ)
		return open(path, O_RDONLY);
	return open(path, O_WRONLY | O_CREAT | (mode == SH_OPEN_APPEND ? O_APPEND : O_TRUNC), 0664);
}

static int os_pipe(void *ctx, int fds[2])
{
	(void)ctx;
	return pipe(fds);
}

static void os_close(void *ctx, int fd)
{
	(void)ctx;
	close(fd);
}

static long os_spawn(void *ctx, char *const argv[], const int fd[3])
{
	(void)ctx;
	struct spawn_attr a = { .fd = { fd[0], fd[1], fd[2] }, .proc_ctl = proc_ctl };
	uint32_t proc;
	if (spawn(argv[0], argv, &a, &proc) < 0)
		return -1;
	return (long)proc;
}

static int os_wait(void *ctx, long proc)
{
	(void)ctx;
	int code;
	int r = waitproc((uint32_t)proc, &code);
	sys_handle_close((uint32_t)proc);
	if (r < 0 || code == -1)
		return -1;
	return code;
}

static int os_chdir(void *ctx, const char *path)
{
	(void)ctx;
	return chdir(path);
}

static const char *os_why(void *ctx)
{
	(void)ctx;
	return errstr();
}

static void os_print(void *ctx, int fd, const char *text)
{
	(void)ctx;
	write(fd, text, strlen(text));
}

static const char *os_getenv(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

static long os_read(void *ctx, void *buf, size_t n)
{
	(void)ctx;
	return read(0, buf, n);
}

static const struct sh_os os = { NULL, os_open, os_pipe, os_close, os_spawn, os_wait,
				 os_chdir, os_why, os_print, os_getenv };

/* Large: kept out of the stack. */
static struct sh_state st;
static struct sh_input in;

int main(int argc, char **argv)
{
	proc_ctl = proc_ctl_handle();
	/* The executor hands the shell's 0, 1 and 2 to commands; without them a pipe or file could
	 * land on one of those numbers and be wired where the shell's own was meant. */
	for (int k = 0; k < 3; k++) {
		if (!fd_file(k)) {
			dprintf(2, "sh: fd %d is not open (sh needs 0, 1 and 2)\n", k);
			return 1;
		}
	}
	char cwd[LIBC_PATH_MAX];
	sh_init(&st, &os, getcwd(cwd, sizeof cwd));

	if (argc == 3 && strcmp(argv[1], "-c") == 0) {
		sh_run_line(&st, argv[2], strlen(argv[2]));
		return st.exited ? st.exit_code : st.status;
	}
	if (argc != 1) {
		dprintf(2, "usage: sh [-c command]\n");
		return 1;
	}

	sh_input_init(&in, os_read, NULL);
	while (!st.exited) {
		write(1, "% ", 2);
		const char *line;
		size_t len;
		int r = sh_input_line(&in, &line, &len);
		if (r == SH_INPUT_EOF) {
			write(1, "\n", 1);
			break;
		}
		if (r == SH_INPUT_ERROR) {
			dprintf(2, "sh: reading commands: %s\n", errstr());
			return 1;
		}
		if (r == SH_INPUT_TOOLONG) {
			dprintf(2, "sh: the line is too long (limit %d bytes)\n", SH_LINE_MAX);
			st.status = 1;
			continue;
		}
		sh_run_line(&st, line, len);
	}
	return st.exited ? st.exit_code : st.status;
}
