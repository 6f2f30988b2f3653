/*
 * check: login's decision, with no system calls: given the password file's bytes, a name and a
 * password, is this a login? It owns the rules of docs/login.md that are not the file format:
 * an unknown user costs the same PBKDF2 work as a known one (so the time taken does not tell
 * which names exist) and gets the same answer; a damaged file refuses everyone and says where.
 * Prompting, the delay after a failure and starting the shell are login.c's.
 */
#ifndef LOGIN_CHECK_H
#define LOGIN_CHECK_H

#include <passwd.h>

#include <stddef.h>
#include <stdint.h>

enum login_verdict {
	LOGIN_OK,	 /* the password is the user's: *who is filled */
	LOGIN_INCORRECT, /* a wrong password or no such user: the caller cannot tell which */
	LOGIN_BROKEN,	 /* the file does not parse: *err says where and what */
};

struct login_result {
	enum login_verdict verdict;
	struct passwd_entry who;
	struct passwd_error err;
	/* The PBKDF2 iteration count the check ran: the user's, or for an unknown user the file's
	 * first user's (so the cost matches), for a file with no users LOGIN_DEFAULT_ITER. */
	uint32_t iterations_run;
};

/* What a file with no users is checked at; also mkpasswd's default (mk/user.mk PASSWD_ITER). */
#define LOGIN_DEFAULT_ITER 10000u

/* Decides a login. name is NUL-terminated (any bytes: a name the file cannot hold is just an
 * unknown user); password is pwlen bytes. */
void login_check(const char *file, size_t len, const char *name, const void *password,
		 size_t pwlen, struct login_result *r);

/* The program to start for an entry's shell: the last element of its path ("/bin/sh" -> "sh"),
 * since the boot archive is one flat directory. NULL when the path ends in '/'. */
const char *login_shell_program(const char *shell);

#endif
