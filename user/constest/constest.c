/*
 * constest: the system test of the console (test `cons`, run as init=constest so that it holds
 * the root resource). It checks the device calls' refusals and an anonymous Mem, slices the
 * console UART's registers (or I/O ports) and line from the root resource, starts cons with them
 * as init will (SPEC-shell.md section 2), takes its service back, mounts it at /dev in its own
 * namespace and uses /dev/cons and /dev/consctl over 9P: a line written, then lines the test
 * harness types (the `type:` lines of cons.case) read back through the line discipline: plain,
 * edited with backspace and ^U, CR LF, a short read, ^D, echo off, raw mode, two sessions'
 * waiting reads answered oldest first, a flushed read, and a malformed 9P message.
 *
 * With the word `flood` on the kernel command line (test `consflood`) it instead lets the harness
 * type far more than cons queues while it does not read, then reads it all: nothing may be lost.
 *
 * Prompts and results go to the kernel's debug console ("constest: ..."), one line per claim;
 * what the harness should type next is announced by a line "constest: type ...".
 */
#include "../lib/p9client.h"
#include "../lib/sys_dev.h"
#include "../lib/sys_ipc.h"
#include "../lib/sys_ns.h"
#include "../lib/sys_proc.h"
#include "../lib/ulib.h"
#include <mem.h>

#define USER "glenda"

static unsigned failures;
static struct p9c a, b, ctl;
static char buf[512];

static void check(int ok, const char *what)
{
	printf("constest: %s ... %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static const char *res(long r)
{
	return r < 0 ? err_str((int)r) : "accepted";
}

static const char *kind_name(uint32_t k)
{
	switch (k) {
	case DEV_UART_PL011: return "pl011";
	case DEV_UART_NS16550_MMIO: return "ns16550 (mmio)";
	case DEV_UART_NS16550_PIO: return "ns16550 (ports)";
	default: return "none";
	}
}

static void anon_mem(void)
{
	long m = sys_mem_create(2 * 4096);
	check(m > 0, "anonymous Mem of two pages created");
	void *va = NULL;
	long r = sys_mem_map((handle_t)m, 0, 2 * 4096, 0, MEM_MAP_WRITE, &va);
	check(r == 0, "mapped read-write");
	if (r == 0) {
		volatile uint8_t *p = (volatile uint8_t *)va;
		check(p[0] == 0 && p[8191] == 0, "its pages start zeroed");
		p[4096] = 0x5a;
		check(p[4096] == 0x5a, "and hold what is written");
		check(sys_mem_unmap((uintptr_t)va, 4096) == ERR_NOENT,
		      "unmapping half a mapping is refused");
		check(sys_mem_unmap((uintptr_t)va, 2 * 4096) == 0, "unmapped");
	}
	printf("constest: map past the end: %s\n",
	       res(sys_mem_map((handle_t)m, 4096, 2 * 4096, 0, 0, &va)));
	long ro = sys_handle_dup((handle_t)m, RIGHT_READ | RIGHT_MAP);
	printf("constest: writable map of a read-only handle: %s\n",
	       res(sys_mem_map((handle_t)ro, 0, 4096, 0, MEM_MAP_WRITE, &va)));
	printf("constest: anonymous Mem of 3 bytes: %s\n", res(sys_mem_create(3)));
	sys_handle_close((handle_t)ro);
	sys_handle_close((handle_t)m);
}

/* The UART's registers and Irq from the root resource, with the refusals around them. */
static bool slice_uart(handle_t root, long *regs, long *irq)
{
	struct dev_console_info ci;
	long r = sys_console_info(root, &ci);
	check(r == 0 && ci.kind != DEV_UART_NONE, "the kernel describes its console UART");
	printf("constest: console is %s at 0x%llx, line %d\n", kind_name(ci.kind),
	       (unsigned long long)ci.base, (int)ci.line);

	/* No ambient authority: a channel is not a root resource, and a handle without MANAGE
	 * cannot slice. */
	handle_t c[2];
	sys_chan_create(c);
	printf("constest: irq from a channel handle: %s\n",
	       res(sys_resource_slice(c[0], RES_IRQ, (uint64_t)ci.line, 1)));
	sys_handle_close(c[0]);
	sys_handle_close(c[1]);
	long weak = sys_handle_dup(root, RIGHT_READ);
	printf("constest: irq from a root handle without MANAGE: %s\n",
	       res(sys_resource_slice((handle_t)weak, RES_IRQ, (uint64_t)ci.line, 1)));
	sys_handle_close((handle_t)weak);

	/* The slicing init does (shared code: user/lib/sys_dev.c). */
	handle_t rh = 0, ih = 0;
	long sl = dev_console_slice(root, NULL, &rh, &ih);
	*regs = sl < 0 ? sl : (long)rh;
	*irq = sl < 0 ? sl : (long)ih;
	check(*regs > 0, "the UART's registers sliced from the root resource");
	check(*irq > 0, "the UART's line bound to an Irq");
	printf("constest: the same line bound twice: %s\n",
	       res(sys_resource_slice(root, RES_IRQ, (uint64_t)ci.line, 1)));
	printf("constest: ack of a line that has not fired: %s\n", res(sys_irq_ack((handle_t)*irq)));
	printf("constest: poll of a quiet line: %s\n", res(sys_irq_wait((handle_t)*irq, 0)));
	return *regs > 0 && *irq > 0;
}

/* Starts cons as init does and returns its service handle (or an error). */
static long start_cons(long regs, long irq)
{
	handle_t c[2];
	long r = sys_chan_create(c);
	if (r < 0)
		return r;
	handle_t give[3] = { c[1], (handle_t)regs, (handle_t)irq };
	long pid = r = sys_proc_spawn_flags("cons", give, 3, 0, PROC_SPAWN_NS_NEW);
	if (r > 0) {
		char tag[64];
		handle_t svc = 0;
		struct chan_io io = { tag, sizeof tag, &svc, 1 };
		r = sys_chan_recv(c[0], &io, CHAN_WAIT_FOREVER);
		if (r >= 0 && io.nhandles != 1)
			printf("constest: cons did not start: %.*s\n", (int)r, tag);
		r = r < 0 ? r : io.nhandles == 1 ? (long)svc : ERR_INVAL;
	}
	/* Said only now: cons prints its own line before it answers, so the order is fixed. */
	check(pid > 0, "cons started with a channel, the registers and the Irq");
	sys_handle_close(c[0]);
	return r;
}

/* A session with /dev/cons open for reading and writing; its fid, or -1. */
static long open_cons(struct p9c *c)
{
	long fid = p9c_nsopen(c, "/dev/cons", USER);
	if (fid < 0 || p9c_open(c, (uint32_t)fid, P9_ORDWR) != 0) {
		printf("constest: open /dev/cons: %s\n", c->err);
		return -1;
	}
	return fid;
}

static void say(struct p9c *c, long fid, const char *s)
{
	long n = p9c_write(c, (uint32_t)fid, 0, s, (uint32_t)strlen(s));
	if (n != (long)strlen(s))
		printf("constest: write to /dev/cons: %s\n", n < 0 ? c->err : "short");
}

/* One read of at most n bytes into buf (NUL-terminated); its length or -1. */
static long rd(struct p9c *c, long fid, uint32_t n)
{
	long r = p9c_read(c, (uint32_t)fid, 0, buf, n < sizeof buf - 1 ? n : sizeof buf - 1);
	buf[r < 0 ? 0 : r] = '\0';
	if (r < 0)
		printf("constest: read /dev/cons: %s\n", c->err);
	return r;
}

static bool read_is(struct p9c *c, long fid, uint32_t n, const char *want)
{
	long r = rd(c, fid, n);
	return r == (long)strlen(want) && memcmp(buf, want, (size_t)r) == 0;
}

static void prompt(const char *what)
{
	printf("constest: type %s\n", what);
}

/* Sends one 9P message on c's channel without waiting (tags from 1000 on are this file's). */
static bool send_msg(struct p9c *c, struct p9_msg m)
{
	uint8_t b[128];
	size_t n;
	if (p9_encode(&m, b, sizeof b, &n))
		return false;
	struct chan_io io = { b, (uint32_t)n, NULL, 0 };
	return sys_chan_send(c->ch, &io) == 0;
}

/* Receives one reply on c's channel into m (strings and data in c->rx). */
static bool recv_msg(struct p9c *c, struct p9_msg *m)
{
	struct chan_io io = { c->rx, sizeof c->rx, NULL, 0 };
	long n = sys_chan_recv(c->ch, &io, CHAN_WAIT_FOREVER);
	return n > 0 && !p9_decode(m, c->rx, (size_t)n, 0);
}

static bool got_read(struct p9c *c, uint16_t tag, const char *want)
{
	struct p9_msg m;
	return recv_msg(c, &m) && m.type == P9_RREAD && m.tag == tag &&
	       m.count == strlen(want) && memcmp(m.data, want, m.count) == 0;
}

/* Sessions a and b each hold a read; the older (a's) gets the first line. A Tstat round trip on
 * b after sending a's read makes sure cons has taken a's before b's is sent. */
static void two_readers(long fa, long fb)
{
	struct p9_stat st;
	send_msg(&a, (struct p9_msg){ .type = P9_TREAD, .tag = 1000, .fid = (uint32_t)fa, .count = 64 });
	p9c_stat(&b, (uint32_t)fb, &st);
	send_msg(&b, (struct p9_msg){ .type = P9_TREAD, .tag = 1001, .fid = (uint32_t)fb, .count = 64 });
	p9c_stat(&b, P9C_ROOT, &st); /* not a reply to tag 1001: that one waits */
	prompt("two lines for two readers");
	check(got_read(&a, 1000, "first\n"), "the older read got the first line");
	check(got_read(&b, 1001, "second\n"), "the younger read got the second line");

	/* A flushed read gets only its Rflush and takes no input. */
	send_msg(&a, (struct p9_msg){ .type = P9_TREAD, .tag = 1002, .fid = (uint32_t)fa, .count = 64 });
	send_msg(&a, (struct p9_msg){ .type = P9_TFLUSH, .tag = 1003, .oldtag = 1002 });
	struct p9_msg m;
	check(recv_msg(&a, &m) && m.type == P9_RFLUSH && m.tag == 1003,
	      "a waiting read flushed: Rflush and nothing else");
	prompt("a line after the flush");
	check(read_is(&a, fa, 64, "kept\n"), "the line went to the next read, not the flushed one");
}

/* A message cons cannot decode gets Rerror, and the session goes on. */
static void hostile(long fa)
{
	static const uint8_t junk[] = { 12, 0, 0, 0, P9_TREAD, 0x34, 0x12, 1, 2, 3, 4, 5 };
	struct chan_io io = { (void *)junk, sizeof junk, NULL, 0 };
	struct p9_msg m;
	check(sys_chan_send(a.ch, &io) == 0 && recv_msg(&a, &m) && m.type == P9_RERROR &&
		      m.tag == 0x1234,
	      "a truncated Tread gets Rerror");
	printf("constest: cons says: %.*s\n", (int)m.ename.len, m.ename.s);
	check(send_msg(&a, (struct p9_msg){ .type = P9_TREAD, .tag = 1004, .fid = 77, .count = 8 }) &&
		      recv_msg(&a, &m) && m.type == P9_RERROR,
	      "a read of an unknown fid gets Rerror");
	struct p9_stat st;
	check(p9c_stat(&a, (uint32_t)fa, &st) == 0 && p9_str_eq(st.name, "cons"),
	      "the session still works");
}

/* FLOOD_LINES lines "flood NN" padded with dots to FLOOD_LEN bytes, typed at once while nobody
 * reads for two seconds: cons queues what it can, then stops taking input (the UART and QEMU
 * hold the rest) until reads make room. Every line must arrive whole and in order. */
#define FLOOD_LINES 40
#define FLOOD_LEN 60

static void flood(void)
{
	long fa = open_cons(&a);
	check(fa >= 0, "/dev/cons opened over 9P");
	if (fa < 0)
		return;
	prompt("a flood");
	sys_sleep_until(sys_clock() + 2000000000ull);
	unsigned good = 0;
	for (unsigned i = 0; i < FLOOD_LINES; i++) {
		char want[FLOOD_LEN + 2];
		memset(want, '.', FLOOD_LEN);
		want[0] = 'f', want[1] = 'l', want[2] = 'o', want[3] = 'o', want[4] = 'd', want[5] = ' ';
		want[6] = (char)('0' + i / 10);
		want[7] = (char)('0' + i % 10);
		want[8] = ' ';
		want[FLOOD_LEN] = '\n';
		want[FLOOD_LEN + 1] = '\0';
		if (!read_is(&a, fa, 64, want)) {
			printf("constest: line %u of the flood is %s", i, buf);
			break;
		}
		good++;
	}
	printf("constest: %u of %u flooded lines read\n", good, FLOOD_LINES);
	check(good == FLOOD_LINES, "every typed line arrived whole and in order");
	p9c_hangup(&a);
}

/* Whether word is one of this program's arguments (the kernel command line's words). */
static bool has_arg(const char *word)
{
	static char args[512];
	long n = sys_proc_args(args, sizeof args);
	if (n < 0 || (size_t)n > sizeof args)
		return false;
	for (long i = 0; i < n; i += (long)strlen(args + i) + 1)
		if (strcmp(args + i, word) == 0)
			return true;
	return false;
}

static void console(void)
{
	long fa = open_cons(&a), fb = open_cons(&b);
	check(fa >= 0 && fb >= 0, "/dev/cons opened over 9P by two sessions");
	if (fa < 0 || fb < 0)
		return;
	say(&a, fa, "constest: hello through /dev/cons\n");

	/* A prompt as a shell writes one: no newline, the echo follows on the same line. */
	say(&a, fa, "constest: say hello: ");
	check(read_is(&a, fa, 64, "hello\n"), "a typed line read back with its newline");
	prompt("with backspace");
	check(read_is(&a, fa, 64, "abc\n"), "backspace and delete erase");
	prompt("with a killed line");
	check(read_is(&a, fa, 64, "good\n"), "^U erases the line");
	prompt("CR LF");
	check(read_is(&a, fa, 64, "one\n") && read_is(&a, fa, 64, "two\n"),
	      "CR LF ends one line, not two");
	prompt("a line for short reads");
	check(read_is(&b, fb, 3, "abc") && read_is(&b, fb, 64, "def\n"),
	      "a short read leaves the rest of the line for the next");
	prompt("end of file");
	check(rd(&a, fa, 64) == 0, "^D at the start of a line: a read of 0 bytes");
	prompt("after end of file");
	check(read_is(&a, fa, 64, "more\n"), "reading goes on after end of file");

	long cf = p9c_nsopen(&ctl, "/dev/consctl", USER);
	bool ok = cf >= 0 && p9c_open(&ctl, (uint32_t)cf, P9_OWRITE) == 0;
	check(ok, "/dev/consctl opened for writing");
	if (!ok)
		return;
	check(p9c_write(&ctl, (uint32_t)cf, 0, "bogus", 5) < 0, "an unknown control is refused");
	printf("constest: consctl says: %s\n", ctl.err);
	check(p9c_write(&ctl, (uint32_t)cf, 0, "echooff", 7) == 7, "echooff");
	prompt("a secret");
	check(read_is(&a, fa, 64, "s3cr3t\n"), "with echo off the line is still read");
	check(p9c_write(&ctl, (uint32_t)cf, 0, "echoon rawon", 12) == 12, "echoon rawon");
	prompt("raw bytes");
	static const char raw[] = "r\x7f" "a\x15w\r";
	size_t got = 0;
	while (got < sizeof raw - 1) {
		long n = p9c_read(&a, (uint32_t)fa, 0, buf + got, (uint32_t)(sizeof raw - 1 - got));
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	check(got == sizeof raw - 1 && memcmp(buf, raw, got) == 0,
	      "raw mode: bytes as typed, no editing");
	p9c_clunk(&ctl, (uint32_t)cf); /* back to cooked with echo */
	p9c_hangup(&ctl);
	prompt("after consctl was closed");
	check(read_is(&a, fa, 64, "cooked\n"), "closing consctl restored cooked mode");

	two_readers(fa, fb);
	hostile(fa);
	p9c_hangup(&a);
	p9c_hangup(&b);
}

int main(void)
{
	handle_t root;
	if (sys_handle_startup(&root, 1) != 1) {
		printf("constest: no root resource among the startup handles FAILED\n");
		return 1;
	}
	anon_mem();
	long regs, irq;
	if (!slice_uart(root, &regs, &irq))
		return 1;
	long svc = start_cons(regs, irq);
	check(svc > 0, "cons sent back its service");
	if (svc <= 0)
		return 1;
	long r = sys_ns_mount("/dev", (handle_t)svc, NS_FLAG_REPLACE);
	check(r == 0, "the service mounted at /dev");
	sys_handle_close((handle_t)svc);
	if (r == 0 && has_arg("flood"))
		flood();
	else if (r == 0)
		console();
	printf("constest: done, %u failures\n", failures);
	return failures ? 1 : 0;
}
