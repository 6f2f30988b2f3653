/* consline: the console line discipline; see consline.h. */
#include <consline.h>

#define CONSLINE_REC_LINE 1 /* closed: a cooked line or a finished raw run */
#define CONSLINE_REC_OPEN 2 /* raw bytes still arriving: new raw bytes join it */
#define CONSLINE_REC_EOF 3  /* end of file mark, no bytes */

#define CTRL_D 0x04
#define CTRL_U 0x15
#define BS 0x08
#define DEL 0x7f

_Static_assert(CONSLINE_QUEUE > CONSLINE_LINE_MAX, "a whole line and its newline must fit");
_Static_assert(CONSLINE_QUEUE <= 0xffff && CONSLINE_RECS <= 0xff, "ring indices are narrow");

void consline_init(struct consline *cl, consline_echo_fn *show, void *ctx)
{
	*cl = (struct consline){ .echo = true, .show = show, .ctx = ctx };
}

static size_t qfree(const struct consline *cl)
{
	return CONSLINE_QUEUE - cl->qlen;
}

static struct consline_rec *rec_at(struct consline *cl, unsigned i)
{
	return &cl->recs[(cl->rhead + i) % CONSLINE_RECS];
}

static struct consline_rec *rec_tail(struct consline *cl)
{
	return cl->rcount ? rec_at(cl, cl->rcount - 1u) : NULL;
}

static void qput(struct consline *cl, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cl->q[(cl->qhead + cl->qlen + i) % CONSLINE_QUEUE] = s[i];
	cl->qlen = (uint16_t)(cl->qlen + n);
}

/* Appends a record of n bytes (the caller has checked the room). */
static void rec_push(struct consline *cl, uint8_t kind, const uint8_t *s, size_t n)
{
	struct consline_rec *r = &cl->recs[(cl->rhead + cl->rcount) % CONSLINE_RECS];
	r->kind = kind;
	r->len = (uint16_t)n;
	cl->rcount++;
	qput(cl, s, n);
}

static bool room_for(const struct consline *cl, size_t bytes)
{
	return cl->rcount < CONSLINE_RECS && qfree(cl) >= bytes;
}

static void show(struct consline *cl, const char *s, size_t n)
{
	if (cl->echo && !cl->raw && cl->show && n)
		cl->show(cl->ctx, (const uint8_t *)s, n);
}

/* What the screen shows for a byte typed in cooked mode: tab, printable ASCII and UTF-8 bytes. */
static bool visible(uint8_t c)
{
	return c == '\t' || (c >= 0x20 && c != DEL);
}

/* Queues the line being edited as a closed record (plus a newline when nl) and empties it. */
static void deliver(struct consline *cl, bool nl)
{
	struct consline_rec *r = &cl->recs[(cl->rhead + cl->rcount) % CONSLINE_RECS];
	rec_push(cl, CONSLINE_REC_LINE, cl->line, cl->len);
	if (nl) {
		qput(cl, (const uint8_t *)"\n", 1);
		r->len++;
	}
	cl->len = 0;
}

/* Erases the last character (a UTF-8 sequence counts as one); true when it was shown. */
static bool erase_one(struct consline *cl)
{
	uint8_t c;
	do
		c = cl->line[--cl->len];
	while (cl->len > 0 && (c & 0xc0) == 0x80);
	return visible(c);
}

/* In raw mode the line being edited goes out first, as raw bytes, once it fits. */
static void flush_partial(struct consline *cl)
{
	if (cl->raw && cl->len && room_for(cl, cl->len)) {
		rec_push(cl, CONSLINE_REC_OPEN, cl->line, cl->len);
		cl->len = 0;
	}
}

bool consline_can_input(const struct consline *cl)
{
	if (cl->raw) {
		/* A raw byte joins the open run at the tail, or starts one. */
		const struct consline_rec *t =
			cl->rcount ? &cl->recs[(cl->rhead + cl->rcount - 1u) % CONSLINE_RECS] : NULL;
		bool joins = t && t->kind == CONSLINE_REC_OPEN;
		return cl->len == 0 && qfree(cl) >= 1 && (joins || cl->rcount < CONSLINE_RECS);
	}
	/* The worst a byte does in cooked mode is deliver a whole line and its newline. */
	return room_for(cl, CONSLINE_LINE_MAX + 1u);
}

static void input_raw(struct consline *cl, uint8_t c)
{
	struct consline_rec *t = rec_tail(cl);
	if (t && t->kind == CONSLINE_REC_OPEN) {
		qput(cl, &c, 1);
		t->len++;
	} else {
		rec_push(cl, CONSLINE_REC_OPEN, &c, 1);
	}
}

static void input_cooked(struct consline *cl, uint8_t c)
{
	bool after_cr = cl->after_cr;
	cl->after_cr = false;
	switch (c) {
	case '\n':
		if (after_cr)
			return; /* the LF of a CR LF pair */
		/* fall through */
	case '\r':
		deliver(cl, true);
		cl->after_cr = c == '\r';
		show(cl, "\r\n", 2);
		return;
	case CTRL_D:
		if (cl->len == 0)
			rec_push(cl, CONSLINE_REC_EOF, NULL, 0);
		else
			deliver(cl, false);
		return;
	case BS:
	case DEL:
		if (cl->len && erase_one(cl))
			show(cl, "\b \b", 3);
		return;
	case CTRL_U:
		while (cl->len)
			if (erase_one(cl))
				show(cl, "\b \b", 3);
		return;
	default:
		if (cl->len == CONSLINE_LINE_MAX)
			deliver(cl, false); /* full: what is typed so far goes to the readers */
		cl->line[cl->len++] = c;
		if (visible(c))
			show(cl, (const char *)&c, 1);
		return;
	}
}

bool consline_input(struct consline *cl, uint8_t c)
{
	if (!consline_can_input(cl))
		return false;
	if (cl->raw)
		input_raw(cl, c);
	else
		input_cooked(cl, c);
	return true;
}

bool consline_readable(const struct consline *cl)
{
	return cl->rcount > 0;
}

long consline_read(struct consline *cl, uint8_t *buf, size_t n)
{
	if (n == 0)
		return 0;
	if (!cl->rcount)
		return CONSLINE_EMPTY;
	struct consline_rec *r = rec_at(cl, 0);
	size_t m = r->len < n ? r->len : n;
	for (size_t i = 0; i < m; i++)
		buf[i] = cl->q[(cl->qhead + i) % CONSLINE_QUEUE];
	cl->qhead = (uint16_t)((cl->qhead + m) % CONSLINE_QUEUE);
	cl->qlen = (uint16_t)(cl->qlen - m);
	r->len = (uint16_t)(r->len - m);
	if (r->len == 0) {
		/* Taken whole (or an end of file mark): the next read starts at the next record. */
		cl->rhead = (uint8_t)((cl->rhead + 1u) % CONSLINE_RECS);
		cl->rcount--;
	}
	flush_partial(cl);
	return (long)m;
}

void consline_set_raw(struct consline *cl, bool raw)
{
	cl->after_cr = false;
	if (cl->raw == raw)
		return;
	cl->raw = raw;
	struct consline_rec *t = rec_tail(cl);
	if (!raw && t && t->kind == CONSLINE_REC_OPEN)
		t->kind = CONSLINE_REC_LINE; /* the raw run ends here */
	flush_partial(cl);
}

void consline_set_echo(struct consline *cl, bool echo)
{
	cl->echo = echo;
}

size_t consline_output(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *taken)
{
	size_t i = 0, o = 0;
	for (; i < n; i++) {
		size_t need = in[i] == '\n' ? 2 : 1;
		if (cap - o < need)
			break;
		if (in[i] == '\n')
			out[o++] = '\r';
		out[o++] = in[i];
	}
	*taken = i;
	return o;
}

const char *consline_check(const struct consline *cl)
{
	if (cl->len > CONSLINE_LINE_MAX)
		return "line longer than its buffer";
	if (cl->qlen > CONSLINE_QUEUE || cl->qhead >= CONSLINE_QUEUE)
		return "queue indices out of range";
	if (cl->rcount > CONSLINE_RECS || cl->rhead >= CONSLINE_RECS)
		return "record indices out of range";
	size_t sum = 0;
	for (unsigned i = 0; i < cl->rcount; i++) {
		const struct consline_rec *r = &cl->recs[(cl->rhead + i) % CONSLINE_RECS];
		if (r->kind == CONSLINE_REC_EOF ? r->len != 0 : r->len == 0)
			return "a record's length does not fit its kind";
		if (r->kind != CONSLINE_REC_LINE && r->kind != CONSLINE_REC_OPEN &&
		    r->kind != CONSLINE_REC_EOF)
			return "unknown record kind";
		if (r->kind == CONSLINE_REC_OPEN && (i + 1u != cl->rcount || !cl->raw))
			return "an open raw run that is not the last record, or in cooked mode";
		sum += r->len;
	}
	if (sum != cl->qlen)
		return "records do not add up to the queued bytes";
	if (cl->raw && cl->len && room_for(cl, cl->len))
		return "raw mode kept a partial line it had room to queue";
	if (cl->after_cr && cl->raw)
		return "CR LF pairing in raw mode";
	return NULL;
}
