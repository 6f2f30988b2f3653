/*
 * Namespaces; see ns.h. Every change follows the same three steps under ns->lock: check the
 * limits, allocate everything the change needs, then commit (which cannot fail). Members removed
 * by a change are collected and released after the lock is dropped, since releasing a service may
 * destroy it.
 */
#include <ns.h>
#include <err.h>
#include <fmt.h>
#include <mem.h>
#include <slab.h>
#include <stdarg.h>

_Static_assert(sizeof(struct ns) <= KMALLOC_MAX, "a namespace must fit one kmalloc");
_Static_assert(sizeof(struct ns_mount) + NS_PATH_MAX <= KMALLOC_MAX, "mount record size");
_Static_assert(sizeof(struct ns_member) + 2 * NS_PATH_MAX <= KMALLOC_MAX, "member size");

static void ns_destroy(struct kobject *obj);

static const struct kobject_ops ns_ops = { KOBJ_NS, ns_destroy };

/* ---- Names ---------------------------------------------------------------------------------- */

/* Removes the last element of out[0..*n), never going below floor. */
static void pop_element(char *out, size_t *n, size_t floor)
{
	while (*n > floor && out[*n - 1] != '/')
		(*n)--;
	if (*n > floor)
		(*n)--; /* the separator before it (the root's own slash is below floor) */
}

static int append_element(char *out, size_t *n, const char *e, size_t len)
{
	size_t sep = *n > 0 && out[*n - 1] != '/';
	if (*n + sep + len >= NS_PATH_MAX)
		return ERR_NAMETOOLONG;
	if (sep)
		out[(*n)++] = '/';
	memcpy(out + *n, e, len);
	*n += len;
	return 0;
}

int ns_cleanname(const char *in, size_t len, char out[NS_PATH_MAX])
{
	if (len >= NS_PATH_MAX)
		return ERR_NAMETOOLONG;
	if (memchr(in, '\0', len))
		return ERR_BADNAME;
	bool rooted = len > 0 && in[0] == '/';
	size_t n = 0, floor = 0; /* out[0..floor) is never removed: "/" or leading ".."s */
	if (rooted)
		out[n++] = '/', floor = 1;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && in[j] != '/')
			j++;
		const char *e = in + i;
		size_t elen = j - i;
		i = j + 1;
		if (elen == 0 || (elen == 1 && e[0] == '.'))
			continue;
		if (elen > NS_NAME_MAX)
			return ERR_NAMETOOLONG;
		bool dotdot = elen == 2 && e[0] == '.' && e[1] == '.';
		if (dotdot && n > floor) {
			pop_element(out, &n, floor);
			continue;
		}
		if (dotdot && rooted)
			continue; /* /.. is / */
		int err = append_element(out, &n, e, elen);
		if (err)
			return err;
		if (dotdot)
			floor = n;
	}
	if (n == 0)
		out[n++] = '.';
	out[n] = '\0';
	return (int)n;
}

/* Cleans a C string that must name an absolute path. */
static int clean_abs(const char *path, char out[NS_PATH_MAX])
{
	if (!path)
		return ERR_INVAL;
	int n = ns_cleanname(path, strnlen(path, NS_PATH_MAX), out);
	if (n >= 0 && out[0] != '/')
		return ERR_BADNAME;
	return n < 0 ? n : 0;
}

/* out = base (clean, absolute) followed by the relative rest; ERR_NAMETOOLONG if it won't fit. */
static int join(const char *base, const char *rest, char out[NS_PATH_MAX])
{
	size_t b = strlen(base), r = strlen(rest);
	size_t sep = r && !(b == 1 && base[0] == '/');
	if (b + sep + r >= NS_PATH_MAX)
		return ERR_NAMETOOLONG;
	memcpy(out, base, b);
	out[b] = '/';
	memcpy(out + b + sep, rest, r + 1);
	return 0;
}

/* If mount point mp covers path (both clean and absolute), returns the rest of path after it
 * ("" for path itself); otherwise NULL. */
static const char *covers(const char *mp, const char *path)
{
	size_t n = strlen(mp);
	if (n == 1)
		return path + 1; /* "/" covers everything */
	if (strncmp(mp, path, n) != 0 || (path[n] != '\0' && path[n] != '/'))
		return NULL;
	return path[n] ? path + n + 1 : path + n;
}

/* ---- The table (caller holds ns->lock) ------------------------------------------------------- */

static int find_exact(struct ns *ns, const char *path)
{
	for (unsigned i = 0; i < ns->n; i++)
		if (strcmp(ns->mounts[i]->path, path) == 0)
			return (int)i;
	return -1;
}

/* The mount with the longest mount point covering path, and the rest of path; NULL if none. */
static struct ns_mount *find_cover(struct ns *ns, const char *path, const char **rest)
{
	struct ns_mount *best = NULL;
	size_t best_len = 0;
	for (unsigned i = 0; i < ns->n; i++) {
		const char *r = covers(ns->mounts[i]->path, path);
		size_t len = strlen(ns->mounts[i]->path);
		if (r && (!best || len > best_len))
			best = ns->mounts[i], best_len = len, *rest = r;
	}
	return best;
}

/* A member not yet holding its reference (commit takes it), so a failed change frees it with a
 * plain kfree. source may be NULL. */
static struct ns_member *member_alloc(struct kobject *svc, const char *subpath,
				      const char *source, uint32_t flags, uint32_t op)
{
	size_t sl = strlen(subpath) + 1, srcl = source ? strlen(source) + 1 : 0;
	struct ns_member *m = kmalloc(sizeof *m + sl + srcl);
	if (!m)
		return NULL;
	m->service = svc;
	m->flags = flags;
	m->op = op;
	memcpy(m->subpath, subpath, sl);
	m->source = source ? memcpy(m->subpath + sl, source, srcl) : NULL;
	return m;
}

static void members_free(struct ns_member **m, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		kfree(m[i]);
}

/* Releases members removed from a table; called with no lock held. */
static void members_release(struct ns_member **m, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		kobject_put(m[i]->service);
		kfree(m[i]);
	}
}

/* Copies of a covering mount's members, each extended by rest. A seed (inherit) keeps each
 * member's CREATE mark, since the union must behave as the path did before; a bind gives all
 * copies the caller's flags. Returns the count or an error (then nothing is left allocated). */
static int members_extend(const struct ns_mount *mp, const char *rest, const char *source,
			  uint32_t flags, bool inherit, uint32_t op, struct ns_member **out)
{
	char sub[NS_PATH_MAX];
	for (unsigned i = 0; i < mp->n; i++) {
		uint32_t f = inherit ? mp->m[i]->flags & NS_CREATE : flags;
		int err = join(mp->m[i]->subpath, rest, sub);
		out[i] = err ? NULL : member_alloc(mp->m[i]->service, sub, source, f, op);
		if (!out[i]) {
			members_free(out, i);
			return err ? err : ERR_NOMEM;
		}
	}
	return (int)mp->n;
}

static struct ns_mount *mount_alloc(const char *path)
{
	size_t len = strlen(path) + 1;
	struct ns_mount *mp = kmalloc(sizeof *mp + len);
	if (mp) {
		mp->n = 0;
		memcpy(mp->path, path, len);
	}
	return mp;
}

/* Puts k new members into mp at the front or the back, taking their references. Cannot fail:
 * the caller checked the width. */
static void union_insert(struct ns_mount *mp, struct ns_member **add, unsigned k, bool front)
{
	if (front)
		memmove(mp->m + k, mp->m, mp->n * sizeof mp->m[0]);
	for (unsigned i = 0; i < k; i++) {
		kobject_get(add[i]->service);
		mp->m[front ? i : mp->n + i] = add[i];
	}
	mp->n += k;
}

/* A new mount point at path. For BEFORE/AFTER its union starts as what path resolved to. */
static int mount_new(struct ns *ns, const char *path, uint32_t flags, unsigned k,
		     struct ns_mount **out)
{
	struct ns_member *seed[NS_UNION_MAX];
	int nseed = 0;
	const char *rest = NULL;
	struct ns_mount *cover = NULL;
	if (ns->n == NS_MOUNT_MAX)
		return ERR_FULL;
	if ((flags & NS_ORDER) != NS_REPLACE)
		cover = find_cover(ns, path, &rest);
	if (cover && cover->n + k > NS_UNION_MAX)
		return ERR_FULL;
	if (cover)
		nseed = members_extend(cover, rest, path, 0, true, ns->next_op++, seed);
	if (nseed < 0)
		return nseed;
	struct ns_mount *mp = mount_alloc(path);
	if (!mp) {
		members_free(seed, (unsigned)nseed);
		return ERR_NOMEM;
	}
	union_insert(mp, seed, (unsigned)nseed, false);
	ns->mounts[ns->n++] = mp;
	*out = mp;
	return 0;
}

/* Adds k members (not yet referenced) at path with flags; the members a REPLACE displaces go to
 * dead[*ndead..] for release after unlocking. On error nothing changed and add is the caller's. */
static int attach(struct ns *ns, const char *path, struct ns_member **add, unsigned k,
		  uint32_t flags, struct ns_member **dead, unsigned *ndead)
{
	int i = find_exact(ns, path);
	unsigned order = flags & NS_ORDER;
	if (k > NS_UNION_MAX || (i >= 0 && order != NS_REPLACE && ns->mounts[i]->n + k > NS_UNION_MAX))
		return ERR_FULL;
	struct ns_mount *mp = i >= 0 ? ns->mounts[i] : NULL;
	if (!mp) {
		int err = mount_new(ns, path, flags, k, &mp);
		if (err)
			return err;
	}
	if (order == NS_REPLACE) {
		memcpy(dead + *ndead, mp->m, mp->n * sizeof mp->m[0]);
		*ndead += mp->n;
		mp->n = 0;
	}
	union_insert(mp, add, k, order == NS_BEFORE);
	return 0;
}

static bool flags_ok(uint32_t flags)
{
	return !(flags & ~(uint32_t)(NS_ORDER | NS_CREATE)) && (flags & NS_ORDER) != NS_ORDER;
}

/* ---- Operations ------------------------------------------------------------------------------ */

int ns_create(struct ns **out)
{
	struct ns *ns = kmalloc(sizeof *ns);
	if (!ns)
		return ERR_NOMEM;
	memset(ns, 0, sizeof *ns);
	ns->lock = (struct spinlock)SPINLOCK_INIT("ns");
	kobject_init(&ns->obj, &ns_ops);
	*out = ns;
	return 0;
}

static void ns_destroy(struct kobject *obj)
{
	struct ns *ns = (struct ns *)obj;
	for (unsigned i = 0; i < ns->n; i++) {
		members_release(ns->mounts[i]->m, ns->mounts[i]->n);
		kfree(ns->mounts[i]);
	}
	kfree(ns);
}

int ns_mount(struct ns *ns, const char *path, struct kobject *service, const char *subpath,
	     uint32_t flags)
{
	char p[NS_PATH_MAX], sub[NS_PATH_MAX];
	if (!service || !flags_ok(flags))
		return ERR_INVAL;
	if (kobject_type(service) == KOBJ_NS)
		return ERR_WRONGTYPE;
	int err = clean_abs(path, p);
	if (!err)
		err = clean_abs(subpath ? subpath : "/", sub);
	if (err)
		return err;
	struct ns_member *m = member_alloc(service, sub, NULL, flags, 0);
	if (!m)
		return ERR_NOMEM;
	struct ns_member *dead[NS_UNION_MAX];
	unsigned ndead = 0;
	bool irq = spin_lock_irqsave(&ns->lock);
	m->op = ns->next_op++;
	err = attach(ns, p, &m, 1, flags, dead, &ndead);
	spin_unlock_irqrestore(&ns->lock, irq);
	if (err)
		kfree(m);
	members_release(dead, ndead);
	return err;
}

/* ns_bind under the lock: copies oldpath's union and attaches it at newpath. */
static int bind_locked(struct ns *ns, const char *old, const char *new, uint32_t flags,
		       struct ns_member **dead, unsigned *ndead)
{
	const char *rest;
	struct ns_mount *cover = find_cover(ns, old, &rest);
	if (!cover)
		return ERR_NOENT;
	struct ns_member *add[NS_UNION_MAX];
	int k = members_extend(cover, rest, old, flags, false, ns->next_op++, add);
	if (k < 0)
		return k;
	int err = attach(ns, new, add, (unsigned)k, flags, dead, ndead);
	if (err)
		members_free(add, (unsigned)k);
	return err;
}

int ns_bind(struct ns *ns, const char *oldpath, const char *newpath, uint32_t flags)
{
	char old[NS_PATH_MAX], new[NS_PATH_MAX];
	if (!flags_ok(flags))
		return ERR_INVAL;
	int err = clean_abs(oldpath, old);
	if (!err)
		err = clean_abs(newpath, new);
	if (err)
		return err;
	struct ns_member *dead[NS_UNION_MAX];
	unsigned ndead = 0;
	bool irq = spin_lock_irqsave(&ns->lock);
	err = bind_locked(ns, old, new, flags, dead, &ndead);
	spin_unlock_irqrestore(&ns->lock, irq);
	members_release(dead, ndead);
	return err;
}

/* ns_unmount under the lock: moves the matching members of mount i to dead. */
static int unmount_locked(struct ns *ns, unsigned i, const struct kobject *service,
			  struct ns_member **dead, unsigned *ndead)
{
	struct ns_mount *mp = ns->mounts[i];
	unsigned keep = 0;
	for (unsigned j = 0; j < mp->n; j++) {
		if (!service || mp->m[j]->service == service)
			dead[(*ndead)++] = mp->m[j];
		else
			mp->m[keep++] = mp->m[j];
	}
	mp->n = keep;
	if (keep == 0) {
		memmove(ns->mounts + i, ns->mounts + i + 1, (ns->n - i - 1) * sizeof ns->mounts[0]);
		ns->n--;
		kfree(mp);
	}
	return *ndead ? 0 : ERR_NOENT;
}

int ns_unmount(struct ns *ns, const char *path, const struct kobject *service)
{
	char p[NS_PATH_MAX];
	int err = clean_abs(path, p);
	if (err)
		return err;
	struct ns_member *dead[NS_UNION_MAX];
	unsigned ndead = 0;
	bool irq = spin_lock_irqsave(&ns->lock);
	int i = find_exact(ns, p);
	err = i < 0 ? ERR_NOENT : unmount_locked(ns, (unsigned)i, service, dead, &ndead);
	spin_unlock_irqrestore(&ns->lock, irq);
	members_release(dead, ndead);
	return err;
}

/* ns_resolve under the lock. References are taken only once every path has been joined, so a
 * failure leaves nothing to release. */
static int resolve_locked(struct ns *ns, const char *p, struct ns_target *out, unsigned *count,
			  char rest[NS_PATH_MAX])
{
	const char *r;
	struct ns_mount *mp = find_cover(ns, p, &r);
	if (!mp)
		return ERR_NOENT;
	for (unsigned i = 0; i < mp->n; i++) {
		int err = join(mp->m[i]->subpath, r, out[i].path);
		if (err)
			return err;
	}
	for (unsigned i = 0; i < mp->n; i++) {
		out[i].service = mp->m[i]->service;
		out[i].flags = mp->m[i]->flags;
		kobject_get(out[i].service);
	}
	memcpy(rest, r, strlen(r) + 1);
	*count = mp->n;
	return 0;
}

int ns_resolve(struct ns *ns, const char *path, struct ns_target out[NS_UNION_MAX],
	       unsigned *count, char rest[NS_PATH_MAX])
{
	char p[NS_PATH_MAX];
	*count = 0;
	int err = clean_abs(path, p);
	if (err)
		return err;
	bool irq = spin_lock_irqsave(&ns->lock);
	err = resolve_locked(ns, p, out, count, rest);
	spin_unlock_irqrestore(&ns->lock, irq);
	return err;
}

void ns_targets_put(struct ns_target *t, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		kobject_put(t[i].service);
}

/* Copies mount mp into c (private to the caller, so unlocked). References are taken as members
 * are added, so ns_destroy can undo a partial copy. */
static int copy_mount(struct ns *c, const struct ns_mount *mp)
{
	struct ns_mount *cm = mount_alloc(mp->path);
	if (!cm)
		return ERR_NOMEM;
	c->mounts[c->n++] = cm;
	for (unsigned i = 0; i < mp->n; i++) {
		const struct ns_member *m = mp->m[i];
		struct ns_member *cmm = member_alloc(m->service, m->subpath, m->source, m->flags, m->op);
		if (!cmm)
			return ERR_NOMEM;
		union_insert(cm, &cmm, 1, false);
	}
	return 0;
}

int ns_copy(struct ns *ns, struct ns **out)
{
	struct ns *c;
	int err = ns_create(&c);
	if (err)
		return err;
	bool irq = spin_lock_irqsave(&ns->lock);
	for (unsigned i = 0; i < ns->n && !err; i++)
		err = copy_mount(c, ns->mounts[i]);
	c->next_op = ns->next_op;
	spin_unlock_irqrestore(&ns->lock, irq);
	if (err) {
		ns_put(c); /* unlocked: drops the references the partial copy took */
		return err;
	}
	*out = c;
	return 0;
}

/* ---- Text ------------------------------------------------------------------------------------ */

struct text {
	char *buf;
	size_t size, len;
};

static void text_line(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_line(struct text *t, const char *fmt, ...)
{
	size_t room = t->len < t->size ? t->size - t->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
	va_end(ap);
	t->len += n > 0 ? (size_t)n : 0;
}

/* One line for the call that added member m (not the first on its mount point when later). */
static void enumerate_member(struct text *t, const struct ns_mount *mp, const struct ns_member *m,
			     bool later)
{
	char fl[4] = "-", *f = fl + 1;
	if (later)
		*f++ = 'a';
	if (m->flags & NS_CREATE)
		*f++ = 'c';
	*f = '\0';
	const char *flags = f > fl + 1 ? fl : "";
	const char *sp = flags[0] ? " " : "";
	if (m->source) {
		text_line(t, "bind%s%s %s %s\n", sp, flags, m->source, mp->path);
		return;
	}
	bool root = strcmp(m->subpath, "/") == 0;
	text_line(t, "mount%s%s #%s.%llu %s%s%s\n", sp, flags,
		  kobject_type_name(kobject_type(m->service)),
		  (unsigned long long)m->service->koid, mp->path, root ? "" : " ",
		  root ? "" : m->subpath);
}

int ns_enumerate(struct ns *ns, char *buf, size_t size)
{
	struct text t = { buf, size, 0 };
	if (size)
		buf[0] = '\0';
	bool irq = spin_lock_irqsave(&ns->lock);
	for (unsigned i = 0; i < ns->n; i++) {
		const struct ns_mount *mp = ns->mounts[i];
		for (unsigned j = 0; j < mp->n; j++)
			if (j == 0 || mp->m[j]->op != mp->m[j - 1]->op)
				enumerate_member(&t, mp, mp->m[j], j > 0);
	}
	spin_unlock_irqrestore(&ns->lock, irq);
	return (int)t.len;
}

/* ---- Invariants ------------------------------------------------------------------------------ */

static bool clean_abs_ok(const char *path)
{
	char c[NS_PATH_MAX];
	return path && clean_abs(path, c) == 0 && strcmp(c, path) == 0;
}

static bool mount_ok(struct ns *ns, unsigned i)
{
	const struct ns_mount *mp = ns->mounts[i];
	if (!mp || !clean_abs_ok(mp->path) || find_exact(ns, mp->path) != (int)i)
		return false;
	if (mp->n == 0 || mp->n > NS_UNION_MAX)
		return false;
	for (unsigned j = 0; j < mp->n; j++) {
		const struct ns_member *m = mp->m[j];
		if (!m || !m->service || kobject_refcount(m->service) == 0 ||
		    !clean_abs_ok(m->subpath) || (m->source && !clean_abs_ok(m->source)) ||
		    !flags_ok(m->flags))
			return false;
	}
	return true;
}

int ns_check(struct ns *ns)
{
	bool ok = ns->n <= NS_MOUNT_MAX;
	bool irq = spin_lock_irqsave(&ns->lock);
	for (unsigned i = 0; ok && i < ns->n; i++)
		ok = mount_ok(ns, i);
	spin_unlock_irqrestore(&ns->lock, irq);
	return ok ? 0 : ERR_STATE;
}

int ns_inherit(struct ns *parent, bool copy, struct ns **out)
{
	if (!parent)
		return ns_create(out);
	if (copy)
		return ns_copy(parent, out);
	kobject_get(&parent->obj);
	*out = parent;
	return 0;
}
