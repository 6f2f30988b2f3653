/*
 * sys_proc: user wrappers for the process, wait and thread system calls 15..21 and 40..42
 * (docs/syscalls.md):
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

/*
 * Threads in the calling process (system calls 40..42). The C library is not thread-safe (malloc
 * above all, docs/libc.md): a program with several threads serialises its own use of it.
 *
 * A thread's entry function must be declared THREAD_ENTRY and must never return: it ends with
 * sys_thread_exit (or exit, which ends the whole process). It receives arg in the first argument
 * register, which i386's usual convention does not use (hence regparm(1) there), and starts
 * with sp = stack_top exactly, not as if called (hence the realignment on x86).
 */
#if defined(__i386__)
#define THREAD_ENTRY __attribute__((regparm(1), force_align_arg_pointer, noreturn))
#elif defined(__x86_64__)
#define THREAD_ENTRY __attribute__((force_align_arg_pointer, noreturn))
#else
#define THREAD_ENTRY __attribute__((noreturn))
#endif
typedef THREAD_ENTRY void thread_entry_fn(long arg);
/*
 * Starts entry(arg) on the stack below stack_top (16-byte aligned, the caller's memory: malloc or
 * static) at prio (0: the caller's; above it is ERR_ACCESS). Returns a Thread handle (WAIT,
 * SIGNAL, DUPLICATE; it cannot be sent to another process), ERR_INVAL for a misaligned stack,
 * ERR_FAULT for an entry or stack outside the process's memory, ERR_NOMEM.
 */
long sys_thread_create(thread_entry_fn *entry, void *stack_top, long arg, unsigned prio);
/* Ends the calling thread with code; the process's last thread ends the process with it. */
void sys_thread_exit(int code) __attribute__((noreturn));
/* 0 once the thread has ended (*code filled: its thread_exit code, or its process's status code
 * when it ended with its process), ERR_TIMEOUT before the deadline; ERR_WRONGTYPE for a handle
 * that is not a Thread. */
long sys_thread_wait(handle_t thread, int32_t *code, uint64_t deadline);

#endif
