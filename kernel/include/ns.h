/*
 * ns: namespaces. A namespace is a kernel object (KOBJ_NS) holding an ordered mount table: each
 * mount point is a clean absolute path whose union is a list of members, each member a service
 * object plus a path inside that service. Resolving a path finds the longest mount point that is a
 * prefix of it (at an element boundary) and returns that union, in order, with the rest of the
 * path; the caller then walks the rest in each member over 9P. The kernel never talks 9P itself
 * and never checks that a path exists in a service: a namespace is only names.
 *
 * What this module does not own: the services (opaque kobjects here; a member holds a reference),
 * processes (which hold namespaces by reference, shared or copied), rights (the syscall layer
 * checks an Ns handle for READ to resolve/copy/enumerate and WRITE to mount/bind/unmount).
 *
 * Paths are cleaned lexically before anything else (ns_cleanname, Plan 9's cleanname(2) rules), so
 * `..` is lexical: /a/mnt/.. is /a whatever is mounted at /a/mnt, and nothing rises above /.
 *
 * Flags, as in Plan 9's bind(2): exactly one order, plus CREATE.
 *   NS_REPLACE  the new members replace the union at the mount point;
 *   NS_BEFORE   they go in front of it; NS_AFTER  behind it. When the mount point is not yet a
 *               mount point of its own, the union starts as what the path resolved to before
 *               (the covering mount's members, with the rest of the path), the way a Plan 9 union
 *               includes the directory it was mounted on;
 *   NS_CREATE   marks the members that receive creates: a create goes to the first member in union
 *               order that has it.
 *
 * Limits, each refused with an error rather than truncated: NS_PATH_MAX bytes per path including
 * the NUL, before and after cleaning (ERR_NAMETOOLONG); NS_NAME_MAX bytes per element
 * (ERR_NAMETOOLONG); NS_MOUNT_MAX mount points and NS_UNION_MAX members per union (ERR_FULL).
 *
 * Locking: ns->lock (a spinlock) protects the mount table and every union in it; mount records
 * and members are reached only through it. kmalloc and kfree are called with it held (bind and
 * copy build members from what they read under the lock), so the slab allocator must never
 * sleep, and its lock, when it gets one, nests inside ns->lock. kobject_put on a service is never
 * called with it held. Lock order when two namespaces are involved (ns_copy): only the source is
 * locked; the copy is private until it is returned.
 */
#ifndef NS_H
#define NS_H

#include <kobject.h>
#include <spinlock.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NS_PATH_MAX 256 /* bytes of a path, including the terminating NUL */
#define NS_NAME_MAX 127 /* bytes of one path element */
#define NS_MOUNT_MAX 64 /* mount points per namespace */
#define NS_UNION_MAX 8  /* members per union */

enum {
	NS_REPLACE = 0,
	NS_BEFORE = 1,
	NS_AFTER = 2,
	NS_ORDER = 3, /* mask of the order bits */
	NS_CREATE = 4,
};

/* One member of a union. Immutable once in a union; the lock guards the union's list. */
struct ns_member {
	struct kobject *service; /* holds a reference */
	const char *source;      /* bind: the clean path bound (for `ns` output); mount: NULL */
	uint32_t flags;          /* NS_CREATE, and the order it was added with */
	uint32_t op;             /* members added by one mount/bind call share this number */
	char subpath[];          /* clean absolute path in the service; source follows it */
};

/* A mount point and its union, members in order. */
struct ns_mount {
	unsigned n;
	struct ns_member *m[NS_UNION_MAX];
	char path[]; /* clean absolute path */
};

struct ns {
	struct kobject obj;
	struct spinlock lock;
	unsigned n;                           /* mount points, in the order they were made */
	struct ns_mount *mounts[NS_MOUNT_MAX];
	uint32_t next_op;
};

/* One member as ns_resolve reports it. */
struct ns_target {
	struct kobject *service; /* a reference the caller owns: release with ns_targets_put */
	uint32_t flags;          /* the member's flags (NS_CREATE) */
	char path[NS_PATH_MAX];  /* the member's subpath joined with the rest: what to walk */
};

/*
 * Cleans the len bytes at in into out (NUL-terminated) by Plan 9's rules: collapse repeated
 * slashes, drop `.` elements and trailing slashes, let `..` remove the element before it (at the
 * root it stays the root; leading `..` of a relative path is kept), and turn an empty result into
 * "." (relative) or "/" (rooted). Returns the clean length, or ERR_BADNAME (a NUL byte within len)
 * or ERR_NAMETOOLONG (len >= NS_PATH_MAX, or an element longer than NS_NAME_MAX).
 */
int ns_cleanname(const char *in, size_t len, char out[NS_PATH_MAX]);

/* A new, empty namespace with one reference (the caller's). 0 or ERR_NOMEM. */
int ns_create(struct ns **out);

/*
 * Mounts service (at its path subpath; NULL means "/") on path with flags. The namespace takes
 * its own reference to service. Errors: ERR_INVAL (flags, NULL service), ERR_WRONGTYPE (a
 * namespace as service: it could contain itself), ERR_BADNAME (path not absolute, NUL),
 * ERR_NAMETOOLONG, ERR_FULL, ERR_NOMEM. Paths are C strings here: the syscall layer turns a user
 * buffer into one with ns_cleanname, which refuses embedded NULs.
 */
int ns_mount(struct ns *ns, const char *path, struct kobject *service, const char *subpath,
	     uint32_t flags);

/* Makes what oldpath resolves to (its whole union, each member extended by the rest of oldpath)
 * visible at newpath with flags, like Plan 9's `bind oldpath newpath`. Errors as ns_mount, plus
 * ERR_NOENT when nothing is mounted over oldpath. */
int ns_bind(struct ns *ns, const char *oldpath, const char *newpath, uint32_t flags);

/* Removes from the union at exactly path every member whose service is service, or the whole
 * mount point when service is NULL. ERR_NOENT if path is not a mount point or no member matched;
 * name errors as ns_mount. */
int ns_unmount(struct ns *ns, const char *path, const struct kobject *service);

/*
 * Resolves path: the longest mount point that prefixes it, its members in union order in
 * out[0..*count), and the rest of the path (relative, "" when path is the mount point) in rest.
 * Returns 0, ERR_NOENT (no mount covers path), or a name error (ERR_NAMETOOLONG also when a
 * member's subpath joined with the rest is too long).
 */
int ns_resolve(struct ns *ns, const char *path, struct ns_target out[NS_UNION_MAX],
	       unsigned *count, char rest[NS_PATH_MAX]);
/* Drops the references ns_resolve handed out. */
void ns_targets_put(struct ns_target *t, unsigned count);

/* A new namespace with the same mount table (for unshare): later changes to either are invisible
 * to the other. It takes its own references to every service. 0 or ERR_NOMEM. */
int ns_copy(struct ns *ns, struct ns **out);

/*
 * Writes the table as text, one line per mount or bind call that is still in effect, in an order
 * that rebuilds every union when read top to bottom (the first line for a mount point replaces,
 * the rest add after): `mount #service.7 /srv`, `mount -a #service.9 /bin /arm/bin` (the last
 * word, the path in the service, appears when it is not /), `bind -ac /x /y` (c: NS_CREATE). Like
 * snprintf: writes at most size-1 bytes plus a NUL and returns the length the whole text has, so
 * a result >= size means the buffer was too small.
 */
int ns_enumerate(struct ns *ns, char *buf, size_t size);

/* Checks the table's invariants (clean unique mount points, 1..NS_UNION_MAX live members each);
 * 0 or ERR_STATE. For tests and fuzzers. */
int ns_check(struct ns *ns);

/*
 * The namespace a new process starts with: a fresh empty one when there is no parent (init), a
 * deep copy of the parent's when copy is set (unshare: later changes on either side stay on that
 * side), else the parent's own, shared (a mount by either is seen by both). *out carries one
 * reference for the child. 0 or ERR_NOMEM.
 */
int ns_inherit(struct ns *parent, bool copy, struct ns **out);

static inline void ns_put(struct ns *ns)
{
	kobject_put(&ns->obj);
}

#endif
