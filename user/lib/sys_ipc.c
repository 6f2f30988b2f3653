/* sys_ipc: wrappers for the IPC system calls; see sys_ipc.h. */
#include "sys_ipc.h"
#include "ulib.h"
#include <mem.h>

/* A 64-bit deadline travels in two registers on 32-bit targets, low half first. */
#define LO(x) ((long)(x))
#define HI(x) ((long)((x) >> 31 >> 1))

long sys_handle_close(handle_t h)
{
	return ulib_syscall(SYS_HANDLE_CLOSE, (long)h, 0, 0, 0, 0, 0);
}

long sys_handle_dup(handle_t h, uint32_t rights)
{
	return ulib_syscall(SYS_HANDLE_DUP, (long)h, (long)rights, 0, 0, 0, 0);
}

long sys_chan_create(handle_t out[2])
{
	return ulib_syscall(SYS_CHAN_CREATE, (long)out, 0, 0, 0, 0, 0);
}

long sys_chan_send(handle_t h, const struct chan_io *io)
{
	return ulib_syscall(SYS_CHAN_SEND, (long)h, (long)io, 0, 0, 0, 0);
}

long sys_chan_recv(handle_t h, struct chan_io *io, uint64_t deadline)
{
	return ulib_syscall(SYS_CHAN_RECV, (long)h, (long)io, LO(deadline), HI(deadline), 0, 0);
}

long sys_chan_call(handle_t h, const struct chan_io *send, struct chan_io *recv, uint64_t deadline)
{
	return ulib_syscall(SYS_CHAN_CALL, (long)h, (long)send, (long)recv, LO(deadline),
			    HI(deadline), 0);
}

long sys_chan_reply_recv(handle_t h, const struct chan_io *reply, struct chan_io *recv,
			 uint64_t deadline)
{
	return ulib_syscall(SYS_CHAN_REPLY_RECV, (long)h, (long)reply, (long)recv, LO(deadline),
			    HI(deadline), 0);
}

long sys_proc_spawn(const char *path, const handle_t *handles, unsigned n, unsigned prio)
{
	return ulib_syscall(SYS_PROC_SPAWN, (long)path, (long)strlen(path), (long)handles, (long)n,
			    (long)prio, 0);
}

long sys_handle_startup(handle_t *out, unsigned n)
{
	return ulib_syscall(SYS_HANDLE_STARTUP, (long)out, (long)n, 0, 0, 0, 0);
}
