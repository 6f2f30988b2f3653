/*
 * sys_ipc: user wrappers for the handle, channel and spawn system calls (docs/ipc.md,
 * docs/syscalls.md). Each returns what the kernel returned: a result >= 0 or an err.h code.
 */
#ifndef SYS_IPC_H
#define SYS_IPC_H

#include <err.h>
#include <ferrite/syscall.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t handle_t;

long sys_handle_close(handle_t h);
/* A new handle to h's object with rights (a subset of h's; needs DUPLICATE). */
long sys_handle_dup(handle_t h, uint32_t rights);
/* Makes a channel; out[0] and out[1] are its two ends. */
long sys_chan_create(handle_t out[2]);
long sys_chan_send(handle_t h, const struct chan_io *io);
/* deadline: 0 polls, CHAN_WAIT_FOREVER waits forever, else absolute monotonic ns. Returns the
 * byte count; io->len and io->nhandles then say what arrived. */
long sys_chan_recv(handle_t h, struct chan_io *io, uint64_t deadline);
/* Sends *send and waits for the reply into *recv (the synchronous fast path). */
long sys_chan_call(handle_t h, const struct chan_io *send, struct chan_io *recv, uint64_t deadline);
/* A server's reply *reply and its receive of the next request into *recv, in one kernel entry.
 * A failed reply returns its error and receives nothing. */
long sys_chan_reply_recv(handle_t h, const struct chan_io *reply, struct chan_io *recv,
			 uint64_t deadline);
/* Starts path from the boot archive at prio (0: the caller's own), moving handles[0..n) into the
 * child's table; returns the child's pid. */
long sys_proc_spawn(const char *path, const handle_t *handles, unsigned n, unsigned prio);
/* Copies the handles the parent moved in at spawn (at most n) to out; returns how many. */
long sys_handle_startup(handle_t *out, unsigned n);

#endif
