/*
 * srv: starting a server program and getting its service back (docs/libc.md "Servers"). The
 * convention bootfs, ramfs and cons follow: the server's startup handle 0 is a channel on which
 * it sends one message carrying its Service handle; further startup handles are its own (cons:
 * the UART's registers and line).
 */
#ifndef SRV_H
#define SRV_H

#include "sys_ipc.h"

/* Starts name from the boot archive in an empty namespace (sharing ours, in which its own
 * service may get mounted, would keep it alive forever) with extra[0..n) moved in as startup
 * handles 1..n, and waits for its Service handle: the handle, or a negative err.h code (the
 * server exited without sending one: ERR_PEER_CLOSED). n <= PROC_STARTUP_MAX - 1. */
long srv_start_handles(const char *name, const handle_t *extra, unsigned n);
/* srv_start_handles with no extra handles. */
long srv_start(const char *name);
/* srv_start, then mounts the service at path with flags (NS_FLAG_*); the mount keeps the
 * service, our handle is closed. 0 or a negative err.h code. */
long srv_mount(const char *name, const char *path, unsigned flags);

#endif
