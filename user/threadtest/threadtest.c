/*
 * threadtest: threads as capabilities inside a process, end to end (system test `thread-obj`, run
 * as init=threadtest). One printed line per claim: two threads run at once and share memory,
 * thread_wait returns each thread's exit code (and times out while it runs), obj_wait on two
 * Thread handles wakes for the one that ends, a kill ends every thread of a process (one blocked
 * forever in chan_recv, one spinning in user mode), exit from the first thread ends the process
 * while another runs, the last thread's thread_exit code is the process's status, and the
 * refusals: bad handle, wrong object type, misaligned or kernel-half stack, a priority above the
 * caller's, and a Thread handle sent to another process.
 *
 * Helper modes (argv[1]), each started at a lower priority than the test so it runs only while
 * the test waits: `kill` starts a thread blocked in chan_recv and one spinning, says "ready" on
 * startup handle 0 once both are under way, and leaves through thread_exit; `exitrun` starts a
 * spinning thread and exits with 33; `lastexit` starts a thread that ends with 44 after the first
 * thread has ended with 3.
 *
 * `threadtest-in-process` on the kernel command line leaves out the claims that start threadtest
 * again (boards without an MMU run one instance of a program at a time).
 *
 * The C library is not thread-safe: only the first thread prints or allocates.
 */
#include "../lib/sys_proc.h"
#include "../lib/ulib.h"
#include <stdlib.h>
#include <string.h>

#define MS 1000000ull
#define STACK_BYTES 8192
#define ROUNDS 200

static unsigned failures;

static void check(int ok, const char *what)
{
	printf("threadtest: %s ... %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static const char *res(long r)
{
	return r < 0 ? err_str((int)r) : "accepted";
}

/* A fresh stack from the heap: its 16-byte aligned top. */
static void *stack_top(void)
{
	char *base = malloc(STACK_BYTES);
	if (!base)
		return NULL;
	return (void *)(((uintptr_t)base + STACK_BYTES) & ~(uintptr_t)15);
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

/* ---- two threads sharing a counter --------------------------------------------------- */

static volatile long counter;
static volatile int saw_other[2];

/* Adds 1 ROUNDS times, yielding after each; notes whether the other thread added meanwhile. */
static THREAD_ENTRY void adder(long id)
{
	long mine = 0; /* the counter after our last addition, as far as we know */
	for (int i = 0; i < ROUNDS; i++) {
		long before = __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
		if (before != mine) /* only the other thread changes it */
			saw_other[id] = 1;
		mine = before + 1;
		sys_yield();
	}
	sys_thread_exit(id ? 22 : 11);
}

static void check_shared_counter(void)
{
	void *s0 = stack_top(), *s1 = stack_top();
	long a = sys_thread_create(adder, s0, 0, 0);
	long b = sys_thread_create(adder, s1, 1, 0);
	printf("threadtest: thread_create: %s, %s\n", res(a), res(b));
	check(a > 0 && b > 0, "thread_create gives two Thread handles");
	int32_t ca = -1, cb = -1;
	long wa = a > 0 ? sys_thread_wait((handle_t)a, &ca, CHAN_WAIT_FOREVER) : a;
	long wb = b > 0 ? sys_thread_wait((handle_t)b, &cb, CHAN_WAIT_FOREVER) : b;
	printf("threadtest: counter %ld (want %d), codes %d %d, interleaved %d %d\n", counter,
	       2 * ROUNDS, (int)ca, (int)cb, saw_other[0], saw_other[1]);
	check(wa == 0 && wb == 0 && counter == 2 * ROUNDS,
	      "two threads update one counter in shared memory");
	check(saw_other[0] && saw_other[1], "the two threads ran interleaved");
	check(ca == 11 && cb == 22, "thread_wait returns each thread's exit code");
	int32_t again = -1;
	check(a > 0 && sys_thread_wait((handle_t)a, &again, 0) == 0 && again == 11,
	      "thread_wait after the end gives the same code");
	sys_handle_close((handle_t)a);
	sys_handle_close((handle_t)b);
}

/* ---- obj_wait over two threads ---------------------------------------------------------- */

/* Waits for one message on the channel handle arg, then ends with the message's first byte. */
static THREAD_ENTRY void receiver(long ch)
{
	char b[4] = { 0 };
	long r = recv((handle_t)ch, b, sizeof b, CHAN_WAIT_FOREVER);
	sys_thread_exit(r > 0 ? b[0] : -2);
}

static void check_obj_wait(void)
{
	handle_t c1[2], c2[2];
	if (sys_chan_create(c1) != 0 || sys_chan_create(c2) != 0) {
		check(0, "channels for the obj_wait test");
		return;
	}
	long x = sys_thread_create(receiver, stack_top(), c1[1], 0);
	long y = sys_thread_create(receiver, stack_top(), c2[1], 0);
	int32_t code = -1;
	long early = x > 0 ? sys_thread_wait((handle_t)x, &code, 0) : x;
	long early_t = x > 0 ? sys_thread_wait((handle_t)x, &code, sys_clock() + 20 * MS) : x;
	printf("threadtest: thread_wait on a running thread: %s, with a deadline: %s\n", res(early),
	       res(early_t));
	check(early == ERR_TIMEOUT && early_t == ERR_TIMEOUT,
	      "thread_wait times out while the thread runs");
	send(c1[0], "\x05", 1);
	struct wait_item it[2] = { { (handle_t)x, WAIT_EXITED, 0 }, { (handle_t)y, WAIT_EXITED, 0 } };
	long r = sys_obj_wait(it, 2, sys_clock() + 5000 * MS);
	printf("threadtest: obj_wait: %ld, got %u %u\n", r, it[0].got, it[1].got);
	check(r == 1 && it[0].got == WAIT_EXITED && it[1].got == 0,
	      "obj_wait on two Thread handles wakes for the one that ended");
	send(c2[0], "\x07", 1);
	long w = y > 0 ? sys_thread_wait((handle_t)y, &code, CHAN_WAIT_FOREVER) : y;
	check(w == 0 && code == 7, "the other thread ends with its own code");
	sys_handle_close((handle_t)x);
	sys_handle_close((handle_t)y);
}

/* ---- refusals ---------------------------------------------------------------------------- */

static THREAD_ENTRY void idle_thread(long arg)
{
	sys_thread_exit((int)arg);
}

static void check_refusals(void)
{
	int32_t code;
	long r = sys_thread_wait(0x7ffff, &code, 0);
	printf("threadtest: thread_wait on a bad handle: %s\n", res(r));
	check(r == ERR_BADHANDLE, "thread_wait refuses a bad handle");
	handle_t c[2];
	sys_chan_create(c);
	r = sys_thread_wait(c[0], &code, 0);
	printf("threadtest: thread_wait on a channel: %s\n", res(r));
	check(r == ERR_WRONGTYPE, "thread_wait refuses a Channel handle (wrong type)");
	char *top = stack_top();
	r = sys_thread_create(idle_thread, top - 8, 0, 0);
	printf("threadtest: a misaligned stack: %s\n", res(r));
	check(r == ERR_INVAL, "thread_create refuses a misaligned stack");
	r = sys_thread_create(idle_thread, (void *)(~(uintptr_t)0 & ~(uintptr_t)15), 0, 0);
	printf("threadtest: a stack at the top of the address space: %s\n", res(r));
	check(r == ERR_FAULT, "thread_create refuses a kernel-half stack");
	r = sys_thread_create(idle_thread, top, 0, 63);
	printf("threadtest: priority 63: %s\n", res(r));
	check(r == ERR_ACCESS, "thread_create refuses a priority above the caller's");
	/* A Thread handle has no GRANT: it cannot travel to another process. */
	long t = sys_thread_create(idle_thread, top, 9, 0);
	handle_t th = (handle_t)t;
	struct chan_io io = { "t", 1, &th, 1 };
	r = t > 0 ? sys_chan_send(c[0], &io) : t;
	printf("threadtest: sending a Thread handle: %s\n", res(r));
	check(r == ERR_ACCESS, "a Thread handle cannot be sent to another process");
	long w = t > 0 ? sys_thread_wait(th, &code, CHAN_WAIT_FOREVER) : t;
	check(w == 0 && code == 9, "the refused handle stays with its owner");
	sys_handle_close(th);
	sys_handle_close(c[0]);
	sys_handle_close(c[1]);
}

/* ---- whole processes: helper modes ------------------------------------------------------- */

static volatile int blocked_started, spinner_started;

static THREAD_ENTRY void blocker(long unused)
{
	(void)unused;
	handle_t mine[2];
	sys_chan_create(mine);
	blocked_started = 1;
	char b[4];
	recv(mine[0], b, sizeof b, CHAN_WAIT_FOREVER); /* nobody writes: only a kill ends it */
	sys_thread_exit(3);
}

static THREAD_ENTRY void spinner(long unused)
{
	(void)unused;
	spinner_started = 1;
	for (volatile unsigned long i = 0;; i++)
		;
}

static THREAD_ENTRY void late_exit(long code)
{
	sys_sleep_until(sys_clock() + 20 * MS); /* after the first thread has gone */
	sys_thread_exit((int)code);
}

static int helper(const char *mode)
{
	handle_t ch = 0;
	sys_handle_startup(&ch, 1);
	void *s0 = stack_top(), *s1 = stack_top();
	if (!strcmp(mode, "kill")) {
		if (sys_thread_create(blocker, s0, 0, 0) < 0 || sys_thread_create(spinner, s1, 0, 0) < 0)
			return 2;
		while (!blocked_started || !spinner_started)
			sys_yield();
		send(ch, "ready", 5);
		sys_thread_exit(0); /* the other two stay; the process lives on */
	}
	if (!strcmp(mode, "exitrun")) {
		if (sys_thread_create(spinner, s0, 0, 0) < 0)
			return 2;
		while (!spinner_started)
			sys_yield();
		exit(33);
	}
	if (!strcmp(mode, "lastexit")) {
		if (sys_thread_create(late_exit, s0, 44, 0) < 0)
			return 2;
		sys_thread_exit(3);
	}
	return 2;
}

/* Starts threadtest `mode` at priority 10 (below ours) holding one end of a fresh channel, the
 * other end in *ch; returns the pid and the process handle in *proc. */
static long start_mode(const char *mode, handle_t *ch, handle_t *proc)
{
	char args[32];
	size_t n = strlen("threadtest") + 1;
	memcpy(args, "threadtest", n);
	size_t m = strlen(mode) + 1;
	memcpy(args + n, mode, m);
	n += m;
	args[n++] = '\0';
	handle_t c[2];
	if (sys_chan_create(c) != 0)
		return -1;
	*ch = c[0];
	struct proc_start ps = { "threadtest", 10, args, (uint32_t)n, &c[1], 1, 10, 0, 0 };
	long pid = sys_proc_start(&ps);
	*proc = ps.proc_out;
	return pid;
}

static void check_processes(void)
{
	handle_t ch, proc;
	char b[8];
	struct proc_status st = { 0, 0 };
	long pid = start_mode("kill", &ch, &proc);
	long got = pid > 0 ? recv(ch, b, sizeof b, CHAN_WAIT_FOREVER) : pid;
	check(got == 5, "a child with a blocked and a spinning thread is ready");
	long k = sys_proc_kill(proc);
	long w = sys_proc_wait(proc, &st, sys_clock() + 5000 * MS);
	printf("threadtest: kill: %s, wait: %s, how %u\n", res(k), res(w), st.how);
	check(k == 0 && w == 0 && st.how == PROC_KILLED,
	      "proc_kill ends every thread of the child (PROC_KILLED)");
	long r = recv(ch, b, sizeof b, 0);
	check(r == ERR_PEER_CLOSED, "the killed child's channel sees peer closed");
	sys_handle_close(ch);
	sys_handle_close(proc);

	pid = start_mode("exitrun", &ch, &proc);
	w = pid > 0 ? sys_proc_wait(proc, &st, sys_clock() + 5000 * MS) : pid;
	printf("threadtest: exit with a thread running: %s, how %u, code %d\n", res(w), st.how,
	       (int)st.code);
	check(w == 0 && st.how == PROC_EXITED && st.code == 33,
	      "exit from the first thread ends the process while another thread runs");
	sys_handle_close(ch);
	sys_handle_close(proc);

	pid = start_mode("lastexit", &ch, &proc);
	w = pid > 0 ? sys_proc_wait(proc, &st, sys_clock() + 5000 * MS) : pid;
	printf("threadtest: last thread's thread_exit: %s, how %u, code %d\n", res(w), st.how,
	       (int)st.code);
	check(w == 0 && st.how == PROC_EXITED && st.code == 44,
	      "the last thread's thread_exit code is the process's status");
	sys_handle_close(ch);
	sys_handle_close(proc);
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "kill") || !strcmp(argv[1], "exitrun") ||
			 !strcmp(argv[1], "lastexit")))
		return helper(argv[1]);
	/* Without an MMU a program runs once at a time (docs/memory.md), so the claims that start
	 * threadtest again are left out when the command line says so (thread-obj-nommu.case). */
	int in_process_only = 0;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "threadtest-in-process"))
			in_process_only = 1;
	check_shared_counter();
	check_obj_wait();
	check_refusals();
	if (in_process_only)
		printf("threadtest: the claims about whole processes are left out (one instance only)\n");
	else
		check_processes();
	printf("threadtest: %s\n", failures ? "FAILED" : "done");
	return failures ? 1 : 0;
}
