/*
 * thread: kernel and user threads, each with its own kernel stack (guard page below), scheduled
 * by sched.c. A thread's kernel context is saved on its own stack (see hal_switch), so a thread is
 * little more than its scheduling entity, a saved stack pointer and bookkeeping.
 */
#ifndef THREAD_H
#define THREAD_H

#include <kobject.h>
#include <sched_entity.h>
#include <stdbool.h>
#include <stdint.h>

#define THREAD_STACK_PAGES 4
#define THREAD_NAME_MAX 16

enum thread_state {
	THREAD_RUNNABLE, /* on a run queue */
	THREAD_RUNNING,  /* current on some CPU */
	THREAD_BLOCKED,  /* waiting for a mutex or an event */
	THREAD_SLEEPING, /* waiting for a deadline */
	THREAD_DEAD,     /* exited, waiting to be reaped */
};

struct process;

/*
 * A Thread object (KOBJ_THREAD): what thread_create's handle names. It outlives its thread (the
 * handle may be waited on long after the thread is reaped), so it holds only the outcome: the
 * running thread keeps one reference, dropped as it ends, each handle another.
 */
struct thread_obj {
	struct kobject obj; /* first */
	bool ended;         /* under sched_lock: code is final, WAIT_EXITED */
	int32_t code;       /* thread_exit's code, or the process's status code when it ended
			     * with its process */
};

struct thread {
	struct sched_entity se; /* first: the policy code hands these back */
	enum thread_state state;
	unsigned id;
	char name[THREAD_NAME_MAX];
	uintptr_t ksp;          /* saved kernel stack pointer while not running */
	uintptr_t kstack_va;    /* lowest mapped byte of the kernel stack (guard page below) */
	uintptr_t kstack_top;   /* one past its highest byte; 0 for the boot thread's stack */
	uint64_t kstack_phys[THREAD_STACK_PAGES];
	uint64_t wake_at;       /* SLEEPING: monotonic ns deadline */
	struct thread *sleep_next;
	struct thread *reap_next;
	struct process *proc;   /* NULL for kernel threads */
	struct thread *proc_next; /* in proc's thread list (process.h); under sched_lock */
	struct thread_obj *tobj;  /* its Thread object (a reference), or NULL: a process's first
				   * thread and kernel threads have none */
	uintptr_t user_pc, user_sp, user_arg; /* where a thread_create thread enters user mode */
	void (*entry)(void *);
	void *arg;
	int exit_code;
	uint64_t runtime_ns;    /* CPU time used, charged at each switch */
	/* Blocking with a deadline (sched_block_locked); under sched_lock. */
	bool timed_wait;        /* BLOCKED and on the sleep queue until wake_at */
	bool timed_out;         /* the last sched_block_locked ended by its deadline (or a kill) */
	bool wait_killable;     /* BLOCKED in sched_block_locked: a kill may end the wait */
	/* Killing (process.h). kill_pending is set under sched_lock by process_kill; in_syscall is
	 * the thread's own: set while it runs a system call, so that a preemption point nested in
	 * one does not end the process halfway through the kernel's work. */
	bool kill_pending;
	bool in_syscall;
	/* IPC (chan.h, ipc.c). ipc_msg is this thread's own message buffer (NULL until first
	 * used); the rest is under sched_lock. */
	struct chan_msg *ipc_msg;
	struct chan_end *ipc_wait; /* the end it is blocked receiving on, or NULL */
	struct thread *ipc_next;   /* in that end's waiter list */
	uint32_t ipc_cap, ipc_hcap; /* bytes and handles its receive takes, while waiting */
	bool ipc_delivered;        /* woken with a message swapped into ipc_msg */
	uint64_t ipc_owes;         /* koid of the end a call arrived on (its next send there is the
				    * reply, which ends the loan of the caller's priority); 0: none */
};

/* Creates a thread that will run entry(arg) in the kernel at (prio, deadline); it does not run
 * until thread_start. NULL when memory is exhausted. */
struct thread *thread_create(const char *name, uint8_t prio, uint64_t deadline,
			     void (*entry)(void *), void *arg);
void thread_start(struct thread *t);
/* Ends the calling thread; its stack and structure are freed later by the reaper. */
void thread_exit(int code) __attribute__((noreturn));
/* thread_exit for a caller holding sched_lock (spin_lock_irqsave), so that nothing runs between
 * its last bookkeeping and the end: a process's thread leaving its process, which may be freed
 * as soon as the thread is off the CPU. */
void thread_exit_locked(int code) __attribute__((noreturn));
/* The running thread (sched.c keeps it). */
extern struct thread *sched_current;
static inline struct thread *thread_current(void)
{
	return sched_current;
}
/* Gives the CPU to an equally urgent thread, if any. */
void thread_yield(void);
/* Sleeps until the monotonic clock reaches deadline_ns. */
void thread_sleep_until(uint64_t deadline_ns);
void thread_sleep_ns(uint64_t ns);
/* Frees the threads that have exited (their stacks can only go once they are off-CPU). */
void thread_reap(void);
/* CPU time the calling thread has used so far, including the current stretch. */
uint64_t thread_runtime_ns(void);
/* Threads alive (not yet reaped), for the self-tests. */
unsigned thread_count(void);

#endif
