/*
 * sys_ns: the service and namespace system calls (docs/syscalls.md, docs/namespaces.md). Like
 * ipc.h's: each takes raw argument registers, validates every one, reaches user memory only
 * through hal_copy_from_user/to_user, and turns handles into objects only through handle_get.
 * A process's namespace is its own (process->ns): these calls change or read the caller's, so
 * they take no Ns handle; sharing and copying happen at proc_spawn.
 */
#ifndef SYS_NS_H
#define SYS_NS_H

#include <stdint.h>

intptr_t sys_svc_create(uintptr_t out);
intptr_t sys_svc_connect(uintptr_t h);
intptr_t sys_ns_mount(uintptr_t path, uintptr_t len, uintptr_t svc, uintptr_t flags);
intptr_t sys_ns_bind(uintptr_t old, uintptr_t oldlen, uintptr_t new, uintptr_t newlen,
		     uintptr_t flags);
intptr_t sys_ns_unmount(uintptr_t path, uintptr_t len, uintptr_t svc);
intptr_t sys_ns_open(uintptr_t path, uintptr_t len, uintptr_t index, uintptr_t info);
intptr_t sys_ns_list(uintptr_t buf, uintptr_t size);
intptr_t sys_bootfs_read(uintptr_t offset, uintptr_t buf, uintptr_t len);

#endif
