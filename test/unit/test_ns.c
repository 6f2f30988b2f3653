/* Namespaces: cleanname against Plan 9's rules, longest-prefix resolution, union order, bind,
 * unmount, `..` across mounts, copies, limits, hostile paths and reference counts. */
#include "test.h"
#include "kstubs.h"
#include <bootinfo.h>
#include <err.h>
#include <ns.h>
#include <pmm.h>
#include <slab.h>
#include <stdio.h>
#include <string.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (8u << 20)

struct tsvc {
	struct kobject obj;
	int destroyed;
};

static void tsvc_destroy(struct kobject *o)
{
	((struct tsvc *)o)->destroyed++;
}

static const struct kobject_ops tsvc_ops = { KOBJ_SERVICE, tsvc_destroy };

static struct tsvc svc[6]; /* A..F */
#define A (&svc[0].obj)
#define B (&svc[1].obj)
#define C (&svc[2].obj)
#define D (&svc[3].obj)
#define E (&svc[4].obj)
#define F (&svc[5].obj)

static struct ns *setup(void)
{
	static struct bootinfo bi;
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, RAM_SIZE);
	CHECK_OK(pmm_init(&bi));
	slab_init();
	for (int i = 0; i < 6; i++) {
		kobject_init(&svc[i].obj, &tsvc_ops);
		svc[i].destroyed = 0;
	}
	struct ns *ns = NULL;
	CHECK_EQ(ns_create(&ns), 0);
	return ns;
}

/* Drops the namespace and the test's own references; every service must be destroyed exactly
 * once and no memory left behind. */
static void teardown(struct ns *ns)
{
	CHECK_EQ(ns_check(ns), 0);
	ns_put(ns);
	for (int i = 0; i < 6; i++) {
		CHECK_EQ(kobject_refcount(&svc[i].obj), 1);
		kobject_put(&svc[i].obj);
		CHECK_EQ(svc[i].destroyed, 1);
	}
	CHECK_EQ(kmalloc_in_use(), 0);
}

/* "service:path service:path ... | rest" for a resolution, or the error's name. */
static const char *resolved(struct ns *ns, const char *path)
{
	static char s[1024];
	struct ns_target t[NS_UNION_MAX];
	unsigned n;
	char rest[NS_PATH_MAX];
	int err = ns_resolve(ns, path, t, &n, rest);
	if (err)
		return err_str(err);
	size_t len = 0;
	s[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, sizeof s - len, "%c%s%s:%s ",
					'A' + (int)((struct tsvc *)t[i].service - svc),
					t[i].flags & NS_CREATE ? "+c" : "", "", t[i].path);
	snprintf(s + len, sizeof s - len, "| %s", rest);
	ns_targets_put(t, n);
	return s;
}

static const char *clean(const char *in)
{
	static char out[NS_PATH_MAX];
	int n = ns_cleanname(in, strlen(in), out);
	if (n < 0)
		return err_str(n);
	if ((size_t)n != strlen(out))
		return "length mismatch";
	return out;
}

TEST(ns_cleanname_follows_plan9)
{
	static const char *const cases[][2] = {
		{ "", "." },
		{ ".", "." },
		{ "./", "." },
		{ "/", "/" },
		{ "//", "/" },
		{ "///a///", "/a" },
		{ "/.", "/" },
		{ "/..", "/" },
		{ "/../..", "/" },
		{ "/../a", "/a" },
		{ "/a/b/../c", "/a/c" },
		{ "/a/./../b", "/b" },
		{ "/a//b///c/", "/a/b/c" },
		{ "/a/b/c/../../..", "/" },
		{ "/a/mnt/..", "/a" },
		{ "a", "a" },
		{ "a/", "a" },
		{ "./a/./b/.", "a/b" },
		{ "a/..", "." },
		{ "a/../..", ".." },
		{ "..", ".." },
		{ "../a", "../a" },
		{ "../../a/..", "../.." },
		{ "a/b/../../../c", "../c" },
		{ "a/../../b/../c", "../c" },
		{ "../a/../../b", "../../b" },
		{ "...", "..." },
		{ "/.../..", "/" },
		{ "/a/..b", "/a/..b" },
		{ "/a/b..", "/a/b.." },
		{ "/.a/.", "/.a" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_STR(clean(cases[i][0]), cases[i][1]);
}

TEST(ns_cleanname_refuses_nul_and_long_names)
{
	char out[NS_PATH_MAX];
	CHECK_EQ(ns_cleanname("/a\0b", 4, out), ERR_BADNAME);
	CHECK_EQ(ns_cleanname("/a\0", 3, out), ERR_BADNAME);
	CHECK_EQ(ns_cleanname("/ab", 2, out), 2); /* len, not the NUL, ends the input */
	CHECK_STR(out, "/a");
	char p[NS_PATH_MAX + 2];
	memset(p, 'x', sizeof p);
	p[0] = '/';
	for (size_t i = 64; i < sizeof p; i += 64)
		p[i] = '/';
	CHECK_EQ(ns_cleanname(p, NS_PATH_MAX - 1, out), NS_PATH_MAX - 1);
	CHECK_EQ(ns_cleanname(p, NS_PATH_MAX, out), ERR_NAMETOOLONG);
	CHECK_EQ(ns_cleanname(p, NS_PATH_MAX + 1, out), ERR_NAMETOOLONG);
	memset(p, 'y', sizeof p);
	p[0] = '/';
	CHECK_EQ(ns_cleanname(p, NS_NAME_MAX + 1, out), NS_NAME_MAX + 1);
	CHECK_EQ(ns_cleanname(p, NS_NAME_MAX + 2, out), ERR_NAMETOOLONG);
	/* An over-long element is refused even when a later `..` would remove it. */
	memcpy(p + NS_NAME_MAX + 2, "/..", 3);
	CHECK_EQ(ns_cleanname(p, NS_NAME_MAX + 5, out), ERR_NAMETOOLONG);
}

TEST(ns_resolve_takes_the_longest_prefix)
{
	struct ns *ns = setup();
	CHECK_STR(resolved(ns, "/x"), "not found"); /* nothing mounted */
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/a", B, "/sub", NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/a/b", C, NULL, NS_REPLACE), 0);
	CHECK_STR(resolved(ns, "/"), "A:/ | ");
	CHECK_STR(resolved(ns, "/x/y"), "A:/x/y | x/y");
	CHECK_STR(resolved(ns, "/a"), "B:/sub | ");
	CHECK_STR(resolved(ns, "/ab"), "A:/ab | ab"); /* prefixes match whole elements only */
	CHECK_STR(resolved(ns, "/a/bc"), "B:/sub/bc | bc");
	CHECK_STR(resolved(ns, "/a/b"), "C:/ | ");
	CHECK_STR(resolved(ns, "/a/b/c/d"), "C:/c/d | c/d");
	CHECK_STR(resolved(ns, "//a//b/./c/"), "C:/c | c");
	CHECK_EQ(kobject_refcount(C), 2); /* resolve's references were given back */
	teardown(ns);
}

TEST(ns_dotdot_is_lexical_across_mounts)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/a", B, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/a/mnt", C, "/deep/down", NS_REPLACE), 0);
	CHECK_STR(resolved(ns, "/a/mnt/.."), "B:/ | ");
	CHECK_STR(resolved(ns, "/a/mnt/../x"), "B:/x | x");
	CHECK_STR(resolved(ns, "/a/mnt/x/../.."), "B:/ | ");
	CHECK_STR(resolved(ns, "/a/mnt/../../.."), "A:/ | ");
	/* The path inside the service never climbs out of the subpath it was mounted with. */
	CHECK_STR(resolved(ns, "/a/mnt/x/.."), "C:/deep/down | ");
	teardown(ns);
}

TEST(ns_union_order_before_after_replace)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/bin", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", B, NULL, NS_AFTER), 0);
	CHECK_EQ(ns_mount(ns, "/bin", C, NULL, NS_BEFORE | NS_CREATE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", D, "/d", NS_AFTER), 0);
	CHECK_STR(resolved(ns, "/bin/ls"), "C+c:/ls A:/ls B:/ls D:/d/ls | ls");
	CHECK_EQ(ns_check(ns), 0);
	CHECK_EQ(ns_mount(ns, "/bin", E, NULL, NS_REPLACE), 0);
	CHECK_STR(resolved(ns, "/bin"), "E:/ | ");
	CHECK_EQ(kobject_refcount(A), 1); /* the replaced members' references are gone */
	CHECK_EQ(kobject_refcount(C), 1);
	teardown(ns);
}

TEST(ns_before_after_on_a_plain_directory_keep_it_in_the_union)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE | NS_CREATE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", B, NULL, NS_AFTER), 0);
	CHECK_STR(resolved(ns, "/bin/x"), "A+c:/bin/x B:/x | x");
	CHECK_EQ(ns_mount(ns, "/dev", C, NULL, NS_BEFORE), 0);
	CHECK_STR(resolved(ns, "/dev"), "C:/ A+c:/dev | ");
	CHECK_EQ(ns_mount(ns, "/tmp", D, NULL, NS_REPLACE), 0); /* replace hides it */
	CHECK_STR(resolved(ns, "/tmp"), "D:/ | ");
	teardown(ns);
}

TEST(ns_bind_copies_what_the_old_path_resolves_to)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/n/s", B, "/srv", NS_REPLACE), 0);
	CHECK_EQ(ns_bind(ns, "/n/s/x", "/y", NS_REPLACE), 0);
	CHECK_STR(resolved(ns, "/y/z"), "B:/srv/x/z | z");
	/* A bound path bound again, and a whole union bound. */
	CHECK_EQ(ns_bind(ns, "/y", "/w", NS_REPLACE), 0);
	CHECK_STR(resolved(ns, "/w"), "B:/srv/x | ");
	CHECK_EQ(ns_mount(ns, "/bin", C, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", D, "/d", NS_AFTER), 0);
	CHECK_EQ(ns_bind(ns, "/bin", "/w", NS_AFTER | NS_CREATE), 0);
	CHECK_STR(resolved(ns, "/w"), "B:/srv/x C+c:/ D+c:/d | ");
	CHECK_EQ(ns_bind(ns, "/nothing/here", "/v", NS_REPLACE), 0); /* covered by / */
	CHECK_STR(resolved(ns, "/v"), "A:/nothing/here | ");
	/* Later changes at the old path do not reach the copy. */
	CHECK_EQ(ns_unmount(ns, "/n/s", NULL), 0);
	CHECK_STR(resolved(ns, "/y"), "B:/srv/x | ");
	teardown(ns);
}

TEST(ns_bind_onto_itself_and_below_itself)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_bind(ns, "/", "/", NS_AFTER), 0); /* a union of / with itself */
	CHECK_STR(resolved(ns, "/x"), "A:/x A:/x | x");
	CHECK_EQ(ns_bind(ns, "/", "/sub", NS_REPLACE), 0);
	CHECK_STR(resolved(ns, "/sub/sub"), "A:/sub A:/sub | sub");
	CHECK_EQ(ns_bind(ns, "/sub", "/sub", NS_REPLACE), 0);
	CHECK_STR(resolved(ns, "/sub"), "A:/ A:/ | ");
	teardown(ns);
}

TEST(ns_unmount_one_member_or_all)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", B, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", C, NULL, NS_AFTER), 0);
	CHECK_EQ(ns_mount(ns, "/bin", B, "/other", NS_AFTER), 0);
	CHECK_EQ(ns_unmount(ns, "/bin", D), ERR_NOENT); /* not a member */
	CHECK_EQ(ns_unmount(ns, "/bin/x", NULL), ERR_NOENT); /* not a mount point */
	CHECK_EQ(ns_unmount(ns, "/bin", B), 0); /* every member served by B */
	CHECK_STR(resolved(ns, "/bin"), "C:/ | ");
	CHECK_EQ(kobject_refcount(B), 1);
	CHECK_EQ(ns_mount(ns, "/bin", D, NULL, NS_BEFORE), 0);
	CHECK_EQ(ns_unmount(ns, "/bin/", NULL), 0);
	CHECK_STR(resolved(ns, "/bin/ls"), "A:/bin/ls | bin/ls"); /* back to what covers it */
	CHECK_EQ(ns_unmount(ns, "/bin", NULL), ERR_NOENT);
	CHECK_EQ(ns_unmount(ns, "/", A), 0);
	CHECK_STR(resolved(ns, "/"), "not found");
	teardown(ns);
}

TEST(ns_copy_is_independent)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", B, NULL, NS_AFTER), 0);
	struct ns *c = NULL;
	CHECK_EQ(ns_copy(ns, &c), 0);
	CHECK_EQ(ns_check(c), 0);
	CHECK_EQ(kobject_refcount(B), 3);
	CHECK_STR(resolved(c, "/bin"), "A:/bin B:/ | ");
	CHECK_EQ(ns_mount(c, "/tmp", C, NULL, NS_REPLACE), 0);
	CHECK_STR(resolved(c, "/tmp/f"), "C:/f | f");
	CHECK_STR(resolved(ns, "/tmp/f"), "A:/tmp/f | tmp/f");
	CHECK_EQ(ns_unmount(ns, "/bin", NULL), 0);
	CHECK_STR(resolved(c, "/bin"), "A:/bin B:/ | ");
	char a[256], b[256];
	CHECK(ns_enumerate(ns, a, sizeof a) > 0);
	CHECK(ns_enumerate(c, b, sizeof b) > 0);
	CHECK(strcmp(a, b) != 0);
	ns_put(c);
	CHECK_EQ(kobject_refcount(C), 1);
	teardown(ns);
}

TEST(ns_enumerate_prints_what_rebuilds_the_table)
{
	struct ns *ns = setup();
	CHECK_EQ(ns_mount(ns, "/", A, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/bin", B, "/arm/bin", NS_AFTER), 0);
	CHECK_EQ(ns_mount(ns, "/bin", C, NULL, NS_BEFORE | NS_CREATE), 0);
	CHECK_EQ(ns_mount(ns, "/n", D, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(ns, "/n", E, NULL, NS_AFTER), 0);
	CHECK_EQ(ns_bind(ns, "/n", "/m", NS_REPLACE | NS_CREATE), 0);
	char want[512];
	snprintf(want, sizeof want,
		 "mount #service.%llu /\n"
		 "mount -c #service.%llu /bin\n"
		 "bind -a /bin /bin\n"
		 "mount -a #service.%llu /bin /arm/bin\n"
		 "mount #service.%llu /n\n"
		 "mount -a #service.%llu /n\n"
		 "bind -c /n /m\n",
		 (unsigned long long)A->koid, (unsigned long long)C->koid,
		 (unsigned long long)B->koid, (unsigned long long)D->koid,
		 (unsigned long long)E->koid);
	char got[512];
	int n = ns_enumerate(ns, got, sizeof got);
	CHECK_STR(got, want);
	CHECK_EQ(n, strlen(want));
	/* Too small: truncated, terminated, and the full length reported. */
	char small[10];
	CHECK_EQ(ns_enumerate(ns, small, sizeof small), strlen(want));
	CHECK_EQ(strlen(small), sizeof small - 1);
	CHECK_EQ(ns_enumerate(ns, NULL, 0), strlen(want));
	teardown(ns);
}

TEST(ns_refuses_hostile_arguments)
{
	struct ns *ns = setup();
	char long_path[NS_PATH_MAX + 8];
	memset(long_path, 'a', sizeof long_path);
	long_path[0] = '/';
	long_path[sizeof long_path - 1] = '\0';
	CHECK_EQ(ns_mount(ns, "relative", A, NULL, 0), ERR_BADNAME);
	CHECK_EQ(ns_mount(ns, "", A, NULL, 0), ERR_BADNAME);
	CHECK_EQ(ns_mount(ns, "../..", A, NULL, 0), ERR_BADNAME);
	CHECK_EQ(ns_mount(ns, "/x", A, "sub", 0), ERR_BADNAME);
	CHECK_EQ(ns_mount(ns, NULL, A, NULL, 0), ERR_INVAL);
	CHECK_EQ(ns_mount(ns, "/x", NULL, NULL, 0), ERR_INVAL);
	CHECK_EQ(ns_mount(ns, "/x", A, NULL, NS_BEFORE | NS_AFTER), ERR_INVAL);
	CHECK_EQ(ns_mount(ns, "/x", A, NULL, 8), ERR_INVAL);
	CHECK_EQ(ns_mount(ns, long_path, A, NULL, 0), ERR_NAMETOOLONG);
	CHECK_EQ(ns_mount(ns, "/x", A, long_path, 0), ERR_NAMETOOLONG);
	CHECK_EQ(ns_mount(ns, "/x", &ns->obj, NULL, 0), ERR_WRONGTYPE);
	CHECK_EQ(ns_bind(ns, "/x", "/y", 0), ERR_NOENT);
	CHECK_EQ(ns_bind(ns, "x", "/y", 0), ERR_BADNAME);
	CHECK_EQ(ns_bind(ns, "/x", "/y", 3), ERR_INVAL);
	CHECK_EQ(ns_unmount(ns, "x", NULL), ERR_BADNAME);
	CHECK_STR(resolved(ns, "x"), "invalid name");
	CHECK_STR(resolved(ns, long_path), "name too long");
	CHECK_EQ(ns_check(ns), 0);
	CHECK_EQ(ns->n, 0);
	teardown(ns);
}

TEST(ns_limits_are_errors)
{
	struct ns *ns = setup();
	char p[32];
	for (unsigned i = 0; i < NS_MOUNT_MAX; i++) {
		snprintf(p, sizeof p, "/m%u", i);
		CHECK_EQ(ns_mount(ns, p, A, NULL, NS_REPLACE), 0);
	}
	CHECK_EQ(ns_mount(ns, "/one-more", A, NULL, NS_REPLACE), ERR_FULL);
	CHECK_EQ(ns_bind(ns, "/m0", "/one-more", NS_REPLACE), ERR_FULL);
	CHECK_EQ(ns_mount(ns, "/m0", B, NULL, NS_REPLACE), 0); /* an existing point still changes */
	for (unsigned i = 1; i < NS_UNION_MAX; i++)
		CHECK_EQ(ns_mount(ns, "/m0", B, NULL, NS_AFTER), 0);
	CHECK_EQ(ns_mount(ns, "/m0", C, NULL, NS_BEFORE), ERR_FULL);
	CHECK_EQ(ns_bind(ns, "/m0", "/m1", NS_AFTER), ERR_FULL);  /* 1 + 8 members */
	CHECK_EQ(ns_bind(ns, "/m0", "/m1", NS_REPLACE), 0);       /* 8 */
	CHECK_EQ(kobject_refcount(C), 1);
	CHECK_EQ(kobject_refcount(B), 1 + 2 * NS_UNION_MAX);
	CHECK_EQ(ns_check(ns), 0);
	for (unsigned i = 0; i < NS_MOUNT_MAX; i++) {
		snprintf(p, sizeof p, "/m%u", i);
		CHECK_EQ(ns_unmount(ns, p, NULL), 0);
	}
	CHECK_EQ(ns->n, 0);
	teardown(ns);
}

TEST(ns_joined_paths_that_grow_too_long_are_refused)
{
	struct ns *ns = setup();
	char sub[NS_PATH_MAX];
	memset(sub, 'b', sizeof sub);
	sub[0] = '/';
	for (size_t i = 100; i < NS_PATH_MAX; i += 100)
		sub[i] = '/';
	sub[NS_PATH_MAX - 4] = '\0'; /* room for "/" and two more bytes */
	CHECK_EQ(ns_mount(ns, "/", A, sub, NS_REPLACE), 0);
	CHECK(strcmp(resolved(ns, "/ab"), "name too long") != 0);
	CHECK_STR(resolved(ns, "/abc"), "name too long");
	CHECK_EQ(ns_bind(ns, "/0123456789", "/x", NS_REPLACE), ERR_NAMETOOLONG);
	CHECK_EQ(ns_mount(ns, "/yyy", B, NULL, NS_AFTER), ERR_NAMETOOLONG); /* its seed would be */
	CHECK_EQ(ns_mount(ns, "/yyy", B, NULL, NS_REPLACE), 0); /* no seed, no problem */
	CHECK_STR(resolved(ns, "/yyy"), "B:/ | ");
	CHECK_EQ(ns->n, 2);
	teardown(ns);
}
