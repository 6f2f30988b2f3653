/*
 * Path cleaning (libc_io.h): every path a program gives the library is made absolute against the
 * current directory and cleaned here before it reaches the kernel's namespace or a 9P walk, so
 * neither ever sees ".", ".." or empty elements.
 */
#include "libc_io.h"

#include <string.h>

/* Applies the elements of p to out (length *n, always at least "/"). */
static int apply(const char *p, char *out, size_t size, size_t *n)
{
	while (*p) {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - s);
		if (len == 0 || (len == 1 && s[0] == '.'))
			continue;
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (*n > 1 && out[*n - 1] != '/')
				(*n)--;
			if (*n > 1)
				(*n)--; /* the slash before the dropped element */
			out[*n] = '\0';
			continue;
		}
		size_t need = (*n > 1 ? 1 : 0) + len;
		if (*n + need >= size)
			return LIBC_ENAMETOOLONG;
		if (*n > 1)
			out[(*n)++] = '/';
		memcpy(out + *n, s, len);
		*n += len;
		out[*n] = '\0';
	}
	return 0;
}

int libc_path_clean(const char *cwd, const char *path, char *out, size_t size)
{
	if (path[0] == '\0')
		return LIBC_ENOENT;
	if (size < 2)
		return LIBC_ENAMETOOLONG;
	size_t n = 1;
	out[0] = '/';
	out[1] = '\0';
	int e = 0;
	if (path[0] != '/') {
		if (cwd[0] != '/')
			return LIBC_EINVAL;
		e = apply(cwd, out, size, &n);
	}
	if (!e)
		e = apply(path, out, size, &n);
	return e;
}
