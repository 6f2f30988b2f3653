/*
 * fdtest: the system test of the C library's files, pipes, spawn and the commands (test `fd`).
 * It runs as init (init=fdtest) so that it holds the root resource: it starts bootfs and ramfs
 * itself with srv_mount, slices the process-control resource, then checks the library's calls
 * directly and runs the commands with their output in a pipe. One line per claim, "... ok" or
 * "... FAILED". `fdtest spin` is the child the kill check ends.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "srv.h"
#include "sys_dev.h"
#include "sys_ns.h"
#include "sys_proc.h"

static unsigned failures;
static handle_t ctl;
static char out[16384];

static void check(int ok, const char *what)
{
	printf("fdtest: %s ... %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

/* Runs argv[0] with fd 1 (and fd 2 when err is set) into a pipe, fd 0 = in (or none); the output
 * lands in out (NUL-terminated). Returns the exit status, -1 when killed, -2 when it did not
 * start. */
static int run_in(int in, int err, char *const argv[])
{
	int p[2];
	out[0] = '\0';
	if (pipe(p) != 0) {
		printf("fdtest: pipe: %s\n", errstr());
		return -2;
	}
	struct spawn_attr a = { .fd = { in, p[1], err ? p[1] : -1 }, .proc_ctl = ctl };
	uint32_t proc;
	long pid = spawn(argv[0], argv, &a, &proc);
	close(p[1]); /* the child's copy is the only writer now: its exit is our end of file */
	if (pid < 0) {
		printf("fdtest: spawn %s: %s\n", argv[0], errstr());
		close(p[0]);
		return -2;
	}
	size_t n = 0;
	long r;
	while (n < sizeof out - 1 && (r = read(p[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(p[0]);
	int code;
	if (waitproc(proc, &code) != 0)
		code = -2;
	sys_handle_close(proc);
	return code;
}

static int run(char *const argv[])
{
	return run_in(-1, 0, argv);
}

/* Whether out holds line as a whole line. */
static int has_line(const char *line)
{
	size_t n = strlen(line);
	for (const char *p = out; (p = strstr(p, line)) != NULL; p++)
		if ((p == out || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

static void show_output(const char *who)
{
	for (char *line = out; *line;) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		printf("fdtest: %s: %.*s\n", who, (int)len, line);
		line += len + (end ? 1 : 0);
	}
}

static long slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long n = read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return n;
}

static void files(void)
{
	/* A write larger than one 9P message, read back whole in one call. */
	static char big[20000], back[20001];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 23);
	int fd = open("/tmp/big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long w = fd >= 0 ? write(fd, big, sizeof big) : -1;
	close(fd);
	check(w == (long)sizeof big, "write 20000 bytes to /tmp/big in one call (3 messages)");
	fd = open("/tmp/big", O_RDONLY);
	long r = fd >= 0 ? read(fd, back, sizeof back) : -1;
	check(r == (long)sizeof big && memcmp(big, back, sizeof big) == 0,
	      "read /tmp/big back in one call: 20000 bytes, the same");
	r = fd >= 0 ? read(fd, back, sizeof back) : -1;
	check(r == 0, "then read gives 0 at the end of the file");
	struct stat st;
	check(fstat(fd, &st) == 0 && st.size == sizeof big && strcmp(st.name, "big") == 0,
	      "fstat: size 20000, name big");
	close(fd);

	fd = open("/tmp/big", O_WRONLY | O_CREAT | O_EXCL, 0644);
	printf("fdtest: O_EXCL on an existing file: %s\n", fd < 0 ? errstr() : "opened?!");
	check(fd < 0 && errno == EEXIST, "O_CREAT|O_EXCL on an existing file fails with EEXIST");
	fd = open("/tmp/nothere", O_RDONLY);
	printf("fdtest: open a missing file: %s\n", fd < 0 ? errstr() : "opened?!");
	check(fd < 0 && errno == ENOENT, "open of a missing file fails with ENOENT");

	fd = open("/tmp/log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "one\n", 4);
	close(fd);
	fd = open("/tmp/log", O_WRONLY | O_APPEND);
	write(fd, "two\n", 4);
	int fd2 = dup(fd);
	write(fd2, "three\n", 6);
	close(fd);
	close(fd2);
	char buf[64];
	slurp("/tmp/log", buf, sizeof buf);
	check(strcmp(buf, "one\ntwo\nthree\n") == 0, "O_APPEND and dup append after the end");
	fd = open("/tmp/log", O_WRONLY | O_TRUNC);
	close(fd);
	check(stat("/tmp/log", &st) == 0 && st.size == 0, "O_TRUNC empties the file");
	check(open("/tmp/log", O_RDONLY | O_TRUNC) < 0 && errno == EINVAL, "O_RDONLY|O_TRUNC is EINVAL");
	check(read(17, buf, 1) < 0 && errno == EBADF, "read of a closed fd is EBADF");

	check(mkdir("/tmp/d", 0755) == 0 && stat("/tmp/d", &st) == 0 && S_ISDIR(st.mode), "mkdir /tmp/d");
	check(chdir("/tmp/d") == 0, "chdir /tmp/d");
	fd = open("rel", O_WRONLY | O_CREAT, 0600);
	close(fd);
	check(stat("/tmp/d/rel", &st) == 0, "a relative open lands in the current directory");
	check(chdir("../d/./..//d/..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/tmp") == 0,
	      "chdir ../d/./..//d/.. from /tmp/d gives /tmp");
	check(chdir("/../..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0, "chdir /../.. stays at /");
	check(chdir("/tmp/big") < 0 && errno == ENOTDIR, "chdir to a file is ENOTDIR");
	check(remove("/tmp/d") < 0 && errno == ENOTEMPTY, "remove of a non-empty directory fails");
	check(remove("/tmp/d/rel") == 0 && remove("/tmp/d") == 0 && stat("/tmp/d", &st) < 0,
	      "remove a file and then its directory");
}

static void pipes(void)
{
	int p[2];
	check(pipe(p) == 0 && p[0] == 0 && p[1] == 3, "pipe gives fds 0 and 3: 1 and 2 are the console");
	static char big[20000], back[20000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)i;
	check(write(p[1], big, sizeof big) == (long)sizeof big, "write 20000 bytes into a pipe");
	size_t n = 0;
	long r = 0;
	char small[100];
	r = read(p[0], small, sizeof small);
	check(r == 100 && memcmp(small, big, 100) == 0, "a short read takes part of a message");
	memcpy(back, small, 100);
	n = 100;
	close(p[1]);
	while ((r = read(p[0], back + n, sizeof back - n)) > 0)
		n += (size_t)r;
	if (r == 0 && n == sizeof back)
		r = read(p[0], small, sizeof small); /* the loop stopped on a full buffer: look again */
	check(n == sizeof big && memcmp(big, back, sizeof big) == 0 && r == 0,
	      "the rest arrives in order, then end of file once the writer closed");
	close(p[0]);
	check(pipe(p) == 0, "another pipe");
	close(p[0]);
	r = write(p[1], "x", 1);
	printf("fdtest: write to a pipe without reader: %s\n", r < 0 ? errstr() : "accepted?!");
	check(r < 0 && errno == EPIPE, "a write to a pipe whose reader closed fails with EPIPE");
	close(p[1]);
}

static void unions(void)
{
	struct stat st;
	mkdir("/tmp/a", 0755);
	mkdir("/tmp/b", 0755);
	int fd = open("/tmp/a/one", O_WRONLY | O_CREAT, 0644);
	write(fd, "from a\n", 7);
	close(fd);
	fd = open("/tmp/b/two", O_WRONLY | O_CREAT, 0644);
	close(fd);
	fd = open("/tmp/b/one", O_WRONLY | O_CREAT, 0644);
	write(fd, "from b\n", 7);
	close(fd);
	char *bind[] = { "bind", "-b", "/tmp/a", "/tmp/b", NULL };
	check(run(bind) == 0, "bind -b /tmp/a /tmp/b exits 0");
	char *ls[] = { "ls", "/tmp/b", NULL };
	int code = run(ls);
	show_output("ls /tmp/b");
	check(code == 0 && strcmp(out, "one\ntwo\n") == 0,
	      "ls of the union lists both members' entries, a name both have once");
	char *cat[] = { "cat", "/tmp/b/one", NULL };
	run(cat);
	check(strcmp(out, "from a\n") == 0, "the first member wins for a name both have");
	/* /tmp/a was bound without -c; the union's other member is /tmp/b as /tmp's mount (-c). */
	fd = open("/tmp/b/new", O_WRONLY | O_CREAT, 0644);
	close(fd);
	char *un[] = { "unmount", "/tmp/b", NULL };
	check(run(un) == 0, "unmount /tmp/b exits 0");
	check(fd >= 0 && stat("/tmp/b/new", &st) == 0 && stat("/tmp/a/new", &st) != 0,
	      "a create in the union went to the member mounted with create (/tmp/b, not /tmp/a)");
}

static void commands(void)
{
	char *ls[] = { "ls", "/", NULL };
	int code = run(ls);
	check(code == 0 && has_line("init") && has_line("ls") && has_line("fdtest") && has_line("passwd"),
	      "ls / lists the boot archive (init, ls, fdtest, passwd)");
	char *lsl[] = { "ls", "-l", "/passwd", NULL };
	code = run(lsl);
	show_output("ls -l /passwd");
	check(code == 0 && strncmp(out, "-r--r--r-- ", 11) == 0 && strstr(out, " /passwd\n"),
	      "ls -l shows mode, size and name");

	/* echo hi > /tmp/f: the child's fd 1 is an open file of ours. */
	int fd = open("/tmp/f", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct spawn_attr a = { .fd = { -1, fd, -1 } };
	char *echo[] = { "echo", "hi", "there", NULL };
	uint32_t proc;
	int st = -2;
	if (spawn("echo", echo, &a, &proc) >= 0) {
		waitproc(proc, &st);
		sys_handle_close(proc);
	}
	close(fd);
	check(st == 0, "echo hi there > /tmp/f exits 0");
	char *cat[] = { "cat", "/tmp/f", NULL };
	code = run(cat);
	check(code == 0 && strcmp(out, "hi there\n") == 0, "cat /tmp/f reads back \"hi there\"");
	/* cat with no arguments copies its fd 0. */
	fd = open("/tmp/f", O_RDONLY);
	char *cat0[] = { "cat", NULL };
	code = run_in(fd, 0, cat0);
	close(fd);
	check(code == 0 && strcmp(out, "hi there\n") == 0, "cat < /tmp/f copies fd 0");
	/* Our fds 1 and 2 are the console: the child gets fd.1=cons, fd.2=dup,1 and no handle. */
	struct spawn_attr con = { .fd = { -1, 1, 2 } };
	char *echoc[] = { "echo", "fdtest: echo wrote this through the console", NULL };
	st = -2;
	if (spawn("echo", echoc, &con, &proc) >= 0) {
		waitproc(proc, &st);
		sys_handle_close(proc);
	}
	check(st == 0, "echo with the console as fds 1 and 2 exits 0");
	char *echon[] = { "echo", "-n", "x", NULL };
	run(echon);
	check(strcmp(out, "x") == 0, "echo -n leaves out the newline");

	char *mk[] = { "mkdir", "/tmp/m1", "/tmp/m2", NULL };
	check(run(mk) == 0, "mkdir /tmp/m1 /tmp/m2 exits 0");
	char *lst[] = { "ls", "/tmp", NULL };
	run(lst);
	check(has_line("m1") && has_line("m2") && has_line("f"), "ls /tmp shows m1, m2 and f");
	char *rm[] = { "rm", "/tmp/m1", "/tmp/m2", NULL };
	check(run(rm) == 0, "rm /tmp/m1 /tmp/m2 exits 0");
	run(lst);
	check(!has_line("m1") && !has_line("m2"), "ls /tmp no longer shows them");
	char *rmx[] = { "rm", "/tmp/nothere", NULL };
	code = run_in(-1, 1, rmx);
	show_output("rm /tmp/nothere");
	check(code == 1 && strcmp(out, "rm: /tmp/nothere: file does not exist\n") == 0,
	      "rm of a missing file: name: what: why on fd 2, exit 1");

	char *bad[] = { "ls", "-z", NULL };
	code = run_in(-1, 1, bad);
	show_output("ls -z");
	check(code == 1 && strcmp(out, "usage: ls [-l] [path...]\n") == 0, "ls -z prints its usage and exits 1");
	char *badm[] = { "mount", "ramfs", NULL };
	code = run_in(-1, 1, badm);
	check(code == 1 && strncmp(out, "usage: mount", 12) == 0, "mount with one argument prints its usage");

	char *ns[] = { "ns", NULL };
	code = run(ns);
	show_output("ns");
	check(code == 0 && strstr(out, " /tmp\n") != NULL, "ns lists the /tmp mount");
}

static void processes(void)
{
	char *ps[] = { "ps", NULL };
	int code = run(ps);
	show_output("ps");
	check(code == 0 && strstr(out, "fdtest\n") && strstr(out, " ps\n") && strstr(out, "ramfs\n"),
	      "ps lists fdtest, ps itself and ramfs");
	handle_t saved = ctl;
	ctl = 0;
	code = run_in(-1, 1, ps);
	ctl = saved;
	check(code == 1 && strstr(out, "no process-control handle"), "ps without the handle says so, exits 1");

	char *spin[] = { "fdtest", "spin", NULL };
	struct spawn_attr a = { .fd = { -1, -1, -1 } };
	uint32_t proc;
	long pid = spawn("fdtest", spin, &a, &proc);
	check(pid > 0, "spawn a spinning child");
	char num[16];
	snprintf(num, sizeof num, "%ld", pid);
	char *kill[] = { "kill", num, NULL };
	code = run(kill);
	check(code == 0, "kill PID exits 0");
	int st = 0;
	check(waitproc(proc, &st) == 0 && st == -1 && strcmp(errstr(), "killed") == 0,
	      "the spinning child ended killed (waitproc: -1, errstr killed)");
	sys_handle_close(proc);
	code = run_in(-1, 1, kill);
	check(code == 1 && strstr(out, "no such process"), "kill of a gone pid: no such process, exit 1");

	/* unshare: its bind stays in the copy. A plain bind (shared) is seen by us. */
	struct stat s;
	char *un[] = { "unshare", "bind", "/tmp", "/n/un", NULL };
	code = run(un);
	check(code == 0 && stat("/n/un/f", &s) != 0, "unshare bind /tmp /n/un: the parent does not see it");
	char *sh[] = { "bind", "/tmp", "/n/sh", NULL };
	code = run(sh);
	check(code == 0 && stat("/n/sh/f", &s) == 0, "a bind run without unshare is seen by the parent");
	char *unbad[] = { "unshare", "ls", "-z", NULL };
	code = run_in(-1, 1, unbad);
	check(code == 1, "unshare exits with its program's status (ls -z: 1)");
}

/* A child given a block it cannot use stops before main with status 1 (its line goes to the
 * console), never runs with half an environment. */
static int start_raw(const char *block, size_t len)
{
	struct proc_start ps = { .path = "echo", .path_len = 4, .args = block, .args_len = (uint32_t)len };
	if (sys_proc_start(&ps) < 0)
		return -2;
	int code = -2;
	waitproc(ps.proc_out, &code);
	sys_handle_close(ps.proc_out);
	return code;
}

static void hostile(void)
{
	static const char noeq[] = "echo\0x\0\0noequals";
	check(start_raw(noeq, sizeof noeq) == 1, "an environment string without '=' stops the child: status 1");
	static const char nohandle[] = "echo\0x\0\0fd.1=pipe,5,1";
	check(start_raw(nohandle, sizeof nohandle) == 1, "an fd entry naming a missing handle stops the child: status 1");
	static const char twice[] = "echo\0x\0\0a=1\0a=2";
	check(start_raw(twice, sizeof twice) == 1, "a variable given twice stops the child: status 1");
}

/* A file whose server has gone: the error says so. */
static void gone(void)
{
	long svc = srv_start("ramfs");
	check(svc > 0 && sys_ns_mount("/n/gone", (handle_t)svc, NS_FLAG_REPLACE | NS_FLAG_CREATE) == 0,
	      "a second ramfs on /n/gone");
	sys_handle_close((handle_t)svc);
	int fd = open("/n/gone/x", O_RDWR | O_CREAT, 0644);
	check(fd >= 0 && write(fd, "x", 1) == 1, "write to /n/gone/x");
	/* The newest ramfs is the one we just started: kill it by pid. */
	struct proc_info p[32];
	long n = sys_proc_list(ctl, p, 32);
	unsigned pid = 0;
	for (long i = 0; i < n && i < 32; i++)
		if (strcmp(p[i].name, "ramfs") == 0)
			pid = p[i].pid;
	check(pid && sys_proc_kill_pid(ctl, pid) == 0, "kill that ramfs");
	char c;
	long r = read(fd, &c, 1);
	printf("fdtest: read after its server was killed: %s\n", r < 0 ? errstr() : "answered?!");
	check(r < 0 && strcmp(errstr(), "the file server has gone away") == 0,
	      "a read from a killed server: \"the file server has gone away\"");
	close(fd);
	sys_ns_unmount("/n/gone", 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "spin") == 0)
		for (;;)
			;
	printf("fdtest: argv[0] = %s, argc = %d\n", argc > 0 ? argv[0] : "(none)", argc);
	handle_t root;
	if (sys_handle_startup(&root, 1) != 1) {
		printf("fdtest: no root resource: run as init=fdtest ... FAILED\n");
		return 1;
	}
	long h = sys_resource_slice(root, RES_PROC, 0, 0);
	ctl = h > 0 ? (handle_t)h : 0;
	check(h > 0, "the process-control resource from the root resource");
	long r1 = srv_mount("bootfs", "/", NS_FLAG_REPLACE);
	long r2 = srv_mount("ramfs", "/tmp", NS_FLAG_REPLACE | NS_FLAG_CREATE);
	check(r1 == 0 && r2 == 0, "srv_mount bootfs on / and ramfs on /tmp");
	check(getenv("cwd") == NULL && getcwd((char[8]){ 0 }, 8) != NULL, "init starts in / without a cwd entry");
	check(setenv("greeting", "hello", 1) == 0 && strcmp(getenv("greeting"), "hello") == 0 &&
		      setenv("greeting", "no", 0) == 0 && strcmp(getenv("greeting"), "hello") == 0 &&
		      setenv("bad=name", "x", 1) < 0 && errno == EINVAL,
	      "setenv/getenv, overwrite 0 keeps the value, a name with '=' is EINVAL");
	files();
	pipes();
	commands();
	unions();
	processes();
	hostile();
	gone();
	printf("fdtest: %s\n", failures ? "FAILED" : "done");
	return failures != 0;
}
