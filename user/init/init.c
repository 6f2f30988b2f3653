/*
 * init: the first user process. For now it proves the user/kernel boundary: it runs in user mode
 * from a signed executable, makes system calls, and shows that bad arguments come back as errors
 * instead of hurting the kernel. Then it starts the first servers, bootfs and ramfs, mounts them
 * on / and /tmp in its namespace, and runs nstest in that namespace (shared) until it exits.
 */
#include "../lib/sys_ns.h"
#include "../lib/ulib.h"

/* Starts a server with a channel on which it sends back its service handle: the handle or an
 * error. */
static long start_server(const char *name)
{
	handle_t c[2];
	long r = sys_chan_create(c);
	if (r < 0)
		return r;
	/* An empty namespace: sharing ours, which will mount the server's own service, would make
	 * each keep the other alive after everyone else has gone. */
	r = sys_proc_spawn_flags(name, &c[1], 1, 0, PROC_SPAWN_NS_NEW);
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

/* Mounts a new server's service at path; the mount keeps the service, we drop our handle. */
static void mount_server(const char *name, const char *path, unsigned flags)
{
	long svc = start_server(name);
	long r = svc < 0 ? svc : sys_ns_mount(path, (handle_t)svc, flags);
	if (svc > 0)
		sys_handle_close((handle_t)svc);
	printf("init: mount %s on %s: %s\n", name, path, r < 0 ? err_str((int)r) : "done");
}

int main(void)
{
	printf("init: hello from user mode\n");
	uint64_t t0 = sys_clock();
	sys_sleep_until(t0 + 10000000ull);
	uint64_t slept = sys_clock() - t0;
	printf("init: slept %llu us through the kernel's timer\n", (unsigned long long)(slept / 1000));

	/* Each of these must be refused with an error code, never crash the kernel. */
	long r = sys_debug_write((const void *)16, 8);
	printf("init: write from an unmapped address: %s\n", r < 0 ? err_str((int)r) : "accepted?!");
	r = sys_debug_write((const void *)(uintptr_t)&main, SYS_DEBUG_WRITE_MAX + 1);
	printf("init: write longer than the limit: %s\n", r < 0 ? err_str((int)r) : "accepted?!");
	r = ulib_syscall(9999, 0, 0, 0, 0, 0, 0);
	printf("init: unknown system call: %s\n", r < 0 ? err_str((int)r) : "accepted?!");

	mount_server("bootfs", "/", NS_FLAG_REPLACE);
	mount_server("ramfs", "/tmp", NS_FLAG_REPLACE | NS_FLAG_CREATE);
	/* nstest shares our namespace; we wait until its end of the channel closes (it exited). */
	handle_t c[2];
	if (sys_chan_create(c) == 0) {
		r = sys_proc_spawn("nstest", &c[1], 1, 0);
		if (r < 0) {
			printf("init: spawn nstest: %s\n", err_str((int)r));
		} else {
			char none[4];
			struct chan_io io = { none, sizeof none, NULL, 0 };
			while (sys_chan_recv(c[0], &io, CHAN_WAIT_FOREVER) >= 0)
				io.len = sizeof none;
		}
		sys_handle_close(c[0]);
	}
	printf("init: done\n");
	return 0;
}
