/*
 * sys_ns: user wrappers for the service and namespace system calls (docs/syscalls.md,
 * docs/namespaces.md). Paths are C strings here; the kernel gets (pointer, length). Each returns
 * what the kernel returned: a result >= 0 or an err.h code.
 */
#ifndef SYS_NS_H
#define SYS_NS_H

#include "sys_ipc.h"

/* out[0]: the listening end (chan_recv on it takes connections), out[1]: the service. */
long sys_svc_create(handle_t out[2]);
/* A new channel to the service's server. */
long sys_svc_connect(handle_t svc);
/* Takes the next connection from a listening end: the server's end of a fresh channel. */
long svc_accept(handle_t listen, uint64_t deadline);
long sys_ns_mount(const char *path, handle_t svc, unsigned flags);
long sys_ns_bind(const char *old, const char *new, unsigned flags);
/* svc 0: the whole mount point. */
long sys_ns_unmount(const char *path, handle_t svc);
/* Connects to member index of the union covering path; *info says what to walk there. */
long sys_ns_open(const char *path, unsigned index, struct ns_open_info *info);
/* The namespace as `ns` text in buf (at most size bytes, no NUL); returns the whole length. */
long sys_ns_list(char *buf, size_t size);
long sys_bootfs_read(size_t offset, void *buf, size_t len);
/* proc_spawn with flags (PROC_SPAWN_NS_COPY). */
long sys_proc_spawn_flags(const char *path, const handle_t *handles, unsigned n, unsigned prio,
			  unsigned flags);

#endif
