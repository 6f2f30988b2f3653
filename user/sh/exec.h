/*
 * exec: the shell's executor (docs/shell.md), as a library with no system calls. It parses a
 * line (parse.h), decides what to open, which pipes to make, what to start with which fds, what
 * to close and what to wait for, and runs the builtins cd and exit; every effect on the system
 * goes through a table of operations the caller supplies (struct sh_os). sh.c fills the table
 * with the C library's calls; the host tests fill it with a recorder, so the decisions are tested
 * without processes.
 *
 * Policy (what a person sees):
 *  - a command's fds: 0 from the previous command's pipe or the shell's 0, 1 into the next pipe
 *    or the shell's 1, 2 the shell's 2; `<` / `>` / `>>` override the pipe ends (POSIX);
 *  - a failure prints `name: why` on fd 2 (name: the program, `sh` for the shell's own errors,
 *    the builtin, or a redirection's file) and the line goes on by the usual rules;
 *  - the status of a pipeline is its last command's exit status, 1 when that command could not
 *    be started or did not exit (killed, faulted), and 1 after a syntax error;
 *  - cd and exit run in the shell itself and only as a pipeline's only command.
 */
#ifndef SH_EXEC_H
#define SH_EXEC_H

#include "parse.h"
#include "../lib/libc_io.h"

#include <stdbool.h>
#include <stddef.h>

enum sh_open_mode {
	SH_OPEN_READ,	/* < */
	SH_OPEN_WRITE,	/* > : created, or truncated */
	SH_OPEN_APPEND, /* >> : created, or written at its end */
};

/*
 * The system as the executor sees it. Every call that can fail returns -1 and leaves the
 * reason for why(); ctx is passed through untouched.
 */
struct sh_os {
	void *ctx;
	/* An fd for path, or -1. */
	int (*open)(void *ctx, const char *path, enum sh_open_mode mode);
	/* fds[0] reads what fds[1] writes; 0 or -1. */
	int (*pipe)(void *ctx, int fds[2]);
	void (*close)(void *ctx, int fd);
	/* Starts argv[0] (argv NULL-terminated) with fd[0], fd[1], fd[2] as its 0, 1, 2; the
	 * caller keeps its own fds. Returns a process token >= 0 to wait on, or -1. */
	long (*spawn)(void *ctx, char *const argv[], const int fd[3]);
	/* Waits for the process and forgets its token: its exit status, or -1 when it did not exit
	 * (why() then says how it ended). */
	int (*wait)(void *ctx, long proc);
	/* Makes path (absolute, clean) the current directory: 0 or -1. */
	int (*chdir)(void *ctx, const char *path);
	/* The reason for the last failure. */
	const char *(*why)(void *ctx);
	/* Writes text to the shell's fd (2 for errors). */
	void (*print)(void *ctx, int fd, const char *text);
	/* An environment variable, or NULL (for cd without an argument: home). */
	const char *(*getenv)(void *ctx, const char *name);
};

/* The shell between lines. */
struct sh_state {
	const struct sh_os *os;
	int status;		/* the last pipeline's status: $status */
	bool exited;		/* the exit builtin ran: leave with exit_code */
	int exit_code;
	char cwd[LIBC_PATH_MAX];	/* absolute and clean: what cd starts from */
	/* Scratch, kept here so that the shell's stack stays small. */
	struct sh_script script;
	struct sh_argv av;
	struct sh_error err;
};

/* Sets up st with status 0 and the current directory cwd ("/" when cwd is not an absolute path
 * that fits). */
void sh_init(struct sh_state *st, const struct sh_os *os, const char *cwd);

/* Parses and runs one line (len bytes, a final newline allowed), updating st->status, st->cwd,
 * and st->exited. Errors are printed, never returned: the shell always goes on to the next line
 * unless st->exited. */
void sh_run_line(struct sh_state *st, const char *line, size_t len);

#endif
