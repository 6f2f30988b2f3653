/* Kernel command line words; see cmdline.h. */
#include <cmdline.h>
#include <mem.h>

static const char *line = "";

void cmdline_set(const char *s)
{
	line = s ? s : "";
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool cmdline_has(const char *word)
{
	size_t n = strlen(word);
	const char *p = line;
	while (*p) {
		while (is_space(*p))
			p++;
		const char *start = p;
		while (*p && !is_space(*p))
			p++;
		if ((size_t)(p - start) == n && n && strncmp(start, word, n) == 0)
			return true;
	}
	return false;
}

bool cmdline_value(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = line;
	while (*p) {
		while (is_space(*p))
			p++;
		const char *start = p;
		while (*p && !is_space(*p))
			p++;
		if ((size_t)(p - start) > klen && start[klen] == '=' && strncmp(start, key, klen) == 0) {
			size_t vlen = (size_t)(p - start) - klen - 1;
			if (vlen >= size)
				return false;
			memcpy(buf, start + klen + 1, vlen);
			buf[vlen] = '\0';
			return true;
		}
	}
	return false;
}

size_t cmdline_args_block(const char *argv0, char *buf, size_t size)
{
	size_t len = strlen(argv0) + 1;
	if (len + 1 > size)
		return 0;
	memcpy(buf, argv0, len);
	const char *p = line;
	while (*p) {
		while (is_space(*p))
			p++;
		const char *start = p;
		while (*p && !is_space(*p))
			p++;
		size_t n = (size_t)(p - start);
		if (!n)
			continue;
		if (len + n + 2 > size) /* the word, its NUL and the final empty string */
			return 0;
		memcpy(buf + len, start, n);
		buf[len + n] = '\0';
		len += n + 1;
	}
	buf[len++] = '\0'; /* the empty string that ends argv; no environment */
	return len;
}
