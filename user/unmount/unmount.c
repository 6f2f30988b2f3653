/* unmount path: removes everything mounted or bound at path (docs/commands.md). */
#include <errno.h>
#include <stdio.h>

#include "fd.h"
#include "sys_ns.h"

int main(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		dprintf(2, "usage: unmount path\n");
		return 1;
	}
	char path[LIBC_PATH_MAX];
	if (libc_abspath(argv[1], path) != 0) {
		dprintf(2, "unmount: %s: %s\n", argv[1], errstr());
		return 1;
	}
	long r = sys_ns_unmount(path, 0);
	if (r < 0) {
		dprintf(2, "unmount: %s: %s\n", path, err_str((int)r));
		return 1;
	}
	return 0;
}
