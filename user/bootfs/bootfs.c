/*
 * bootfs: serves the boot archive read-only over 9P (lib/bootfs9p), the first root file system.
 * Started with one handle, a channel on which it sends its service handle back to the starter,
 * which mounts it. The archive comes from the kernel by bootfs_read, copied once into a static
 * buffer: there are no Mem objects to map it by yet (docs/servers.md).
 */
#include "../lib/p9serve.h"
#include "../lib/sys_ns.h"
#include "../lib/ulib.h"
#include <bootfs9p.h>
#include <le.h>

/* The shell and its commands (issue 5) took the archive past 1 MiB; 4 MiB leaves room for more
 * programs. The buffer is .bss: its pages are only this process's memory. */
#define ARCHIVE_MAX (4u * 1024u * 1024u)

static uint8_t archive[ARCHIVE_MAX] __attribute__((aligned(4096)));
static struct bootfs fs;
static struct bootfs9p tree;

static void *session(void *ctx, unsigned slot)
{
	(void)slot;
	return ctx; /* nothing in the tree depends on the client */
}

int main(void)
{
	handle_t start;
	if (sys_handle_startup(&start, 1) != 1) {
		printf("bootfs: started without a reply channel\n");
		return 1;
	}
	long r = sys_bootfs_read(0, archive, BOOTFS_HEADER_SIZE);
	uint64_t size = r == BOOTFS_HEADER_SIZE ? le64(archive + 16) : 0;
	if (size < BOOTFS_HEADER_SIZE || size > sizeof archive) {
		printf("bootfs: archive of %llu bytes does not fit %u\n", (unsigned long long)size,
		       ARCHIVE_MAX);
		return 1;
	}
	r = sys_bootfs_read(0, archive, (size_t)size);
	const char *err = r == (long)size ? bootfs_open(&fs, archive, (size_t)size) : "short read";
	if (err) {
		printf("bootfs: %s\n", err);
		return 1;
	}
	bootfs9p_init(&tree, &fs, "sys");
	handle_t svc[2];
	if (sys_svc_create(svc) != 0) {
		printf("bootfs: cannot create the service\n");
		return 1;
	}
	/* The service goes to the starter; we keep only the listening end, so when every mount
	 * of it is gone the listener says so and we exit. */
	struct chan_io io = { "bootfs", 6, &svc[1], 1 };
	if (sys_chan_send(start, &io) != 0) {
		printf("bootfs: cannot hand over the service\n");
		return 1;
	}
	sys_handle_close(start);
	printf("bootfs: serving %u files\n", fs.count);
	struct p9serve s = { &bootfs9p_ops, session, &tree, "bootfs" };
	return p9serve_run(&s, svc[0]) < 0;
}
