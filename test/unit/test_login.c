/*
 * login's decision (user/login/check.c) over password files built with lib/passwd: right and
 * wrong passwords, unknown users (same verdict, same PBKDF2 work), damaged files, the shell
 * program's name.
 */
#include "test.h"

#include "../../user/login/check.h"

#include <stdio.h>
#include <string.h>

static char file[2048];
static size_t flen;

/* Appends a user line with this password and iteration count. */
static void add_user(const char *name, const char *password, uint32_t iter)
{
	struct passwd_entry e;
	memset(&e, 0, sizeof e);
	snprintf(e.name, sizeof e.name, "%s", name);
	e.uid = 1000;
	snprintf(e.home, sizeof e.home, "/usr/%s", name);
	snprintf(e.shell, sizeof e.shell, "/bin/sh");
	uint8_t salt[16];
	for (unsigned i = 0; i < sizeof salt; i++)
		salt[i] = (uint8_t)(i * 7 + name[0]);
	CHECK_OK(passwd_set_password(&e, password, strlen(password), salt, sizeof salt, iter));
	size_t n;
	CHECK_OK(passwd_format_line(&e, file + flen, sizeof file - flen, &n));
	flen += n;
}

static struct login_result r;

static enum login_verdict try(const char *name, const char *password)
{
	login_check(file, flen, name, password, strlen(password), &r);
	return r.verdict;
}

TEST(login_right_and_wrong_passwords)
{
	flen = 0;
	add_user("glenda", "glenda", 1000);
	add_user("ken", "unix", 1200);
	CHECK_EQ(try("glenda", "glenda"), LOGIN_OK);
	CHECK_STR(r.who.name, "glenda");
	CHECK_STR(r.who.home, "/usr/glenda");
	CHECK_EQ(r.iterations_run, 1000);
	CHECK_EQ(try("ken", "unix"), LOGIN_OK);
	CHECK_EQ(r.iterations_run, 1200);
	CHECK_EQ(try("glenda", "glend"), LOGIN_INCORRECT);
	CHECK_EQ(try("glenda", "glendaa"), LOGIN_INCORRECT);
	CHECK_EQ(try("glenda", ""), LOGIN_INCORRECT);
	CHECK_EQ(try("glenda", "unix"), LOGIN_INCORRECT); /* another user's password */
	CHECK_EQ(try("Glenda", "glenda"), LOGIN_INCORRECT);
	CHECK_EQ(r.who.name[0], 0); /* nothing about a refused user is handed back */
}

TEST(login_unknown_users_cost_the_same)
{
	flen = 0;
	memcpy(file, "# users\n\n", 9);
	flen = 9;
	add_user("glenda", "glenda", 1500);
	add_user("ken", "unix", 1000);
	CHECK_EQ(try("nobody", "glenda"), LOGIN_INCORRECT);
	CHECK_EQ(r.iterations_run, 1500); /* the first user's count */
	CHECK_EQ(try("", "x"), LOGIN_INCORRECT);
	CHECK_EQ(try("a name far too long to be in any password file at all", "x"), LOGIN_INCORRECT);
	CHECK_EQ(try("bad:name", ""), LOGIN_INCORRECT);
	CHECK_EQ(r.iterations_run, 1500);
	/* A file without users refuses everyone, still doing the work. */
	flen = 0;
	CHECK_EQ(try("glenda", "glenda"), LOGIN_INCORRECT);
	CHECK_EQ(r.iterations_run, LOGIN_DEFAULT_ITER);
}

TEST(login_damaged_file_refuses_everyone)
{
	flen = 0;
	add_user("glenda", "glenda", 1000);
	static const char bad[] = "ken:$pbkdf2-sha256$10$00$00:1:/:/bin/sh\n";
	memcpy(file + flen, bad, sizeof bad - 1);
	flen += sizeof bad - 1;
	CHECK_EQ(try("glenda", "glenda"), LOGIN_BROKEN);
	CHECK_EQ(r.err.line, 2);
	CHECK(r.err.what != NULL);
	CHECK_EQ(try("nobody", "x"), LOGIN_BROKEN);
	/* A truncated file (cut inside the hash) too. */
	flen = 0;
	add_user("glenda", "glenda", 1000);
	flen -= 10;
	CHECK_EQ(try("glenda", "glenda"), LOGIN_BROKEN);
	CHECK_EQ(r.err.line, 1);
}

TEST(login_shell_program_is_the_last_element)
{
	CHECK_STR(login_shell_program("/bin/sh"), "sh");
	CHECK_STR(login_shell_program("/sh"), "sh");
	CHECK_STR(login_shell_program("/a/b/rc"), "rc");
	CHECK(login_shell_program("/bin/") == NULL);
	CHECK(login_shell_program("/") == NULL);
}
