/*
 * input: the shell's line reader, with no system calls (the caller gives it a read function), so
 * the host tests can feed it bytes in any pieces. A read may return part of a line (a pipe) or
 * several lines (a file); the reader keeps what follows a newline for the next call. A line
 * longer than SH_LINE_MAX is reported once and dropped up to its newline, never cut in two.
 */
#ifndef SH_INPUT_H
#define SH_INPUT_H

#include "parse.h"

#include <stdbool.h>
#include <stddef.h>

struct sh_input {
	/* Up to n bytes into buf: how many, 0 at end of file, or -1 on an error. */
	long (*read)(void *ctx, void *buf, size_t n);
	void *ctx;
	size_t start, len; /* the unread bytes are buf[start .. start + len) */
	bool eof;
	char buf[SH_LINE_MAX + 1]; /* a longest line and its newline */
};

enum {
	SH_INPUT_LINE = 1,     /* a line: *line, *len, the newline included if there was one */
	SH_INPUT_EOF = 0,      /* end of file and nothing left */
	SH_INPUT_TOOLONG = -1, /* a line over SH_LINE_MAX bytes was dropped */
	SH_INPUT_ERROR = -2,   /* read failed (the read function's reason stands) */
};

void sh_input_init(struct sh_input *in, long (*read)(void *ctx, void *buf, size_t n), void *ctx);

/* The next line; *line points into in->buf and stays valid until the next call. The last line
 * of the input may lack its newline. */
int sh_input_line(struct sh_input *in, const char **line, size_t *len);

#endif
