/*
 * Directory records into entries (libc_io.h): a 9P directory read is stat records back to back;
 * opendir (dir.c) reads each member of a union in turn and appends here, so names already listed
 * by an earlier member are skipped (the first member wins, as a walk would find it).
 */
#include "libc_io.h"

#include <p9.h>
#include <string.h>

static bool listed(const struct libc_dirlist *l, struct p9_str name)
{
	for (size_t i = 0; i < l->n; i++)
		if (p9_str_eq(name, l->e[i].name))
			return true;
	return false;
}

static bool name_ok(struct p9_str n)
{
	if (n.len == 0 || n.len > LIBC_NAME_MAX || memchr(n.s, '/', n.len))
		return false;
	return !(n.len == 1 && n.s[0] == '.') && !(n.len == 2 && n.s[0] == '.' && n.s[1] == '.');
}

int libc_dir_add(struct libc_dirlist *l, const uint8_t *buf, size_t len)
{
	size_t at = 0;
	while (at < len) {
		struct p9_stat st;
		size_t used;
		if (p9_stat_decode(&st, buf + at, len - at, &used) || !name_ok(st.name))
			return LIBC_EIO;
		at += used;
		if (listed(l, st.name))
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 16;
			struct libc_dirent *e = l->grow(l->e, cap * sizeof *e);
			if (!e)
				return LIBC_ENOMEM;
			l->e = e;
			l->cap = cap;
		}
		struct libc_dirent *d = &l->e[l->n++];
		memcpy(d->name, st.name.s, st.name.len);
		d->name[st.name.len] = '\0';
		d->mode = st.mode;
		d->size = st.length;
		d->mtime = st.mtime;
	}
	return 0;
}
