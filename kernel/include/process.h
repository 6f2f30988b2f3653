/*
 * process: an address space with threads running in it (one thread each, for now), started from
 * a signed executable in the boot archive. The loader checks the whole file (Mach-O structure,
 * then the Ed25519 signature against the key built into the kernel) before it maps a byte.
 */
#ifndef PROCESS_H
#define PROCESS_H

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
	unsigned pid;
	char name[THREAD_NAME_MAX];
	struct hal_space *space;
	struct thread *thread;
	struct process_region regions[PROCESS_MAX_REGIONS];
	unsigned n_regions;
	uintptr_t entry, stack_top;
	int exit_code;
	struct process *next_zombie;
	/* The process's handles: created empty at spawn, destroyed (every reference dropped) when
	 * it exits. Only the process's own thread uses it, through the system calls. */
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
 * process_spawn, moving n (<= PROC_STARTUP_MAX) objects into the child's handle table before it
 * runs: the child's table takes over one reference each, in every case (on failure they are
 * dropped with the half-built child). ns is the child's namespace, whose reference the child takes
 * over the same way; NULL gives it a fresh empty one. Stores the child's pid (the child itself may be gone by the
 * time the caller looks). *err_code is ERR_NOMEM or ERR_NOENT when a message is returned, for
 * callers that report numbers.
 */
const char *process_spawn_with(const char *path, uint8_t prio, uint64_t deadline,
			       struct kobject *const *objs, const uint32_t *rights, unsigned n,
			       struct ns *ns, unsigned *pid, int *err_code);
/* The calling thread's process, or NULL for a kernel thread. */
static inline struct process *process_current(void)
{
	return thread_current()->proc;
}
/* Ends the calling thread's process: its handles are closed at once (peers see the channels
 * close), its memory and address space are freed once it is off-CPU. */
void process_exit(int code) __attribute__((noreturn));
/* A fault in user mode: reports it and ends the process; the kernel keeps running. */
void process_fault(const struct trap_info *ti) __attribute__((noreturn));
/* Frees processes whose threads have exited (called by the idle thread's reaper). */
void process_reap(void);
/* Processes started and not yet reaped. */
unsigned process_count(void);

#endif
