/*
 * ipcpong: the echo server of the IPC tests and of `make bench`. It reads its channel end from
 * the startup handles and loops: receive, then reply with the same bytes and the same handles
 * (moved back) and wait for the next request, both in one chan_reply_recv. Two requests are
 * special: "spin N" computes for N ms before replying (the priority-across-IPC check), and "quit"
 * exits without replying, so the other end sees the channel close.
 */
#include "../lib/sys_ipc.h"
#include "../lib/ulib.h"
#include <mem.h>

static uint8_t buf[CHAN_MSG_MAX];

static void spin_ms(unsigned ms)
{
	uint64_t end = sys_clock() + (uint64_t)ms * 1000000u;
	while (sys_clock() < end)
		;
}

int main(void)
{
	handle_t start[PROC_STARTUP_MAX];
	long n = sys_handle_startup(start, PROC_STARTUP_MAX);
	if (n < 1) {
		printf("ipcpong: no channel among the startup handles\n");
		return 1;
	}
	handle_t ch = start[0];
	handle_t hs[CHAN_MSG_HANDLES];
	struct chan_io io = { buf, sizeof buf, hs, CHAN_MSG_HANDLES };
	long r = sys_chan_recv(ch, &io, CHAN_WAIT_FOREVER);
	for (;;) {
		if (r == ERR_PEER_CLOSED)
			return 0;
		if (r < 0) {
			printf("ipcpong: reply or receive failed: %s\n", err_str((int)r));
			return 1;
		}
		if (r == 4 && memcmp(buf, "quit", 4) == 0)
			return 0;
		if (r > 5 && memcmp(buf, "spin ", 5) == 0) {
			unsigned ms = 0;
			for (long i = 5; i < r && buf[i] >= '0' && buf[i] <= '9'; i++)
				ms = ms * 10 + (buf[i] - '0');
			spin_ms(ms);
		}
		/* The reply and the wait for the next request are one system call. */
		struct chan_io reply = { buf, io.len, hs, io.nhandles };
		io = (struct chan_io){ buf, sizeof buf, hs, CHAN_MSG_HANDLES };
		r = sys_chan_reply_recv(ch, &reply, &io, CHAN_WAIT_FOREVER);
	}
}
