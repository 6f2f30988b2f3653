/*
 * The service and namespace system calls; see sys_ns.h. The kernel's part of opening a file ends
 * at the namespace: ns_open resolves the path, connects to one member's service and says what is
 * left to walk; the caller's library speaks 9P over the channel it gets. So nothing here (or
 * anywhere in the kernel) parses 9P.
 *
 * Big scratch (a union of NS_UNION_MAX targets, the ns text) lives in one page from pmm rather
 * than on the kernel stack, which is small, or in kmalloc, which stops at KMALLOC_MAX.
 */
#include <sys_ns.h>
#include <err.h>
#include <ferrite/syscall.h>
#include <hal.h>
#include <handle.h>
#include <mem.h>
#include <ns.h>
#include <pmm.h>
#include <process.h>
#include <slab.h>
#include <svc.h>

_Static_assert(NS_FLAG_REPLACE == NS_REPLACE && NS_FLAG_BEFORE == NS_BEFORE &&
		       NS_FLAG_AFTER == NS_AFTER && NS_FLAG_CREATE == NS_CREATE,
	       "the user namespace flags are the kernel's");
_Static_assert(NS_OPEN_PATH_MAX == NS_PATH_MAX, "ns_open_info holds any namespace path");
_Static_assert(NS_UNION_MAX * sizeof(struct ns_target) <= PAGE_SIZE, "a union fits the scratch page");

/* The boot archive, linked into the kernel image (kernel/boot/bootfs_blob.S). */
extern const uint8_t __bootfs_start[], __bootfs_end[];

static struct ns *my_ns(void)
{
	return process_current()->ns;
}

/* A service handle argument with READ (connect, mount). */
static int get_svc(uintptr_t h, struct svc **out)
{
	if (h > UINT32_MAX)
		return ERR_BADHANDLE;
	struct kobject *obj;
	int e = handle_get(process_handles(), (handle_t)h, KOBJ_SERVICE, HANDLE_RIGHT_READ, &obj);
	if (!e)
		*out = (struct svc *)obj;
	return e;
}

/* A path argument: len user bytes, cleaned (ns_cleanname refuses NULs and overlong names). */
static int get_path(uintptr_t upath, uintptr_t len, char out[NS_PATH_MAX])
{
	char raw[NS_PATH_MAX];
	if (len == 0)
		return ERR_BADNAME;
	if (len >= NS_PATH_MAX)
		return ERR_NAMETOOLONG;
	if (hal_copy_from_user(raw, upath, len) != 0)
		return ERR_FAULT;
	int n = ns_cleanname(raw, len, out);
	return n < 0 ? n : 0;
}

static void *scratch_page(void)
{
	uint64_t frame = pmm_alloc_page();
	return frame ? hal_phys_to_virt(frame) : NULL;
}

static void scratch_free(void *p)
{
	pmm_free_page(hal_virt_to_phys(p));
}

/* Installs a channel end the caller owns (a reference) as a new handle; on failure drops it. */
static intptr_t install_end(struct chan_end *e)
{
	int h = handle_install(process_handles(), &e->obj, SVC_CHAN_RIGHTS);
	if (h < 0)
		kobject_put(&e->obj);
	return h;
}

intptr_t sys_svc_create(uintptr_t out)
{
	struct svc *s;
	struct chan_end *listen;
	int e = svc_create(&s, &listen);
	if (e)
		return e;
	int hl = handle_install(process_handles(), &listen->obj, SVC_LISTEN_RIGHTS);
	if (hl < 0) {
		kobject_put(&listen->obj);
		kobject_put(&s->obj);
		return hl;
	}
	int hs = handle_install(process_handles(), &s->obj, SVC_RIGHTS);
	if (hs < 0) {
		handle_close(process_handles(), (handle_t)hl);
		kobject_put(&s->obj);
		return hs;
	}
	uint32_t hv[2] = { (uint32_t)hl, (uint32_t)hs };
	if (hal_copy_to_user(out, hv, sizeof hv) != 0) {
		handle_close(process_handles(), (handle_t)hl);
		handle_close(process_handles(), (handle_t)hs);
		return ERR_FAULT;
	}
	return 0;
}

intptr_t sys_svc_connect(uintptr_t h)
{
	struct svc *s;
	int e = get_svc(h, &s);
	if (e)
		return e;
	struct chan_end *c;
	e = svc_connect(s, &c);
	kobject_put(&s->obj);
	return e ? e : install_end(c);
}

intptr_t sys_ns_mount(uintptr_t upath, uintptr_t len, uintptr_t h, uintptr_t flags)
{
	char path[NS_PATH_MAX];
	int e = get_path(upath, len, path);
	if (e)
		return e;
	if (flags > UINT32_MAX)
		return ERR_INVAL;
	struct svc *s;
	e = get_svc(h, &s);
	if (e)
		return e;
	e = ns_mount(my_ns(), path, &s->obj, NULL, (uint32_t)flags);
	kobject_put(&s->obj);
	return e;
}

intptr_t sys_ns_bind(uintptr_t uold, uintptr_t oldlen, uintptr_t unew, uintptr_t newlen,
		     uintptr_t flags)
{
	char old[NS_PATH_MAX], new[NS_PATH_MAX];
	int e = get_path(uold, oldlen, old);
	if (!e)
		e = get_path(unew, newlen, new);
	if (e)
		return e;
	if (flags > UINT32_MAX)
		return ERR_INVAL;
	return ns_bind(my_ns(), old, new, (uint32_t)flags);
}

intptr_t sys_ns_unmount(uintptr_t upath, uintptr_t len, uintptr_t h)
{
	char path[NS_PATH_MAX];
	int e = get_path(upath, len, path);
	if (e)
		return e;
	if (h == HANDLE_INVALID)
		return ns_unmount(my_ns(), path, NULL);
	struct svc *s;
	e = get_svc(h, &s);
	if (e)
		return e;
	e = ns_unmount(my_ns(), path, &s->obj);
	kobject_put(&s->obj);
	return e;
}

intptr_t sys_ns_open(uintptr_t upath, uintptr_t len, uintptr_t index, uintptr_t uinfo)
{
	char path[NS_PATH_MAX];
	int e = get_path(upath, len, path);
	if (e)
		return e;
	struct ns_target *t = scratch_page();
	struct ns_open_info *info = kmalloc(sizeof *info);
	char *rest = kmalloc(NS_PATH_MAX);
	intptr_t r = ERR_NOMEM;
	if (!t || !info || !rest)
		goto out;
	unsigned count = 0;
	r = ns_resolve(my_ns(), path, t, &count, rest);
	if (r)
		goto out;
	struct chan_end *c = NULL;
	if (index >= count)
		r = ERR_NOENT;
	else if (kobject_type(t[index].service) != KOBJ_SERVICE)
		r = ERR_WRONGTYPE; /* ns_mount takes only services, so this cannot happen today */
	else
		r = svc_connect((struct svc *)t[index].service, &c);
	if (!r) {
		memset(info, 0, sizeof *info);
		info->nmembers = count;
		info->flags = t[index].flags;
		mem_strlcpy(info->path, t[index].path, sizeof info->path);
		r = install_end(c);
		if (r >= 0 && hal_copy_to_user(uinfo, info, sizeof *info) != 0) {
			handle_close(process_handles(), (handle_t)r);
			r = ERR_FAULT;
		}
	}
	ns_targets_put(t, count);
out:
	if (t)
		scratch_free(t);
	kfree(info);
	kfree(rest);
	return r;
}

intptr_t sys_ns_list(uintptr_t ubuf, uintptr_t size)
{
	char *text = scratch_page();
	if (!text)
		return ERR_NOMEM;
	int n = ns_enumerate(my_ns(), text, PAGE_SIZE);
	/* What fits both buffers, without the NUL; the full length tells the caller what it missed. */
	size_t have = (size_t)n < PAGE_SIZE - 1 ? (size_t)n : PAGE_SIZE - 1;
	size_t copy = have < size ? have : size;
	intptr_t r = n;
	if (copy && hal_copy_to_user(ubuf, text, copy) != 0)
		r = ERR_FAULT;
	scratch_free(text);
	return r;
}

intptr_t sys_bootfs_read(uintptr_t offset, uintptr_t ubuf, uintptr_t len)
{
	size_t size = (size_t)(__bootfs_end - __bootfs_start);
	if (offset >= size)
		return 0;
	size_t n = size - offset < len ? size - offset : len;
	if (n > INTPTR_MAX)
		n = INTPTR_MAX;
	if (n && hal_copy_to_user(ubuf, __bootfs_start + offset, n) != 0)
		return ERR_FAULT;
	return (intptr_t)n;
}
