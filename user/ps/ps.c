/*
 * ps: every process: pid, parent, state, CPU time (ms), user memory (KiB), name
 * (docs/commands.md). Needs the process-control handle, which the parent lends through spawn's
 * proc_ctl (env proc.ctl).
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys_proc.h"

static const char *state_name(uint32_t s)
{
	switch (s) {
	case PROC_STATE_RUNNING: return "running";
	case PROC_STATE_READY: return "ready";
	case PROC_STATE_BLOCKED: return "blocked";
	case PROC_STATE_SLEEPING: return "sleeping";
	case PROC_STATE_ENDING: return "ending";
	default: return "?";
	}
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		dprintf(2, "usage: ps\n");
		return 1;
	}
	handle_t ctl = proc_ctl_handle();
	if (!ctl) {
		dprintf(2, "ps: no process-control handle (env proc.ctl)\n");
		return 1;
	}
	size_t cap = 16;
	struct proc_info *p = NULL;
	long n;
	for (;;) {
		p = realloc(p, cap * sizeof *p);
		if (!p) {
			dprintf(2, "ps: %s\n", strerror(ENOMEM));
			return 1;
		}
		n = sys_proc_list(ctl, p, cap);
		if (n < 0) {
			dprintf(2, "ps: proc_list: %s\n", err_str((int)n));
			return 1;
		}
		if ((size_t)n <= cap)
			break;
		cap = (size_t)n + 8; /* more processes than room: ask again with enough */
	}
	printf("  pid  ppid state      cpu-ms   mem-KiB name\n");
	for (long i = 0; i < n; i++)
		printf("%5u %5u %-8s %8llu %9llu %s\n", (unsigned)p[i].pid, (unsigned)p[i].ppid,
		       state_name(p[i].state), (unsigned long long)(p[i].cpu_ns / 1000000u),
		       (unsigned long long)(p[i].mem_bytes / 1024u), p[i].name);
	return 0;
}
