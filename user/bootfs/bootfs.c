/*
 * bootfs: serves the boot archive read-only over 9P (lib/bootfs9p), the first root file system.
 * Started with one handle, a channel on which it sends its service handle back to the starter,
 * which mounts it. The archive comes from the kernel by bootfs_read, copied once into anonymous
 * memory (a Mem of the archive's size), so the archive may grow with the programs in it
 * (docs/servers.md).
 */
#include "../lib/p9serve.h"
#include "../lib/sys_dev.h"
#include "../lib/sys_ns.h"
#include "../lib/ulib.h"
#include <bootfs9p.h>
#include <le.h>

/* Refused above this: a sanity bound on what the kernel reports, not a buffer size. */
#define ARCHIVE_MAX (64u * 1024u * 1024u)

static uint8_t header[BOOTFS_HEADER_SIZE];
static struct bootfs fs;
static struct bootfs9p tree;

/* Anonymous memory for size bytes, in one piece: one Mem where the kernel allows one that large
 * (without an MMU, where a hint cannot place pages, a Mem may be MEM_ANON_MAX_PAGES_NOMMU pages);
 * else several of MEM_ANON_MAX_PAGES, each mapped right after the one before (the kernel places a
 * mapping above the last one; the hint asks for exactly that). NULL after saying why. */
static uint8_t *map_archive(size_t size)
{
	size_t whole = (size + 4095u) & ~(size_t)4095u;
	long one = sys_mem_create(whole);
	if (one >= 0) {
		void *va = NULL;
		long r = sys_mem_map((handle_t)one, 0, whole, 0, MEM_MAP_WRITE, &va);
		sys_handle_close((handle_t)one); /* the mapping keeps the memory */
		if (r < 0) {
			printf("bootfs: cannot map an archive of %zu bytes: %s\n", size, err_str((int)r));
			return NULL;
		}
		return va;
	}
	const size_t chunk = MEM_ANON_MAX_PAGES * 4096u;
	uintptr_t base = 0;
	for (size_t done = 0; done < size; done += chunk) {
		size_t len = size - done < chunk ? ((size - done + 4095u) & ~(size_t)4095u) : chunk;
		long mem = sys_mem_create(len);
		void *va = NULL;
		long r = mem < 0 ? mem :
			 sys_mem_map((handle_t)mem, 0, len, base ? base + done : 0, MEM_MAP_WRITE, &va);
		if (mem >= 0)
			sys_handle_close((handle_t)mem); /* the mapping keeps the memory */
		if (r == 0 && base && (uintptr_t)va != base + done)
			r = ERR_NOMEM;
		if (r < 0) {
			printf("bootfs: no memory for an archive of %zu bytes: %s\n", size, err_str((int)r));
			return NULL;
		}
		if (!base)
			base = (uintptr_t)va;
	}
	return (uint8_t *)base;
}

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
	long r = sys_bootfs_read(0, header, BOOTFS_HEADER_SIZE);
	uint64_t size = r == BOOTFS_HEADER_SIZE ? le64(header + 16) : 0;
	if (size < BOOTFS_HEADER_SIZE || size > ARCHIVE_MAX) {
		printf("bootfs: archive of %llu bytes is out of range (at most %u)\n",
		       (unsigned long long)size, ARCHIVE_MAX);
		return 1;
	}
	uint8_t *archive = map_archive((size_t)size);
	if (!archive)
		return 1;
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
