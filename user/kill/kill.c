/* kill pid...: ends processes by pid with the process-control handle (env proc.ctl; see ps) (docs/commands.md). */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys_proc.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		dprintf(2, "usage: kill pid...\n");
		return 1;
	}
	unsigned long pids[32];
	if (argc - 1 > 32) {
		dprintf(2, "kill: at most 32 pids at once\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		char *end;
		errno = 0;
		pids[i - 1] = strtoul(argv[i], &end, 10);
		if (errno || *end || end == argv[i] || argv[i][0] == '-' || pids[i - 1] > 0xffffffffu) {
			dprintf(2, "usage: kill pid...\n");
			return 1;
		}
	}
	handle_t ctl = proc_ctl_handle();
	if (!ctl) {
		dprintf(2, "kill: no process-control handle (env proc.ctl)\n");
		return 1;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		long r = sys_proc_kill_pid(ctl, (unsigned)pids[i - 1]);
		if (r < 0) {
			dprintf(2, "kill: %s: %s\n", argv[i],
				r == ERR_NOENT ? "no such process" : r == ERR_STATE ? "already ending" : err_str((int)r));
			status = 1;
		}
	}
	return status;
}
