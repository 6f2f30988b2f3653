/* sys_ns: wrappers for the service and namespace system calls; see sys_ns.h. */
#include "sys_ns.h"
#include "ulib.h"
#include <mem.h>

long sys_svc_create(handle_t out[2])
{
	return ulib_syscall(SYS_SVC_CREATE, (long)out, 0, 0, 0, 0, 0);
}

long sys_svc_connect(handle_t svc)
{
	return ulib_syscall(SYS_SVC_CONNECT, (long)svc, 0, 0, 0, 0, 0);
}

long svc_accept(handle_t listen, uint64_t deadline)
{
	/* A connection request is a message with no bytes and one handle (docs/namespaces.md);
	 * room for a few bytes only so that anything else is refused as too big, not misread. */
	char none[1];
	handle_t h = 0;
	struct chan_io io = { none, sizeof none, &h, 1 };
	long r = sys_chan_recv(listen, &io, deadline);
	if (r < 0)
		return r;
	if (io.nhandles != 1)
		return ERR_INVAL;
	return (long)h;
}

long sys_ns_mount(const char *path, handle_t svc, unsigned flags)
{
	return ulib_syscall(SYS_NS_MOUNT, (long)path, (long)strlen(path), (long)svc, (long)flags, 0,
			    0);
}

long sys_ns_bind(const char *old, const char *new, unsigned flags)
{
	return ulib_syscall(SYS_NS_BIND, (long)old, (long)strlen(old), (long)new, (long)strlen(new),
			    (long)flags, 0);
}

long sys_ns_unmount(const char *path, handle_t svc)
{
	return ulib_syscall(SYS_NS_UNMOUNT, (long)path, (long)strlen(path), (long)svc, 0, 0, 0);
}

long sys_ns_open(const char *path, unsigned index, struct ns_open_info *info)
{
	return ulib_syscall(SYS_NS_OPEN, (long)path, (long)strlen(path), (long)index, (long)info, 0,
			    0);
}

long sys_ns_list(char *buf, size_t size)
{
	return ulib_syscall(SYS_NS_LIST, (long)buf, (long)size, 0, 0, 0, 0);
}

long sys_bootfs_read(size_t offset, void *buf, size_t len)
{
	return ulib_syscall(SYS_BOOTFS_READ, (long)offset, (long)buf, (long)len, 0, 0, 0);
}

long sys_proc_spawn_flags(const char *path, const handle_t *handles, unsigned n, unsigned prio,
			  unsigned flags)
{
	return ulib_syscall(SYS_PROC_SPAWN, (long)path, (long)strlen(path), (long)handles, (long)n,
			    (long)prio, (long)flags);
}
