/*
 * process: an address space with threads running in it, started from a signed executable in the
 * boot archive with one thread; thread_create (sys_thread.c) adds more, which share its address
 * space, handle table and namespace. The loader checks the whole file (Mach-O structure,
 * then the Ed25519 signature against the key built into the kernel) before it maps a byte.
 *
 * A process is also a kernel object (KOBJ_PROCESS): the running process holds one reference,
 * dropped when it is reaped, and each process handle (proc_start) another, so a parent can read
 * the status of a child long gone. Reaping frees everything but the small record itself.
 *
 * Ending: exit, a fault or a kill all end in process_end, which prints the one line that says how
 * (`name[pid]: exited with status N`, `...: <fault> ...: killed`, `name[pid]: killed`), closes the
 * handles (peers see "peer closed"), records the status and wakes whoever waits for it. A kill
 * only marks the process (and wakes each of its threads from an interruptible wait); each thread
 * ends itself at its next return towards user mode (process_killed_exit).
 *
 * Several threads: the first ending (exit, a fault, a kill) fixes the status and marks every
 * other thread killed; each thread then leaves on its own, and the last one out closes the
 * handles and ends the process, so no thread is ever inside a system call while the table and
 * namespace go away. thread_exit by all but the last thread ends only that thread.
 */
#ifndef PROCESS_H
#define PROCESS_H

#include <err.h>
#include <ferrite/syscall.h>
#include <handle.h>
#include <stddef.h>
#include <stdint.h>
#include <thread.h>

#define PROCESS_MAX_REGIONS 20
#define PROCESS_STACK_DEFAULT (64u * 1024u)

struct hal_space;
struct ns;
struct trap_info;
struct mem_mapping;

struct process_region {
	uintptr_t va;
	size_t pages;
};

struct process {
	struct kobject obj; /* first: the process object */
	unsigned pid;
	unsigned ppid;      /* the spawner's pid; 0 when the kernel started it */
	char name[THREAD_NAME_MAX];
	struct hal_space *space;
	/* Its threads (linked through thread.proc_next, the first one started first), and how
	 * many; under sched_lock. A thread leaves the list as it ends. */
	struct thread *thread;
	unsigned nthreads;
	struct process_region regions[PROCESS_MAX_REGIONS];
	unsigned n_regions;
	uintptr_t entry, stack_top;
	size_t image_bytes;   /* the program's segments and stack */
	size_t mapped_bytes;  /* Mem mappings (sys_dev.c keeps it) */
	/* The argument block its parent gave it (a page of its own), for proc_args; NULL: none. */
	char *args;
	size_t args_len;
	struct process *next_zombie;
	struct process *list_next; /* on the list of live processes, in pid order; sched_lock */
	/* Under sched_lock: */
	bool killed;               /* proc_kill: end at the next return towards user mode */
	bool exiting;              /* process_end has begun */
	bool ended;                /* status is final: WAIT_EXITED */
	struct proc_status status;
	/* The process's handles: created empty at spawn, destroyed (every reference dropped) when
	 * its last thread leaves. Its threads use it through the system calls (it has its own
	 * lock). */
	struct handle_table handles;
	/* The handles its parent moved in at spawn, in the parent's order (handle_startup). */
	handle_t startup[PROC_STARTUP_MAX];
	unsigned n_startup;
	/* Mem objects mapped by mem_map, each holding a reference (sys_dev.c); only the process's
	 * own thread changes the list, and reaping empties it. */
	struct mem_mapping *mappings;
	unsigned n_mappings;
	/* The namespace it sees the world through (one reference; shared with the parent or a copy,
	 * as the spawner asked). Dropped at exit, so mounts stop holding services up. */
	struct ns *ns;
};

/* Makes the boot archive linked into the kernel available to process_spawn; NULL or an error. */
const char *process_init(void);
/*
 * Starts the executable path from the boot archive as a new process at (prio, deadline). Returns
 * NULL and stores the process, or a message saying why not ("signature does not verify against the
 * built-in key", "no such file in the boot archive", "out of memory"); nothing is left behind.
 */
const char *process_spawn(const char *path, uint8_t prio, uint64_t deadline, struct process **out);
/*
 * What process_spawn_with needs beyond the program: the argument block (copied; NULL/0 for none,
 * at most PROC_ARGS_MAX bytes, already checked), and where to store a new reference to the
 * process for a handle (NULL: none wanted).
 */
struct process_extra {
	const char *args;
	size_t args_len;
	struct process **ref;
};
/*
 * process_spawn, moving n (<= PROC_STARTUP_MAX) objects into the child's handle table before it
 * runs: the child's table takes over one reference each, in every case (on failure they are
 * dropped with the half-built child). ns is the child's namespace, whose reference the child takes
 * over the same way; NULL gives it a fresh empty one. Stores the child's pid (the child itself may be gone by the
 * time the caller looks). *err_code is ERR_NOMEM or ERR_NOENT when a message is returned, for
 * callers that report numbers.
 */
const char *process_spawn_with(const char *path, uint8_t prio, uint64_t deadline,
			       struct kobject *const *objs, const uint32_t *rights, unsigned n,
			       struct ns *ns, const struct process_extra *extra, unsigned *pid,
			       int *err_code);
/* The hal_map attributes of a Mach-O segment's protection: user and read, plus write and execute
 * as the segment asks (the loader's rule for both placements, process.c and process_place.c). */
unsigned process_prot_attrs(uint32_t prot);
/* The calling thread's process, or NULL for a kernel thread. */
static inline struct process *process_current(void)
{
	return thread_current()->proc;
}
/* The calling process's handle table (system calls only: a kernel thread has none). */
static inline struct handle_table *process_handles(void)
{
	return &process_current()->handles;
}
/* The object a system call's handle argument h names in the calling process's table: a register
 * wider than a handle cannot name one (ERR_BADHANDLE); otherwise handle_get's answer. */
static inline int process_handle_arg(uintptr_t h, enum kobject_type type, uint32_t rights,
				     struct kobject **out)
{
	if (h > UINT32_MAX)
		return ERR_BADHANDLE;
	return handle_get(process_handles(), (handle_t)h, type, rights, out);
}
/* Ends the calling thread's process (its other threads are killed): its handles are closed as
 * soon as the last thread has left (peers see the channels close), its memory and address space
 * are freed once it is off-CPU. */
void process_exit(int code) __attribute__((noreturn));
/*
 * Starts one more thread in p (the caller's process) at prio, entering user mode at pc with sp and
 * arg in the first argument register; tobj (one reference, taken over) records how it ends. NULL
 * when memory is exhausted (tobj's reference is then still the caller's). A process already
 * ending gets the thread anyway, killed: it ends before its first user instruction.
 */
struct thread *process_thread_new(struct process *p, uint8_t prio, uintptr_t pc, uintptr_t sp,
				  uintptr_t arg, struct thread_obj *tobj);
/* thread_exit: ends the calling thread with code; the process's last thread ends the process
 * with it (as process_exit). */
void process_thread_exit(int code) __attribute__((noreturn));
/* A fault in user mode: reports it and ends the process (PROC_FAULTED); the kernel keeps
 * running. */
void process_fault(const struct trap_info *ti) __attribute__((noreturn));
/* Marks p to end (PROC_KILLED) and wakes each of its threads from an interruptible wait. 0, or
 * ERR_STATE when p is already ending or ended. */
int process_kill(struct process *p);
/* process_kill by pid: 0, ERR_NOENT (no live process has it) or ERR_STATE. */
int process_kill_pid(unsigned pid);
/* Called on the way back to user mode (the end of a system call, a preemption point outside
 * one, a thread's first entry) by a killed thread: ends it, and its process with it unless
 * another thread leaves last. */
void process_killed_exit(void) __attribute__((noreturn));
/*
 * Fills out[0..max) with the live processes whose pid is above after, in pid order; returns how
 * many it filled and stores how many live processes exist in *total.
 */
unsigned process_list(unsigned after, struct proc_info *out, unsigned max, unsigned *total);
/*
 * thread_create's checks (thread_args.c, host-tested), in this order: prio above caller_prio is
 * ERR_ACCESS; a stack_top not aligned to 16 bytes is ERR_INVAL; an entry or stack_top outside the
 * user half (entry in [PAGE_SIZE, user_limit), stack_top in (PAGE_SIZE, user_limit]) is ERR_FAULT.
 * 0 when all pass (the stack's memory is probed by the caller).
 */
int thread_args_check(uintptr_t entry, uintptr_t stack_top, uintptr_t prio, uint8_t caller_prio,
		      uint64_t user_limit);
/*
 * The record of p for proc_list (proc_info.c, host-tested): pid, ppid, state (from its thread's
 * state, or ENDING once killed or exiting), priority, CPU time, user memory and the name, the
 * rest zeroed.
 */
void proc_info_fill(struct proc_info *out, const struct process *p, enum thread_state st,
		    uint64_t cpu_ns);
/* An argument block as proc_start takes it: 0, or ERR_INVAL (longer than PROC_ARGS_MAX, or not
 * empty and not ending with NUL). */
int proc_args_check(const char *block, size_t len);
/* Frees processes whose threads have exited (called by the idle thread's reaper). */
void process_reap(void);
/* Processes started and not yet reaped. */
unsigned process_count(void);

#endif
