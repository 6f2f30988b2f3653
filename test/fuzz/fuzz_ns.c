/*
 * libFuzzer target for kernel/ns.c: the input is a script of namespace operations (mount, bind,
 * unmount, resolve, copy, enumerate, cleanname) on two namespaces and four services, with paths
 * built from the input over a small alphabet so `/`, `.` and `..` are common. After every step
 * both tables must pass ns_check and every answer must be well formed; at the end every reference
 * and every byte of kmalloc must be back (else abort, which the fuzzer reports).
 */
#include "kstubs.h"
#include <bootinfo.h>
#include <err.h>
#include <ns.h>
#include <pmm.h>
#include <slab.h>

#include <stdlib.h>
#include <string.h>

#define NSVC 4

struct script {
	const uint8_t *p;
	size_t left;
};

static struct kobject svc[NSVC];

static void svc_destroy(struct kobject *o)
{
	(void)o;
	abort(); /* the fuzzer holds a reference to each service for good */
}

static const struct kobject_ops svc_ops = { KOBJ_SERVICE, svc_destroy };

static void setup_once(void)
{
	static int done;
	static struct bootinfo bi;
	if (done)
		return;
	done = 1;
	kstubs_ram(0x80000000ull, 8u << 20);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, 0x80000000ull, 8u << 20);
	if (pmm_init(&bi))
		abort();
	slab_init();
	for (int i = 0; i < NSVC; i++)
		kobject_init(&svc[i], &svc_ops);
}

static uint8_t next(struct script *s)
{
	if (!s->left)
		return 0;
	s->left--;
	return *s->p++;
}

/* A path: a length byte, then one alphabet symbol per byte; a length with the top bit set makes
 * a long run instead, to reach the length limits. */
static void path(struct script *s, char *out, size_t size)
{
	static const char alpha[] = "//..abc/";
	uint8_t len = next(s);
	size_t n = len & 0x80 ? (size_t)(len & 0x7f) * 3 : len % 24;
	if (n > size - 1)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = len & 0x80 ? (i % 60 ? 'x' : '/') : alpha[next(s) % 8];
	out[n] = '\0';
}

static int is_clean(const char *p)
{
	char c[NS_PATH_MAX];
	return ns_cleanname(p, strlen(p), c) >= 0 && strcmp(c, p) == 0;
}

static void check_resolve(struct ns *ns, const char *p)
{
	struct ns_target t[NS_UNION_MAX];
	unsigned n;
	char rest[NS_PATH_MAX];
	int err = ns_resolve(ns, p, t, &n, rest);
	if (err && n)
		abort();
	if (err)
		return;
	if (n == 0 || n > NS_UNION_MAX || rest[0] == '/' || (rest[0] && !is_clean(rest)))
		abort();
	for (unsigned i = 0; i < n; i++)
		if (t[i].path[0] != '/' || !is_clean(t[i].path))
			abort();
	ns_targets_put(t, n);
}

static void check_cleanname(struct script *s)
{
	uint8_t raw[256 + 64];
	size_t n = next(s) + next(s) % 64;
	for (size_t i = 0; i < n; i++)
		raw[i] = next(s);
	char c[NS_PATH_MAX], c2[NS_PATH_MAX];
	int len = ns_cleanname((const char *)raw, n, c);
	if (len < 0)
		return;
	if ((size_t)len != strlen(c) || ns_cleanname(c, (size_t)len, c2) != len || strcmp(c, c2))
		abort();
	if (strstr(c, "//") || strstr(c, "/./") || (len > 1 && c[len - 1] == '/'))
		abort();
}

static void check_enumerate(struct ns *ns, size_t small)
{
	static char full[64 * 1024], part[256];
	int n = ns_enumerate(ns, full, sizeof full);
	if (n < 0 || (size_t)n >= sizeof full || strlen(full) != (size_t)n)
		abort();
	small %= sizeof part;
	if (ns_enumerate(ns, part, small) != n)
		abort();
	if (small && strncmp(part, full, small - 1) != 0)
		abort();
}

/* One step on ns[which]; may replace ns[which] with a copy. */
static void step(struct script *s, struct ns **nss)
{
	uint8_t op = next(s), arg = next(s);
	struct ns **ns = &nss[op >> 7];
	char a[NS_PATH_MAX + 64], b[NS_PATH_MAX + 64];
	switch (op % 7) {
	case 0:
		path(s, a, sizeof a);
		path(s, b, sizeof b);
		(void)ns_mount(*ns, a, &svc[arg % NSVC], arg & 0x40 ? b : NULL, arg >> 3 & 0xf);
		break;
	case 1:
		path(s, a, sizeof a);
		path(s, b, sizeof b);
		(void)ns_bind(*ns, a, b, arg & 7);
		break;
	case 2:
		path(s, a, sizeof a);
		(void)ns_unmount(*ns, a, arg % (NSVC + 1) == NSVC ? NULL : &svc[arg % (NSVC + 1)]);
		break;
	case 3:
		path(s, a, sizeof a);
		check_resolve(*ns, a);
		break;
	case 4: {
		struct ns *c;
		if (ns_copy(*ns, &c) == 0) {
			ns_put(nss[!(op >> 7)]);
			nss[!(op >> 7)] = c;
		}
		break;
	}
	case 5:
		check_enumerate(*ns, arg);
		break;
	default:
		check_cleanname(s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup_once();
	struct script s = { data, size };
	struct ns *nss[2];
	if (ns_create(&nss[0]) || ns_create(&nss[1]))
		abort();
	while (s.left) {
		step(&s, nss);
		if (ns_check(nss[0]) || ns_check(nss[1]))
			abort();
	}
	ns_put(nss[0]);
	ns_put(nss[1]);
	for (int i = 0; i < NSVC; i++)
		if (kobject_refcount(&svc[i]) != 1)
			abort();
	if (kmalloc_in_use() != 0)
		abort();
	return 0;
}
