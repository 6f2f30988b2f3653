/*
 * The argument block and the environment table (libc_io.h): the portable core. The block comes
 * from the parent (outside input: fuzzed by test/fuzz/fuzz_args.c); every string is checked
 * before a pointer to it is handed out. getenv/setenv/unsetenv are start.c's bindings.
 */
#include "libc_io.h"

#include <string.h>

/* The length of name=... up to '=', or 0 when the string has no '=' or an empty name. */
static size_t name_len(const char *s)
{
	const char *eq = libc_strchr(s, '=');
	return eq ? (size_t)(eq - s) : 0;
}

static bool same_name(const char *entry, const char *name, size_t len)
{
	return name_len(entry) == len && memcmp(entry, name, len) == 0;
}

int libc_args_parse(char *block, size_t len, char **vec, size_t nvec, struct libc_args *out)
{
	out->argc = 0;
	out->nenv = 0;
	out->argv = out->env = NULL;
	if (nvec < 2)
		return LIBC_E2BIG;
	if (len && block[len - 1] != '\0')
		return LIBC_EINVAL;
	/* argv then NULL, env then NULL, all in vec: room for 2 NULLs is kept from the start. */
	size_t used = 0, room = nvec - 2;
	size_t at = 0;
	out->argv = vec;
	while (at < len && block[at] != '\0') {
		if (used == room)
			return LIBC_E2BIG;
		vec[used++] = block + at;
		at += strlen(block + at) + 1;
	}
	out->argc = (int)used;
	vec[used++] = NULL;
	at++; /* the separator (or the end) */
	out->env = vec + used;
	size_t first_env = used;
	while (at < len) {
		char *s = block + at;
		size_t n = name_len(s);
		if (n == 0)
			return LIBC_EINVAL;
		for (size_t i = first_env; i < used; i++)
			if (same_name(vec[i], s, n))
				return LIBC_EINVAL;
		if (used == room + 1)
			return LIBC_E2BIG;
		vec[used++] = s;
		at += strlen(s) + 1;
	}
	out->nenv = (unsigned)(used - first_env);
	vec[used] = NULL;
	return 0;
}

static bool put(char *buf, size_t size, size_t *at, const char *s)
{
	size_t n = strlen(s) + 1;
	if (n > size - *at)
		return false;
	memcpy(buf + *at, s, n);
	*at += n;
	return true;
}

long libc_args_build(char *buf, size_t size, char *const argv[], char *const env[], size_t nenv)
{
	size_t at = 0;
	for (size_t i = 0; argv && argv[i]; i++) {
		if (argv[i][0] == '\0')
			return -LIBC_EINVAL;
		if (!put(buf, size, &at, argv[i]))
			return -LIBC_E2BIG;
	}
	if (nenv == 0)
		return (long)at; /* no separator needed: the block is all argv */
	if (!put(buf, size, &at, ""))
		return -LIBC_E2BIG;
	for (size_t i = 0; i < nenv; i++) {
		if (name_len(env[i]) == 0)
			return -LIBC_EINVAL;
		if (!put(buf, size, &at, env[i]))
			return -LIBC_E2BIG;
	}
	return (long)at;
}

int libc_env_init(struct libc_env *e, char **ent, unsigned n)
{
	e->n = 0;
	e->ent[0] = NULL;
	if (n > LIBC_ENV_MAX)
		return LIBC_E2BIG;
	for (unsigned i = 0; i < n; i++) {
		e->ent[i] = ent[i];
		e->owned[i] = false;
	}
	e->n = n;
	e->ent[n] = NULL;
	return 0;
}

static int find(const struct libc_env *e, const char *name, size_t len)
{
	for (unsigned i = 0; i < e->n; i++)
		if (same_name(e->ent[i], name, len))
			return (int)i;
	return -1;
}

bool libc_env_name_ok(const char *name)
{
	return name[0] != '\0' && !libc_strchr(name, '=');
}

const char *libc_env_get(const struct libc_env *e, const char *name)
{
	if (!libc_env_name_ok(name))
		return NULL;
	size_t len = strlen(name);
	int i = find(e, name, len);
	return i < 0 ? NULL : e->ent[i] + len + 1;
}

int libc_env_put(struct libc_env *e, char *entry, bool owned, bool overwrite, char **drop)
{
	*drop = NULL;
	size_t len = name_len(entry);
	if (len == 0)
		return LIBC_EINVAL;
	int i = find(e, entry, len);
	if (i >= 0 && !overwrite) {
		*drop = owned ? entry : NULL;
		return 0;
	}
	if (i < 0) {
		if (e->n == LIBC_ENV_MAX)
			return LIBC_ENOMEM;
		i = (int)e->n++;
		e->ent[e->n] = NULL;
	} else if (e->owned[i]) {
		*drop = e->ent[i];
	}
	e->ent[i] = entry;
	e->owned[i] = owned;
	return 0;
}

int libc_env_unset(struct libc_env *e, const char *name, char **drop)
{
	*drop = NULL;
	if (!libc_env_name_ok(name))
		return LIBC_EINVAL;
	int i = find(e, name, strlen(name));
	if (i < 0)
		return 0;
	if (e->owned[i])
		*drop = e->ent[i];
	for (unsigned j = (unsigned)i; j + 1 < e->n; j++) {
		e->ent[j] = e->ent[j + 1];
		e->owned[j] = e->owned[j + 1];
	}
	e->n--;
	e->ent[e->n] = NULL;
	return 0;
}
