/* Lexical path cleaning for the shell's cd; see path.h. */
#include "path.h"

#include <stdbool.h>
#include <string.h>

static const char too_long[] = "the path is too long";

static const char *fail(char *out, size_t size, const char *msg)
{
	if (size)
		out[0] = '\0';
	return msg;
}

const char *sh_cleanpath(const char *path, char *out, size_t size)
{
	size_t plen = strnlen(path, SH_PATH_MAX);
	if (plen == SH_PATH_MAX)
		return fail(out, size, too_long);
	/* Cleaning happens in scratch, which holds any intermediate state (never longer than the
	 * input, or 1 for "."), so a long element that a later ".." removes cannot make a clean
	 * result that fits in out fail. */
	char buf[SH_PATH_MAX];
	bool rooted = path[0] == '/';
	size_t n = 0;
	/* buf[0 .. keep) is never removed by "..": the root, or the leading ".."s of a relative
	 * path (there is nothing left to go up from). */
	size_t keep = 0;
	if (rooted)
		buf[n++] = '/', keep = 1;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - e);
		bool dotdot = len == 2 && e[0] == '.' && e[1] == '.';
		if (len == 0 || (len == 1 && e[0] == '.'))
			continue;
		if (dotdot && n > keep) {
			/* Drop the last element and the slash before it (not the root's). */
			while (n > keep && buf[n - 1] != '/')
				n--;
			if (n > keep)
				n--;
			continue;
		}
		if (dotdot && rooted)
			continue; /* /.. is / */
		if (n > 0 && buf[n - 1] != '/')
			buf[n++] = '/';
		memcpy(buf + n, e, len);
		n += len;
		if (dotdot)
			keep = n;
	}
	if (n == 0)
		buf[n++] = '.';
	if (n + 1 > size)
		return fail(out, size, too_long);
	memcpy(out, buf, n);
	out[n] = '\0';
	return NULL;
}

const char *sh_cdpath(const char *cwd, const char *arg, char *out, size_t size)
{
	if (cwd[0] != '/')
		return fail(out, size, "the current directory is not an absolute path");
	if (arg[0] == '\0')
		return fail(out, size, "cd: empty directory name");
	if (arg[0] == '/')
		return sh_cleanpath(arg, out, size);
	char joined[SH_PATH_MAX];
	size_t c = strnlen(cwd, SH_PATH_MAX), a = strnlen(arg, SH_PATH_MAX);
	if (c + 1 + a + 1 > sizeof joined)
		return fail(out, size, too_long);
	memcpy(joined, cwd, c);
	joined[c] = '/';
	memcpy(joined + c + 1, arg, a + 1);
	return sh_cleanpath(joined, out, size);
}
