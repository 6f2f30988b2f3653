/* The process calls' portable pieces on the host: argument block checks, init's argument block
 * from the command line, and proc_info records. */
#include "test.h"
#include <cmdline.h>
#include <err.h>
#include <process.h>
#include <string.h>

TEST(proc_args_check_size_and_nul)
{
	static char b[PROC_ARGS_MAX + 1];
	memset(b, 'x', sizeof b);
	CHECK_EQ(proc_args_check(NULL, 0), 0); /* no block at all */
	CHECK_EQ(proc_args_check(b, 1), ERR_INVAL);
	CHECK_EQ(proc_args_check(b, PROC_ARGS_MAX), ERR_INVAL);
	b[PROC_ARGS_MAX - 1] = '\0';
	CHECK_EQ(proc_args_check(b, PROC_ARGS_MAX), 0);
	b[PROC_ARGS_MAX] = '\0';
	CHECK_EQ(proc_args_check(b, PROC_ARGS_MAX + 1), ERR_INVAL); /* too long, NUL or not */
	CHECK_EQ(proc_args_check("a\0b", 3), ERR_INVAL);
	CHECK_EQ(proc_args_check("a\0b", 4), 0);
	CHECK_EQ(proc_args_check("", 1), 0);
}

TEST(cmdline_args_block_for_init)
{
	char buf[64];
	cmdline_set("  init=proctest\tpoweroff  x ");
	size_t n = cmdline_args_block("proctest", buf, sizeof buf);
	static const char want[] = "proctest\0init=proctest\0poweroff\0x\0";
	CHECK_EQ(n, sizeof want); /* the literal's own NUL is the empty string ending argv */
	CHECK(memcmp(buf, want, sizeof want) == 0);
	/* Exactly big enough, then one byte short: never a shortened block. */
	CHECK_EQ(cmdline_args_block("proctest", buf, sizeof want), sizeof want);
	CHECK_EQ(cmdline_args_block("proctest", buf, sizeof want - 1), 0);
	cmdline_set("");
	n = cmdline_args_block("init", buf, sizeof buf);
	CHECK_EQ(n, 6);
	CHECK(memcmp(buf, "init\0", 6) == 0);
	CHECK_EQ(cmdline_args_block("init", buf, 5), 0);
	cmdline_set(NULL);
}

TEST(proc_info_fill_states_and_fields)
{
	static struct process p;
	static struct thread t;
	memset(&p, 0, sizeof p);
	memset(&t, 0, sizeof t);
	p.pid = 7;
	p.ppid = 3;
	p.thread = &t;
	t.se.base.prio = 12;
	p.image_bytes = 3 * 4096;
	p.mapped_bytes = 8192;
	strcpy(p.name, "fifteen-chars-x"); /* THREAD_NAME_MAX - 1 */
	struct proc_info info;
	memset(&info, 0xa5, sizeof info);
	proc_info_fill(&info, &p, THREAD_BLOCKED, 123456789);
	CHECK_EQ(info.pid, 7);
	CHECK_EQ(info.ppid, 3);
	CHECK_EQ(info.state, PROC_STATE_BLOCKED);
	CHECK_EQ(info.prio, 12);
	CHECK_EQ(info.cpu_ns, 123456789);
	CHECK_EQ(info.mem_bytes, 5 * 4096);
	CHECK_STR(info.name, "fifteen-chars-x");
	CHECK_EQ(info.name[PROC_NAME_MAX - 1], 0);
	struct { enum thread_state st; uint32_t want; } map[] = {
		{ THREAD_RUNNING, PROC_STATE_RUNNING },	  { THREAD_RUNNABLE, PROC_STATE_READY },
		{ THREAD_BLOCKED, PROC_STATE_BLOCKED },	  { THREAD_SLEEPING, PROC_STATE_SLEEPING },
		{ THREAD_DEAD, PROC_STATE_ENDING },
	};
	for (unsigned i = 0; i < sizeof map / sizeof map[0]; i++) {
		proc_info_fill(&info, &p, map[i].st, 0);
		CHECK_EQ(info.state, map[i].want);
	}
	/* Killed (or already ending) wins over whatever the thread is doing. */
	p.killed = true;
	proc_info_fill(&info, &p, THREAD_RUNNABLE, 0);
	CHECK_EQ(info.state, PROC_STATE_ENDING);
	p.killed = false;
	p.exiting = true;
	proc_info_fill(&info, &p, THREAD_BLOCKED, 0);
	CHECK_EQ(info.state, PROC_STATE_ENDING);
	/* No kernel bytes leak through the name's tail. */
	strcpy(p.name, "ab");
	memset(&info, 0xa5, sizeof info);
	proc_info_fill(&info, &p, THREAD_RUNNING, 0);
	for (unsigned i = 2; i < PROC_NAME_MAX; i++)
		CHECK_EQ(info.name[i], 0);
}
