/*
 * TEMPORARY (libcfd): the spec's process calls (SPEC-shell.md section 1) declared locally until
 * the kproc branch lands lib/include/ferrite/syscall.h's and user/lib/sys_proc.[ch]; removed at
 * that merge. Nothing here is the kernel's word on the ABI.
 */
#ifndef SYS_PROC_LOCAL_H
#define SYS_PROC_LOCAL_H

#include "sys_ipc.h"
#include "ulib.h"

#define SYS_PROC_START 15
#define SYS_PROC_ARGS 16
#define SYS_PROC_WAIT 17
#define SYS_PROC_KILL 18
#define SYS_PROC_LIST 19
#define SYS_PROC_KILL_PID 20

struct proc_start {
	const char *path;
	uint32_t path_len;
	const char *args;
	uint32_t args_len;
	const uint32_t *handles;
	uint32_t nhandles;
	uint32_t prio;
	uint32_t flags;
	uint32_t proc_out;
};
#define PROC_ARGS_MAX 4096
struct proc_status {
	int32_t code;
	uint32_t how;
};
#define PROC_EXITED 1
#define PROC_KILLED 2
#define PROC_FAULTED 3
struct proc_info {
	uint32_t pid, ppid;
	uint32_t state;
	uint32_t prio;
	uint64_t cpu_ns;
	uint64_t mem_bytes;
	char name[16];
};
#define PROC_STATE_RUNNING 0
#define PROC_STATE_READY 1
#define PROC_STATE_BLOCKED 2
#define PROC_STATE_SLEEPING 3
#define PROC_STATE_ENDING 4

static inline long sys_proc_start(struct proc_start *ps)
{
	return ulib_syscall(SYS_PROC_START, (long)ps, 0, 0, 0, 0, 0);
}
static inline long sys_proc_args(char *buf, size_t size)
{
	return ulib_syscall(SYS_PROC_ARGS, (long)buf, (long)size, 0, 0, 0, 0);
}
static inline long sys_proc_wait(handle_t h, struct proc_status *out, uint64_t deadline)
{
	return ulib_syscall(SYS_PROC_WAIT, (long)h, (long)out, (long)deadline,
			    (long)(deadline >> 31 >> 1), 0, 0);
}
static inline long sys_proc_kill(handle_t h)
{
	return ulib_syscall(SYS_PROC_KILL, (long)h, 0, 0, 0, 0, 0);
}
static inline long sys_proc_list(handle_t h, struct proc_info *buf, size_t n)
{
	return ulib_syscall(SYS_PROC_LIST, (long)h, (long)buf, (long)n, 0, 0, 0);
}
static inline long sys_proc_kill_pid(handle_t h, unsigned pid)
{
	return ulib_syscall(SYS_PROC_KILL_PID, (long)h, (long)pid, 0, 0, 0, 0);
}

#endif
