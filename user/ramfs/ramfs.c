/*
 * ramfs: a RAM file system served over 9P (lib/ramfs) in a static arena, for /tmp. Started like
 * bootfs: one handle, a channel on which it sends its service handle back. Each connection gets
 * its own ramfs_session (the attaching user), all over one shared tree.
 */
#include "../lib/p9serve.h"
#include "../lib/sys_ns.h"
#include "../lib/ulib.h"
#include <ramfs.h>

#define ARENA_SIZE (256u * 1024u)

static uint8_t arena[ARENA_SIZE] __attribute__((aligned(16)));
static struct ramfs fs;
static struct ramfs_session sessions[P9SERVE_MAX_CONN];

static void *session(void *ctx, unsigned slot)
{
	ramfs_session_init(&sessions[slot], ctx);
	return &sessions[slot];
}

int main(void)
{
	handle_t start;
	if (sys_handle_startup(&start, 1) != 1) {
		printf("ramfs: started without a reply channel\n");
		return 1;
	}
	const char *err = ramfs_init(&fs, arena, sizeof arena, 256, "sys");
	if (err) {
		printf("ramfs: %s\n", err);
		return 1;
	}
	fs.now = (uint32_t)(sys_clock() / 1000000000ull);
	handle_t svc[2];
	if (sys_svc_create(svc) != 0) {
		printf("ramfs: cannot create the service\n");
		return 1;
	}
	struct chan_io io = { "ramfs", 5, &svc[1], 1 };
	if (sys_chan_send(start, &io) != 0) {
		printf("ramfs: cannot hand over the service\n");
		return 1;
	}
	sys_handle_close(start);
	printf("ramfs: serving %u KiB\n", ARENA_SIZE / 1024);
	struct p9serve s = { &ramfs_ops, session, &fs, "ramfs" };
	return p9serve_run(&s, svc[0]) < 0;
}
