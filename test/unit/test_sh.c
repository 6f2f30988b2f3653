/*
 * The shell's language (user/sh/parse.c): each construct of docs/shell.md, each error with where it points, each limit, and the &&/|| run rule.
 */
#include "test.h"

#include "../../user/sh/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sh_script script;
static struct sh_argv av;
static struct sh_error err;

/* Renders a parsed script as text, $status expanded to status, so one string states the whole
 * expected structure: pipelines separated by " ;; " with their link, commands by " | ", each
 * command as [arg][arg]<in>out or >>out. */
static const char *render(const char *line, int status)
{
	static char out[8192];
	if (sh_parse(&script, line, strlen(line), &err)) {
		snprintf(out, sizeof out, "error@%zu: %s", err.pos, err.msg);
		return out;
	}
	size_t n = 0;
	out[0] = 0;
	for (unsigned p = 0; p < script.npipes; p++) {
		const struct sh_pipeline *pl = &script.pipes[p];
		for (unsigned c = 0; c < pl->ncmds; c++) {
			if (c)
				n += (size_t)snprintf(out + n, sizeof out - n, " | ");
			if (sh_expand(&script, pl->first_cmd + c, status, &av, &err)) {
				snprintf(out, sizeof out, "expand error: %s", err.msg);
				return out;
			}
			for (int i = 0; i < av.argc; i++)
				n += (size_t)snprintf(out + n, sizeof out - n, "[%s]", av.argv[i]);
			if (av.argv[av.argc] != NULL)
				return "argv is not NULL-terminated";
			if (av.in)
				n += (size_t)snprintf(out + n, sizeof out - n, "<%s", av.in);
			if (av.out)
				n += (size_t)snprintf(out + n, sizeof out - n, "%s%s",
						      av.append ? ">>" : ">", av.out);
		}
		static const char *const links[] = { "", " ;; ", " && ", " || " };
		n += (size_t)snprintf(out + n, sizeof out - n, "%s", links[pl->link]);
	}
	return out;
}

TEST(sh_words_and_blanks)
{
	CHECK_STR(render("echo hello world", 0), "[echo][hello][world]");
	CHECK_STR(render("  \t echo\t  a  ", 0), "[echo][a]");
	CHECK_STR(render("echo a\r\n", 0), "[echo][a]"); /* a serial console's CR LF */
	CHECK_STR(render("", 0), "");
	CHECK_STR(render("   ", 0), "");
	CHECK_STR(render("\n", 0), "");
	CHECK_STR(render("a{b}c x=y 100% -f", 0), "[a{b}c][x=y][100%][-f]");
}

TEST(sh_single_quotes_are_literal)
{
	CHECK_STR(render("echo 'a  b' 'x|y;z'", 0), "[echo][a  b][x|y;z]");
	CHECK_STR(render("echo '$status' '\\n' '\"'", 7), "[echo][$status][\\n][\"]");
	CHECK_STR(render("echo '' x", 0), "[echo][][x]");
	CHECK_STR(render("echo a'b c'd", 0), "[echo][ab cd]");
	CHECK_STR(render("echo '#not a comment'", 0), "[echo][#not a comment]");
}

TEST(sh_double_quotes_escape_and_expand)
{
	CHECK_STR(render("echo \"a  b\"", 0), "[echo][a  b]");
	CHECK_STR(render("echo \"st=$status\" \"$?\"", 3), "[echo][st=3][3]");
	CHECK_STR(render("echo \"\\\"q\\\" \\\\ \\$status\"", 0), "[echo][\"q\" \\ $status]");
	CHECK_STR(render("echo \"\\n\\a\"", 0), "[echo][\\n\\a]"); /* other escapes stay */
	CHECK_STR(render("echo \"it's\" \"\"", 0), "[echo][it's][]");
	CHECK_STR(render("echo \"a|b;c&&d>e\"", 0), "[echo][a|b;c&&d>e]");
}

TEST(sh_backslash_outside_quotes)
{
	CHECK_STR(render("echo a\\ b \\; \\| \\$status \\'", 0), "[echo][a b][;][|][$status][']");
	CHECK_STR(render("echo \\#x", 0), "[echo][#x]");
}

TEST(sh_status_expansion)
{
	CHECK_STR(render("echo $status $? x$?y", 42), "[echo][42][42][x42y]");
	CHECK_STR(render("echo $status", -1), "[echo][-1]");
	CHECK_STR(render("echo $?", -2147483647 - 1), "[echo][-2147483648]");
	CHECK_STR(render("echo $statusx", 0),
		  "error@5: unknown variable $statusx (only $status and $? exist)");
	CHECK_STR(render("echo $ a$ $1 ${x}", 0), "[echo][$][a$][$1][${x}]");
	/* Redirection targets expand too. */
	CHECK_STR(render("cat <in$? >out$status", 5), "[cat]<in5>out5");
	/* Expansion happens at sh_expand time: the same parse gives each status. */
	CHECK_EQ(sh_parse(&script, "echo $?", 7, &err), 0);
	CHECK_EQ(sh_expand(&script, 0, 1, &av, &err), 0);
	CHECK_STR(av.argv[1], "1");
	CHECK_EQ(sh_expand(&script, 0, 0, &av, &err), 0);
	CHECK_STR(av.argv[1], "0");
}

TEST(sh_unknown_variables_are_errors)
{
	CHECK_STR(render("echo $HOME", 0), "error@5: unknown variable $HOME (only $status and $? exist)");
	CHECK_STR(render("echo \"$path\"", 0),
		  "error@6: unknown variable $path (only $status and $? exist)");
	/* A long name is cut in the message, never overflowing it. */
	char line[200] = "echo $";
	memset(line + 6, 'v', 150);
	line[156] = 0;
	CHECK(strncmp(render(line, 0), "error@5: unknown variable $vvvv", 31) == 0);
}

TEST(sh_redirections)
{
	CHECK_STR(render("cat < in > out", 0), "[cat]<in>out");
	CHECK_STR(render("cat <in >>log", 0), "[cat]<in>>log");
	CHECK_STR(render("<in cat -n", 0), "[cat][-n]<in");
	CHECK_STR(render("echo a>f b", 0), "[echo][a][b]>f");
	CHECK_STR(render("echo >'my file'", 0), "[echo]>my file");
	CHECK_STR(render("echo > \"$?\"", 1), "[echo]>1");
	CHECK_STR(render("a > f | b < g", 0), "[a]>f | [b]<g");
}

TEST(sh_redirection_errors)
{
	CHECK_STR(render("cat <", 0), "error@4: < needs a file name after it");
	CHECK_STR(render("cat >", 0), "error@4: > needs a file name after it");
	CHECK_STR(render("cat >> ; x", 0), "error@4: >> needs a file name after it");
	CHECK_STR(render("cat > | x", 0), "error@4: > needs a file name after it");
	CHECK_STR(render("cat > >f", 0), "error@4: > needs a file name after it");
	CHECK_STR(render("cat >a >b", 0), "error@7: a second > redirection for the same command");
	CHECK_STR(render("cat >a >>b", 0), "error@7: a second >> redirection for the same command");
	CHECK_STR(render("cat <a <b", 0), "error@7: a second < redirection for the same command");
	CHECK_STR(render("> f", 0), "error@0: a redirection without a command");
	CHECK_STR(render("a | <f", 0), "error@4: a redirection without a command");
}

TEST(sh_pipelines_and_sequences)
{
	CHECK_STR(render("a | b | c", 0), "[a] | [b] | [c]");
	CHECK_STR(render("a; b", 0), "[a] ;; [b]");
	CHECK_STR(render("a;b;", 0), "[a] ;; [b]"); /* a trailing ; is allowed */
	CHECK_STR(render("a\nb\n", 0), "[a] ;; [b]");
	CHECK_STR(render("a && b || c", 0), "[a] && [b] || [c]");
	CHECK_STR(render("a|b&&c|d;e", 0), "[a] | [b] && [c] | [d] ;; [e]");
	/* A newline may follow |, && and || before the command. */
	CHECK_STR(render("a |\n b &&\n\n c ||\n d", 0), "[a] | [b] && [c] || [d]");
	CHECK_EQ(sh_parse(&script, "a | b && c", 10, &err), 0);
	CHECK_EQ(script.npipes, 2);
	CHECK_EQ(script.pipes[0].ncmds, 2);
	CHECK_EQ(script.pipes[0].link, SH_AND);
	CHECK_EQ(script.pipes[1].link, SH_END);
}

TEST(sh_empty_elements_are_errors)
{
	CHECK_STR(render("| a", 0), "error@0: missing command before |");
	CHECK_STR(render("a |", 0), "error@2: missing command after |");
	CHECK_STR(render("a | | b", 0), "error@2: missing command after |");
	CHECK_STR(render("a |; b", 0), "error@2: missing command after |");
	CHECK_STR(render("; a", 0), "error@0: missing command before ;");
	CHECK_STR(render("a ;; b", 0), "error@3: missing command before ;");
	CHECK_STR(render("&& a", 0), "error@0: missing command before &&");
	CHECK_STR(render("a &&", 0), "error@2: missing command after &&");
	CHECK_STR(render("a || ; b", 0), "error@2: missing command after ||");
	CHECK_STR(render("a && || b", 0), "error@2: missing command after &&");
	CHECK_STR(render("a |\n", 0), "error@2: missing command after |");
	CHECK_STR(render("\n; a", 0), "error@1: missing command before ;");
}

TEST(sh_comments)
{
	CHECK_STR(render("# just a comment", 0), "");
	CHECK_STR(render("echo a # b | c; d", 0), "[echo][a]");
	CHECK_STR(render("echo a#b", 0), "[echo][a#b]"); /* # inside a word is a letter */
	CHECK_STR(render("a # c\nb", 0), "[a] ;; [b]");  /* the comment ends at the newline */
	CHECK_STR(render("a && # c\n b", 0), "[a] && [b]");
}

TEST(sh_unterminated_quotes_and_unsupported_syntax)
{
	CHECK_STR(render("echo 'abc", 0), "error@5: unterminated ' quote");
	CHECK_STR(render("echo \"abc", 0), "error@5: unterminated \" quote");
	CHECK_STR(render("echo \"a\\\"", 0), "error@5: unterminated \" quote");
	CHECK_STR(render("echo x'", 0), "error@6: unterminated ' quote");
	CHECK_STR(render("echo a\\", 0), "error@6: backslash at the end of the line");
	CHECK_STR(render("echo a\\\nb", 0), "error@6: backslash-newline (line continuation) is not supported");
	CHECK_STR(render("sleep 1 &", 0), "error@8: & (running in the background) is not supported");
	CHECK_STR(render("(a)", 0), "error@0: ( and ) (subshells) are not supported; quote them");
	CHECK_STR(render("echo `x`", 0), "error@5: ` (command substitution) is not supported; quote it");
	CHECK_STR(render("echo '(' \")\" \\&", 0), "[echo][(][)][&]");
}

TEST(sh_nul_bytes_and_control_bytes)
{
	CHECK_EQ(sh_parse(&script, "ab\0c", 4, &err), -1);
	CHECK_STR(err.msg, "the line holds a NUL byte");
	CHECK_EQ(err.pos, 2);
	/* The parser's own marker byte typed by a user is an ordinary character. */
	CHECK_STR(render("echo a\x01s\x01\x01", 9), "[echo][a\x01s\x01\x01]");
	CHECK_STR(render("echo '\x01s'", 9), "[echo][\x01s]");
}

TEST(sh_line_length_limit_is_an_error)
{
	static char line[SH_LINE_MAX + 2];
	memset(line, 'a', sizeof line);
	CHECK_EQ(sh_parse(&script, line, SH_LINE_MAX, &err), 0);
	CHECK_EQ(script.ncmds, 1);
	CHECK_EQ(strlen(script.words[0]), SH_LINE_MAX);
	line[SH_LINE_MAX] = '\n'; /* a final newline does not count */
	CHECK_EQ(sh_parse(&script, line, SH_LINE_MAX + 1, &err), 0);
	memset(line, 'a', sizeof line);
	CHECK_EQ(sh_parse(&script, line, SH_LINE_MAX + 1, &err), -1);
	CHECK_STR(err.msg, "the line is too long (limit 1024 bytes)");
	CHECK_EQ(err.pos, SH_LINE_MAX);
}

TEST(sh_count_limits_are_errors)
{
	static char line[SH_LINE_MAX + 1];
	size_t n = 0;
	for (int i = 0; i < SH_WORDS_MAX + 1; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "w ");
	CHECK_EQ(sh_parse(&script, line, n - 2, &err), 0); /* exactly the limit */
	CHECK_EQ(script.nwords, SH_WORDS_MAX);
	CHECK_EQ(sh_parse(&script, line, n, &err), -1);
	CHECK_STR(err.msg, "too many words in the line (limit 128)");

	n = 0;
	for (int i = 0; i < SH_CMDS_MAX + 1; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "c|");
	line[n - 1] = 0;
	CHECK_EQ(sh_parse(&script, line, n - 1, &err), -1);
	CHECK_STR(err.msg, "too many commands in the line (limit 32)");
	CHECK_EQ(sh_parse(&script, line, n - 3, &err), 0);
	CHECK_EQ(script.pipes[0].ncmds, SH_CMDS_MAX);

	n = 0;
	for (int i = 0; i < SH_PIPES_MAX + 1; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "c;");
	CHECK_EQ(sh_parse(&script, line, n, &err), -1);
	CHECK_STR(err.msg, "too many pipelines in the line (limit 16)");
	CHECK_EQ(sh_parse(&script, line, n - 2, &err), 0);
	CHECK_EQ(script.npipes, SH_PIPES_MAX);
}

TEST(sh_text_limit_is_an_error)
{
	/* Marker bytes take two bytes each once parsed: 1024 of them need 2049 with the NUL. */
	static char line[SH_LINE_MAX];
	memset(line, '\x01', sizeof line);
	CHECK_EQ(sh_parse(&script, line, sizeof line, &err), -1);
	CHECK_STR(err.msg, "the line's words are too long (limit 2048 bytes once parsed)");
	CHECK_EQ(sh_parse(&script, line, sizeof line - 1, &err), 0);
}

TEST(sh_expansion_limit_is_an_error)
{
	/* 500 "$?" in one word expand to 11 characters each at INT_MIN: 5500 bytes, over 4096. */
	static char line[SH_LINE_MAX + 1];
	size_t n = 0;
	for (int i = 0; i < 500; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "$?");
	CHECK_EQ(sh_parse(&script, line, n, &err), 0);
	CHECK_EQ(sh_expand(&script, 0, 0, &av, &err), 0);
	CHECK_EQ(av.argc, 1);
	CHECK_EQ(strlen(av.argv[0]), 500);
	CHECK_EQ(sh_expand(&script, 0, -2147483647 - 1, &av, &err), -1);
	CHECK_STR(err.msg, "the command is too long once $status is expanded (limit 4096 bytes)");
}

TEST(sh_should_run_follows_status)
{
	CHECK(sh_should_run(SH_SEQ, 1));
	CHECK(sh_should_run(SH_SEQ, 0));
	CHECK(sh_should_run(SH_AND, 0));
	CHECK(!sh_should_run(SH_AND, 1));
	CHECK(sh_should_run(SH_OR, 3));
	CHECK(!sh_should_run(SH_OR, 0));
	/* false && a || b: a is skipped, the status stays 1, so b runs. */
	int status = 1;
	CHECK(!sh_should_run(SH_AND, status));
	CHECK(sh_should_run(SH_OR, status));
}

