/*
 * parse: the shell's language (docs/shell.md), as a library with no system calls and no
 * allocation, so it runs unchanged in the shell and in the host tests and fuzzer.
 *
 * A line becomes a script: pipelines joined by `;` (or a newline), `&&` and `||`; each pipeline is
 * commands joined by `|`; each command is words plus at most one `<` and one `>`/`>>`
 * redirection. Quoting is POSIX-like: '...' takes everything literally; "..." keeps `\"`, `\\`,
 * `\$` as escapes and expands `$status` / `$?`; outside quotes a backslash quotes the next
 * character. `#` at the start of a word comments out the rest of the line.
 *
 * $status is expanded when a command is about to run, not when the line is parsed, so that in
 * `false; echo $status` echo sees false's status: sh_parse keeps it as a marker and sh_expand
 * fills in the value. The module owns syntax only: running commands, the environment and the
 * meaning of a status belong to the shell (user/sh/sh.c, when processes exist).
 *
 * Every limit is a hard error with a message, never a silent truncation.
 */
#ifndef SH_PARSE_H
#define SH_PARSE_H

#include <stdbool.h>
#include <stddef.h>

enum {
	SH_LINE_MAX = 1024,   /* bytes in one line, not counting a final newline */
	SH_WORDS_MAX = 128,   /* words in a line (arguments and redirection targets) */
	SH_CMDS_MAX = 32,     /* commands in a line, all pipelines together */
	SH_PIPES_MAX = 16,    /* pipelines in a line */
	SH_TEXT_MAX = 2048,   /* bytes of parsed word text, markers and NULs included */
	SH_EXPAND_MAX = 4096, /* bytes of one command's words after expansion, NULs included */
};

/* How a pipeline is joined to the one after it. */
enum sh_link {
	SH_END, /* the last pipeline */
	SH_SEQ, /* ; or newline: run the next one whatever happened */
	SH_AND, /* &&: run the next one only if this one's status is 0 */
	SH_OR,  /* ||: run the next one only if this one's status is not 0 */
};

/* A word as parsed: NUL-terminated text with $status markers in it; read it with sh_expand. */
typedef const char *sh_word;

struct sh_cmd {
	unsigned first_word, nwords; /* words[first_word .. first_word + nwords) of the script */
	sh_word in;		     /* `< word`, or NULL */
	sh_word out;		     /* `> word` or `>> word`, or NULL */
	bool append;		     /* out came from >> */
};

struct sh_pipeline {
	unsigned first_cmd, ncmds; /* cmds[first_cmd .. first_cmd + ncmds), joined by | */
	enum sh_link link;	   /* to the next pipeline */
};

/* The parsed line. It points into itself: do not copy it, parse again instead. */
struct sh_script {
	unsigned npipes, ncmds, nwords;
	struct sh_pipeline pipes[SH_PIPES_MAX];
	struct sh_cmd cmds[SH_CMDS_MAX];
	sh_word words[SH_WORDS_MAX];
	char text[SH_TEXT_MAX];
	size_t text_used;
};

/* What went wrong and where: msg is a sentence (static, or in buf), pos the byte offset in the
 * line that the error is about. */
struct sh_error {
	const char *msg;
	size_t pos;
	char buf[96];
};

/* Parses line[0..len). A line holding nothing but blanks and comments gives npipes == 0. One
 * final newline is allowed (and ignored); a NUL byte anywhere is an error. Returns 0, or -1 with
 * *err filled in (and *s unusable). */
int sh_parse(struct sh_script *s, const char *line, size_t len, struct sh_error *err);

/* One command made ready to run: argv (argc entries and a NULL), and the redirection targets,
 * with $status replaced by the decimal value of status. */
struct sh_argv {
	int argc;
	char *argv[SH_WORDS_MAX + 1];
	const char *in, *out;
	bool append;
	char text[SH_EXPAND_MAX];
};

/* Expands s->cmds[cmd]. Returns 0, or -1 with *err set when the result exceeds SH_EXPAND_MAX
 * (pos is then 0: the position in the line is not kept). */
int sh_expand(const struct sh_script *s, unsigned cmd, int status, struct sh_argv *out,
	      struct sh_error *err);

/* Whether the pipeline after one joined by link runs, given the status so far. A pipeline that
 * does not run leaves the status as it was, so `false && a || b` runs b (POSIX: && and || have
 * equal precedence and group from the left). */
bool sh_should_run(enum sh_link link, int status);

#endif
