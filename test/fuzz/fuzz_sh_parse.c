/*
 * libFuzzer target for the shell's language (user/sh/parse.c) and the C library's path cleaning
 * (user/lib/path.c), which cd uses. Input: one command line, any bytes.
 * Properties: sh_parse never crashes or reads outside the line; an error has a message and a
 * position inside the line (or at the length limit); a parsed script is well formed (counts
 * within limits, every command has a program name, pipelines and commands tile the arrays in
 * order, every word lies in the script's text and is terminated there, only the last link is
 * SH_END); sh_expand of every command succeeds or reports the expansion limit, gives a
 * NULL-terminated argv with no NUL-free overrun, and expands to the same thing twice. The same
 * bytes as a path, made absolute against a directory: cleaning gives an absolute path or a
 * length error, never an element "." or "..", and is idempotent.
 *
 * Build and run by hand (from the repository root):
 *   clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined test/fuzz/fuzz_sh_parse.c \
 *     -Iuser/lib -Ilib/include user/sh/parse.c user/lib/path.c -o fuzz_sh_parse
 *   ./fuzz_sh_parse -max_total_time=10
 */
#include "../../user/sh/parse.h"
#include "../../user/lib/libc_io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sh_script s;
static struct sh_argv a, b;

static void require(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_sh_parse: property broken: %s\n", what);
		abort();
	}
}

static int in_text(const char *w)
{
	return w >= s.text && w < s.text + s.text_used && memchr(w, '\0', (size_t)(s.text + s.text_used - w));
}

static void check_script(void)
{
	require(s.npipes <= SH_PIPES_MAX && s.ncmds <= SH_CMDS_MAX && s.nwords <= SH_WORDS_MAX,
		"counts within limits");
	require(s.text_used <= SH_TEXT_MAX, "text within its array");
	unsigned cmd = 0, word = 0;
	for (unsigned p = 0; p < s.npipes; p++) {
		const struct sh_pipeline *pl = &s.pipes[p];
		require(pl->first_cmd == cmd && pl->ncmds > 0, "pipelines tile the commands");
		require((pl->link == SH_END) == (p + 1 == s.npipes), "only the last link is SH_END");
		for (unsigned c = 0; c < pl->ncmds; c++, cmd++) {
			const struct sh_cmd *k = &s.cmds[cmd];
			require(k->first_word == word && k->nwords > 0, "commands tile the words");
			word += k->nwords;
			for (unsigned w = 0; w < k->nwords; w++)
				require(in_text(s.words[k->first_word + w]), "words lie in the text");
			require(!k->in || in_text(k->in), "< target lies in the text");
			require(!k->out || in_text(k->out), "> target lies in the text");
			require(k->out || !k->append, "append only with an output");
		}
	}
	require(cmd == s.ncmds && word == s.nwords, "everything parsed belongs to a command");
	for (unsigned c = 0; c < s.ncmds; c++) {
		struct sh_error err;
		int status = (int)(c * 7919u) - 1000;
		int r = sh_expand(&s, c, status, &a, &err);
		if (r) {
			require(err.msg != NULL, "an expansion error has a message");
			continue;
		}
		require(a.argc == (int)s.cmds[c].nwords && a.argv[a.argc] == NULL, "argv counted and NULL-terminated");
		require(sh_expand(&s, c, status, &b, &err) == 0 && b.argc == a.argc, "expansion repeats");
		for (int i = 0; i < a.argc; i++)
			require(strcmp(a.argv[i], b.argv[i]) == 0, "expansion is deterministic");
	}
}

static void check_path(const uint8_t *data, size_t size)
{
	char in[LIBC_PATH_MAX * 2];
	size_t n = size < sizeof in - 1 ? size : sizeof in - 1;
	memcpy(in, data, n);
	in[n] = '\0';
	char out[LIBC_PATH_MAX], again[LIBC_PATH_MAX];
	int e = libc_path_clean("/usr/glenda", in, out, sizeof out);
	if (in[0] == '\0') {
		require(e == LIBC_ENOENT, "an empty path is refused");
		return;
	}
	if (e) {
		require(e == LIBC_ENAMETOOLONG, "only length can refuse a non-empty path");
		return;
	}
	require(out[0] == '/', "a cleaned path is absolute");
	require(!strstr(out, "//") && !strstr(out, "/./") && !strstr(out, "/../"),
		"no empty, . or .. elements are left");
	size_t len = strlen(out);
	require(len == 1 || out[len - 1] != '/', "no trailing slash");
	require(libc_path_clean("/", out, again, sizeof again) == 0 && strcmp(out, again) == 0,
		"cleaning is idempotent");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so the sanitizer catches a read one past the end of the line. */
	char *line = malloc(size ? size : 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	struct sh_error err;
	if (sh_parse(&s, line, size, &err) == 0)
		check_script();
	else
		require(err.msg != NULL && err.pos <= size, "an error has a message and a position in the line");
	free(line);
	check_path(data, size);
	return 0;
}
