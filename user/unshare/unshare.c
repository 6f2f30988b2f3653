/*
 * unshare program [args...]: runs program with a copy of this namespace, so its binds and mounts
 * stay its own; waits for it and exits with its status (1 when it was killed or faulted)
 * (docs/commands.md). The child gets our fds 0, 1, 2 and the process-control handle if we have one.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>

#include "fd.h"

int main(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		dprintf(2, "usage: unshare program [args...]\n");
		return 1;
	}
	struct spawn_attr a = { .fd = { -1, -1, -1 }, .flags = SPAWN_NS_COPY, .proc_ctl = proc_ctl_handle() };
	for (int i = 0; i < 3; i++)
		if (fd_file(i))
			a.fd[i] = i;
	uint32_t proc;
	if (spawn(argv[1], argv + 1, &a, &proc) < 0) {
		dprintf(2, "unshare: %s: %s\n", argv[1], errstr());
		return 1;
	}
	int code;
	if (waitproc(proc, &code) != 0) {
		dprintf(2, "unshare: wait: %s\n", errstr());
		return 1;
	}
	if (code < 0) {
		dprintf(2, "unshare: %s: %s\n", argv[1], errstr());
		return 1;
	}
	return code;
}
