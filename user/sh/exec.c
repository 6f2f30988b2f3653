/* The shell's executor; see exec.h for the contract and docs/shell.md for what a user sees. */
#include "exec.h"

#include <stdlib.h>
#include <string.h>

/* An error message assembled from pieces and written in one go (so that two processes writing to
 * the console at once do not interleave within a line); a message longer than the buffer is
 * written in several parts rather than cut. */
struct msg {
	const struct sh_os *os;
	size_t n;
	char buf[240];
};

static void msg_flush(struct msg *m)
{
	if (m->n) {
		m->buf[m->n] = '\0';
		m->os->print(m->os->ctx, 2, m->buf);
		m->n = 0;
	}
}

static void msg_add(struct msg *m, const char *s)
{
	while (*s) {
		if (m->n == sizeof m->buf - 1)
			msg_flush(m);
		m->buf[m->n++] = *s++;
	}
}

/* Prints "a: b\n" or "a: b: c\n" (c may be NULL) on fd 2. */
static void complain(const struct sh_os *os, const char *a, const char *b, const char *c)
{
	struct msg m = { .os = os, .n = 0 };
	msg_add(&m, a);
	msg_add(&m, ": ");
	msg_add(&m, b);
	if (c) {
		msg_add(&m, ": ");
		msg_add(&m, c);
	}
	msg_add(&m, "\n");
	msg_flush(&m);
}

static const char *why(const struct sh_os *os)
{
	const char *w = os->why(os->ctx);
	return w && *w ? w : "unknown error";
}

void sh_init(struct sh_state *st, const struct sh_os *os, const char *cwd)
{
	st->os = os;
	st->status = 0;
	st->exited = false;
	st->exit_code = 0;
	if (!cwd || libc_path_clean("/", cwd, st->cwd, sizeof st->cwd) != 0 || cwd[0] != '/')
		memcpy(st->cwd, "/", 2);
}

/* ---- builtins ---- */

static int builtin_cd(struct sh_state *st, const struct sh_argv *av)
{
	const struct sh_os *os = st->os;
	const char *arg;
	if (av->argc > 2) {
		complain(os, "cd", "too many arguments", NULL);
		return 1;
	}
	if (av->argc == 2) {
		arg = av->argv[1];
	} else {
		arg = os->getenv(os->ctx, "home");
		if (!arg || !*arg) {
			complain(os, "cd", "no home directory ($home is not set)", NULL);
			return 1;
		}
	}
	/* The same joining and cleaning every path gets in the C library (user/lib/path.c). */
	char to[LIBC_PATH_MAX];
	int e = libc_path_clean(st->cwd, arg, to, sizeof to);
	if (e) {
		complain(os, "cd", arg, e == LIBC_ENOENT ? "empty directory name" : libc_strerror(e));
		return 1;
	}
	if (os->chdir(os->ctx, to) < 0) {
		complain(os, "cd", arg, why(os));
		return 1;
	}
	memcpy(st->cwd, to, strlen(to) + 1); /* to fits: both are LIBC_PATH_MAX */
	return 0;
}

/* exit [status]: a status is a decimal number (a sign allowed); anything else is refused and
 * the shell stays. */
static int builtin_exit(struct sh_state *st, const struct sh_argv *av)
{
	const struct sh_os *os = st->os;
	if (av->argc > 2) {
		complain(os, "exit", "too many arguments", NULL);
		return 1;
	}
	int code = st->status;
	if (av->argc == 2) {
		const char *s = av->argv[1];
		char *end;
		long v = strtol(s, &end, 10);
		if (!*s || *end || v < -2147483647L || v > 2147483647L) {
			complain(os, "exit", s, "not a number");
			return 1;
		}
		code = (int)v;
	}
	st->exited = true;
	st->exit_code = code;
	return code;
}

static const struct {
	const char *name;
	int (*run)(struct sh_state *st, const struct sh_argv *av);
} builtins[] = {
	{ "cd", builtin_cd },
	{ "exit", builtin_exit },
};

static int find_builtin(const char *name)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---- pipelines ---- */

/* Expands command c of the script into st->av; prints the error and returns -1 when it does not
 * fit. */
static int expand(struct sh_state *st, unsigned c)
{
	if (sh_expand(&st->script, c, st->status, &st->av, &st->err) < 0) {
		complain(st->os, "sh", st->err.msg, NULL);
		return -1;
	}
	return 0;
}

/* Opens a redirection's file; prints why not and returns -1 on failure. */
static int redirect(struct sh_state *st, const char *path, enum sh_open_mode mode)
{
	int fd = st->os->open(st->os->ctx, path, mode);
	if (fd < 0)
		complain(st->os, path, why(st->os), NULL);
	return fd;
}

/* A builtin standing alone: redirections are refused rather than ignored (nothing a builtin
 * prints goes to fd 1, and a `>` that did not create its file would surprise). */
static int run_builtin(struct sh_state *st, int b)
{
	if (st->av.in || st->av.out) {
		complain(st->os, builtins[b].name, "a builtin cannot be redirected", NULL);
		return 1;
	}
	return builtins[b].run(st, &st->av);
}

/* Runs one pipeline and returns its status. Every command is started before any is waited for,
 * each reading the pipe the one before it writes; the shell closes its copy of every pipe end and
 * redirected file as soon as the command given it has started, so that a reader sees end of file
 * when its writer exits. A command that cannot be started (or whose redirection fails) is
 * reported and skipped; its pipe ends are closed all the same, so its neighbours see end of file
 * too. If a pipe cannot be made, the commands from there on are not started. */
static int run_pipeline(struct sh_state *st, const struct sh_pipeline *pl)
{
	const struct sh_os *os = st->os;

	/* Builtins run alone, in the shell. */
	for (unsigned i = 0; i < pl->ncmds; i++) {
		if (expand(st, pl->first_cmd + i) < 0)
			return 1;
		int b = find_builtin(st->av.argv[0]);
		if (b >= 0 && pl->ncmds == 1)
			return run_builtin(st, b);
		if (b >= 0) {
			complain(os, builtins[b].name, "a builtin cannot be part of a pipeline", NULL);
			return 1;
		}
	}

	long procs[SH_CMDS_MAX];
	unsigned n = 0; /* commands considered; procs[0 .. n) */
	int in = 0;	/* what the next command reads: the shell's 0 or a pipe's read end */
	for (; n < pl->ncmds; n++) {
		int fd[3] = { in, 1, 2 };
		int owned[4], nowned = 0; /* the shell's copies to close once the command started */
		if (n > 0)
			owned[nowned++] = in;
		int next = -1;
		if (n + 1 < pl->ncmds) {
			int p[2];
			if (os->pipe(os->ctx, p) < 0) {
				complain(os, "sh", "cannot make a pipe", why(os));
				for (int k = 0; k < nowned; k++)
					os->close(os->ctx, owned[k]);
				break;
			}
			fd[1] = owned[nowned++] = p[1];
			next = p[0];
		}
		procs[n] = -1;
		bool ok = expand(st, pl->first_cmd + n) == 0;
		if (ok && st->av.in) {
			fd[0] = redirect(st, st->av.in, SH_OPEN_READ);
			ok = fd[0] >= 0;
			if (ok)
				owned[nowned++] = fd[0];
		}
		if (ok && st->av.out) {
			fd[1] = redirect(st, st->av.out, st->av.append ? SH_OPEN_APPEND : SH_OPEN_WRITE);
			ok = fd[1] >= 0;
			if (ok)
				owned[nowned++] = fd[1];
		}
		if (ok) {
			procs[n] = os->spawn(os->ctx, st->av.argv, fd);
			if (procs[n] < 0)
				complain(os, st->av.argv[0], why(os), NULL);
		}
		for (int k = 0; k < nowned; k++)
			os->close(os->ctx, owned[k]);
		in = next;
	}

	/* Wait for every command started, in order; the last one's status is the pipeline's. */
	int status = 1;
	for (unsigned i = 0; i < n; i++) {
		if (procs[i] < 0) {
			status = 1;
			continue;
		}
		status = os->wait(os->ctx, procs[i]);
		if (status < 0) {
			/* Named again from the script: st->av holds the last command now. */
			const char *how = why(os);
			if (sh_expand(&st->script, pl->first_cmd + i, st->status, &st->av, &st->err) == 0)
				complain(os, st->av.argv[0], how, NULL);
			status = 1;
		}
	}
	if (n < pl->ncmds)
		status = 1; /* the last command was never started */
	return status;
}

void sh_run_line(struct sh_state *st, const char *line, size_t len)
{
	if (sh_parse(&st->script, line, len, &st->err) < 0) {
		char where[64];
		struct msg m = { .os = st->os, .n = 0 };
		msg_add(&m, "sh: ");
		msg_add(&m, st->err.msg);
		/* The position as a column a person can count to (1-based). */
		size_t pos = st->err.pos + 1, k = sizeof where - 1;
		where[k] = '\0';
		do
			where[--k] = (char)('0' + pos % 10);
		while ((pos /= 10) && k > 0);
		msg_add(&m, " (at column ");
		msg_add(&m, where + k);
		msg_add(&m, ")\n");
		msg_flush(&m);
		st->status = 1;
		return;
	}
	for (unsigned p = 0; p < st->script.npipes && !st->exited; p++) {
		if (p > 0 && !sh_should_run(st->script.pipes[p - 1].link, st->status))
			continue;
		st->status = run_pipeline(st, &st->script.pipes[p]);
	}
}
