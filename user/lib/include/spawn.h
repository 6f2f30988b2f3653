/* spawn.h: starting programs and waiting for them (docs/libc.md "Processes"). */
#ifndef _SPAWN_H
#define _SPAWN_H

#include <stdint.h>

#define SPAWN_NS_COPY 1u /* the child gets a copy of the namespace (the kernel's PROC_SPAWN_NS_COPY) */
#define SPAWN_NS_NEW 2u  /* an empty namespace */

struct spawn_attr {
	int fd[3];        /* the child's fd 0, 1, 2: fds of this process, or -1 for none */
	unsigned flags;   /* SPAWN_NS_COPY, SPAWN_NS_NEW, or 0: share this namespace */
	const uint32_t *handles; /* moved into the child as its first startup handles */
	unsigned nhandles;
	uint32_t proc_ctl; /* a process-control handle to lend the child (a copy; 0: none) */
};

/* Starts prog (a program in the boot archive; "ls" or "/ls") with argv (NULL-terminated; its
 * strings must not be empty) and this process's environment and current directory. The child's
 * fds are fresh sessions on the same files (pipes: the same channel end). Returns the child's
 * pid and stores a process handle in *proc_out (close it with sys_handle_close), or -1 with
 * errno and errstr(); on failure attr->handles stay this process's. */
long spawn(const char *prog, char *const argv[], const struct spawn_attr *a, uint32_t *proc_out);
/* Waits until proc has ended. 0 with its exit status in *code; killed or faulted: *code = -1 and
 * errstr() says "killed" or "faulted". -1 with errno on failure. */
int waitproc(uint32_t proc, int *code);
/* The process-control handle this program was given (env proc.ctl), or 0. */
uint32_t proc_ctl_handle(void);

#endif
