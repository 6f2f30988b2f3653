/*
 * nstest: namespaces end to end (system test `ns`). init mounts bootfs on / and ramfs on /tmp and
 * runs this; it lists /, writes a file in /tmp and reads it back, binds /tmp elsewhere and
 * unmounts it, and starts itself twice as a child that binds /tmp on /n/child: once with a copy
 * of the namespace (the parent must not see the bind: unshare) and once sharing it (it must).
 *
 * A child knows it is one by a command already queued on its startup channel when it starts.
 */
#include "../lib/p9client.h"
#include "../lib/sys_ns.h"
#include "../lib/ulib.h"
#include <mem.h>

#define USER "glenda"

static struct p9c c;
static char buf[4096];
static unsigned failures;

static void check(int ok, const char *what)
{
	printf("nstest: %s ... %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static void mode_string(uint32_t mode, char out[11])
{
	const char *rwx = "rwxrwxrwx";
	out[0] = mode & P9_DMDIR ? 'd' : '-';
	for (unsigned i = 0; i < 9; i++)
		out[1 + i] = mode & (1u << (8 - i)) ? rwx[i] : '-';
	out[10] = '\0';
}

/* Lists a directory, one line per entry, like ls -l. Returns the entry count or -1. */
static long ls(const char *path)
{
	long fid = p9c_nsopen(&c, path, USER);
	if (fid < 0 || p9c_open(&c, (uint32_t)fid, P9_OREAD) != 0) {
		printf("nstest: ls %s: %s\n", path, c.err);
		p9c_hangup(&c);
		return -1;
	}
	long entries = 0;
	uint64_t off = 0;
	for (;;) {
		long n = p9c_read(&c, (uint32_t)fid, off, buf, sizeof buf);
		if (n <= 0)
			break;
		off += (uint64_t)n;
		for (size_t at = 0; at < (size_t)n;) {
			struct p9_stat st;
			size_t used;
			if (p9_stat_decode(&st, (const uint8_t *)buf + at, (size_t)n - at, &used)) {
				printf("nstest: ls %s: bad directory entry\n", path);
				break;
			}
			char m[11];
			mode_string(st.mode, m);
			printf("nstest: ls %s: %s %6llu %.*s\n", path, m,
			       (unsigned long long)st.length, (int)st.name.len, st.name.s);
			entries++;
			at += used;
		}
	}
	p9c_hangup(&c);
	return entries;
}

/* The whole of a (small) file into buf, NUL-terminated; its length or -1 (reason in c.err). */
static long readfile(const char *path)
{
	long fid = p9c_nsopen(&c, path, USER);
	long len = -1;
	if (fid >= 0 && p9c_open(&c, (uint32_t)fid, P9_OREAD) == 0) {
		len = 0;
		long n;
		while ((n = p9c_read(&c, (uint32_t)fid, (uint64_t)len, buf + len,
				     (uint32_t)(sizeof buf - 1 - (size_t)len))) > 0)
			len += n;
		if (n < 0)
			len = -1;
		else
			buf[len] = '\0';
	}
	p9c_hangup(&c);
	return len;
}

static long writefile(const char *path, const char *text)
{
	const char *leaf;
	long fid = p9c_nsparent(&c, path, USER, &leaf);
	long n = -1;
	if (fid >= 0 && p9c_create(&c, (uint32_t)fid, leaf, 0644, P9_OWRITE) == 0)
		n = p9c_write(&c, (uint32_t)fid, 0, text, (uint32_t)strlen(text));
	p9c_hangup(&c);
	return n;
}

static void show_ns(const char *who)
{
	long n = sys_ns_list(buf, sizeof buf - 1);
	if (n < 0) {
		printf("%s: ns: %s\n", who, err_str((int)n));
		return;
	}
	buf[(size_t)n < sizeof buf - 1 ? (size_t)n : sizeof buf - 1] = '\0';
	for (char *line = buf; *line;) {
		char *end = line;
		while (*end && *end != '\n')
			end++;
		printf("%s: ns: %.*s\n", who, (int)(end - line), line);
		line = *end ? end + 1 : end;
	}
}

static int child(handle_t ch, const char *how)
{
	long r = sys_ns_bind("/tmp", "/n/child", NS_FLAG_REPLACE);
	printf("nstest child: bind /tmp /n/child in a %s namespace: %s\n", how,
	       r < 0 ? err_str((int)r) : "done");
	long n = readfile("/n/child/hello");
	printf("nstest child: /n/child/hello: %s\n", n < 0 ? c.err : buf);
	struct chan_io io = { "done", 4, NULL, 0 };
	sys_chan_send(ch, &io);
	return r < 0 || n < 0;
}

/* Starts a child nstest with a copied or shared namespace and waits until it has bound. */
static void run_child(bool copy)
{
	handle_t ch[2];
	sys_chan_create(ch);
	const char *cmd = copy ? "copied" : "shared";
	struct chan_io io = { (void *)cmd, (uint32_t)strlen(cmd), NULL, 0 };
	sys_chan_send(ch[0], &io);
	long pid = sys_proc_spawn_flags("nstest", &ch[1], 1, 0, copy ? PROC_SPAWN_NS_COPY : 0);
	if (pid < 0) {
		printf("nstest: spawn: %s\n", err_str((int)pid));
		failures++;
	} else {
		char reply[8];
		struct chan_io r = { reply, sizeof reply, NULL, 0 };
		sys_chan_recv(ch[0], &r, CHAN_WAIT_FOREVER);
	}
	sys_handle_close(ch[0]);
}

int main(void)
{
	handle_t start = 0;
	if (sys_handle_startup(&start, 1) == 1) {
		char cmd[8];
		struct chan_io io = { cmd, sizeof cmd - 1, NULL, 0 };
		long n = sys_chan_recv(start, &io, 0);
		if (n > 0) {
			cmd[n] = '\0';
			return child(start, cmd);
		}
	}

	show_ns("nstest");
	long n = ls("/");
	check(n > 0, "ls / lists the boot archive");

	n = writefile("/tmp/hello", "hello, namespace");
	check(n == 16, "write /tmp/hello");
	n = readfile("/tmp/hello");
	printf("nstest: read back /tmp/hello: %s\n", n < 0 ? c.err : buf);
	check(n == 16 && strcmp(buf, "hello, namespace") == 0, "/tmp/hello reads back");
	ls("/tmp");

	long r = sys_ns_bind("/tmp", "/n/t", NS_FLAG_REPLACE);
	check(r == 0, "bind /tmp /n/t");
	n = readfile("/n/t/hello");
	printf("nstest: after bind, /n/t/hello: %s\n", n < 0 ? c.err : buf);
	show_ns("nstest");
	r = sys_ns_unmount("/n/t", 0);
	check(r == 0, "unmount /n/t");
	n = readfile("/n/t/hello");
	printf("nstest: after unmount, /n/t/hello: %s\n", n < 0 ? c.err : buf);
	check(n < 0, "/n/t/hello is gone after the unmount");
	r = sys_ns_unmount("/n/t", 0);
	printf("nstest: unmount /n/t again: %s\n", r < 0 ? err_str((int)r) : "accepted?!");
	printf("nstest: mount a bad handle: %s\n",
	       err_str((int)sys_ns_mount("/x", 12345, NS_FLAG_REPLACE)));
	printf("nstest: bind a relative path: %s\n",
	       err_str((int)sys_ns_bind("tmp", "/y", NS_FLAG_REPLACE)));

	run_child(true);
	n = readfile("/n/child/hello");
	printf("nstest: after the copied child, /n/child/hello: %s\n", n < 0 ? c.err : buf);
	check(n < 0, "a bind made in a copied namespace stays in the child");
	run_child(false);
	n = readfile("/n/child/hello");
	printf("nstest: after the sharing child, /n/child/hello: %s\n", n < 0 ? c.err : buf);
	check(n == 16, "a bind made in a shared namespace is seen by the parent");
	sys_ns_unmount("/n/child", 0);

	long fid = p9c_nsopen(&c, "/tmp/hello", USER);
	r = fid < 0 ? -1 : p9c_remove(&c, (uint32_t)fid);
	p9c_hangup(&c);
	n = readfile("/tmp/hello");
	check(r == 0 && n < 0, "remove /tmp/hello");
	printf("nstest: %s\n", failures ? "FAILED" : "done");
	return failures ? 1 : 0;
}
