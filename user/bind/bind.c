/* bind [-b|-a] [-c] old new: what old names is also seen at new (docs/commands.md). */
#include <errno.h>
#include <stdio.h>

#include "fd.h"
#include "sys_ns.h"

int main(int argc, char **argv)
{
	unsigned flags;
	int i = libc_ns_flags(argc, argv, &flags);
	if (i < 0 || argc - i != 2) {
		dprintf(2, "usage: bind [-b|-a] [-c] old new\n");
		return 1;
	}
	char old[LIBC_PATH_MAX], new[LIBC_PATH_MAX];
	for (int k = 0; k < 2; k++) {
		if (libc_abspath(argv[i + k], k ? new : old) != 0) {
			dprintf(2, "bind: %s: %s\n", argv[i + k], errstr());
			return 1;
		}
	}
	long r = sys_ns_bind(old, new, flags);
	if (r < 0) {
		dprintf(2, "bind: %s %s: %s\n", old, new, err_str((int)r));
		return 1;
	}
	return 0;
}
