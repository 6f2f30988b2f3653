/*
 * mount [-b|-a] [-c] server path: starts the server program (from the boot archive) and mounts
 * its service at path in this namespace, which the caller shares unless it started us otherwise
 * (docs/commands.md).
 */
#include <errno.h>
#include <stdio.h>

#include "fd.h"
#include "srv.h"
#include "sys_ns.h"

int main(int argc, char **argv)
{
	unsigned flags;
	int i = libc_ns_flags(argc, argv, &flags);
	if (i < 0 || argc - i != 2) {
		dprintf(2, "usage: mount [-b|-a] [-c] server path\n");
		return 1;
	}
	char path[LIBC_PATH_MAX];
	if (libc_abspath(argv[i + 1], path) != 0) {
		dprintf(2, "mount: %s: %s\n", argv[i + 1], errstr());
		return 1;
	}
	long svc = srv_start(argv[i]);
	if (svc < 0) {
		dprintf(2, "mount: %s: %s\n", argv[i], err_str((int)svc));
		return 1;
	}
	long r = sys_ns_mount(path, (handle_t)svc, flags);
	sys_handle_close((handle_t)svc);
	if (r < 0) {
		dprintf(2, "mount: %s: %s\n", path, err_str((int)r));
		return 1;
	}
	return 0;
}
