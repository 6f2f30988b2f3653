/*
 * ipcbusy: the medium-priority CPU hog of the priority-across-IPC check. It computes for 50 ms of
 * wall time, then says "done" on the channel it was given at startup.
 */
#include "../lib/sys_ipc.h"
#include "../lib/ulib.h"

int main(void)
{
	handle_t ch;
	if (sys_handle_startup(&ch, 1) != 1)
		return 1;
	uint64_t end = sys_clock() + 50000000ull;
	while (sys_clock() < end)
		;
	struct chan_io io = { (void *)"done", 4, NULL, 0 };
	long r = sys_chan_send(ch, &io);
	return r < 0 ? 1 : 0;
}
