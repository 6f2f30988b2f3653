/*
 * passwd: a strict reader and writer for the password file (format: docs/login.md).
 *
 * Strict means one spelling per value: lowercase hex only, decimal numbers without signs or
 * leading zeros, absolute paths without spaces, printable ASCII only. A file that anything else
 * wrote (a truncated copy, an editor's CR LF, a hand edit gone wrong) is refused with the line
 * number and the reason instead of being guessed at, and since tools/mkpasswd writes through
 * passwd_format_line, which parses its own output back, the build can never produce such a file.
 *
 * Every message is a static string, so nothing here formats text or needs a buffer; the numbers in
 * them come from the limits in passwd.h through PASSWD_STR.
 */
#include <crypto/ct.h>
#include <crypto/pbkdf2.h>
#include <err.h>
#include <mem.h>
#include <passwd.h>

#define PASSWD_STR_(x) #x
#define PASSWD_STR(x) PASSWD_STR_(x)

#define PASSWD_FIELDS 5 /* name, hash, uid, home, shell */

/* A run of bytes inside a line. */
struct passwd_span {
	const char *p;
	size_t len;
};

/* Outcomes of reading a number, turned into field-specific messages by the callers. */
enum passwd_num {
	PASSWD_NUM_OK,
	PASSWD_NUM_NOT_DECIMAL,
	PASSWD_NUM_LEADING_ZERO,
	PASSWD_NUM_TOO_BIG,
};

/* A canonical decimal number: digits only, no leading zero unless it is "0", at most max. More
 * than ten digits is too big for any limit here, which also keeps the sum below 2^64. */
static enum passwd_num passwd_decimal(struct passwd_span s, uint32_t max, uint32_t *out)
{
	if (s.len == 0)
		return PASSWD_NUM_NOT_DECIMAL;
	uint64_t v = 0;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return PASSWD_NUM_NOT_DECIMAL;
	}
	if (s.p[0] == '0' && s.len > 1)
		return PASSWD_NUM_LEADING_ZERO;
	if (s.len > 10)
		return PASSWD_NUM_TOO_BIG;
	for (size_t i = 0; i < s.len; i++)
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	if (v > max)
		return PASSWD_NUM_TOO_BIG;
	*out = (uint32_t)v;
	return PASSWD_NUM_OK;
}

/* 0..15 for a lowercase hex digit, -1 otherwise. The salt and hash are public (they sit in the
 * file), so decoding them with branches leaks nothing. */
static int passwd_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes s.len / 2 bytes; false on an odd length or a character that is not lowercase hex. */
static bool passwd_unhex(struct passwd_span s, uint8_t *out)
{
	if (s.len % 2)
		return false;
	for (size_t i = 0; i < s.len; i += 2) {
		int hi = passwd_hex_digit(s.p[i]), lo = passwd_hex_digit(s.p[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static bool passwd_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

static const char *passwd_parse_name(struct passwd_span s, char *out)
{
	if (s.len == 0)
		return "empty user name";
	if (s.len > PASSWD_NAME_MAX)
		return "user name longer than " PASSWD_STR(PASSWD_NAME_MAX) " bytes";
	for (size_t i = 0; i < s.len; i++) {
		if (!passwd_name_char(s.p[i]))
			return "user name may hold only letters, digits, '_', '-' and '.'";
	}
	/* '-' would read as an option to a command given the name; '.' hides or walks up. */
	if (s.p[0] == '-' || s.p[0] == '.')
		return "user name may not start with '-' or '.'";
	memcpy(out, s.p, s.len);
	out[s.len] = 0;
	return NULL;
}

/* Splits s at each sep into at most max parts; returns the number of parts (max + 1 when there
 * are more than max, so the caller can say so). */
static size_t passwd_split(struct passwd_span s, char sep, struct passwd_span *parts, size_t max)
{
	size_t n = 0;
	const char *start = s.p, *end = s.p + s.len;
	for (const char *q = s.p;; q++) {
		if (q == end || *q == sep) {
			if (n == max)
				return max + 1;
			parts[n].p = start;
			parts[n].len = (size_t)(q - start);
			n++;
			if (q == end)
				return n;
			start = q + 1;
		}
	}
}

/* $pbkdf2-sha256$ITERATIONS$SALT$HASH */
static const char *passwd_parse_hash(struct passwd_span s, struct passwd_entry *e)
{
	static const char scheme[] = PASSWD_SCHEME;
	size_t slen = sizeof scheme - 1;
	if (s.len < slen || memcmp(s.p, scheme, slen) != 0)
		return "password hash does not start with " PASSWD_SCHEME " (the only scheme)";
	struct passwd_span rest = { s.p + slen, s.len - slen }, part[3];
	if (passwd_split(rest, '$', part, 3) != 3)
		return "password hash is not " PASSWD_SCHEME "ITERATIONS$SALT$HASH";

	switch (passwd_decimal(part[0], PASSWD_ITER_MAX, &e->iterations)) {
	case PASSWD_NUM_OK:
		break;
	case PASSWD_NUM_NOT_DECIMAL:
		return "iteration count is not a decimal number";
	case PASSWD_NUM_LEADING_ZERO:
		return "iteration count has a leading zero";
	case PASSWD_NUM_TOO_BIG:
		return "iteration count above " PASSWD_STR(PASSWD_ITER_MAX);
	}
	if (e->iterations < PASSWD_ITER_MIN)
		return "iteration count below " PASSWD_STR(PASSWD_ITER_MIN);

	/* Lengths before contents, so a long salt is never decoded past the buffer. */
	if (part[1].len / 2 < PASSWD_SALT_MIN)
		return "salt shorter than " PASSWD_STR(PASSWD_SALT_MIN) " bytes";
	if (part[1].len > 2 * PASSWD_SALT_MAX)
		return "salt longer than " PASSWD_STR(PASSWD_SALT_MAX) " bytes";
	if (!passwd_unhex(part[1], e->salt))
		return "salt is not an even number of lowercase hex digits";
	e->salt_len = part[1].len / 2;

	if (part[2].len != 2 * PASSWD_HASH_SIZE)
		return "hash is not " PASSWD_STR(PASSWD_HASH_SIZE) " bytes (64 hex digits)";
	if (!passwd_unhex(part[2], e->hash))
		return "hash is not lowercase hex";
	return NULL;
}

/* Outcomes of reading a path, turned into field-specific messages by the caller. */
enum passwd_path {
	PASSWD_PATH_OK,
	PASSWD_PATH_RELATIVE,
	PASSWD_PATH_LONG,
	PASSWD_PATH_SPACE,
};

static enum passwd_path passwd_parse_path(struct passwd_span s, char *out)
{
	if (s.len == 0 || s.p[0] != '/')
		return PASSWD_PATH_RELATIVE;
	if (s.len > PASSWD_PATH_MAX)
		return PASSWD_PATH_LONG;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == ' ')
			return PASSWD_PATH_SPACE;
	}
	memcpy(out, s.p, s.len);
	out[s.len] = 0;
	return PASSWD_PATH_OK;
}

const char *passwd_parse_line(const char *line, size_t len, struct passwd_entry *e)
{
	if (len > PASSWD_LINE_MAX)
		return "line longer than " PASSWD_STR(PASSWD_LINE_MAX) " bytes";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c == '\r')
			return "carriage return in line (DOS line endings?)";
		if (c < 0x20 || c > 0x7e)
			return "byte that is not printable ASCII";
	}

	struct passwd_span f[PASSWD_FIELDS];
	if (passwd_split((struct passwd_span){ line, len }, ':', f, PASSWD_FIELDS) != PASSWD_FIELDS)
		return "not 5 fields separated by ':' (name:hash:uid:home:shell)";

	const char *why = passwd_parse_name(f[0], e->name);
	if (why)
		return why;
	why = passwd_parse_hash(f[1], e);
	if (why)
		return why;

	switch (passwd_decimal(f[2], PASSWD_UID_MAX, &e->uid)) {
	case PASSWD_NUM_OK:
		break;
	case PASSWD_NUM_NOT_DECIMAL:
		return "uid is not a decimal number";
	case PASSWD_NUM_LEADING_ZERO:
		return "uid has a leading zero";
	case PASSWD_NUM_TOO_BIG:
		return "uid above " PASSWD_STR(PASSWD_UID_MAX);
	}

	switch (passwd_parse_path(f[3], e->home)) {
	case PASSWD_PATH_OK:
		break;
	case PASSWD_PATH_RELATIVE:
		return "home directory is not an absolute path";
	case PASSWD_PATH_LONG:
		return "home directory longer than " PASSWD_STR(PASSWD_PATH_MAX) " bytes";
	case PASSWD_PATH_SPACE:
		return "home directory contains a space";
	}
	switch (passwd_parse_path(f[4], e->shell)) {
	case PASSWD_PATH_OK:
		break;
	case PASSWD_PATH_RELATIVE:
		return "shell is not an absolute path";
	case PASSWD_PATH_LONG:
		return "shell longer than " PASSWD_STR(PASSWD_PATH_MAX) " bytes";
	case PASSWD_PATH_SPACE:
		return "shell contains a space";
	}
	return NULL;
}

static int passwd_fail(struct passwd_error *err, unsigned line, const char *what)
{
	if (err) {
		err->line = line;
		err->what = what;
	}
	return ERR_INVAL;
}

/*
 * The one walk over a file that validate and lookup share: parses every line, refuses duplicate
 * names and too many users, and when name is given remembers the line that holds it. Names are
 * remembered as offsets into the file (no copies, no allocation): each is the run of bytes before
 * the first ':' of a line that parsed.
 */
static int passwd_scan(const char *file, size_t len, const char *name, struct passwd_span *found,
		       struct passwd_error *err)
{
	struct passwd_entry scratch;
	size_t name_off[PASSWD_USERS_MAX];
	uint8_t name_len[PASSWD_USERS_MAX];
	size_t users = 0;
	unsigned line = 0;
	size_t want_len = name ? strlen(name) : 0;
	int rc = 0;

	found->p = NULL;
	found->len = 0;
	for (size_t pos = 0; pos < len;) {
		const char *p = file + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - p) : len - pos;
		pos += n + (nl ? 1 : 0);
		line++;
		if (n > 0 && p[0] == '#') {
			/* A comment still may not smuggle control bytes or overlong lines in. */
			if (n > PASSWD_LINE_MAX) {
				rc = passwd_fail(err, line, "line longer than " PASSWD_STR(PASSWD_LINE_MAX) " bytes");
				break;
			}
			for (size_t i = 0; i < n && rc == 0; i++) {
				unsigned char c = (unsigned char)p[i];
				if (c < 0x20 || c > 0x7e)
					rc = passwd_fail(err, line, "byte that is not printable ASCII");
			}
			if (rc)
				break;
			continue;
		}
		if (n == 0)
			continue;

		const char *why = passwd_parse_line(p, n, &scratch);
		if (why) {
			rc = passwd_fail(err, line, why);
			break;
		}
		size_t nlen = strlen(scratch.name);
		for (size_t u = 0; u < users; u++) {
			if (name_len[u] == nlen && memcmp(file + name_off[u], p, nlen) == 0) {
				rc = passwd_fail(err, line, "user name already used on an earlier line");
				break;
			}
		}
		if (rc)
			break;
		if (users == PASSWD_USERS_MAX) {
			rc = passwd_fail(err, line, "more than " PASSWD_STR(PASSWD_USERS_MAX) " users");
			break;
		}
		name_off[users] = (size_t)(p - file);
		name_len[users] = (uint8_t)nlen;
		users++;
		if (name && nlen == want_len && memcmp(p, name, nlen) == 0) {
			found->p = p;
			found->len = n;
		}
	}
	ct_wipe(&scratch, sizeof scratch);
	return rc;
}

int passwd_validate(const char *file, size_t len, struct passwd_error *err)
{
	struct passwd_span unused;
	return passwd_scan(file, len, NULL, &unused, err);
}

int passwd_lookup(const char *file, size_t len, const char *name, struct passwd_entry *entry,
		  struct passwd_error *err)
{
	struct passwd_span found;
	int rc = passwd_scan(file, len, name, &found, err);
	if (rc)
		return rc;
	if (!found.p) {
		if (err) {
			err->line = 0;
			err->what = "no such user";
		}
		return ERR_NOENT;
	}
	/* It parsed during the scan, so it parses again. */
	passwd_parse_line(found.p, found.len, entry);
	return 0;
}

bool passwd_check(const struct passwd_entry *e, const void *password, size_t len)
{
	uint8_t got[PASSWD_HASH_SIZE];
	/* An entry that did not come from the parser could carry out-of-range values; a failed
	 * derivation must not compare whatever was in got. */
	if (e->salt_len < PASSWD_SALT_MIN || e->salt_len > PASSWD_SALT_MAX ||
	    e->iterations < PASSWD_ITER_MIN || e->iterations > PASSWD_ITER_MAX)
		return false;
	if (!pbkdf2_hmac_sha256(password, len, e->salt, e->salt_len, e->iterations, got, sizeof got))
		return false;
	bool ok = ct_equal(got, e->hash, sizeof got);
	ct_wipe(got, sizeof got);
	return ok;
}

const char *passwd_set_password(struct passwd_entry *e, const void *password, size_t len,
				const uint8_t *salt, size_t salt_len, uint32_t iterations)
{
	if (salt_len < PASSWD_SALT_MIN)
		return "salt shorter than " PASSWD_STR(PASSWD_SALT_MIN) " bytes";
	if (salt_len > PASSWD_SALT_MAX)
		return "salt longer than " PASSWD_STR(PASSWD_SALT_MAX) " bytes";
	if (iterations < PASSWD_ITER_MIN)
		return "iteration count below " PASSWD_STR(PASSWD_ITER_MIN);
	if (iterations > PASSWD_ITER_MAX)
		return "iteration count above " PASSWD_STR(PASSWD_ITER_MAX);
	memcpy(e->salt, salt, salt_len);
	e->salt_len = salt_len;
	e->iterations = iterations;
	pbkdf2_hmac_sha256(password, len, salt, salt_len, iterations, e->hash, sizeof e->hash);
	return NULL;
}

/* Appends to a bounded buffer; *pos runs past size when it does not fit, which the caller checks
 * once at the end. */
struct passwd_out {
	char *buf;
	size_t size, pos;
};

static void passwd_put(struct passwd_out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, o->pos++) {
		if (o->pos < o->size)
			o->buf[o->pos] = s[i];
	}
}

static void passwd_put_str(struct passwd_out *o, const char *s)
{
	passwd_put(o, s, strlen(s));
}

static void passwd_put_decimal(struct passwd_out *o, uint32_t v)
{
	char digits[10];
	size_t n = 0;
	do {
		digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	passwd_put(o, digits + sizeof digits - n, n);
}

static void passwd_put_hex(struct passwd_out *o, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		char two[2] = { hex[p[i] >> 4], hex[p[i] & 15] };
		passwd_put(o, two, 2);
	}
}

const char *passwd_format_line(const struct passwd_entry *e, char *buf, size_t size,
			       size_t *len)
{
	struct passwd_out o = { buf, size, 0 };
	/* Unterminated strings would be read past their arrays. */
	if (e->salt_len > PASSWD_SALT_MAX || !memchr(e->name, 0, sizeof e->name) ||
	    !memchr(e->home, 0, sizeof e->home) || !memchr(e->shell, 0, sizeof e->shell))
		return "entry has an unterminated string or an oversized salt";
	passwd_put_str(&o, e->name);
	passwd_put_str(&o, ":" PASSWD_SCHEME);
	passwd_put_decimal(&o, e->iterations);
	passwd_put(&o, "$", 1);
	passwd_put_hex(&o, e->salt, e->salt_len);
	passwd_put(&o, "$", 1);
	passwd_put_hex(&o, e->hash, sizeof e->hash);
	passwd_put(&o, ":", 1);
	passwd_put_decimal(&o, e->uid);
	passwd_put(&o, ":", 1);
	passwd_put_str(&o, e->home);
	passwd_put(&o, ":", 1);
	passwd_put_str(&o, e->shell);
	size_t line_len = o.pos;
	passwd_put(&o, "\n", 1);
	if (o.pos >= size) /* no room for the NUL */
		return "line does not fit the buffer";
	buf[o.pos] = 0;

	/* Read it back: the line must parse and say exactly what the entry says. */
	struct passwd_entry back;
	const char *why = passwd_parse_line(buf, line_len, &back);
	if (!why && !(strcmp(back.name, e->name) == 0 && back.iterations == e->iterations &&
		      back.salt_len == e->salt_len &&
		      memcmp(back.salt, e->salt, e->salt_len) == 0 &&
		      memcmp(back.hash, e->hash, sizeof e->hash) == 0 && back.uid == e->uid &&
		      strcmp(back.home, e->home) == 0 && strcmp(back.shell, e->shell) == 0))
		why = "line does not read back as the same entry";
	ct_wipe(&back, sizeof back);
	if (why) {
		ct_wipe(buf, size);
		return why;
	}
	*len = o.pos;
	return NULL;
}
