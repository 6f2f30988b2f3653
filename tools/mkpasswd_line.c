/* mkpasswd_line: options to one password file line, through lib/passwd; see mkpasswd_line.h. */
#include "mkpasswd_line.h"

#include <crypto/ct.h>
#include <string.h>

/* Lowercase hex only, like the file itself, so what the user typed is what the file holds. */
static const char *mkpasswd_salt(const char *hex, uint8_t *out, size_t *len)
{
	size_t n = strlen(hex);
	if (n % 2)
		return "salt: odd number of hex digits";
	if (n / 2 < PASSWD_SALT_MIN || n / 2 > PASSWD_SALT_MAX)
		return "salt: must be 16 to 64 bytes (32 to 128 hex digits)";
	for (size_t i = 0; i < n; i++) {
		char c = hex[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return "salt: not lowercase hex";
	}
	for (size_t i = 0; i < n; i += 2) {
		unsigned hi = hex[i] <= '9' ? (unsigned)(hex[i] - '0') : (unsigned)(hex[i] - 'a' + 10);
		unsigned lo = hex[i + 1] <= '9' ? (unsigned)(hex[i + 1] - '0') : (unsigned)(hex[i + 1] - 'a' + 10);
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return NULL;
}

/* Copies a NUL-terminated string into a fixed field; false when it does not fit. */
static bool mkpasswd_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

const char *mkpasswd_line(const struct mkpasswd_opts *o, const uint8_t random_salt[PASSWD_SALT_MIN],
			  char *buf, size_t size)
{
	struct passwd_entry e;
	uint8_t salt[PASSWD_SALT_MAX];
	size_t salt_len = PASSWD_SALT_MIN;
	const char *why = NULL;

	memset(&e, 0, sizeof e);
	if (o->salt_hex)
		why = mkpasswd_salt(o->salt_hex, salt, &salt_len);
	else
		memcpy(salt, random_salt, PASSWD_SALT_MIN);
	if (!why && !mkpasswd_copy(e.name, sizeof e.name, o->name))
		why = "user name longer than 31 bytes";
	if (!why && !mkpasswd_copy(e.home, sizeof e.home, o->home))
		why = "home directory longer than 127 bytes";
	if (!why && !mkpasswd_copy(e.shell, sizeof e.shell, o->shell))
		why = "shell longer than 127 bytes";
	/* ':' separates fields, so the parser would only say the field count is wrong; say which. */
	if (!why && strchr(o->name, ':'))
		why = "user name may hold only letters, digits, '_', '-' and '.'";
	if (!why && strchr(o->home, ':'))
		why = "home directory contains ':'";
	if (!why && strchr(o->shell, ':'))
		why = "shell contains ':'";
	e.uid = o->uid;
	if (!why)
		why = passwd_set_password(&e, o->password, o->password_len, salt, salt_len,
					  o->iterations);
	/* The line is parsed back inside passwd_format_line: a name or path the file would refuse
	 * comes back as the parser's reason. */
	size_t len;
	if (!why)
		why = passwd_format_line(&e, buf, size, &len);
	ct_wipe(&e, sizeof e);
	ct_wipe(salt, sizeof salt);
	return why;
}
