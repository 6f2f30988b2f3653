/* srv: starting servers; see srv.h. Freestanding only. */
#include "libc.h"

#if !__STDC_HOSTED__
#include "srv.h"
#include "sys_ns.h"

long srv_start_handles(const char *name, const handle_t *extra, unsigned n)
{
	handle_t hs[PROC_STARTUP_MAX];
	if (n >= PROC_STARTUP_MAX)
		return ERR_INVAL;
	handle_t c[2];
	long r = sys_chan_create(c);
	if (r < 0)
		return r;
	hs[0] = c[1];
	for (unsigned i = 0; i < n; i++)
		hs[1 + i] = extra[i];
	r = sys_proc_spawn_flags(name, hs, n + 1, 0, PROC_SPAWN_NS_NEW);
	if (r >= 0) {
		char tag[16];
		handle_t svc = 0;
		struct chan_io io = { tag, sizeof tag, &svc, 1 };
		r = sys_chan_recv(c[0], &io, CHAN_WAIT_FOREVER);
		r = r < 0 ? r : io.nhandles == 1 ? (long)svc : ERR_INVAL;
	} else {
		sys_handle_close(c[1]);
	}
	sys_handle_close(c[0]);
	return r;
}

long srv_start(const char *name)
{
	return srv_start_handles(name, NULL, 0);
}

long srv_mount(const char *name, const char *path, unsigned flags)
{
	long svc = srv_start(name);
	if (svc < 0)
		return svc;
	long r = sys_ns_mount(path, (handle_t)svc, flags);
	sys_handle_close((handle_t)svc);
	return r < 0 ? r : 0;
}
#endif
