/*
 * login: the console's door (docs/login.md). init starts it with fds 0, 1 and 2 on /dev/cons and
 * the process-control handle. It prints `ferrite login: `, reads a name, turns echo off through
 * /dev/consctl and reads a password, and checks them against /passwd (read through the namespace
 * on every attempt, so a changed file counts at once). A refusal waits 2 s before saying `login
 * incorrect`, so guessing over the console is slow; a success starts the user's shell with
 * env user, home and cwd, in a copy of login's namespace (a session's binds and mounts stay in it),
 * waits for it to end, and prompts again.
 */
#include "check.h"

#include "../sh/input.h"

#include <crypto/ct.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys_ipc.h"
#include "ulib.h"

#define LOGIN_DELAY_NS 2000000000ull
/* The largest password file login reads: the most users (PASSWD_USERS_MAX) at full line length
 * would need 128 KiB; 32 KiB is about 60 users at the default line length, and a larger file is
 * refused with a message rather than read in part. */
#define LOGIN_FILE_MAX 32768

static uint32_t proc_ctl;
static struct sh_input in;
static char file[LOGIN_FILE_MAX + 1];

static long read0(void *ctx, void *buf, size_t n)
{
	(void)ctx;
	return read(0, buf, n);
}

static void say(const char *s)
{
	write(1, s, strlen(s));
}

/* Reads a line into buf (size bytes, NUL-terminated, without its newline or CR). 1, 0 at end of
 * file, -1 when it does not fit (the line is dropped), -2 when reading failed. */
static int read_line(char *buf, size_t size)
{
	const char *line;
	size_t len;
	int r = sh_input_line(&in, &line, &len);
	if (r == SH_INPUT_EOF)
		return 0;
	if (r == SH_INPUT_ERROR)
		return -2;
	if (r == SH_INPUT_TOOLONG)
		return -1;
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len >= size) {
		ct_wipe((void *)line, len);
		return -1;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	ct_wipe((void *)line, len); /* the reader's copy of a password */
	return 1;
}

/* Reads /passwd into file; its length, or -1 after saying why not. */
static long read_passwd(void)
{
	int fd = open("/passwd", O_RDONLY);
	if (fd < 0) {
		dprintf(2, "login: /passwd: %s\n", errstr());
		return -1;
	}
	size_t n = 0;
	for (;;) {
		long r = read(fd, file + n, sizeof file - n);
		if (r < 0) {
			dprintf(2, "login: /passwd: %s\n", errstr());
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == sizeof file) {
			dprintf(2, "login: /passwd is larger than %d bytes\n", LOGIN_FILE_MAX);
			close(fd);
			return -1;
		}
	}
	close(fd);
	return (long)n;
}

/* fds 0, 1 and 2 on /dev/cons again after a session (one session, shared by dup). A console that
 * cannot be opened ends login: init starts another. */
static void reopen_console(void)
{
	int fd = open("/dev/cons", O_RDWR);
	if (fd != 0 || dup(0) != 1 || dup(0) != 2) {
		dprintf(2, "login: /dev/cons: %s\n", errstr());
		exit(1);
	}
	sh_input_init(&in, read0, NULL);
}

/* Runs the user's shell and waits for it to end. */
static void session(const struct passwd_entry *who)
{
	const char *prog = login_shell_program(who->shell);
	if (!prog) {
		dprintf(2, "login: %s: no shell program in %s\n", who->name, who->shell);
		return;
	}
	/* The home in the file may not exist in this system's namespace (the default file says
	 * /usr/glenda, and / is the read-only boot archive): then /tmp, said out loud. */
	const char *home = who->home;
	if (chdir(home) < 0) {
		dprintf(2, "login: home %s: %s; using /tmp\n", home, errstr());
		home = "/tmp";
		if (chdir(home) < 0) {
			dprintf(2, "login: /tmp: %s\n", errstr());
			return;
		}
	}
	setenv("user", who->name, 1);
	setenv("home", home, 1);

	char *argv[] = { (char *)prog, NULL };
	struct spawn_attr a = { .fd = { 0, 1, 2 }, .flags = SPAWN_NS_COPY, .proc_ctl = proc_ctl };
	uint32_t proc;
	if (spawn(prog, argv, &a, &proc) < 0) {
		dprintf(2, "login: %s: %s\n", prog, errstr());
		return;
	}
	/* The shell has its own sessions on the console; ours would only use up the console
	 * server's connections while it runs. We open the console again when it is done. */
	for (int k = 0; k < 3; k++)
		close(k);
	int code;
	if (waitproc(proc, &code) < 0)
		dprintf(2, "login: waiting for %s: %s\n", prog, errstr());
	sys_handle_close(proc);
	chdir("/");
	reopen_console();
}

/* One attempt: prompt, read, check. Returns 0 at end of input (login then exits and init starts
 * another), 1 otherwise. */
static int attempt(void)
{
	static char name[PASSWD_NAME_MAX + 2], password[SH_LINE_MAX + 1];
	say("ferrite login: ");
	int r = read_line(name, sizeof name);
	if (r == 0 || r == -2) {
		say("\n"); /* ^D shows nothing: end the prompt's line */
		return 0;
	}
	bool name_ok = r == 1;
	if (name_ok && name[0] == '\0')
		return 1;

	/* Echo off while the password is typed; closing consctl turns it back on. */
	int ctl = open("/dev/consctl", O_WRONLY);
	if (ctl < 0 || write(ctl, "echooff", 7) != 7) {
		dprintf(2, "login: /dev/consctl: %s; not asking for a password that would show\n",
			errstr());
		if (ctl >= 0)
			close(ctl);
		return 0;
	}
	say("password: ");
	r = read_line(password, sizeof password);
	close(ctl);
	say("\n");
	if (r == 0 || r == -2)
		return 0;
	bool pw_ok = r == 1;

	struct login_result res;
	long len = read_passwd();
	if (len >= 0 && name_ok && pw_ok) {
		login_check(file, (size_t)len, name, password, strlen(password), &res);
		if (res.verdict == LOGIN_BROKEN)
			dprintf(2, "login: /passwd line %u: %s\n", res.err.line, res.err.what);
	} else {
		res.verdict = LOGIN_INCORRECT;
	}
	ct_wipe(password, sizeof password);
	if (res.verdict != LOGIN_OK) {
		sys_sleep_until(sys_clock() + LOGIN_DELAY_NS);
		say("login incorrect\n");
		return 1;
	}
	session(&res.who);
	ct_wipe(&res, sizeof res);
	return 1;
}

int main(void)
{
	proc_ctl = proc_ctl_handle();
	sh_input_init(&in, read0, NULL);
	while (attempt())
		;
	return 0;
}
