/*
 * consfs: the files cons serves over 9P (docs/cons.md): a directory holding
 *   cons     write: bytes to the screen (LF as CR LF); read: input through the line discipline
 *            (lib/include/consline.h), blocking until there is some;
 *   consctl  write: rawon rawoff echooff echoon. Each open consctl fid keeps its own setting;
 *            the console is raw while any open fid says rawon and silent while any says echooff,
 *            so a clunk (or its client going away) undoes what that fid set (Plan 9's rule).
 * Every connection is its own 9P session (struct cons_session); all share one keyboard. Reads
 * that find nothing are held (lib/9p's P9_DEFER) in one queue across sessions and answered
 * oldest first as input arrives; Tflush, a clunk or the client leaving cancels a held read.
 *
 * Not owned here: the channels and the wait (cons.c), the UART's registers (uart.c).
 */
#ifndef CONSFS_H
#define CONSFS_H

#include "../lib/sys_ipc.h"
#include "uart.h"
#include <p9.h>

#define CONSFS_FIDS 16
#define CONSFS_HELD 4 /* reads one session may have waiting */

struct cons_session {
	handle_t ch; /* 0: the slot is free (cons.c's) */
	struct p9_server srv;
	struct p9_fid fids[CONSFS_FIDS];
	struct p9_held held[CONSFS_HELD];
};

/* Sets up the console over u: cooked with echo, nothing typed yet. */
void consfs_init(struct uart *u);
/* A fresh 9P session in s (whose ch the caller sets). */
void consfs_session(struct cons_session *s);
/* Serves one request of s; returns the reply length in out (0: none now). */
size_t consfs_request(struct cons_session *s, const uint8_t *in, size_t n, uint8_t *out,
		      size_t cap);
/* The client of s is gone: its fids are released, its held reads and settings dropped. */
void consfs_hangup(struct cons_session *s);

/* Whether a typed byte can be taken now (false: the input queue is full until readers read). */
bool consfs_can_type(void);
/* A byte from the keyboard (consfs_can_type must have said yes). */
void consfs_typed(uint8_t c);
/* When input is ready for the oldest held read: answers it into out, sets *len, and returns
 * its session (the caller sends the reply there); NULL when there is nothing to answer. */
struct cons_session *consfs_answer(uint8_t *out, size_t cap, size_t *len);

#endif
