/*
 * Open flags and fd entries (libc_io.h). An fd entry is how a parent tells a child what its
 * startup handles are (docs/libc.md "How descriptors travel"); it is outside input, so the parser
 * takes exactly the form the formatter writes and nothing else (test/fuzz/fuzz_args.c).
 */
#include "libc_io.h"

#include <fmt.h>
#include <p9.h>
#include <string.h>

#define KNOWN (LIBC_O_ACCMODE | LIBC_O_CREAT | LIBC_O_EXCL | LIBC_O_TRUNC | LIBC_O_APPEND)

int libc_oflags_p9(int flags, uint8_t *mode)
{
	int acc = flags & LIBC_O_ACCMODE;
	if (acc == LIBC_O_ACCMODE || (flags & ~KNOWN) || ((flags & LIBC_O_EXCL) && !(flags & LIBC_O_CREAT)) ||
	    ((flags & LIBC_O_TRUNC) && acc == LIBC_O_RDONLY))
		return LIBC_EINVAL;
	*mode = (uint8_t)(acc == LIBC_O_RDONLY ? P9_OREAD : acc == LIBC_O_WRONLY ? P9_OWRITE : P9_ORDWR);
	if (flags & LIBC_O_TRUNC)
		*mode |= P9_OTRUNC;
	return 0;
}

bool libc_oflags_reads(int flags)
{
	return (flags & LIBC_O_ACCMODE) != LIBC_O_WRONLY;
}

bool libc_oflags_writes(int flags)
{
	return (flags & LIBC_O_ACCMODE) != LIBC_O_RDONLY;
}

bool libc_fdspec_is(const char *entry)
{
	return strncmp(entry, "fd.", 3) == 0;
}

/* A decimal number without sign or leading zero, at most max, ending at one of the characters
 * in stop; *p moves past it. */
static bool number(const char **p, uint64_t max, const char *stop, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	if (!libc_isdigit((unsigned char)*s) || (s[0] == '0' && libc_isdigit((unsigned char)s[1])))
		return false;
	while (libc_isdigit((unsigned char)*s)) {
		unsigned d = (unsigned)(*s++ - '0');
		if (d > max || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (!libc_strchr(stop, *s))
		return false; /* strchr finds the NUL too: "" in stop means the end */
	*p = s;
	*out = v;
	return true;
}

static bool word(const char **p, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(*p, w, n) != 0)
		return false;
	*p += n;
	return true;
}

static bool flags_ok(uint64_t f)
{
	uint8_t mode;
	return (f & (LIBC_O_CREAT | LIBC_O_EXCL | LIBC_O_TRUNC)) == 0 && f <= KNOWN &&
	       libc_oflags_p9((int)f, &mode) == 0;
}

/* A cleaned absolute path: what libc_path_clean gives for itself. */
static bool path_ok(const char *path)
{
	char again[LIBC_PATH_MAX];
	size_t n = strlen(path);
	return n < LIBC_PATH_MAX && path[0] == '/' && libc_path_clean("/", path, again, sizeof again) == 0 &&
	       strcmp(again, path) == 0;
}

int libc_fdspec_parse(const char *entry, struct libc_fdspec *s)
{
	const char *p = entry;
	uint64_t v, h, f;
	memset(s, 0, sizeof *s);
	if (!word(&p, "fd.") || !number(&p, LIBC_FD_MAX - 1, "=", &v) || !word(&p, "="))
		return LIBC_EINVAL;
	s->fd = (unsigned)v;
	if (strcmp(p, "cons") == 0) {
		s->kind = LIBC_FD_CONS;
		s->flags = LIBC_O_WRONLY;
		return 0;
	}
	if (word(&p, "dup,")) {
		if (s->fd == 0 || !number(&p, s->fd - 1, "", &v))
			return LIBC_EINVAL;
		s->kind = LIBC_FD_DUP;
		s->of = (unsigned)v;
		return 0;
	}
	if (word(&p, "pipe,")) {
		s->kind = LIBC_FD_PIPE;
		if (!number(&p, LIBC_STARTUP_MAX - 1, ",", &h) || !word(&p, ",") || !number(&p, KNOWN, "", &f))
			return LIBC_EINVAL;
		if (!flags_ok(f) || (f & LIBC_O_ACCMODE) == LIBC_O_RDWR)
			return LIBC_EINVAL;
	} else if (word(&p, "9p,")) {
		uint64_t fid, msize, off;
		s->kind = LIBC_FD_9P;
		if (!number(&p, LIBC_STARTUP_MAX - 1, ",", &h) || !word(&p, ",") ||
		    !number(&p, KNOWN, ",", &f) || !word(&p, ",") ||
		    !number(&p, UINT32_MAX - 1, ",", &fid) || !word(&p, ",") ||
		    !number(&p, UINT32_MAX, ",", &msize) || !word(&p, ",") ||
		    !number(&p, UINT64_MAX, ",", &off) || !word(&p, ","))
			return LIBC_EINVAL;
		if (!flags_ok(f) || msize < 256 || !path_ok(p))
			return LIBC_EINVAL;
		s->fid = (uint32_t)fid;
		s->msize = (uint32_t)msize;
		s->offset = off;
		memcpy(s->path, p, strlen(p) + 1);
	} else {
		return LIBC_EINVAL;
	}
	s->handle = (unsigned)h;
	s->flags = (int)f;
	return 0;
}

long libc_fdspec_format(const struct libc_fdspec *s, char *buf, size_t size)
{
	if (s->fd >= LIBC_FD_MAX || s->handle >= LIBC_STARTUP_MAX || s->flags < 0 || !flags_ok((uint64_t)s->flags))
		return -LIBC_EINVAL;
	int n;
	if (s->kind == LIBC_FD_DUP) {
		if (s->of >= s->fd)
			return -LIBC_EINVAL;
		n = fmt_snprintf(buf, size, "fd.%u=dup,%u", s->fd, s->of);
	} else if (s->kind == LIBC_FD_CONS) {
		n = fmt_snprintf(buf, size, "fd.%u=cons", s->fd);
	} else if (s->kind == LIBC_FD_PIPE) {
		if ((s->flags & LIBC_O_ACCMODE) == LIBC_O_RDWR)
			return -LIBC_EINVAL;
		n = fmt_snprintf(buf, size, "fd.%u=pipe,%u,%d", s->fd, s->handle, s->flags);
	} else if (s->kind == LIBC_FD_9P) {
		if (s->fid == UINT32_MAX || s->msize < 256 || !path_ok(s->path))
			return -LIBC_EINVAL;
		n = fmt_snprintf(buf, size, "fd.%u=9p,%u,%d,%u,%u,%llu,%s", s->fd, s->handle, s->flags,
				 (unsigned)s->fid, (unsigned)s->msize, (unsigned long long)s->offset, s->path);
	} else {
		return -LIBC_EINVAL;
	}
	if (n < 0 || (size_t)n >= size)
		return -LIBC_E2BIG;
	return n;
}
