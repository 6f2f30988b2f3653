/*
 * libFuzzer target for what a parent hands a child (user/lib/args.c, fdspec.c, path.c): the
 * argument block, the environment built from it, and the fd entries in it.
 * Input: an argument block, any bytes.
 * Properties: libc_args_parse never reads outside the block; on success every argv and env
 * pointer lies inside the block and is NUL-terminated there, env strings have a name and '=',
 * names are distinct, the arrays end in NULL, no argv string is empty; rebuilding the block from
 * the result gives the same bytes (less a separator with nothing after it). Every fd entry
 * either fails to parse or formats back to exactly itself; every environment name resolves to
 * its own entry. The bytes as a path: cleaning is absolute, idempotent and free of "." and "..".
 */
#include "../../user/lib/libc_io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void require(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_args: property broken: %s\n", what);
		abort();
	}
}

static int inside(const char *s, const char *block, size_t len)
{
	return s >= block && s < block + len && memchr(s, '\0', (size_t)(block + len - s));
}

static void check_fd_entry(const char *entry)
{
	struct libc_fdspec s;
	if (libc_fdspec_parse(entry, &s) != 0)
		return;
	char again[LIBC_PATH_MAX + 64];
	long n = libc_fdspec_format(&s, again, sizeof again);
	require(n > 0 && strcmp(again, entry) == 0, "an accepted fd entry formats back to itself");
	require(s.fd < LIBC_FD_MAX && s.handle < LIBC_STARTUP_MAX, "fd entry fields in range");
}

static void check_path(const uint8_t *data, size_t size)
{
	char in[LIBC_PATH_MAX * 2];
	size_t n = size < sizeof in - 1 ? size : sizeof in - 1;
	memcpy(in, data, n);
	in[n] = '\0';
	char out[LIBC_PATH_MAX], again[LIBC_PATH_MAX];
	int e = libc_path_clean("/usr/glenda", in, out, sizeof out);
	if (e) {
		require(e == LIBC_ENOENT || e == LIBC_ENAMETOOLONG, "path errors are the documented ones");
		return;
	}
	require(out[0] == '/', "a cleaned path is absolute");
	require(libc_path_clean("/", out, again, sizeof again) == 0 && strcmp(out, again) == 0,
		"cleaning is idempotent");
	require(!strstr(out, "//") && !strstr(out, "/./") && !strstr(out, "/../"), "no empty, . or .. elements");
	size_t len = strlen(out);
	require(len == 1 || out[len - 1] != '/', "no trailing slash");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so the sanitizer catches a read one past the end of the block. */
	char *block = malloc(size ? size : 1);
	if (!block)
		return 0;
	memcpy(block, data, size);
	static char *vec[256];
	struct libc_args a;
	if (libc_args_parse(block, size, vec, 256, &a) == 0) {
		require(a.argv[a.argc] == NULL && a.env[a.nenv] == NULL, "arrays end in NULL");
		bool empty_arg = false;
		for (int i = 0; i < a.argc; i++) {
			require(inside(a.argv[i], block, size), "argv lies in the block");
			empty_arg |= a.argv[i][0] == '\0';
		}
		require(!empty_arg, "an empty string ends argv");
		struct libc_env env;
		int e = libc_env_init(&env, a.env, a.nenv);
		for (unsigned i = 0; i < a.nenv; i++) {
			require(inside(a.env[i], block, size), "env lies in the block");
			const char *eq = strchr(a.env[i], '=');
			require(eq && eq != a.env[i], "env strings are name=value");
			check_fd_entry(a.env[i]);
			if (e == 0) {
				char name[64];
				size_t nl = (size_t)(eq - a.env[i]);
				if (nl < sizeof name) {
					memcpy(name, a.env[i], nl);
					name[nl] = '\0';
					require(libc_env_get(&env, name) == eq + 1, "each name finds its own entry");
				}
			}
		}
		static char again[8192];
		long n = libc_args_build(again, sizeof again, a.argv, a.env, a.nenv);
		/* Without environment strings the builder writes no separator, so a block that
		 * ends in one rebuilds one byte shorter. */
		bool same = n == (long)size && memcmp(again, data, size) == 0;
		bool sep = a.nenv == 0 && n + 1 == (long)size && memcmp(again, data, (size_t)n) == 0 &&
			   data[n] == 0;
		require(n >= 0 && (same || sep), "rebuilding gives the same block");
	}
	free(block);
	check_path(data, size);
	check_fd_entry((const char *)memchr(data, '\0', size) ? (const char *)data : "");
	return 0;
}
