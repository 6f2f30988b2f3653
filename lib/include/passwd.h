/*
 * passwd: the password file, a text file of one user per line (format in docs/login.md):
 *
 *   name:$pbkdf2-sha256$ITERATIONS$SALT$HASH:uid:home:shell
 *
 * This module owns parsing (strict: a malformed line is refused with its line number and what is
 * wrong, never skipped or half-read), looking a user up, checking a password against the stored
 * PBKDF2-HMAC-SHA-256 hash in constant time, and writing a line (tools/mkpasswd). It does not read
 * files, prompt, or decide what a login does; the caller hands it the file's bytes. No allocation.
 */
#ifndef PASSWD_H
#define PASSWD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PASSWD_NAME_MAX 31        /* bytes in a user name */
#define PASSWD_PATH_MAX 127       /* bytes in the home directory and in the shell path */
#define PASSWD_LINE_MAX 512       /* bytes in a line, without its newline */
#define PASSWD_ITER_MIN 1000      /* fewer makes guessing cheap (see docs/login.md) */
#define PASSWD_ITER_MAX 10000000  /* more would stall a login for minutes on a slow target */
#define PASSWD_SALT_MIN 16        /* salt bytes: 128 bits, so no two users or systems share one */
#define PASSWD_SALT_MAX 64
#define PASSWD_HASH_SIZE 32       /* PBKDF2-HMAC-SHA-256 output kept */
#define PASSWD_UID_MAX 2147483647 /* fits an int on every target */
#define PASSWD_USERS_MAX 256      /* users in one file; bounds the duplicate-name check */

/* The hash scheme's tag, the only one accepted. */
#define PASSWD_SCHEME "$pbkdf2-sha256$"

/* One parsed line. Strings are NUL-terminated. */
struct passwd_entry {
	char name[PASSWD_NAME_MAX + 1];
	uint32_t iterations;
	uint8_t salt[PASSWD_SALT_MAX];
	size_t salt_len;
	uint8_t hash[PASSWD_HASH_SIZE];
	uint32_t uid;
	char home[PASSWD_PATH_MAX + 1];
	char shell[PASSWD_PATH_MAX + 1];
};

/* Why a file was refused: what (static text) is wrong on which line (1-based; 0 = not one line). */
struct passwd_error {
	unsigned line;
	const char *what;
};

/* Parses one line, without its newline. Returns NULL, or what is wrong (entry then undefined). */
const char *passwd_parse_line(const char *line, size_t len, struct passwd_entry *entry);

/*
 * Checks a whole file: every line well-formed (empty lines and lines starting with '#' are
 * allowed and ignored), no user name twice, at most PASSWD_USERS_MAX users. Returns 0, or
 * ERR_INVAL with *err filled (err may be NULL).
 */
int passwd_validate(const char *file, size_t len, struct passwd_error *err);

/*
 * Finds the user called name (NUL-terminated). Returns 0 with *entry filled; ERR_NOENT when no
 * line names the user; ERR_INVAL when any line of the file is malformed or the user appears
 * twice, with *err saying where and what (err may be NULL). Every line is parsed even after a
 * match, so a damaged file is refused as a whole rather than working for some users.
 */
int passwd_lookup(const char *file, size_t len, const char *name, struct passwd_entry *entry,
		  struct passwd_error *err);

/*
 * True when password (len bytes, any bytes) is the entry's: recomputes PBKDF2-HMAC-SHA-256 with
 * the entry's salt and iteration count and compares in constant time. Its running time depends on
 * the iteration count and the password's length, never on how close the guess was.
 */
bool passwd_check(const struct passwd_entry *entry, const void *password, size_t len);

/*
 * Sets the entry's salt, iteration count and hash for a new password. Returns NULL, or what is
 * wrong with the salt length or iteration count (the entry is then unchanged).
 */
const char *passwd_set_password(struct passwd_entry *entry, const void *password, size_t len,
				const uint8_t *salt, size_t salt_len, uint32_t iterations);

/*
 * Writes the entry as one line plus '\n' and a NUL into buf, and its length with the newline into
 * *len. Returns NULL, or why not: it does not fit, or the line would not parse back to the same
 * entry (then the parser's reason), so nothing ever writes a line that passwd_parse_line refuses.
 */
const char *passwd_format_line(const struct passwd_entry *entry, char *buf, size_t size,
			       size_t *len);

#endif
