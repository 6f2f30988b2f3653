/*
 * consline: a console's line discipline (docs/cons.md). It turns the bytes a keyboard sends into
 * what readers of /dev/cons get, and says what to show on the screen while the user types.
 *
 * It owns the line being edited and a bounded queue of input waiting for readers, as records:
 * a cooked line (ending in "\n", or cut as described below), a run of raw bytes, or an end of
 * file mark. A read takes from the oldest record only, at most what it asks for; what it leaves
 * stays for the next read. Nothing typed is ever dropped: when the queue has no room the caller
 * is told (consline_input returns false) and must hold the byte and stop taking input (cons
 * stops reading its UART, so the UART's own flow control holds the sender back).
 *
 * Cooked mode (the default): BS or DEL erases the last character (a whole UTF-8 sequence), ^U
 * erases the line, CR or LF ends it (delivered with a trailing "\n"; an LF right after the CR
 * that ended a line is dropped, so CR LF counts once), ^D at the start of a line is end of file
 * (a read returns 0), ^D later in a line delivers what was typed so far without a "\n" (as Unix
 * does). A line that reaches CONSLINE_LINE_MAX bytes is delivered as it is, without a "\n", when
 * the next byte arrives, and editing goes on in a new line: a reader that joins what it reads
 * gets exactly what was typed. With echo on, printable bytes (and tab, and bytes >= 0x80) are
 * shown; other control bytes are kept in the line but not shown; a line end shows as CR LF;
 * erasing shows as BS space BS per visible character. With echo off nothing typed is shown, not
 * even the line end (a password prompt prints its own newline).
 * Raw mode: no echo, no editing; every byte is queued as it arrives.
 *
 * Not owned here: the device (the caller reads the UART and writes the screen), readers waiting
 * (the caller keeps them and calls consline_read when consline_readable says so), who set the
 * mode. Freestanding C17, no allocation.
 */
#ifndef CONSLINE_H
#define CONSLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSLINE_LINE_MAX 256u /* bytes of the line being edited */
#define CONSLINE_QUEUE 1024u   /* bytes waiting for readers (> CONSLINE_LINE_MAX) */
#define CONSLINE_RECS 32u      /* records waiting for readers */
#define CONSLINE_EMPTY (-1L)   /* consline_read: nothing to read yet */

/* Receives what to show on the screen, ready for the terminal (line ends already CR LF). */
typedef void consline_echo_fn(void *ctx, const uint8_t *s, size_t n);

struct consline_rec {
	uint16_t len;
	uint8_t kind; /* CONSLINE_REC_* (consline.c) */
};

struct consline {
	uint8_t line[CONSLINE_LINE_MAX]; /* being edited */
	uint16_t len;
	uint8_t q[CONSLINE_QUEUE]; /* ring of queued bytes */
	uint16_t qhead, qlen;
	struct consline_rec recs[CONSLINE_RECS]; /* ring of records; their lengths sum to qlen */
	uint8_t rhead, rcount;
	bool raw, echo;
	bool after_cr; /* the last byte was a CR that ended a line */
	consline_echo_fn *show;
	void *ctx;
};

/* Cooked mode with echo, nothing queued. show (may be NULL) receives the echo. */
void consline_init(struct consline *cl, consline_echo_fn *show, void *ctx);

/* Whether consline_input can take a byte now. False only when the queue is full: reading
 * (consline_read) makes room. */
bool consline_can_input(const struct consline *cl);

/* Takes one typed byte: edits, echoes, queues. Returns false, changing nothing, when there is no
 * room (consline_can_input is false): the caller keeps the byte and offers it again later. */
bool consline_input(struct consline *cl, uint8_t c);

/* Whether a read would return at once (data or end of file). */
bool consline_readable(const struct consline *cl);

/*
 * Reads from the oldest record: returns how many bytes were stored in buf[0..n) (> 0), 0 for an
 * end of file mark (consumed), or CONSLINE_EMPTY when nothing is queued. At most one record per
 * read: a cooked read never returns more than one line. n == 0 returns 0 and consumes nothing.
 */
long consline_read(struct consline *cl, uint8_t *buf, size_t n);

/* Mode switches. Raw on: the line being edited is queued as raw bytes (as soon as there is
 * room). Raw off: later bytes are edited again. Either way a pending CR LF pairing is forgotten. */
void consline_set_raw(struct consline *cl, bool raw);
void consline_set_echo(struct consline *cl, bool echo);

/*
 * Output translation for the screen: copies in[0..n) to out[0..cap) with each LF as CR LF.
 * Stops when out is full (never splitting a CR LF); *taken is the input consumed. Returns the
 * bytes written. cap >= 2 guarantees progress.
 */
size_t consline_output(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *taken);

/* Checks the structure's invariants (for tests and fuzzing); NULL or what is wrong. */
const char *consline_check(const struct consline *cl);

#endif
