/*
 * libFuzzer target for the shell's executor and line reader (user/sh/exec.c, input.c): what a
 * person types, run against a fake system. Input: byte 0 picks how reads are cut (1..16 bytes per
 * read), byte 1 which operations fail (bit 0 opens, 1 spawns, 2 pipes, 3 chdir, 4 waits as if
 * killed); the rest is the typed text, read line by line and run.
 * Properties, after every line: the shell holds no fd but 0, 1 and 2 (every pipe end and file it
 * opened is closed, so readers see end of file); it never closes an fd it does not hold, never
 * gives a program an fd it does not hold, never starts more processes than a line has commands
 * and waits for each one it started exactly once; the current directory stays absolute and
 * clean; every line the reader returns is at most SH_LINE_MAX bytes plus its newline, and the
 * lines returned, in order, are exactly the input minus the lines reported too long.
 */
#include "../../user/sh/exec.h"
#include "../../user/sh/input.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FDS 256
#define PROCS 64

static struct {
	bool open[FDS];
	int next_fd;
	bool live[PROCS]; /* started and not yet waited for */
	int nproc;
	unsigned fails;
	const uint8_t *data;
	size_t len, at, cut;
} f;

static void require(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_sh_exec: property broken: %s\n", what);
		abort();
	}
}

static int new_fd(void)
{
	for (int fd = 3; fd < FDS; fd++)
		if (!f.open[fd]) {
			f.open[fd] = true;
			return fd;
		}
	return -1;
}

static int o_open(void *c, const char *path, enum sh_open_mode m)
{
	(void)c;
	(void)m;
	require(path != NULL, "open of NULL");
	return (f.fails & 1) ? -1 : new_fd();
}

static int o_pipe(void *c, int fds[2])
{
	(void)c;
	if (f.fails & 4)
		return -1;
	fds[0] = new_fd();
	fds[1] = new_fd();
	require(fds[0] >= 0 && fds[1] >= 0, "the fake ran out of fds: a leak");
	return 0;
}

static void o_close(void *c, int fd)
{
	(void)c;
	require(fd >= 3 && fd < FDS && f.open[fd], "close of an fd the shell does not hold");
	f.open[fd] = false;
}

static long o_spawn(void *c, char *const argv[], const int fd[3])
{
	(void)c;
	require(argv[0] != NULL, "spawn without a program");
	for (int k = 0; k < 3; k++)
		require(fd[k] >= 0 && fd[k] < FDS && (fd[k] < 3 || f.open[fd[k]]),
			"spawn given an fd the shell does not hold");
	if (f.fails & 2)
		return -1;
	require(f.nproc < PROCS, "more processes than commands");
	f.live[f.nproc] = true;
	return f.nproc++;
}

static int o_wait(void *c, long p)
{
	(void)c;
	require(p >= 0 && p < f.nproc && f.live[p], "wait for a process not started or waited");
	f.live[p] = false;
	return (f.fails & 16) ? -1 : (int)(p & 3);
}

static int o_chdir(void *c, const char *path)
{
	(void)c;
	require(path[0] == '/', "chdir to a relative path");
	return (f.fails & 8) ? -1 : 0;
}

static const char *o_why(void *c)
{
	(void)c;
	return "fake failure";
}

static void o_print(void *c, int fd, const char *t)
{
	(void)c;
	require(fd == 2 && t != NULL, "print to an fd other than 2");
}

static const char *o_getenv(void *c, const char *n)
{
	(void)c;
	return strcmp(n, "home") == 0 ? "/usr/glenda" : NULL;
}

static long o_read(void *c, void *buf, size_t n)
{
	(void)c;
	size_t k = f.len - f.at;
	if (k > f.cut)
		k = f.cut;
	if (k > n)
		k = n;
	memcpy(buf, f.data + f.at, k);
	f.at += k;
	return (long)k;
}

static const struct sh_os os = { NULL, o_open, o_pipe, o_close, o_spawn, o_wait,
				 o_chdir, o_why, o_print, o_getenv };
static struct sh_state st;
static struct sh_input in;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	memset(&f, 0, sizeof f);
	f.cut = (size_t)(data[0] % 16) + 1;
	f.fails = data[1];
	f.data = data + 2;
	f.len = size - 2;
	sh_init(&st, &os, "/");
	sh_input_init(&in, o_read, NULL);
	size_t consumed = 0; /* input bytes accounted for by lines returned */
	for (;;) {
		const char *line;
		size_t len;
		int r = sh_input_line(&in, &line, &len);
		if (r == SH_INPUT_EOF)
			break;
		require(r != SH_INPUT_ERROR, "a read error that never happened");
		if (r == SH_INPUT_TOOLONG) {
			/* What was skipped ends at a newline or at the end of the input. */
			const uint8_t *nl = memchr(f.data + consumed, '\n', f.len - consumed);
			size_t skip = nl ? (size_t)(nl - (f.data + consumed)) + 1 : f.len - consumed;
			require(skip > SH_LINE_MAX + 1 || (!nl && skip > SH_LINE_MAX),
				"a line within the limit was reported too long");
			consumed += skip;
			continue;
		}
		require(len <= SH_LINE_MAX + 1, "a line over the limit was returned");
		require(memcmp(line, f.data + consumed, len) == 0, "a line not as typed");
		require(memchr(line, '\n', len) == NULL || line[len - 1] == '\n',
			"a newline inside a line");
		consumed += len;
		int before = f.nproc;
		sh_run_line(&st, line, len);
		require(f.nproc - before <= SH_CMDS_MAX, "more processes than commands");
		for (int p = 0; p < f.nproc; p++)
			require(!f.live[p], "a process started and never waited for");
		for (int fd = 3; fd < FDS; fd++)
			require(!f.open[fd], "an fd kept after the line");
		char clean[LIBC_PATH_MAX];
		require(st.cwd[0] == '/' && !libc_path_clean("/", st.cwd, clean, sizeof clean) &&
				strcmp(clean, st.cwd) == 0,
			"the current directory is not absolute and clean");
		if (st.exited)
			break;
		if (f.nproc > PROCS - SH_CMDS_MAX)
			f.nproc = 0; /* all waited for: start the tokens again */
	}
	require(st.exited || consumed == f.len, "input lost");
	return 0;
}
