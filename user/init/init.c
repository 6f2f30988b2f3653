/*
 * init: the first user process, started by the kernel with the root resource and the kernel
 * command line's words as its arguments. It first shows that the user/kernel boundary holds (bad
 * system call arguments come back as errors), then starts the first servers and mounts them in
 * its namespace: bootfs (the boot archive, read-only) at /, ramfs at /tmp. What follows depends
 * on the command line:
 *
 *   nstest     run nstest in this namespace (test `ns`)
 *   poweroff   a boot that is meant to end: init exits, and the kernel powers off once every
 *              process has gone
 *   otherwise  the console: start cons with the UART's registers and line, mount it at /dev, make
 *              the process-control resource, and run login on /dev/cons, again each time it
 *              exits, like a getty
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../lib/sys_dev.h"
#include "../lib/srv.h"
#include "../lib/sys_ns.h"
#include "../lib/ulib.h"

/* A login that ends sooner than this after starting is restarted only after this long, so that a
 * console that keeps failing does not keep the machine busy. */
#define INIT_RESPAWN_NS 1000000000ull

static bool has_word(int argc, char **argv, const char *word)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], word) == 0)
			return true;
	return false;
}

/* Mounts a new server's service at path; the mount keeps the service, we drop our handle. */
static long mount_server(const char *name, const handle_t *extra, unsigned nextra,
			 const char *path, unsigned flags)
{
	long svc = srv_start_handles(name, extra, nextra);
	long r = svc < 0 ? svc : sys_ns_mount(path, (handle_t)svc, flags);
	if (svc > 0)
		sys_handle_close((handle_t)svc);
	printf("init: mount %s on %s: %s\n", name, path, r < 0 ? err_str((int)r) : "done");
	return r;
}

/* nstest shares our namespace; we wait until its end of the channel closes (it exited). */
static void run_nstest(void)
{
	handle_t c[2];
	if (sys_chan_create(c) < 0)
		return;
	long r = sys_proc_spawn("nstest", &c[1], 1, 0);
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

/* The console: cons on the UART, mounted at /dev. */
static long start_console(handle_t root)
{
	handle_t regs, irq;
	long r = dev_console_slice(root, NULL, &regs, &irq);
	if (r < 0) {
		printf("init: the console UART: %s\n", err_str((int)r));
		return r;
	}
	handle_t give[2] = { regs, irq };
	return mount_server("cons", give, 2, "/dev", NS_FLAG_REPLACE);
}

/* Runs login on /dev/cons, again each time it ends. Never returns. init gives login its own
 * sessions on the console and keeps none itself: a console server has a fixed number of
 * connections, and every process holding the console uses some. */
static void run_logins(handle_t proc_ctl)
{
	for (;;) {
		uint64_t t0 = sys_clock();
		int fd = open("/dev/cons", O_RDWR);
		if (fd < 0) {
			printf("init: /dev/cons: %s\n", errstr());
		} else {
			char *argv[] = { "login", NULL };
			struct spawn_attr a = { .fd = { fd, fd, fd }, .proc_ctl = proc_ctl };
			uint32_t proc;
			long r = spawn("login", argv, &a, &proc);
			if (r < 0)
				printf("init: login: %s\n", errstr());
			close(fd);
			if (r >= 0) {
				int code;
				if (waitproc(proc, &code) < 0)
					printf("init: login: %s\n", errstr());
				sys_handle_close(proc);
			}
		}
		if (sys_clock() - t0 < INIT_RESPAWN_NS)
			sys_sleep_until(t0 + INIT_RESPAWN_NS);
	}
}

int main(int argc, char **argv)
{
	handle_t root = 0;
	sys_handle_startup(&root, 1);

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

	mount_server("bootfs", NULL, 0, "/", NS_FLAG_REPLACE);
	mount_server("ramfs", NULL, 0, "/tmp", NS_FLAG_REPLACE | NS_FLAG_CREATE);
	if (has_word(argc, argv, "nstest"))
		run_nstest();
	if (has_word(argc, argv, "poweroff")) {
		printf("init: done\n");
		return 0;
	}

	if (start_console(root) < 0)
		return 1;
	long ctl = sys_resource_slice(root, RES_PROC, 0, 0);
	if (ctl < 0)
		printf("init: the process-control resource: %s; ps and kill will not work\n",
		       err_str((int)ctl));
	run_logins(ctl < 0 ? 0 : (handle_t)ctl);
	return 0;
}
