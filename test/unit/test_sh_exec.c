/*
 * The shell's executor (user/sh/exec.c) and line reader (user/sh/input.c), run against a fake
 * system that records every operation as text. Besides the expected traces, the fake checks the
 * fd discipline on every line: a command is only given fds that are open, nothing is closed twice,
 * and once a line has run the shell holds no fd but 0, 1 and 2 (no pipe end leaks, so readers see
 * end of file).
 */
#include "test.h"

#include "../../user/sh/exec.h"
#include "../../user/sh/input.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FAKE_FDS 64

static struct fake {
	char trace[4096];  /* the operations, "; "-separated */
	char out[2048];	   /* what the shell printed, "[fd]text" */
	bool open[FAKE_FDS];
	int next_fd;
	long next_proc;
	const char *why;
	const char *home;
	int pipes_left; /* pipe fails when 0; -1: never */
	bool bad;	/* a discipline rule broke */
	char badwhy[200];
} fk;

static void tr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void tr(const char *fmt, ...)
{
	size_t n = strlen(fk.trace);
	if (n)
		n += (size_t)snprintf(fk.trace + n, sizeof fk.trace - n, "; ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fk.trace + n, sizeof fk.trace - n, fmt, ap);
	va_end(ap);
}

static void broke(const char *what, int fd)
{
	if (!fk.bad)
		snprintf(fk.badwhy, sizeof fk.badwhy, "%s (fd %d)", what, fd);
	fk.bad = true;
}

static int new_fd(void)
{
	int fd = fk.next_fd++;
	if (fd >= FAKE_FDS) {
		broke("out of fake fds", fd);
		return -1;
	}
	fk.open[fd] = true;
	return fd;
}

static int f_open(void *ctx, const char *path, enum sh_open_mode mode)
{
	(void)ctx;
	if (strncmp(path, "/missing", 8) == 0) {
		tr("open %s: no", path);
		fk.why = "file does not exist";
		return -1;
	}
	int fd = new_fd();
	tr("open %s %s =%d", path, mode == SH_OPEN_READ ? "r" : mode == SH_OPEN_WRITE ? "w" : "a",
	   fd);
	return fd;
}

static int f_pipe(void *ctx, int fds[2])
{
	(void)ctx;
	if (fk.pipes_left == 0) {
		tr("pipe: no");
		fk.why = "out of memory";
		return -1;
	}
	if (fk.pipes_left > 0)
		fk.pipes_left--;
	fds[0] = new_fd();
	fds[1] = new_fd();
	tr("pipe =%d,%d", fds[0], fds[1]);
	return 0;
}

static void f_close(void *ctx, int fd)
{
	(void)ctx;
	if (fd < 3 || fd >= FAKE_FDS || !fk.open[fd])
		broke("close of an fd that is not open", fd);
	else
		fk.open[fd] = false;
	tr("close %d", fd);
}

static long f_spawn(void *ctx, char *const argv[], const int fd[3])
{
	(void)ctx;
	char args[256] = "";
	for (int i = 0; argv[i]; i++)
		snprintf(args + strlen(args), sizeof args - strlen(args), "%s%s", i ? " " : "", argv[i]);
	for (int k = 0; k < 3; k++)
		if (fd[k] < 0 || fd[k] >= FAKE_FDS || (fd[k] >= 3 && !fk.open[fd[k]]))
			broke("spawn given an fd that is not open", fd[k]);
	if (strcmp(argv[0], "nosuch") == 0) {
		tr("spawn %s: no", args);
		fk.why = "not found";
		return -1;
	}
	long p = fk.next_proc++;
	tr("spawn %s <%d >%d 2>%d =p%ld", args, fd[0], fd[1], fd[2], p);
	/* The program's name decides how it ends; the fake keeps it by token. */
	return p * 100 + (strcmp(argv[0], "false") == 0	 ? 1
			  : strcmp(argv[0], "exit7") == 0 ? 7
			  : strcmp(argv[0], "victim") == 0 ? 99
							    : 0);
}

static int f_wait(void *ctx, long proc)
{
	(void)ctx;
	int how = (int)(proc % 100);
	tr("wait p%ld", proc / 100);
	if (how == 99) {
		fk.why = "killed";
		return -1;
	}
	return how;
}

static int f_chdir(void *ctx, const char *path)
{
	(void)ctx;
	if (strncmp(path, "/missing", 8) == 0) {
		tr("chdir %s: no", path);
		fk.why = "file does not exist";
		return -1;
	}
	tr("chdir %s", path);
	return 0;
}

static const char *f_why(void *ctx)
{
	(void)ctx;
	return fk.why;
}

static void f_print(void *ctx, int fd, const char *text)
{
	(void)ctx;
	size_t n = strlen(fk.out);
	snprintf(fk.out + n, sizeof fk.out - n, "[%d]%s", fd, text);
}

static const char *f_getenv(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "home") == 0 ? fk.home : NULL;
}

static const struct sh_os fake_os = { NULL, f_open, f_pipe, f_close, f_spawn, f_wait,
				      f_chdir, f_why, f_print, f_getenv };
static struct sh_state st;

static void fresh(void)
{
	memset(&fk, 0, sizeof fk);
	fk.next_fd = 3;
	fk.next_proc = 1;
	fk.pipes_left = -1;
	fk.home = "/usr/glenda";
	sh_init(&st, &fake_os, "/");
}

/* Runs a line and returns its trace; checks that no fd stayed open. */
static const char *run(const char *line)
{
	fk.trace[0] = fk.out[0] = '\0';
	sh_run_line(&st, line, strlen(line));
	for (int fd = 3; fd < FAKE_FDS; fd++)
		if (fk.open[fd])
			broke("the shell kept an fd after the line", fd);
	if (fk.bad)
		return fk.badwhy;
	return fk.trace;
}

TEST(sh_exec_simple_command)
{
	fresh();
	CHECK_STR(run("ls -l /"), "spawn ls -l / <0 >1 2>2 =p1; wait p1");
	CHECK_EQ(st.status, 0);
	CHECK_STR(fk.out, "");
	CHECK_STR(run("false"), "spawn false <0 >1 2>2 =p2; wait p2");
	CHECK_EQ(st.status, 1);
	CHECK_STR(run("exit7"), "spawn exit7 <0 >1 2>2 =p3; wait p3");
	CHECK_EQ(st.status, 7);
	CHECK_STR(run(""), "");
	CHECK_STR(run("  # only a comment"), "");
	CHECK_EQ(st.status, 7); /* an empty line leaves the status alone */
}

TEST(sh_exec_pipes_connect_and_close)
{
	fresh();
	CHECK_STR(run("ls / | cat"),
		  "pipe =3,4; spawn ls / <0 >4 2>2 =p1; close 4; spawn cat <3 >1 2>2 =p2; close 3; "
		  "wait p1; wait p2");
	CHECK_EQ(st.status, 0);
	fresh();
	CHECK_STR(run("a | b | c"),
		  "pipe =3,4; spawn a <0 >4 2>2 =p1; close 4; pipe =5,6; spawn b <3 >6 2>2 =p2; "
		  "close 3; close 6; spawn c <5 >1 2>2 =p3; close 5; wait p1; wait p2; wait p3");
	/* The last command's status is the pipeline's. */
	fresh();
	run("false | true");
	CHECK_EQ(st.status, 0);
	run("true | false");
	CHECK_EQ(st.status, 1);
}

TEST(sh_exec_redirections)
{
	fresh();
	CHECK_STR(run("echo hello > /tmp/f"),
		  "open /tmp/f w =3; spawn echo hello <0 >3 2>2 =p1; close 3; wait p1");
	CHECK_STR(run("echo more >> /tmp/f"),
		  "open /tmp/f a =4; spawn echo more <0 >4 2>2 =p2; close 4; wait p2");
	CHECK_STR(run("cat < /tmp/f > /tmp/g"),
		  "open /tmp/f r =5; open /tmp/g w =6; spawn cat <5 >6 2>2 =p3; close 5; close 6; "
		  "wait p3");
	/* A redirection overrides the pipe end, as in POSIX; the pipe end is still closed. */
	fresh();
	CHECK_STR(run("a > f | b < g"),
		  "pipe =3,4; open f w =5; spawn a <0 >5 2>2 =p1; close 4; close 5; open g r =6; "
		  "spawn b <6 >1 2>2 =p2; close 3; close 6; wait p1; wait p2");
	/* The target expands $status when the command runs. */
	fresh();
	run("false");
	CHECK_STR(run("echo x > /tmp/s$status"),
		  "open /tmp/s1 w =3; spawn echo x <0 >3 2>2 =p2; close 3; wait p2");
}

TEST(sh_exec_failures_are_reported_and_the_line_goes_on)
{
	fresh();
	CHECK_STR(run("nosuch arg; echo after"),
		  "spawn nosuch arg: no; spawn echo after <0 >1 2>2 =p1; wait p1");
	CHECK_STR(fk.out, "[2]nosuch: not found\n");
	CHECK_EQ(st.status, 0);
	CHECK_STR(run("nosuch"), "spawn nosuch: no");
	CHECK_EQ(st.status, 1);
	CHECK_STR(run("cat < /missing/f"), "open /missing/f: no");
	CHECK_STR(fk.out, "[2]/missing/f: file does not exist\n");
	CHECK_EQ(st.status, 1);
	/* In a pipeline the failed command's pipe ends are closed, so its neighbours end. */
	fresh();
	CHECK_STR(run("ls | nosuch | cat"),
		  "pipe =3,4; spawn ls <0 >4 2>2 =p1; close 4; pipe =5,6; spawn nosuch: no; close 3; "
		  "close 6; spawn cat <5 >1 2>2 =p2; close 5; wait p1; wait p2");
	CHECK_EQ(st.status, 0);
	CHECK_STR(run("ls | nosuch"),
		  "pipe =7,8; spawn ls <0 >8 2>2 =p3; close 8; spawn nosuch: no; close 7; wait p3");
	CHECK_EQ(st.status, 1);
	/* A killed command: named, status 1. */
	fresh();
	CHECK_STR(run("victim | cat"),
		  "pipe =3,4; spawn victim <0 >4 2>2 =p1; close 4; spawn cat <3 >1 2>2 =p2; close 3; "
		  "wait p1; wait p2");
	CHECK_STR(fk.out, "[2]victim: killed\n");
	CHECK_EQ(st.status, 0);
	run("victim");
	CHECK_EQ(st.status, 1);
	/* No pipe: nothing from there on starts, what started is waited for. */
	fresh();
	fk.pipes_left = 1;
	CHECK_STR(run("a | b | c"),
		  "pipe =3,4; spawn a <0 >4 2>2 =p1; close 4; pipe: no; close 3; wait p1");
	CHECK_STR(fk.out, "[2]sh: cannot make a pipe: out of memory\n");
	CHECK_EQ(st.status, 1);
}

TEST(sh_exec_syntax_errors)
{
	fresh();
	CHECK_STR(run("echo 'abc"), "");
	CHECK_STR(fk.out, "[2]sh: unterminated ' quote (at column 6)\n");
	CHECK_EQ(st.status, 1);
	CHECK_STR(run("ls |"), "");
	CHECK_STR(fk.out, "[2]sh: missing command after | (at column 4)\n");
}

TEST(sh_exec_links)
{
	fresh();
	CHECK_STR(run("false && a; b || c; false || d && e"),
		  "spawn false <0 >1 2>2 =p1; wait p1; spawn b <0 >1 2>2 =p2; wait p2; "
		  "spawn false <0 >1 2>2 =p3; wait p3; spawn d <0 >1 2>2 =p4; wait p4; "
		  "spawn e <0 >1 2>2 =p5; wait p5");
	fresh();
	CHECK_STR(run("false; echo $status; echo $?"),
		  "spawn false <0 >1 2>2 =p1; wait p1; spawn echo 1 <0 >1 2>2 =p2; wait p2; "
		  "spawn echo 0 <0 >1 2>2 =p3; wait p3");
}

TEST(sh_exec_cd)
{
	fresh();
	CHECK_STR(run("cd /tmp"), "chdir /tmp");
	CHECK_STR(st.cwd, "/tmp");
	CHECK_EQ(st.status, 0);
	CHECK_STR(run("cd a/../b//c/."), "chdir /tmp/b/c");
	CHECK_STR(run("cd .."), "chdir /tmp/b");
	CHECK_STR(run("cd"), "chdir /usr/glenda");
	CHECK_STR(st.cwd, "/usr/glenda");
	CHECK_STR(run("cd /missing/x"), "chdir /missing/x: no");
	CHECK_STR(fk.out, "[2]cd: /missing/x: file does not exist\n");
	CHECK_STR(st.cwd, "/usr/glenda"); /* unchanged */
	CHECK_EQ(st.status, 1);
	CHECK_STR(run("cd a b"), "");
	CHECK_STR(fk.out, "[2]cd: too many arguments\n");
	fk.home = NULL;
	CHECK_STR(run("cd"), "");
	CHECK_STR(fk.out, "[2]cd: no home directory ($home is not set)\n");
	CHECK_EQ(st.status, 1);
	/* Builtins run alone. */
	CHECK_STR(run("cd /tmp | cat"), "");
	CHECK_STR(fk.out, "[2]cd: a builtin cannot be part of a pipeline\n");
	CHECK_STR(run("cd /tmp > f"), "");
	CHECK_STR(fk.out, "[2]cd: a builtin cannot be redirected\n");
	CHECK_STR(st.cwd, "/usr/glenda");
	/* A cwd that is not absolute starts at the root. */
	sh_init(&st, &fake_os, "tmp");
	CHECK_STR(st.cwd, "/");
	sh_init(&st, &fake_os, "/tmp//x/..");
	CHECK_STR(st.cwd, "/tmp");
}

TEST(sh_exec_exit)
{
	fresh();
	run("false; exit; echo never");
	CHECK(st.exited);
	CHECK_EQ(st.exit_code, 1);
	CHECK_STR(fk.trace, "spawn false <0 >1 2>2 =p1; wait p1");
	fresh();
	run("exit 3");
	CHECK(st.exited);
	CHECK_EQ(st.exit_code, 3);
	fresh();
	run("exit x3");
	CHECK(!st.exited);
	CHECK_STR(fk.out, "[2]exit: x3: not a number\n");
	CHECK_EQ(st.status, 1);
	run("exit 1 2");
	CHECK(!st.exited);
	CHECK_STR(fk.out, "[2]exit: too many arguments\n");
	run("exit 99999999999");
	CHECK(!st.exited);
	run("exit ''");
	CHECK(!st.exited);
	run("exit -2");
	CHECK(st.exited);
	CHECK_EQ(st.exit_code, -2);
}

TEST(sh_exec_long_messages_are_not_cut)
{
	fresh();
	char line[600] = "cat < /missing/";
	size_t n = strlen(line);
	memset(line + n, 'x', 400);
	line[n + 400] = '\0';
	run(line);
	/* Written in two parts, all of it there. */
	char want[700];
	snprintf(want, sizeof want, "%s: file does not exist\n", line + 6);
	char got[700] = "";
	for (const char *p = fk.out; (p = strstr(p, "[2]")) != NULL; p += 3) {
		const char *e = strstr(p + 3, "[2]");
		size_t k = e ? (size_t)(e - p - 3) : strlen(p + 3);
		strncat(got, p + 3, k);
	}
	CHECK_STR(got, want);
}

/* ---- the line reader ---- */

static struct {
	const char *chunks[8];
	unsigned next;
	bool fail;
} feed;

static long feed_read(void *ctx, void *buf, size_t n)
{
	(void)ctx;
	if (feed.fail)
		return -1;
	const char *c = feed.chunks[feed.next];
	if (!c)
		return 0;
	size_t len = strlen(c);
	if (len > n) { /* give what fits and keep the rest */
		memcpy(buf, c, n);
		feed.chunks[feed.next] = c + n;
		return (long)n;
	}
	memcpy(buf, c, len);
	feed.next++;
	return (long)len;
}

static struct sh_input input;

static const char *next_line(void)
{
	static char got[SH_LINE_MAX + 32];
	const char *l;
	size_t n;
	int r = sh_input_line(&input, &l, &n);
	if (r == SH_INPUT_EOF)
		return "<eof>";
	if (r == SH_INPUT_TOOLONG)
		return "<too long>";
	if (r == SH_INPUT_ERROR)
		return "<error>";
	snprintf(got, sizeof got, "%.*s", (int)n, l);
	return got;
}

TEST(sh_input_lines_in_pieces)
{
	memset(&feed, 0, sizeof feed);
	feed.chunks[0] = "ls /\necho a";
	feed.chunks[1] = " b\n\ncat";
	sh_input_init(&input, feed_read, NULL);
	CHECK_STR(next_line(), "ls /\n");
	CHECK_STR(next_line(), "echo a b\n");
	CHECK_STR(next_line(), "\n");
	CHECK_STR(next_line(), "cat"); /* the last line without its newline */
	CHECK_STR(next_line(), "<eof>");
	CHECK_STR(next_line(), "<eof>");
	memset(&feed, 0, sizeof feed);
	feed.fail = true;
	sh_input_init(&input, feed_read, NULL);
	CHECK_STR(next_line(), "<error>");
}

TEST(sh_input_long_lines_are_dropped_whole)
{
	static char big[3 * SH_LINE_MAX], exact[SH_LINE_MAX + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memset(exact, 'b', SH_LINE_MAX);
	exact[SH_LINE_MAX] = '\n';
	exact[SH_LINE_MAX + 1] = '\0';
	memset(&feed, 0, sizeof feed);
	feed.chunks[0] = big;
	feed.chunks[1] = "tail of the long line\nnext\n";
	feed.chunks[2] = exact;
	feed.chunks[3] = big; /* too long and at the end of the input */
	sh_input_init(&input, feed_read, NULL);
	CHECK_STR(next_line(), "<too long>");
	CHECK_STR(next_line(), "next\n");
	CHECK_EQ(strlen(next_line()), SH_LINE_MAX + 1); /* exactly the limit is a line */
	CHECK_STR(next_line(), "<too long>");
	CHECK_STR(next_line(), "<eof>");
}
