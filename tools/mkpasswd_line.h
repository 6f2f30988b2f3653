/*
 * mkpasswd_line: the part of tools/mkpasswd that turns options into a password file line, kept
 * apart from the command's I/O so the unit tests run exactly this code. Host-only.
 */
#ifndef TOOLS_MKPASSWD_LINE_H
#define TOOLS_MKPASSWD_LINE_H

#include <passwd.h>
#include <stddef.h>
#include <stdint.h>

/* What mkpasswd was asked for. salt_hex NULL means "use random_salt" (PASSWD_SALT_MIN bytes). */
struct mkpasswd_opts {
	const char *name;
	const void *password;
	size_t password_len;
	const char *salt_hex;
	uint32_t iterations;
	uint32_t uid;
	const char *home, *shell;
};

/*
 * Writes the line, with its newline, into buf (PASSWD_LINE_MAX + 2 bytes is always enough).
 * Returns NULL, or what is wrong with the options (a salt that is not lowercase hex, a field the
 * password file would refuse).
 */
const char *mkpasswd_line(const struct mkpasswd_opts *o, const uint8_t random_salt[PASSWD_SALT_MIN],
			  char *buf, size_t size);

#endif
