/* The console line discipline (lib/cons/consline.c): cooked editing and its echo, CR LF counted
 * once, end of file, partial reads, echo off, raw mode and switching modes with input pending,
 * the line length limit (nothing lost), back-pressure when the queue is full, and the output
 * translation. The invariant check runs after every step. */
#include "test.h"
#include <consline.h>
#include <string.h>

struct screen {
	char s[8192];
	size_t n;
};

static void show(void *ctx, const uint8_t *s, size_t n)
{
	struct screen *sc = ctx;
	if (sc->n + n < sizeof sc->s) {
		memcpy(sc->s + sc->n, s, n);
		sc->n += n;
		sc->s[sc->n] = '\0';
	}
}

static struct consline cl;
static struct screen screen;

static void fresh(void)
{
	memset(&screen, 0, sizeof screen);
	consline_init(&cl, show, &screen);
}

/* Types s (every byte must be taken); checks the invariants after each. */
static void type_n(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		CHECK(consline_input(&cl, (uint8_t)s[i]));
		CHECK_OK(consline_check(&cl));
	}
}

static void type(const char *s)
{
	type_n(s, strlen(s));
}

/* One read of at most n bytes, as a string; "<eof>" for an end of file, "<empty>" when nothing
 * is queued. */
static const char *rd(size_t n)
{
	static char buf[CONSLINE_QUEUE + 1];
	long r = consline_read(&cl, (uint8_t *)buf, n);
	CHECK_OK(consline_check(&cl));
	if (r == CONSLINE_EMPTY)
		return "<empty>";
	if (r == 0)
		return "<eof>";
	CHECK(r > 0 && (size_t)r <= n);
	buf[r] = '\0';
	return buf;
}

TEST(consline_cooked_line_and_echo)
{
	fresh();
	CHECK(!consline_readable(&cl));
	type("hello");
	CHECK(!consline_readable(&cl)); /* nothing until the line ends */
	CHECK_STR(rd(64), "<empty>");
	type("\r");
	CHECK(consline_readable(&cl));
	CHECK_STR(screen.s, "hello\r\n");
	CHECK_STR(rd(64), "hello\n");
	CHECK_STR(rd(64), "<empty>");
}

TEST(consline_cr_lf_counts_once)
{
	fresh();
	type("a\r\nb\nc\r\rd\n\r");
	CHECK_STR(rd(64), "a\n");
	CHECK_STR(rd(64), "b\n");
	CHECK_STR(rd(64), "c\n");
	CHECK_STR(rd(64), "\n"); /* CR CR: two line ends */
	CHECK_STR(rd(64), "d\n");
	CHECK_STR(rd(64), "\n"); /* LF CR: two as well */
	CHECK_STR(rd(64), "<empty>");
	CHECK_STR(screen.s, "a\r\nb\r\nc\r\n\r\nd\r\n\r\n");
	/* The LF is dropped only right after the CR. */
	type("\rx\n");
	CHECK_STR(rd(64), "\n");
	CHECK_STR(rd(64), "x\n");
}

TEST(consline_erase_and_kill)
{
	fresh();
	type("\b\x7f"); /* nothing to erase: nothing shown */
	CHECK_STR(screen.s, "");
	type("abx\bc\x7f\x7f" "d\r");
	CHECK_STR(rd(64), "ad\n");
	CHECK_STR(screen.s, "abx\b \bc\b \b\b \bd\r\n");
	screen.n = 0;
	screen.s[0] = '\0';
	type("abc\x15xy\r");
	CHECK_STR(rd(64), "xy\n");
	CHECK_STR(screen.s, "abc\b \b\b \b\b \bxy\r\n");
}

TEST(consline_erase_takes_a_whole_utf8_character)
{
	fresh();
	type("a\xc3\xa9\xe2\x82\xac"); /* a, e-acute (2 bytes), euro sign (3 bytes) */
	type("\b");
	CHECK_EQ(cl.len, 3);
	type("\b");
	CHECK_EQ(cl.len, 1);
	type("\r");
	CHECK_STR(rd(64), "a\n");
	CHECK_STR(screen.s, "a\xc3\xa9\xe2\x82\xac\b \b\b \b\r\n");
}

TEST(consline_control_bytes_kept_not_shown)
{
	fresh();
	type("a\x1b[Ab\t\r");
	CHECK_STR(rd(64), "a\x1b[Ab\t\n");
	CHECK_STR(screen.s, "a[Ab\t\r\n");
	screen.n = 0;
	screen.s[0] = '\0';
	type("x\x01\b\b\r"); /* erasing the unshown ^A shows nothing; erasing x does */
	CHECK_STR(rd(64), "\n");
	CHECK_STR(screen.s, "x\b \b\r\n");
}

TEST(consline_end_of_file)
{
	fresh();
	type("\x04");
	CHECK(consline_readable(&cl));
	CHECK_STR(rd(64), "<eof>");
	CHECK_STR(rd(64), "<empty>");
	type("ab\x04");
	CHECK_STR(rd(64), "ab"); /* mid-line ^D delivers the line without a newline */
	type("\x04\x04" "c\r");
	CHECK_STR(rd(64), "<eof>");
	CHECK_STR(rd(64), "<eof>");
	CHECK_STR(rd(64), "c\n");
	CHECK_STR(screen.s, "abc\r\n"); /* ^D is not shown */
}

TEST(consline_partial_reads_keep_the_rest)
{
	fresh();
	type("hello\rworld\r");
	CHECK_STR(rd(2), "he");
	CHECK_STR(rd(2), "ll");
	CHECK_STR(rd(64), "o\n"); /* the rest of the line, not the next line */
	CHECK_STR(rd(64), "world\n");
	uint8_t b;
	CHECK_EQ(consline_read(&cl, &b, 0), 0);
	type("z\r");
	CHECK_EQ(consline_read(&cl, &b, 0), 0); /* a zero-byte read takes nothing */
	CHECK_STR(rd(64), "z\n");
}

TEST(consline_echo_off)
{
	fresh();
	consline_set_echo(&cl, false);
	type("secret\b!\r");
	CHECK_STR(screen.s, "");
	CHECK_STR(rd(64), "secre!\n"); /* editing still works */
	consline_set_echo(&cl, true);
	type("ok\r");
	CHECK_STR(screen.s, "ok\r\n");
}

TEST(consline_long_line_delivered_whole_in_pieces)
{
	fresh();
	char big[CONSLINE_LINE_MAX + 3];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	type_n(big, CONSLINE_LINE_MAX);
	CHECK(!consline_readable(&cl)); /* full, but kept until the next byte needs room */
	type_n(big + CONSLINE_LINE_MAX, 3);
	type("\r");
	char got[2 * CONSLINE_LINE_MAX];
	size_t n = 0;
	const char *s = rd(CONSLINE_QUEUE);
	CHECK_EQ(strlen(s), CONSLINE_LINE_MAX);
	memcpy(got, s, strlen(s));
	n += strlen(s);
	s = rd(CONSLINE_QUEUE);
	CHECK_EQ(strlen(s), 4);
	CHECK(memcmp(s, big + CONSLINE_LINE_MAX, 3) == 0 && s[3] == '\n');
	memcpy(got + n, s, strlen(s));
	n += strlen(s);
	CHECK_EQ(n, sizeof big + 1);
	CHECK(memcmp(got, big, sizeof big) == 0);
	CHECK_EQ(screen.n, sizeof big + 2);
}

TEST(consline_raw_mode)
{
	fresh();
	consline_set_raw(&cl, true);
	type("ab\x04\r\n\x7f\x15");
	CHECK_STR(screen.s, "");
	CHECK_STR(rd(64), "ab\x04\r\n\x7f\x15"); /* verbatim, in one read */
	type("q");
	CHECK_STR(rd(64), "q");
	consline_set_raw(&cl, false);
	type("x\b" "d\r");
	CHECK_STR(rd(64), "d\n");
	CHECK_STR(screen.s, "x\b \bd\r\n");
}

TEST(consline_mode_switch_with_input_pending)
{
	fresh();
	type("one\rab");
	consline_set_raw(&cl, true); /* the half-typed line goes to readers as raw bytes */
	CHECK_EQ(cl.len, 0);
	type("c");
	consline_set_raw(&cl, false); /* ends the raw run */
	type("de\r");
	CHECK_STR(rd(64), "one\n");
	CHECK_STR(rd(64), "abc");
	CHECK_STR(rd(64), "de\n");
	CHECK_STR(rd(64), "<empty>");
	/* A CR typed in cooked mode does not swallow an LF after a switch. */
	type("\r");
	consline_set_raw(&cl, true);
	consline_set_raw(&cl, false);
	type("\n");
	CHECK_STR(rd(64), "\n");
	CHECK_STR(rd(64), "\n");
}

TEST(consline_back_pressure_loses_nothing)
{
	fresh();
	/* Lines of 100 bytes until the queue refuses. */
	char line[101];
	memset(line, 'm', 100);
	line[100] = '\r';
	unsigned lines = 0;
	while (consline_can_input(&cl)) {
		type_n(line, sizeof line);
		lines++;
	}
	CHECK(lines > 0 && lines < CONSLINE_QUEUE / 100u + 1u);
	struct consline before = cl;
	CHECK(!consline_input(&cl, 'z'));
	CHECK(memcmp(&before, &cl, sizeof cl) == 0); /* refused: nothing changed */
	CHECK_EQ(strlen(rd(CONSLINE_QUEUE)), 101);
	CHECK(consline_can_input(&cl));
	type("z\r");
	for (unsigned i = 1; i < lines; i++)
		CHECK_EQ(strlen(rd(CONSLINE_QUEUE)), 101);
	CHECK_STR(rd(64), "z\n");

	/* Records run out before bytes with empty lines. */
	fresh();
	unsigned n = 0;
	while (consline_input(&cl, '\r'))
		n++;
	CHECK_EQ(n, CONSLINE_RECS);
	CHECK_STR(rd(64), "\n");
	CHECK(consline_input(&cl, '\r'));

	/* Raw: byte by byte up to the whole queue. */
	fresh();
	consline_set_raw(&cl, true);
	n = 0;
	while (consline_input(&cl, 'r'))
		n++;
	CHECK_EQ(n, CONSLINE_QUEUE);
	CHECK_EQ(strlen(rd(CONSLINE_QUEUE)), CONSLINE_QUEUE);
}

TEST(consline_raw_switch_waits_for_room)
{
	/* Every record in use but one, then a line that overflows into the last one: the byte
	 * after it stays in the editor. Switching to raw cannot queue it yet. */
	fresh();
	for (unsigned i = 0; i + 1 < CONSLINE_RECS; i++)
		type("\r");
	char big[CONSLINE_LINE_MAX + 1];
	memset(big, 'k', CONSLINE_LINE_MAX);
	big[CONSLINE_LINE_MAX] = 'x';
	type_n(big, sizeof big);
	CHECK_EQ(cl.rcount, CONSLINE_RECS);
	consline_set_raw(&cl, true);
	CHECK_EQ(cl.len, 1); /* waiting for room */
	CHECK(!consline_can_input(&cl)); /* raw bytes must not overtake it */
	CHECK(!consline_input(&cl, 'y'));
	CHECK_STR(rd(64), "\n"); /* a read makes room: the partial line is queued */
	CHECK_EQ(cl.len, 0);
	CHECK(consline_input(&cl, 'y'));
	for (unsigned i = 1; i + 1 < CONSLINE_RECS; i++)
		CHECK_STR(rd(64), "\n");
	CHECK_EQ(strlen(rd(CONSLINE_QUEUE)), CONSLINE_LINE_MAX);
	CHECK_STR(rd(64), "xy");
	CHECK_STR(rd(64), "<empty>");
}

TEST(consline_output_translation)
{
	uint8_t out[16];
	size_t taken;
	const uint8_t *in = (const uint8_t *)"a\nb\n";
	CHECK_EQ(consline_output(in, 4, out, sizeof out, &taken), 6);
	CHECK_EQ(taken, 4);
	CHECK(memcmp(out, "a\r\nb\r\n", 6) == 0);
	CHECK_EQ(consline_output(in, 4, out, 2, &taken), 1); /* never half a CR LF */
	CHECK_EQ(taken, 1);
	CHECK_EQ(consline_output(in, 4, out, 3, &taken), 3);
	CHECK_EQ(taken, 2);
	CHECK_EQ(consline_output(in + 1, 3, out, 1, &taken), 0);
	CHECK_EQ(taken, 0);
	CHECK_EQ(consline_output(in, 0, out, sizeof out, &taken), 0);
	CHECK_EQ(taken, 0);
}
