/*
 * ipc: the handle and channel system calls (docs/ipc.md, docs/syscalls.md; proc_spawn is
 * sys_proc.h's). Each takes the raw argument registers, validates every one, reaches user memory only through
 * hal_copy_from_user/to_user, turns handles into objects only through handle_get (the one rights
 * check) and returns a result or a negative err.h code. syscall.c dispatches to them.
 */
#ifndef IPC_H
#define IPC_H

#include <stdint.h>

intptr_t sys_handle_close(uintptr_t h);
intptr_t sys_handle_dup(uintptr_t h, uintptr_t rights);
intptr_t sys_chan_create(uintptr_t out);
intptr_t sys_chan_send(uintptr_t h, uintptr_t io);
intptr_t sys_chan_recv(uintptr_t h, uintptr_t io, uint64_t deadline);
intptr_t sys_chan_call(uintptr_t h, uintptr_t send_io, uintptr_t recv_io, uint64_t deadline);
/* A server's reply on h and its receive of the next request on h, in one call: the send's errors
 * (nothing then received), else chan_recv's result. Needs READ and WRITE. */
intptr_t sys_chan_reply_recv(uintptr_t h, uintptr_t reply_io, uintptr_t recv_io, uint64_t deadline);
intptr_t sys_handle_startup(uintptr_t out, uintptr_t n);

#endif
