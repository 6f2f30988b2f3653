/*
 * The shell's language: a lexer that writes words straight into the script's text area, and a
 * parser that groups them into commands and pipelines as the operators arrive. See parse.h for
 * the contract and docs/shell.md for the language.
 *
 * Words are stored with their quoting already removed. What remains special is $status, which
 * can only be filled in when the command runs: it is stored as the two bytes MARK 's'. A MARK
 * byte typed by the user is stored as MARK MARK, so every byte value can still appear in a word.
 */
#include "parse.h"

#include <stdint.h>
#include <string.h>

#define MARK '\x01'

enum tok {
	T_END,
	T_WORD,
	T_PIPE,	   /* | */
	T_SEMI,	   /* ; */
	T_NEWLINE, /* \n: ends a pipeline like ; but may also follow | && || */
	T_AND,	   /* && */
	T_OR,	   /* || */
	T_IN,	   /* < */
	T_OUT,	   /* > */
	T_APPEND,  /* >> */
};

struct lexer {
	const char *line;
	size_t len, i;
	struct sh_script *s;
	struct sh_error *err;
	sh_word word; /* the word T_WORD just produced */
	size_t at;    /* where the last token started */
};

static int fail(struct sh_error *err, size_t pos, const char *msg)
{
	err->msg = msg;
	err->pos = pos;
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Characters that end an unquoted word. */
static bool is_delim(char c)
{
	return is_blank(c) || c == '\n' || c == ';' || c == '|' || c == '&' || c == '<' ||
	       c == '>' || c == '(' || c == ')' || c == '`';
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int put(struct lexer *lx, char c)
{
	struct sh_script *s = lx->s;
	if (s->text_used == SH_TEXT_MAX)
		return fail(lx->err, lx->i, "the line's words are too long (limit 2048 bytes once parsed)");
	s->text[s->text_used++] = c;
	return 0;
}

/* A literal byte of a word. */
static int put_lit(struct lexer *lx, char c)
{
	if (c == MARK && put(lx, MARK))
		return -1;
	return put(lx, c);
}

/* At a '$': $? and $status become the marker, another $name is an error (a variable the shell
 * does not have must not quietly become empty), and a '$' before anything else is a '$'. */
static int dollar(struct lexer *lx)
{
	size_t start = lx->i++;
	if (lx->i < lx->len && lx->line[lx->i] == '?') {
		lx->i++;
		return put(lx, MARK) || put(lx, 's') ? -1 : 0;
	}
	if (lx->i < lx->len && is_name_start(lx->line[lx->i])) {
		size_t n = lx->i;
		while (n < lx->len && is_name(lx->line[n]))
			n++;
		if (n - lx->i == 6 && memcmp(lx->line + lx->i, "status", 6) == 0) {
			lx->i = n;
			return put(lx, MARK) || put(lx, 's') ? -1 : 0;
		}
		struct sh_error *e = lx->err;
		int k = (int)(n - lx->i > 32 ? 32 : n - lx->i);
		size_t m = 0;
		static const char pre[] = "unknown variable $";
		memcpy(e->buf, pre, sizeof pre - 1);
		m = sizeof pre - 1;
		memcpy(e->buf + m, lx->line + lx->i, (size_t)k);
		m += (size_t)k;
		static const char post[] = " (only $status and $? exist)";
		memcpy(e->buf + m, post, sizeof post);
		_Static_assert(sizeof pre - 1 + 32 + sizeof post <= sizeof e->buf, "message fits");
		return fail(e, start, e->buf);
	}
	return put(lx, '$');
}

/* Reads one word starting at lx->i (not at a delimiter). */
static int word(struct lexer *lx)
{
	const char *l = lx->line;
	lx->word = lx->s->text + lx->s->text_used;
	while (lx->i < lx->len && !is_delim(l[lx->i])) {
		char c = l[lx->i];
		if (c == '\'') {
			size_t open = lx->i++;
			while (lx->i < lx->len && l[lx->i] != '\'')
				if (put_lit(lx, l[lx->i++]))
					return -1;
			if (lx->i == lx->len)
				return fail(lx->err, open, "unterminated ' quote");
			lx->i++;
		} else if (c == '"') {
			size_t open = lx->i++;
			while (lx->i < lx->len && l[lx->i] != '"') {
				char d = l[lx->i];
				if (d == '$') {
					if (dollar(lx))
						return -1;
					continue;
				}
				/* Inside "...", a backslash escapes only " \ and $ (as in POSIX);
				 * before anything else it is itself. */
				if (d == '\\' && lx->i + 1 < lx->len &&
				    (l[lx->i + 1] == '"' || l[lx->i + 1] == '\\' || l[lx->i + 1] == '$'))
					d = l[++lx->i];
				if (put_lit(lx, d))
					return -1;
				lx->i++;
			}
			if (lx->i == lx->len)
				return fail(lx->err, open, "unterminated \" quote");
			lx->i++;
		} else if (c == '\\') {
			if (lx->i + 1 == lx->len)
				return fail(lx->err, lx->i, "backslash at the end of the line");
			if (l[lx->i + 1] == '\n')
				return fail(lx->err, lx->i, "backslash-newline (line continuation) is not supported");
			if (put_lit(lx, l[lx->i + 1]))
				return -1;
			lx->i += 2;
		} else if (c == '$') {
			if (dollar(lx))
				return -1;
		} else {
			if (put_lit(lx, c))
				return -1;
			lx->i++;
		}
	}
	return put(lx, '\0');
}

/* The next token; -1 on a lexical error. */
static int next(struct lexer *lx, enum tok *t)
{
	const char *l = lx->line;
	for (;;) {
		while (lx->i < lx->len && is_blank(l[lx->i]))
			lx->i++;
		if (lx->i < lx->len && l[lx->i] == '#') {
			/* A comment runs to the end of the line; a newline after it still counts. */
			while (lx->i < lx->len && l[lx->i] != '\n')
				lx->i++;
			continue;
		}
		break;
	}
	lx->at = lx->i;
	if (lx->i == lx->len) {
		*t = T_END;
		return 0;
	}
	char c = l[lx->i];
	char d = lx->i + 1 < lx->len ? l[lx->i + 1] : '\0';
	size_t n = 1;
	switch (c) {
	case '\n': *t = T_NEWLINE; break;
	case ';': *t = T_SEMI; break;
	case '<': *t = T_IN; break;
	case '|':
		*t = d == '|' ? T_OR : T_PIPE;
		n = d == '|' ? 2 : 1;
		break;
	case '>':
		*t = d == '>' ? T_APPEND : T_OUT;
		n = d == '>' ? 2 : 1;
		break;
	case '&':
		if (d != '&')
			return fail(lx->err, lx->i, "& (running in the background) is not supported");
		*t = T_AND;
		n = 2;
		break;
	case '(':
	case ')':
		return fail(lx->err, lx->i, "( and ) (subshells) are not supported; quote them");
	case '`':
		return fail(lx->err, lx->i, "` (command substitution) is not supported; quote it");
	default:
		*t = T_WORD;
		return word(lx);
	}
	lx->i += n;
	return 0;
}

static const char *tok_name(enum tok t)
{
	switch (t) {
	case T_PIPE: return "|";
	case T_SEMI: return ";";
	case T_AND: return "&&";
	case T_OR: return "||";
	case T_IN: return "<";
	case T_OUT: return ">";
	case T_APPEND: return ">>";
	case T_NEWLINE: return "a newline";
	default: return "the end of the line";
	}
}

static int fail_op(struct sh_error *err, size_t pos, const char *a, enum tok t, const char *b)
{
	size_t n = strlen(a), m = strlen(tok_name(t)), k = strlen(b);
	_Static_assert(sizeof err->buf > 40 + 20 + 30, "the longest message fits");
	memcpy(err->buf, a, n);
	memcpy(err->buf + n, tok_name(t), m);
	memcpy(err->buf + n + m, b, k + 1);
	return fail(err, pos, err->buf);
}

int sh_parse(struct sh_script *s, const char *line, size_t len, struct sh_error *err)
{
	err->msg = NULL;
	err->pos = 0;
	s->npipes = s->ncmds = s->nwords = 0;
	s->text_used = 0;
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > SH_LINE_MAX)
		return fail(err, SH_LINE_MAX, "the line is too long (limit 1024 bytes)");
	const char *nul = memchr(line, '\0', len);
	if (nul)
		return fail(err, (size_t)(nul - line), "the line holds a NUL byte");

	struct lexer lx = { line, len, 0, s, err, NULL, 0 };
	/* The command being read, and the operator that decided what comes before it. */
	struct sh_cmd cmd = { s->nwords, 0, NULL, NULL, false };
	size_t redir_at = 0;
	unsigned pipe_cmds = 0;	    /* commands of the current pipeline so far */
	enum tok pending = T_END;   /* the |, && or || that still needs a command after it */
	size_t pending_at = 0;
	for (;;) {
		enum tok t;
		if (next(&lx, &t))
			return -1;
		if (t == T_WORD) {
			if (s->nwords == SH_WORDS_MAX)
				return fail(err, lx.at, "too many words in the line (limit 128)");
			s->words[s->nwords++] = lx.word;
			cmd.nwords++;
			continue;
		}
		if (t == T_IN || t == T_OUT || t == T_APPEND) {
			size_t op_at = lx.at;
			if ((t == T_IN && cmd.in) || (t != T_IN && cmd.out))
				return fail_op(err, op_at, "a second ", t,
					       " redirection for the same command");
			enum tok w;
			if (next(&lx, &w))
				return -1;
			if (w != T_WORD)
				return fail_op(err, op_at, "", t, " needs a file name after it");
			if (t == T_IN) {
				cmd.in = lx.word;
			} else {
				cmd.out = lx.word;
				cmd.append = t == T_APPEND;
			}
			redir_at = op_at;
			continue;
		}
		/* An operator or the end: the command before it is complete. */
		bool empty = cmd.nwords == 0;
		if (empty && (cmd.in || cmd.out))
			return fail(err, redir_at, "a redirection without a command");
		if (empty && t == T_NEWLINE && pending != T_END)
			continue; /* a newline may follow |, && or || before the next command */
		if (empty) {
			if (pending != T_END)
				return fail_op(err, pending_at, "missing command after ", pending, "");
			if (t == T_PIPE || t == T_AND || t == T_OR || t == T_SEMI)
				return fail_op(err, lx.at, "missing command before ", t, "");
			/* Nothing before a newline or the end: a blank line or a trailing ;. */
			if (t == T_END)
				break;
			continue;
		}
		if (s->ncmds == SH_CMDS_MAX)
			return fail(err, lx.at, "too many commands in the line (limit 32)");
		s->cmds[s->ncmds++] = cmd;
		pipe_cmds++;
		cmd = (struct sh_cmd){ s->nwords, 0, NULL, NULL, false };
		pending = T_END;
		if (t == T_PIPE) {
			pending = T_PIPE;
			pending_at = lx.at;
			continue;
		}
		if (s->npipes == SH_PIPES_MAX)
			return fail(err, lx.at, "too many pipelines in the line (limit 16)");
		struct sh_pipeline *p = &s->pipes[s->npipes++];
		p->first_cmd = s->ncmds - pipe_cmds;
		p->ncmds = pipe_cmds;
		p->link = t == T_AND ? SH_AND : t == T_OR ? SH_OR : t == T_END ? SH_END : SH_SEQ;
		pipe_cmds = 0;
		if (t == T_AND || t == T_OR) {
			pending = t;
			pending_at = lx.at;
		}
		if (t == T_END)
			break;
	}
	if (s->npipes)
		s->pipes[s->npipes - 1].link = SH_END; /* a trailing ; joins to nothing */
	return 0;
}

/* Writes status in decimal; returns the number of characters (at most 11). */
static size_t decimal(char out[12], int status)
{
	char tmp[12];
	size_t n = 0;
	/* In unsigned arithmetic, so that INT_MIN has a magnitude. */
	unsigned v = status < 0 ? 0u - (unsigned)status : (unsigned)status;
	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	size_t k = 0;
	if (status < 0)
		out[k++] = '-';
	while (n)
		out[k++] = tmp[--n];
	return k;
}

struct expander {
	struct sh_argv *a;
	size_t used;
	char num[12];
	size_t numlen;
};

/* Copies one word into the argument text with $status filled in; NULL when it does not fit. */
static char *expand_word(struct expander *x, sh_word w)
{
	char *start = x->a->text + x->used;
	for (const char *p = w;; p++) {
		const char *src = p;
		size_t n = 1;
		if (*p == MARK) {
			p++;
			if (*p == 's')
				src = x->num, n = x->numlen;
			/* else MARK MARK: one literal MARK, at p */
			else
				src = p;
		}
		if (SH_EXPAND_MAX - x->used < n)
			return NULL;
		memcpy(x->a->text + x->used, src, n);
		x->used += n;
		if (*p == '\0')
			return start;
	}
}

int sh_expand(const struct sh_script *s, unsigned cmd, int status, struct sh_argv *out,
	      struct sh_error *err)
{
	const struct sh_cmd *c = &s->cmds[cmd];
	struct expander x = { out, 0, { 0 }, 0 };
	x.numlen = decimal(x.num, status);
	out->argc = 0;
	out->in = out->out = NULL;
	out->append = c->append;
	for (unsigned i = 0; i < c->nwords; i++) {
		char *w = expand_word(&x, s->words[c->first_word + i]);
		if (!w)
			goto too_long;
		out->argv[out->argc++] = w;
	}
	out->argv[out->argc] = NULL;
	if (c->in && !(out->in = expand_word(&x, c->in)))
		goto too_long;
	if (c->out && !(out->out = expand_word(&x, c->out)))
		goto too_long;
	return 0;
too_long:
	return fail(err, 0, "the command is too long once $status is expanded (limit 4096 bytes)");
}

bool sh_should_run(enum sh_link link, int status)
{
	switch (link) {
	case SH_AND: return status == 0;
	case SH_OR: return status != 0;
	default: return true;
	}
}
