/* consfs: /dev/cons and /dev/consctl as a 9P tree; see consfs.h. */
#include "consfs.h"
#include "../lib/ulib.h"
#include <consline.h>
#include <mem.h>

/* Nodes: small integers as the loop's opaque pointers. */
#define N_ROOT ((void *)1)
#define N_CONS ((void *)2)
#define N_CTL ((void *)3)
#define QP_ROOT 0
#define QP_CONS 1
#define QP_CTL 2

#define MAX_SESSIONS 16
#define MAX_READERS (MAX_SESSIONS * CONSFS_HELD)
#define MAX_CTLS 32

static struct uart *uart;
static struct consline line;

/* Held reads, oldest first, across every session. */
static struct reader {
	struct cons_session *s;
	uint16_t tag;
	uint32_t count;
} readers[MAX_READERS];
static unsigned nreaders;

/* Open consctl fids that set something. */
static struct ctl {
	struct cons_session *s;
	uint32_t fid;
	bool raw, noecho;
} ctls[MAX_CTLS];
static unsigned nctls;

static void show(void *ctx, const uint8_t *s, size_t n)
{
	(void)ctx;
	uart_put(uart, s, n);
}

void consfs_init(struct uart *u)
{
	uart = u;
	consline_init(&line, show, NULL);
}

static struct p9_qid qid_of(void *node)
{
	if (node == N_ROOT)
		return (struct p9_qid){ P9_QTDIR, 0, QP_ROOT };
	return (struct p9_qid){ P9_QTFILE, 0, node == N_CONS ? QP_CONS : QP_CTL };
}

static const char *fs_attach(void *tree, struct p9_str uname, struct p9_str aname, void **node,
			     struct p9_qid *qid)
{
	(void)tree;
	(void)uname;
	if (aname.len)
		return "no such tree";
	*node = N_ROOT;
	*qid = qid_of(N_ROOT);
	return NULL;
}

static const char *fs_walk(void *tree, void *dir, struct p9_str name, void **child,
			   struct p9_qid *qid)
{
	(void)tree;
	(void)dir; /* only the root is a directory */
	if (p9_str_eq(name, ".."))
		*child = N_ROOT;
	else if (p9_str_eq(name, "cons"))
		*child = N_CONS;
	else if (p9_str_eq(name, "consctl"))
		*child = N_CTL;
	else
		return "file does not exist";
	*qid = qid_of(*child);
	return NULL;
}

static const char *fs_open(void *tree, void *node, uint8_t mode, struct p9_qid *qid)
{
	(void)tree;
	(void)qid;
	if (node == N_CTL && (mode & 3u) != P9_OWRITE)
		return "permission denied"; /* consctl is written, never read */
	if (mode & P9_ORCLOSE)
		return "permission denied"; /* nothing here can be removed; OTRUNC means nothing */
	return NULL;
}

static void forget_reader(unsigned i)
{
	memmove(&readers[i], &readers[i + 1], (nreaders - i - 1) * sizeof readers[0]);
	nreaders--;
}

static const char *fs_read(void *tree, void *node, uint64_t offset, uint8_t *buf,
			   uint32_t *count)
{
	(void)offset; /* a stream: where the reader thinks it is does not matter */
	struct cons_session *s = tree;
	if (node != N_CONS) {
		*count = 0;
		return NULL;
	}
	if (nreaders == 0) {
		long r = consline_read(&line, buf, *count);
		if (r != CONSLINE_EMPTY) {
			*count = (uint32_t)r;
			return NULL;
		}
	}
	/* Nothing yet, or older reads wait: this one waits behind them. The loop holds the
	 * request (or cancels it at once when the session's table is full). */
	if (nreaders == MAX_READERS)
		return "too many reads waiting";
	readers[nreaders++] = (struct reader){ s, s->srv.tag, *count };
	return P9_DEFER;
}

static void fs_cancel(void *tree, void *node, uint16_t tag)
{
	(void)node;
	for (unsigned i = 0; i < nreaders; i++) {
		if (readers[i].s == tree && readers[i].tag == tag) {
			forget_reader(i);
			return;
		}
	}
}

static void entry(void *node, const char *name, struct p9_stat *st)
{
	uint32_t perm = node == N_ROOT ? (P9_DMDIR | 0555) : node == N_CONS ? 0666 : 0222;
	*st = (struct p9_stat){ .qid = qid_of(node), .mode = perm, .name = p9_str(name),
				.uid = p9_str("sys"), .gid = p9_str("sys"), .muid = p9_str("sys") };
}

static bool fs_readdir(void *tree, void *dir, uint32_t index, struct p9_stat *st)
{
	(void)tree;
	(void)dir;
	if (index > 1)
		return false;
	entry(index == 0 ? N_CONS : N_CTL, index == 0 ? "cons" : "consctl", st);
	return true;
}

static const char *fs_stat(void *tree, void *node, struct p9_stat *st)
{
	(void)tree;
	entry(node, node == N_ROOT ? "/" : node == N_CONS ? "cons" : "consctl", st);
	return NULL;
}

/* The console's mode from every open consctl fid's setting. */
static void apply_ctls(void)
{
	bool raw = false, noecho = false;
	for (unsigned i = 0; i < nctls; i++) {
		raw |= ctls[i].raw;
		noecho |= ctls[i].noecho;
	}
	consline_set_raw(&line, raw);
	consline_set_echo(&line, !noecho);
}

static struct ctl *ctl_find(struct cons_session *s, uint32_t fid)
{
	for (unsigned i = 0; i < nctls; i++)
		if (ctls[i].s == s && ctls[i].fid == fid)
			return &ctls[i];
	return NULL;
}

static bool word_is(const uint8_t *w, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(w, s, n) == 0;
}

/* consctl: words separated by blanks or newlines; all must be known before any applies. */
static const char *ctl_write(struct cons_session *s, const uint8_t *data, uint32_t n)
{
	struct ctl c = { s, s->srv.fid->fid, false, false };
	struct ctl *old = ctl_find(s, c.fid);
	if (old)
		c = *old;
	size_t i = 0;
	bool any = false;
	while (i < n) {
		while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n'))
			i++;
		size_t start = i;
		while (i < n && data[i] != ' ' && data[i] != '\t' && data[i] != '\n')
			i++;
		const uint8_t *w = data + start;
		size_t len = i - start;
		if (!len)
			break;
		if (word_is(w, len, "rawon"))
			c.raw = true;
		else if (word_is(w, len, "rawoff"))
			c.raw = false;
		else if (word_is(w, len, "echooff"))
			c.noecho = true;
		else if (word_is(w, len, "echoon"))
			c.noecho = false;
		else
			return "unknown console control (rawon rawoff echooff echoon)";
		any = true;
	}
	if (!any)
		return "empty console control";
	if (old) {
		*old = c;
	} else {
		if (nctls == MAX_CTLS)
			return "too many console controls open";
		ctls[nctls++] = c;
	}
	apply_ctls();
	return NULL;
}

static const char *fs_write(void *tree, void *node, uint64_t offset, const uint8_t *data,
			    uint32_t *count)
{
	(void)offset;
	if (node == N_CTL)
		return ctl_write(tree, data, *count);
	if (node != N_CONS)
		return "permission denied";
	uint8_t buf[128];
	for (uint32_t done = 0; done < *count;) {
		size_t taken;
		size_t n = consline_output(data + done, *count - done, buf, sizeof buf, &taken);
		uart_put(uart, buf, n);
		done += (uint32_t)taken;
	}
	return NULL;
}

static void fs_clunk(void *tree, void *node, bool open)
{
	struct cons_session *s = tree;
	if (node != N_CTL || !open || !s->srv.fid)
		return;
	struct ctl *c = ctl_find(s, s->srv.fid->fid);
	if (!c)
		return;
	*c = ctls[--nctls];
	apply_ctls();
}

static const struct p9_ops consfs_ops = {
	.attach = fs_attach,
	.walk = fs_walk,
	.open = fs_open,
	.read = fs_read,
	.readdir = fs_readdir,
	.stat = fs_stat,
	.write = fs_write,
	.clunk = fs_clunk,
	.cancel = fs_cancel,
};

void consfs_session(struct cons_session *s)
{
	p9_server_init(&s->srv, &consfs_ops, s, s->fids, CONSFS_FIDS, CHAN_MSG_MAX);
	p9_server_hold(&s->srv, s->held, CONSFS_HELD);
}

size_t consfs_request(struct cons_session *s, const uint8_t *in, size_t n, uint8_t *out,
		      size_t cap)
{
	return p9_serve_one(&s->srv, in, n, out, cap);
}

void consfs_hangup(struct cons_session *s)
{
	p9_server_reset(&s->srv);
}

bool consfs_can_type(void)
{
	return consline_can_input(&line);
}

void consfs_typed(uint8_t c)
{
	consline_input(&line, c);
}

struct cons_session *consfs_answer(uint8_t *out, size_t cap, size_t *len)
{
	while (nreaders && consline_readable(&line)) {
		struct reader r = readers[0];
		forget_reader(0);
		uint32_t n = r.count;
		if (n > cap - P9_RREAD_HDRSZ)
			n = (uint32_t)(cap - P9_RREAD_HDRSZ);
		/* A zero-byte read held behind others gets 0 bytes and takes nothing. */
		long got = consline_read(&line, out + P9_RREAD_HDRSZ, n);
		*len = p9_server_answer(&r.s->srv, r.tag, out + P9_RREAD_HDRSZ,
					got > 0 ? (uint32_t)got : 0, NULL, out, cap);
		if (*len)
			return r.s;
	}
	return NULL;
}
