/* sys_proc: wrappers for the process and wait system calls; see sys_proc.h. */
#include "sys_proc.h"
#include "ulib.h"

/* A 64-bit deadline travels in two registers on 32-bit targets, low half first. */
#define LO(x) ((long)(x))
#define HI(x) ((long)((x) >> 31 >> 1))

long sys_proc_start(struct proc_start *ps)
{
	return ulib_syscall(SYS_PROC_START, (long)ps, 0, 0, 0, 0, 0);
}

long sys_proc_args(char *buf, size_t size)
{
	return ulib_syscall(SYS_PROC_ARGS, (long)buf, (long)size, 0, 0, 0, 0);
}

long sys_proc_wait(handle_t proc, struct proc_status *out, uint64_t deadline)
{
	return ulib_syscall(SYS_PROC_WAIT, (long)proc, (long)out, LO(deadline), HI(deadline), 0, 0);
}

long sys_proc_kill(handle_t proc)
{
	return ulib_syscall(SYS_PROC_KILL, (long)proc, 0, 0, 0, 0, 0);
}

long sys_proc_list(handle_t res, struct proc_info *buf, size_t n)
{
	return ulib_syscall(SYS_PROC_LIST, (long)res, (long)buf, (long)n, 0, 0, 0);
}

long sys_proc_kill_pid(handle_t res, unsigned pid)
{
	return ulib_syscall(SYS_PROC_KILL_PID, (long)res, (long)pid, 0, 0, 0, 0);
}

long sys_obj_wait(struct wait_item *items, size_t n, uint64_t deadline)
{
	return ulib_syscall(SYS_OBJ_WAIT, (long)items, (long)n, LO(deadline), HI(deadline), 0, 0);
}

long sys_thread_create(thread_entry_fn *entry, void *stack_top, long arg, unsigned prio)
{
	return ulib_syscall(SYS_THREAD_CREATE, (long)entry, (long)stack_top, arg, (long)prio, 0, 0);
}

void sys_thread_exit(int code)
{
	ulib_syscall(SYS_THREAD_EXIT, code, 0, 0, 0, 0, 0);
	for (;;) /* never returns */
		;
}

long sys_thread_wait(handle_t thread, int32_t *code, uint64_t deadline)
{
	return ulib_syscall(SYS_THREAD_WAIT, (long)thread, (long)code, LO(deadline), HI(deadline), 0,
			    0);
}
