/*
 * sys_proc: user wrappers for the process and wait system calls 15..21 (docs/syscalls.md):
 * starting a program with an argument block and getting a process handle back, reading one's own
 * argument block, waiting for and killing a process, listing processes, and waiting on several
 * handles at once. Each returns what the kernel returned: a result >= 0 or an err.h code.
 * Deadlines: 0 polls, CHAN_WAIT_FOREVER waits forever, else absolute monotonic ns.
 */
#ifndef SYS_PROC_H
#define SYS_PROC_H

#include "sys_ipc.h"
#include <ferrite/syscall.h>
#include <stddef.h>
#include <stdint.h>

/* Starts ps->path with ps->args; returns the pid and stores the process handle in ps->proc_out. */
long sys_proc_start(struct proc_start *ps);
/* Copies at most size bytes of the caller's argument block to buf; returns the block's whole
 * length (0: none), so a short buffer can be retried with the right size. */
long sys_proc_args(char *buf, size_t size);
/* 0 once the process has ended (*out filled), ERR_TIMEOUT before the deadline. */
long sys_proc_wait(handle_t proc, struct proc_status *out, uint64_t deadline);
/* Ends the process (needs SIGNAL); ERR_STATE when it has already ended or is ending. */
long sys_proc_kill(handle_t proc);
/* Up to n records in pid order (needs READ on the process-control resource); returns how many
 * processes exist. */
long sys_proc_list(handle_t res, struct proc_info *buf, size_t n);
/* Kills a process by pid (needs MANAGE on the process-control resource). */
long sys_proc_kill_pid(handle_t res, unsigned pid);
/* Waits until one of items[0..n) (n <= WAIT_ITEMS_MAX) has a wanted signal; fills every got and
 * returns how many items are ready, or ERR_TIMEOUT. */
long sys_obj_wait(struct wait_item *items, size_t n, uint64_t deadline);

#endif
