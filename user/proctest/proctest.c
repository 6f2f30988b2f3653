/*
 * proctest: processes as objects and waiting, end to end (system test `proc`, run as
 * init=proctest so it holds the root resource). It starts itself in helper modes, named by its
 * first argument, and checks, one printed line per claim: the argument block from the kernel and
 * from a parent arrives intact, exit codes and the way a process ended come back through
 * proc_wait, deadlines expire on a live child, a kill ends a child blocked in chan_recv and one
 * spinning in user mode, proc_list shows the children, obj_wait reports the ready item among
 * several and refuses bad input, and proc_start refuses bad argument blocks.
 *
 * Helper modes (argv[1]): `echo` sends its argument block back on startup handle 0 and exits;
 * `exit N` exits with N; `block` says "ready" on handle 0, then waits forever on a channel nobody
 * writes to; `spin` says "ready", then loops in user mode without a system call; `sleep` and
 * `call` say "ready", then sleep for 1000 s / call on handle 0, which is never answered; `fault`
 * touches address 16; `mem` takes two handles to one Mem from a message on handle 0 (all rights,
 * and read-only), checks what the parent wrote, writes its own answer and reports.
 *
 * Bulk data between processes goes through a Mem mapped by both (check_shared_mem): the pages are
 * the same, so what one writes the other reads without a copy, and a read-only handle cannot be
 * mapped writable.
 */
#include "../lib/sys_dev.h"
#include "../lib/sys_proc.h"
#include "../lib/ulib.h"
#include <ferrite/dev.h>
#include <mem.h>
#include <stdlib.h>

#define MS 1000000ull

static unsigned failures;
static char block[PROC_ARGS_MAX + 16];
static char back[PROC_ARGS_MAX + 16];

static void check(int ok, const char *what)
{
	printf("proctest: %s ... %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static const char *res(long r)
{
	return r < 0 ? err_str((int)r) : "accepted";
}

/* The argv strings of a block of len bytes into argv (at most max); returns argc. The
 * environment starts after the empty string, at *env (len if none). */
static unsigned split(const char *b, size_t len, const char **argv, unsigned max, size_t *env)
{
	unsigned argc = 0;
	size_t at = 0;
	while (at < len && b[at]) {
		if (argc < max)
			argv[argc++] = b + at;
		at += strlen(b + at) + 1;
	}
	*env = at < len ? at + 1 : len;
	return argc;
}

static long send(handle_t ch, const void *data, uint32_t len)
{
	struct chan_io io = { (void *)data, len, NULL, 0 };
	return sys_chan_send(ch, &io);
}

static long recv(handle_t ch, void *buf, uint32_t cap, uint64_t deadline)
{
	struct chan_io io = { buf, cap, NULL, 0 };
	return sys_chan_recv(ch, &io, deadline);
}

/* Starts proctest with the given argument block, moving handle h (0: none) into it; returns the
 * pid and the process handle in *proc. */
static long start(const char *args, size_t len, handle_t h, unsigned prio, handle_t *proc)
{
	struct proc_start ps = { "proctest", 8, args, (uint32_t)len, &h, h ? 1 : 0, prio, 0, 0 };
	long pid = sys_proc_start(&ps);
	*proc = ps.proc_out;
	return pid;
}

/* A helper in mode `mode` (no further arguments) holding one end of a fresh channel; the other
 * end is *ch. */
static long start_mode(const char *mode, unsigned prio, handle_t *ch, handle_t *proc)
{
	char args[32];
	size_t n = mem_strlcpy(args, "proctest", sizeof args) + 1;
	n += mem_strlcpy(args + n, mode, sizeof args - n) + 1;
	args[n++] = '\0';
	handle_t c[2];
	if (sys_chan_create(c) != 0)
		return -1;
	*ch = c[0];
	return start(args, n, c[1], prio, proc);
}

static const char *how_str(uint32_t how)
{
	return how == PROC_EXITED ? "exited" : how == PROC_KILLED ? "killed" :
	       how == PROC_FAULTED ? "faulted" : "?";
}

/* ---- shared memory ----------------------------------------------------------------------- */

#define SHARED_SIZE 8192
static const char from_parent[] = "bulk data from the parent";
static const char from_child[] = "and the child's answer";

/* The child's side: the verdict goes back as text ("ok" or what was wrong). */
static int mem_helper(handle_t ch)
{
	char msg[8];
	handle_t h[2] = { 0, 0 };
	struct chan_io io = { msg, sizeof msg, h, 2 };
	long r = sys_chan_recv(ch, &io, CHAN_WAIT_FOREVER);
	const char *bad = NULL;
	if (r < 0 || io.nhandles != 2)
		bad = "no Mem handles arrived";
	void *va = NULL, *ro = NULL;
	if (!bad && sys_mem_map(h[0], 0, SHARED_SIZE, 0, MEM_MAP_WRITE, &va) != 0)
		bad = "mapping the Mem failed";
	char *p = va;
	if (!bad && memcmp(p, from_parent, sizeof from_parent) != 0)
		bad = "the parent's bytes are not there";
	if (!bad && sys_mem_map(h[1], 0, SHARED_SIZE, 0, MEM_MAP_WRITE, &ro) != ERR_ACCESS)
		bad = "the read-only handle mapped writable";
	if (!bad && (sys_mem_map(h[1], 0, SHARED_SIZE, 0, 0, &ro) != 0 ||
		     memcmp(ro, from_parent, sizeof from_parent)))
		bad = "the read-only mapping does not show the same pages";
	if (!bad)
		memcpy(p + 4096, from_child, sizeof from_child);
	const char *verdict = bad ? bad : "ok";
	return send(ch, verdict, (uint32_t)strlen(verdict)) == 0 && !bad ? 0 : 1;
}

static void check_shared_mem(void)
{
	long mem = sys_mem_create(SHARED_SIZE);
	void *va = NULL;
	long r = mem < 0 ? mem : sys_mem_map((handle_t)mem, 0, SHARED_SIZE, 0, MEM_MAP_WRITE, &va);
	check(r == 0, "a Mem of two pages created and mapped writable");
	if (r != 0)
		return;
	char *p = va;
	memcpy(p, from_parent, sizeof from_parent);
	long ro = sys_handle_dup((handle_t)mem, RIGHT_READ | RIGHT_MAP | RIGHT_GRANT);
	handle_t ch, proc;
	long pid = start_mode("mem", 0, &ch, &proc);
	check(ro > 0 && pid > 0, "a read-only handle made and a child started");
	handle_t moved[2] = { (handle_t)mem, (handle_t)ro };
	struct chan_io io = { "mem", 3, moved, 2 };
	r = sys_chan_send(ch, &io);
	check(r == 0, "both Mem handles moved to the child");
	char verdict[64];
	r = recv(ch, verdict, sizeof verdict - 1, sys_clock() + 2000 * MS);
	verdict[r > 0 ? r : 0] = '\0';
	printf("proctest: the child on the shared Mem: %s\n", r > 0 ? verdict : res(r));
	check(r == 2 && !memcmp(verdict, "ok", 2),
	      "the child read the parent's bytes and could not map the read-only handle writable");
	check(!memcmp(p + 4096, from_child, sizeof from_child),
	      "the parent reads the child's answer in its own mapping (the same pages, no copy)");
	struct proc_status st;
	check(sys_proc_wait(proc, &st, CHAN_WAIT_FOREVER) == 0 && st.how == PROC_EXITED &&
		      st.code == 0,
	      "the child exited cleanly; the Mem outlives its mapping there");
	check(p[0] == from_parent[0], "the parent's mapping still holds after the child has gone");
	sys_mem_unmap((uintptr_t)va, SHARED_SIZE);
	sys_handle_close(ch);
	sys_handle_close(proc);
}

/* ---- helper modes ---------------------------------------------------------------------- */

static handle_t startup_channel(void)
{
	handle_t h = 0;
	sys_handle_startup(&h, 1);
	return h;
}

static int helper(const char *mode, const char **argv, unsigned argc, size_t len)
{
	handle_t ch = startup_channel();
	if (!strcmp(mode, "echo")) {
		for (unsigned i = 0; i < argc; i++)
			printf("proctest echo: argv[%u] = \"%s\"\n", i, argv[i]);
		size_t env;
		split(block, len, argv, 0, &env);
		for (size_t at = env; at < len; at += strlen(block + at) + 1)
			printf("proctest echo: env \"%s\"\n", block + at);
		return send(ch, block, (uint32_t)len) == 0 ? 0 : 1;
	}
	if (!strcmp(mode, "exit") && argc > 2)
		return (int)strtol(argv[2], NULL, 10);
	if (!strcmp(mode, "block") || !strcmp(mode, "spin")) {
		handle_t mine[2];
		sys_chan_create(mine);
		send(ch, "ready", 5);
		if (mode[0] == 's')
			for (volatile unsigned long i = 0;; i++)
				;
		char b[8];
		long r = recv(mine[0], b, sizeof b, CHAN_WAIT_FOREVER);
		printf("proctest block: the wait ended: %s\n", res(r)); /* never, unless killed late */
		return 3;
	}
	if (!strcmp(mode, "sleep")) {
		send(ch, "ready", 5);
		sys_sleep_until(sys_clock() + 1000000 * MS); /* 1000 s: only a kill ends it */
		return 3;
	}
	if (!strcmp(mode, "call")) {
		send(ch, "ready", 5);
		struct chan_io s = { "call", 4, NULL, 0 };
		char b[8];
		struct chan_io r = { b, sizeof b, NULL, 0 };
		sys_chan_call(ch, &s, &r, CHAN_WAIT_FOREVER); /* never answered */
		return 3;
	}
	if (!strcmp(mode, "fault"))
		return *(volatile int *)16;
	if (!strcmp(mode, "mem"))
		return mem_helper(ch);
	printf("proctest: unknown mode %s FAILED\n", mode);
	return 2;
}

/* ---- the checks ------------------------------------------------------------------------ */

static void check_own_args(void)
{
	long len = sys_proc_args(block, 4);
	long full = sys_proc_args(block, sizeof block);
	printf("proctest: proc_args into 4 bytes: %ld, into %u: %ld\n", len,
	       (unsigned)sizeof block, full);
	check(len == full && full > 4, "proc_args with a small buffer returns the whole length");
	const char *argv[16];
	size_t env;
	unsigned argc = split(block, (size_t)full, argv, 16, &env);
	printf("proctest: argv from the kernel:");
	int has_init = 0, has_off = 0;
	for (unsigned i = 0; i < argc; i++) {
		printf(" %s", argv[i]);
		has_init |= !strcmp(argv[i], "init=proctest");
		has_off |= !strcmp(argv[i], "poweroff");
	}
	printf("\n");
	check(argc >= 3 && !strcmp(argv[0], "proctest") && has_init && has_off,
	      "init's argv is its name and the kernel command line");
}

static void check_echo(void)
{
	static const char args[] = "proctest\0echo\0two words\0\0HOME=/tmp\0user=glenda\0";
	handle_t c[2], proc;
	sys_chan_create(c);
	long pid = start(args, sizeof args - 1, c[1], 0, &proc);
	check(pid > 0 && proc != 0, "proc_start returns a pid and a process handle");
	long n = recv(c[0], back, sizeof back, CHAN_WAIT_FOREVER);
	check(n == (long)sizeof args - 1 && !memcmp(back, args, sizeof args - 1),
	      "argv and environment arrive intact in the child");
	struct proc_status st = { 99, 0 };
	long r = sys_proc_wait(proc, &st, CHAN_WAIT_FOREVER);
	printf("proctest: echo child: %s, %s with %d\n", res(r), how_str(st.how), (int)st.code);
	sys_handle_close(proc);
	sys_handle_close(c[0]);
}

static void check_exit_codes(void)
{
	static const char args[] = "proctest\0exit\0" "42\0\0";
	handle_t proc;
	long pid = start(args, sizeof args - 1, 0, 0, &proc);
	struct proc_status st = { 0, 0 };
	long r = sys_proc_wait(proc, &st, CHAN_WAIT_FOREVER);
	printf("proctest: exit 42 child: %s, %s with %d\n", res(r), how_str(st.how), (int)st.code);
	check(pid > 0 && r == 0 && st.how == PROC_EXITED && st.code == 42,
	      "the exit code comes back through proc_wait");
	struct proc_status again = { 0, 0 };
	r = sys_proc_wait(proc, &again, 0);
	check(r == 0 && again.code == 42 && again.how == PROC_EXITED,
	      "proc_wait after the end gives the same answer");
	check(sys_proc_kill(proc) == ERR_STATE, "proc_kill of an ended process is refused");
	sys_handle_close(proc);

	static const char fargs[] = "proctest\0fault\0\0";
	pid = start(fargs, sizeof fargs - 1, 0, 0, &proc);
	r = sys_proc_wait(proc, &st, CHAN_WAIT_FOREVER);
	printf("proctest: fault child: %s, %s with %d\n", res(r), how_str(st.how), (int)st.code);
	check(pid > 0 && r == 0 && st.how == PROC_FAULTED, "a faulting child is PROC_FAULTED");
	sys_handle_close(proc);
}

static void check_bad_starts(void)
{
	handle_t proc;
	long r = start(back, PROC_ARGS_MAX + 1, 0, 0, &proc);
	printf("proctest: proc_start with a %u-byte block: %s\n", PROC_ARGS_MAX + 1, res(r));
	check(r == ERR_INVAL, "an argument block over 4096 bytes is refused");
	r = start("proctest\0exit", 13, 0, 0, &proc);
	printf("proctest: proc_start with a block not ending in NUL: %s\n", res(r));
	check(r == ERR_INVAL, "an argument block not ending in NUL is refused");
	struct proc_start ps = { "nosuch", 6, NULL, 0, NULL, 0, 0, 0, 0 };
	r = sys_proc_start(&ps);
	printf("proctest: proc_start of a missing program: %s\n", res(r));
}

/* The kills, proc_list and proc_kill_pid; ctl is the process-control resource (0: none). */
static void check_kills(handle_t ctl)
{
	handle_t bch, bproc, sch, sproc;
	char b[8];
	long bpid = start_mode("block", 0, &bch, &bproc);
	check(bpid > 0 && recv(bch, b, sizeof b, CHAN_WAIT_FOREVER) == 5, "block child ready");
	struct proc_status st = { 0, 0 };
	uint64_t t0 = sys_clock();
	long r = sys_proc_wait(bproc, &st, t0 + 5 * MS);
	uint64_t waited = sys_clock() - t0;
	printf("proctest: proc_wait with a 5 ms deadline on a live child: %s\n", res(r));
	check(r == ERR_TIMEOUT && waited >= 5 * MS, "a wait with a deadline times out on a live child");
	check(sys_proc_wait(bproc, &st, 0) == ERR_TIMEOUT, "a poll of a live child times out");

	/* Lower priority than ours, so it spins only while we sleep. */
	long spid = start_mode("spin", 10, &sch, &sproc);
	check(spid > 0 && recv(sch, b, sizeof b, CHAN_WAIT_FOREVER) == 5, "spin child ready");
	sys_sleep_until(sys_clock() + 20 * MS); /* it is in its loop now */

	if (ctl) {
		struct proc_info list[16];
		long n = sys_proc_list(ctl, list, 16);
		unsigned self = 0, seen = 0;
		for (long i = 0; i < n && i < 16; i++)
			if (list[i].ppid == 0 && !strcmp(list[i].name, "proctest"))
				self = list[i].pid;
		for (long i = 0; i < n && i < 16; i++) {
			printf("proctest: ps: pid %u ppid %u state %u prio %u mem %lu KiB %s\n",
			       list[i].pid, list[i].ppid, list[i].state, list[i].prio,
			       (unsigned long)(list[i].mem_bytes / 1024), list[i].name);
			if ((list[i].pid == (uint32_t)bpid || list[i].pid == (uint32_t)spid) &&
			    list[i].ppid == self && self && !strcmp(list[i].name, "proctest") &&
			    list[i].mem_bytes > 0)
				seen++;
		}
		check(n == 3 && seen == 2, "proc_list shows both children with our pid as ppid");
		struct proc_info one;
		check(sys_proc_list(ctl, &one, 1) == n && one.pid == self,
		      "proc_list into one record counts them all");
		check(sys_proc_list(ctl, NULL, 0) == n, "proc_list of zero records counts them");
	}

	r = sys_proc_kill(bproc);
	long w = sys_proc_wait(bproc, &st, CHAN_WAIT_FOREVER);
	printf("proctest: kill the blocked child: %s; it %s\n", res(r), how_str(st.how));
	check(r == 0 && w == 0 && st.how == PROC_KILLED, "a child blocked in chan_recv is killed");
	r = recv(bch, b, sizeof b, 0);
	printf("proctest: its channel after the kill: %s\n", res(r));
	check(r == ERR_PEER_CLOSED, "the killer's channel sees peer closed");

	if (ctl) {
		handle_t ro = (handle_t)sys_handle_dup(ctl, RIGHT_READ);
		r = sys_proc_kill_pid(ro, (unsigned)spid);
		printf("proctest: proc_kill_pid with a read-only handle: %s\n", res(r));
		check(r == ERR_ACCESS, "proc_kill_pid needs MANAGE");
		r = sys_proc_kill_pid(ctl, 999);
		printf("proctest: proc_kill_pid 999: %s\n", res(r));
		check(r == ERR_NOENT, "proc_kill_pid of no process");
		r = sys_proc_kill_pid(ctl, (unsigned)spid);
	} else {
		r = sys_proc_kill(sproc);
	}
	long again = sys_proc_kill(sproc);
	w = sys_proc_wait(sproc, &st, CHAN_WAIT_FOREVER);
	printf("proctest: kill the spinning child: %s; again: %s; it %s\n", res(r), res(again),
	       how_str(st.how));
	check(r == 0 && w == 0 && st.how == PROC_KILLED, "a child spinning in user mode is killed");
	check(again == ERR_STATE || again == 0, "a second kill is refused (or found it ended)");
	r = recv(sch, b, sizeof b, 0);
	check(r == ERR_PEER_CLOSED, "the spinner's channel sees peer closed");
	sys_handle_close(bproc);
	sys_handle_close(sproc);
	sys_handle_close(bch);
	sys_handle_close(sch);

	/* Asleep in sleep_until, and blocked in its own chan_call waiting for a reply. */
	static const char *const modes[] = { "sleep", "call" };
	for (unsigned i = 0; i < 2; i++) {
		handle_t ch, proc;
		long pid = start_mode(modes[i], 0, &ch, &proc);
		int ready = pid > 0 && recv(ch, b, sizeof b, CHAN_WAIT_FOREVER) == 5;
		sys_sleep_until(sys_clock() + 2 * MS); /* it is in its wait now */
		r = sys_proc_kill(proc);
		w = sys_proc_wait(proc, &st, CHAN_WAIT_FOREVER);
		printf("proctest: kill the child in %s: %s; it %s\n", modes[i], res(r), how_str(st.how));
		check(ready && r == 0 && w == 0 && st.how == PROC_KILLED,
		      i ? "a child blocked in chan_call is killed" : "a child in sleep_until is killed");
		sys_handle_close(proc);
		sys_handle_close(ch);
	}
}

static void check_obj_wait(void)
{
	handle_t a[2], bch, bproc, eproc;
	char b[8];
	sys_chan_create(a);
	long bpid = start_mode("block", 0, &bch, &bproc);
	check(bpid > 0 && recv(bch, b, sizeof b, CHAN_WAIT_FOREVER) == 5, "block child ready");

	struct wait_item it[3] = { { a[0], WAIT_READABLE | WAIT_PEER_CLOSED, 0 },
				   { bproc, WAIT_EXITED, 0 } };
	uint64_t t0 = sys_clock();
	long r = sys_obj_wait(it, 2, t0 + 5 * MS);
	printf("proctest: obj_wait on an empty channel and a live child, 5 ms: %s\n", res(r));
	check(r == ERR_TIMEOUT && sys_clock() - t0 >= 5 * MS && it[0].got == 0 && it[1].got == 0,
	      "obj_wait times out when nothing is ready");

	static const char args[] = "proctest\0exit\0" "7\0\0";
	start(args, sizeof args - 1, 0, 0, &eproc);
	struct wait_item ex[3] = { { a[0], WAIT_READABLE, 0 }, { bproc, WAIT_EXITED, 0 },
				   { eproc, WAIT_EXITED, 0 } };
	r = sys_obj_wait(ex, 3, CHAN_WAIT_FOREVER);
	printf("proctest: obj_wait for a child to exit: %ld ready, got %u %u %u\n", r, ex[0].got,
	       ex[1].got, ex[2].got);
	check(r == 1 && ex[2].got == WAIT_EXITED && ex[0].got == 0 && ex[1].got == 0,
	      "obj_wait returns the exited process among several");

	send(a[1], "hi", 2);
	struct wait_item rd[2] = { { bproc, WAIT_EXITED, 0 }, { a[0], WAIT_READABLE, 0 } };
	r = sys_obj_wait(rd, 2, CHAN_WAIT_FOREVER);
	check(r == 1 && rd[1].got == WAIT_READABLE && rd[0].got == 0,
	      "obj_wait returns the readable channel among several");
	recv(a[0], b, sizeof b, 0);

	/* A message sent while we wait must wake us: the block child cannot send, so a second
	 * child that exits at once stands in for "a state change during the wait". */
	handle_t e2;
	start(args, sizeof args - 1, 0, 5, &e2);
	struct wait_item late[2] = { { a[0], WAIT_READABLE, 0 }, { e2, WAIT_EXITED, 0 } };
	r = sys_obj_wait(late, 2, sys_clock() + 1000 * MS);
	check(r == 1 && late[1].got == WAIT_EXITED, "obj_wait is woken by a change during the wait");
	sys_handle_close(e2);

	sys_handle_close(a[1]);
	struct wait_item pc[1] = { { a[0], WAIT_PEER_CLOSED, 0 } };
	r = sys_obj_wait(pc, 1, 0);
	check(r == 1 && pc[0].got == WAIT_PEER_CLOSED, "obj_wait sees peer closed");

	struct wait_item bad[1] = { { 0x3ff, WAIT_READABLE, 0 } };
	r = sys_obj_wait(bad, 1, 0);
	printf("proctest: obj_wait on a bad handle: %s\n", res(r));
	check(r == ERR_BADHANDLE, "obj_wait refuses a bad handle");
	handle_t nowait = (handle_t)sys_handle_dup(a[0], RIGHT_READ | RIGHT_DUPLICATE);
	struct wait_item nw[1] = { { nowait, WAIT_READABLE, 0 } };
	r = sys_obj_wait(nw, 1, 0);
	printf("proctest: obj_wait without WAIT: %s\n", res(r));
	check(r == ERR_ACCESS, "obj_wait refuses a handle without WAIT");
	struct wait_item many[WAIT_ITEMS_MAX + 1];
	for (unsigned i = 0; i <= WAIT_ITEMS_MAX; i++)
		many[i] = (struct wait_item){ a[0], WAIT_PEER_CLOSED, 0 };
	r = sys_obj_wait(many, WAIT_ITEMS_MAX + 1, 0);
	printf("proctest: obj_wait on %u items: %s\n", WAIT_ITEMS_MAX + 1, res(r));
	check(r == ERR_INVAL, "obj_wait refuses more than WAIT_ITEMS_MAX items");
	r = sys_obj_wait(many, WAIT_ITEMS_MAX, 0);
	check(r == WAIT_ITEMS_MAX, "obj_wait takes WAIT_ITEMS_MAX items, the same handle in each");
	struct wait_item unk[1] = { { a[0], 0x100, 0 } };
	r = sys_obj_wait(unk, 1, 0);
	printf("proctest: obj_wait for an unknown signal: %s\n", res(r));
	check(r == ERR_INVAL, "obj_wait refuses unknown signal bits");
	struct wait_item wrong[1] = { { a[0], WAIT_EXITED, 0 } };
	check(sys_obj_wait(wrong, 1, 0) == ERR_INVAL, "obj_wait refuses a signal the type never raises");
	long mem = sys_mem_create(4096);
	struct wait_item wt[1] = { { (handle_t)mem, WAIT_READABLE, 0 } };
	r = sys_obj_wait(wt, 1, 0);
	printf("proctest: obj_wait on a Mem: %s\n", res(r));
	check(r == ERR_WRONGTYPE, "obj_wait refuses an object that raises no signal");
	check(sys_obj_wait((struct wait_item *)16, 1, 0) == ERR_FAULT, "obj_wait on a bad pointer");

	sys_proc_kill(bproc);
	long f = sys_proc_wait(bproc, NULL, CHAN_WAIT_FOREVER);
	printf("proctest: proc_wait into address 0: %s\n", res(f));
	check(f == ERR_FAULT, "proc_wait refuses a bad status address");
	struct proc_status st;
	check(sys_proc_wait(bproc, &st, CHAN_WAIT_FOREVER) == 0 && st.how == PROC_KILLED,
	      "the obj_wait block child is killed");
	sys_handle_close(bproc);
	sys_handle_close(eproc);
	sys_handle_close(bch);
	sys_handle_close(a[0]);
	sys_handle_close(nowait);
}

int main(void)
{
	long len = sys_proc_args(block, sizeof block);
	const char *argv[16];
	size_t env;
	unsigned argc = len > 0 ? split(block, (size_t)len, argv, 16, &env) : 0;
	if (argc > 1 && (!strcmp(argv[1], "echo") || !strcmp(argv[1], "exit") ||
			 !strcmp(argv[1], "block") || !strcmp(argv[1], "spin") ||
			 !strcmp(argv[1], "sleep") || !strcmp(argv[1], "call") ||
			 !strcmp(argv[1], "fault") || !strcmp(argv[1], "mem")))
		return helper(argv[1], argv, argc, (size_t)len);

	check_own_args();
	check_echo();
	check_exit_codes();
	check_bad_starts();
	handle_t root = 0, ctl = 0;
	if (sys_handle_startup(&root, 1) == 1) {
		long h = sys_resource_slice(root, RES_PROC, 0, 0);
		printf("proctest: the process-control resource: %s\n", res(h));
		check(h > 0, "resource_slice(root, RES_PROC) gives the process-control resource");
		ctl = h > 0 ? (handle_t)h : 0;
		check(sys_resource_slice(ctl, RES_IRQ, 1, 0) == ERR_WRONGTYPE,
		      "the process-control resource slices nothing");
	}
	check_kills(ctl);
	check_obj_wait();
	check_shared_mem();
	printf("proctest: %s\n", failures ? "FAILED" : "done");
	return failures ? 1 : 0;
}
