/* login's decision; see check.h. */
#include "check.h"

#include <err.h>
#include <mem.h>

/* The iteration count of the file's first user line, or LOGIN_DEFAULT_ITER when there is none.
 * Only called on a file passwd_lookup accepted, so every user line parses. */
static uint32_t first_iterations(const char *file, size_t len)
{
	size_t at = 0;
	while (at < len) {
		size_t end = at;
		while (end < len && file[end] != '\n')
			end++;
		if (end > at && file[at] != '#') {
			struct passwd_entry e;
			if (passwd_parse_line(file + at, end - at, &e) == NULL)
				return e.iterations;
		}
		at = end + 1;
	}
	return LOGIN_DEFAULT_ITER;
}

void login_check(const char *file, size_t len, const char *name, const void *password,
		 size_t pwlen, struct login_result *r)
{
	r->err.line = 0;
	r->err.what = NULL;
	r->iterations_run = 0;
	int e = passwd_lookup(file, len, name, &r->who, &r->err);
	if (e == ERR_INVAL) {
		r->verdict = LOGIN_BROKEN;
		return;
	}
	if (e == 0) {
		r->iterations_run = r->who.iterations;
		r->verdict = passwd_check(&r->who, password, pwlen) ? LOGIN_OK : LOGIN_INCORRECT;
		return;
	}
	/* No such user: the same work against an entry no password matches (an all-zero hash of a
	 * zero salt is never PBKDF2's output in practice, and the answer is ignored anyway). */
	struct passwd_entry dummy;
	memset(&dummy, 0, sizeof dummy);
	dummy.iterations = first_iterations(file, len);
	dummy.salt_len = PASSWD_SALT_MIN;
	(void)passwd_check(&dummy, password, pwlen);
	r->iterations_run = dummy.iterations;
	memset(&r->who, 0, sizeof r->who);
	r->verdict = LOGIN_INCORRECT;
}

const char *login_shell_program(const char *shell)
{
	const char *last = shell;
	for (const char *p = shell; *p; p++)
		if (*p == '/')
			last = p + 1;
	return *last ? last : NULL;
}
