/* The shell's line reader; see input.h. */
#include "input.h"

#include <string.h>

void sh_input_init(struct sh_input *in, long (*read)(void *ctx, void *buf, size_t n), void *ctx)
{
	in->read = read;
	in->ctx = ctx;
	in->start = in->len = 0;
	in->eof = false;
}

/* Reads more after the unread bytes (moved to the front first). 1, 0 at end of file, or -1. */
static int fill(struct sh_input *in)
{
	if (in->eof)
		return 0;
	memmove(in->buf, in->buf + in->start, in->len);
	in->start = 0;
	long r = in->read(in->ctx, in->buf + in->len, sizeof in->buf - in->len);
	if (r < 0)
		return -1;
	if (r == 0 || (size_t)r > sizeof in->buf - in->len) {
		/* A read claiming more than it was given room for is treated as the end: the
		 * bytes cannot be trusted. */
		in->eof = true;
		return 0;
	}
	in->len += (size_t)r;
	return 1;
}

int sh_input_line(struct sh_input *in, const char **line, size_t *len)
{
	bool dropping = false;
	for (;;) {
		char *at = in->buf + in->start;
		char *nl = memchr(at, '\n', in->len);
		if (nl) {
			size_t n = (size_t)(nl - at) + 1;
			in->start += n;
			in->len -= n;
			if (dropping)
				return SH_INPUT_TOOLONG;
			*line = at;
			*len = n;
			return SH_INPUT_LINE;
		}
		if (in->len == sizeof in->buf) {
			/* A full buffer without a newline: the line is too long. Forget it up to
			 * its newline, which may be several reads away. */
			dropping = true;
			in->start = in->len = 0;
		}
		int r = fill(in);
		if (r < 0)
			return SH_INPUT_ERROR;
		if (r == 0) {
			if (dropping) {
				in->start = in->len = 0;
				return SH_INPUT_TOOLONG;
			}
			if (in->len == 0)
				return SH_INPUT_EOF;
			*line = in->buf + in->start;
			*len = in->len;
			in->start += in->len;
			in->len = 0;
			return SH_INPUT_LINE;
		}
	}
}
