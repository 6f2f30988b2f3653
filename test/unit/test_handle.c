/* Handle tables: the rights check, stale handles, moving handles, capacity, and reference counts
 * that let each destroy hook run exactly once. Slots come from kmalloc on fake RAM. */
#include "test.h"
#include "kstubs.h"
#include <bootinfo.h>
#include <err.h>
#include <handle.h>
#include <pmm.h>
#include <slab.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (8u << 20)

/* A test object: counts its destroy calls instead of freeing anything. */
struct tobj {
	struct kobject obj;
	int destroyed;
};

static void tobj_destroy(struct kobject *o)
{
	((struct tobj *)o)->destroyed++;
}

static const struct kobject_ops tsvc_ops = { KOBJ_SERVICE, tobj_destroy };
static const struct kobject_ops tmem_ops = { KOBJ_MEM, tobj_destroy };

static void setup(void)
{
	static struct bootinfo bi;
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, RAM_SIZE);
	CHECK_OK(pmm_init(&bi));
	slab_init();
}

TEST(handle_install_get_and_close)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj a;
	kobject_init(&a.obj, &tsvc_ops);
	a.destroyed = 0;
	int h = handle_install(&t, &a.obj, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE);
	CHECK(h > 0);
	CHECK_EQ(handle_count(&t), 1);
	CHECK_EQ(kobject_refcount(&a.obj), 1); /* the table took the creator's reference */

	struct kobject *o = NULL;
	CHECK_EQ(handle_get(&t, (handle_t)h, KOBJ_SERVICE, HANDLE_RIGHT_READ, &o), 0);
	CHECK(o == &a.obj);
	CHECK_EQ(kobject_refcount(&a.obj), 2);
	kobject_put(o);
	CHECK_EQ(handle_get(&t, (handle_t)h, KOBJ_ANY, 0, &o), 0);
	kobject_put(o);

	struct handle_info info;
	CHECK_EQ(handle_inspect(&t, (handle_t)h, &info), 0);
	CHECK_EQ(info.type, KOBJ_SERVICE);
	CHECK_EQ(info.rights, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE);
	CHECK_EQ(info.koid, a.obj.koid);

	CHECK_EQ(handle_close(&t, (handle_t)h), 0);
	CHECK_EQ(a.destroyed, 1);
	CHECK_EQ(handle_close(&t, (handle_t)h), ERR_BADHANDLE);
	CHECK_EQ(handle_count(&t), 0);
	handle_table_destroy(&t);
	CHECK_EQ(kmalloc_in_use(), 0);
}

TEST(handle_get_refuses_in_order_bad_type_rights)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj a = { 0 };
	kobject_init(&a.obj, &tmem_ops);
	int h = handle_install(&t, &a.obj, HANDLE_RIGHT_READ);
	struct kobject *o = NULL;
	CHECK_EQ(handle_get(&t, HANDLE_INVALID, KOBJ_MEM, 0, &o), ERR_BADHANDLE);
	CHECK_EQ(handle_get(&t, (handle_t)h + 1, KOBJ_MEM, 0, &o), ERR_BADHANDLE); /* other slot */
	CHECK_EQ(handle_get(&t, 0xffffffffu, KOBJ_MEM, 0, &o), ERR_BADHANDLE);
	CHECK_EQ(handle_get(&t, (handle_t)h | 1u << 31, KOBJ_MEM, 0, &o), ERR_BADHANDLE);
	/* Wrong type is reported before missing rights. */
	CHECK_EQ(handle_get(&t, (handle_t)h, KOBJ_CHANNEL, HANDLE_RIGHT_WRITE, &o), ERR_WRONGTYPE);
	CHECK_EQ(handle_get(&t, (handle_t)h, KOBJ_MEM, HANDLE_RIGHT_WRITE, &o), ERR_ACCESS);
	CHECK_EQ(handle_get(&t, (handle_t)h, KOBJ_MEM, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP, &o),
		 ERR_ACCESS);
	CHECK(o == NULL);
	CHECK_EQ(kobject_refcount(&a.obj), 1); /* no refusal took a reference */
	handle_table_destroy(&t);
	CHECK_EQ(a.destroyed, 1);
}

TEST(handle_install_refuses_null_and_unknown_rights)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj a = { 0 };
	kobject_init(&a.obj, &tsvc_ops);
	CHECK_EQ(handle_install(&t, NULL, 0), ERR_INVAL);
	CHECK_EQ(handle_install(&t, &a.obj, HANDLE_RIGHTS_ALL + 1), ERR_INVAL);
	CHECK_EQ(handle_install(&t, &a.obj, 1u << 31), ERR_INVAL);
	CHECK_EQ(handle_count(&t), 0);
	kobject_put(&a.obj); /* failures left the reference with us */
	CHECK_EQ(a.destroyed, 1);
	handle_table_destroy(&t);
}

TEST(handle_duplicate_only_shrinks_rights)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj a = { 0 };
	kobject_init(&a.obj, &tsvc_ops);
	uint32_t rw_dup = HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE | HANDLE_RIGHT_DUPLICATE;
	int h = handle_install(&t, &a.obj, rw_dup);
	int r = handle_duplicate(&t, (handle_t)h, HANDLE_RIGHT_READ);
	CHECK(r > 0 && r != h);
	CHECK_EQ(kobject_refcount(&a.obj), 2);
	/* Growing is refused, from the original and from the reduced copy alike. */
	CHECK_EQ(handle_duplicate(&t, (handle_t)h, rw_dup | HANDLE_RIGHT_GRANT), ERR_ACCESS);
	CHECK_EQ(handle_duplicate(&t, (handle_t)h, HANDLE_RIGHTS_ALL + 1), ERR_INVAL);
	CHECK_EQ(handle_duplicate(&t, (handle_t)r, HANDLE_RIGHT_READ), ERR_ACCESS); /* no DUPLICATE */
	int same = handle_duplicate(&t, (handle_t)h, rw_dup);
	CHECK(same > 0);
	int none = handle_duplicate(&t, (handle_t)same, 0);
	CHECK(none > 0);
	struct kobject *o;
	CHECK_EQ(handle_get(&t, (handle_t)r, KOBJ_SERVICE, HANDLE_RIGHT_WRITE, &o), ERR_ACCESS);
	CHECK_EQ(handle_get(&t, (handle_t)none, KOBJ_SERVICE, HANDLE_RIGHT_READ, &o), ERR_ACCESS);
	CHECK_EQ(handle_count(&t), 4);
	CHECK_EQ(kobject_refcount(&a.obj), 4);
	CHECK_EQ(handle_close(&t, (handle_t)h), 0);
	CHECK_EQ(handle_close(&t, (handle_t)r), 0);
	CHECK_EQ(handle_close(&t, (handle_t)same), 0);
	CHECK_EQ(a.destroyed, 0);
	CHECK_EQ(handle_close(&t, (handle_t)none), 0);
	CHECK_EQ(a.destroyed, 1);
	handle_table_destroy(&t);
}

TEST(handle_stale_value_refused_after_slot_reuse)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj a = { 0 }, b = { 0 };
	kobject_init(&a.obj, &tsvc_ops);
	kobject_init(&b.obj, &tsvc_ops);
	int ha = handle_install(&t, &a.obj, HANDLE_RIGHT_READ);
	CHECK_EQ(handle_close(&t, (handle_t)ha), 0);
	/* Fill the chunk so the freed slot must be reused, then find the handle that reused it. */
	int hb = -1;
	for (unsigned i = 0; i < HANDLE_CHUNK_SLOTS; i++) {
		kobject_get(&b.obj);
		int h = handle_install(&t, &b.obj, HANDLE_RIGHT_READ);
		CHECK(h > 0);
		if (((unsigned)h & (HANDLE_TABLE_MAX - 1)) == ((unsigned)ha & (HANDLE_TABLE_MAX - 1)))
			hb = h;
	}
	CHECK(hb > 0 && hb != ha);
	struct kobject *o = NULL;
	CHECK_EQ(handle_get(&t, (handle_t)ha, KOBJ_ANY, 0, &o), ERR_BADHANDLE);
	CHECK_EQ(handle_close(&t, (handle_t)ha), ERR_BADHANDLE);
	CHECK_EQ(handle_get(&t, (handle_t)hb, KOBJ_ANY, 0, &o), 0);
	CHECK(o == &b.obj);
	kobject_put(o);
	handle_table_destroy(&t);
	CHECK_EQ(kobject_refcount(&b.obj), 1);
	kobject_put(&b.obj);
	CHECK_EQ(a.destroyed, 1);
	CHECK_EQ(b.destroyed, 1);
}

TEST(handle_generation_wraps_past_zero)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj a = { 0 };
	kobject_init(&a.obj, &tsvc_ops);
	/* A slot's generation after 65534 reuses: the next close wraps it to 1, skipping 0, so a
	 * handle value is never 0. (Set directly: closing 65534 times would prove nothing more.) */
	int first = handle_install(&t, &a.obj, 0);
	t.chunks[0][first & (HANDLE_TABLE_MAX - 1)].gen = UINT16_MAX;
	handle_t h = (handle_t)UINT16_MAX << HANDLE_INDEX_BITS | ((handle_t)first & 1023);
	struct handle_info info;
	CHECK_EQ(handle_inspect(&t, h, &info), 0);
	kobject_get(&a.obj);
	CHECK_EQ(handle_close(&t, h), 0);
	CHECK_EQ(t.chunks[0][first & (HANDLE_TABLE_MAX - 1)].gen, 1);
	handle_table_destroy(&t);
	kobject_put(&a.obj);
	CHECK_EQ(a.destroyed, 1);
}

TEST(handle_take_needs_grant_and_moves_the_reference)
{
	setup();
	struct handle_table src, dst;
	handle_table_init(&src);
	handle_table_init(&dst);
	struct tobj a = { 0 };
	kobject_init(&a.obj, &tsvc_ops);
	int h = handle_install(&src, &a.obj, HANDLE_RIGHT_READ | HANDLE_RIGHT_DUPLICATE);
	struct kobject *o = NULL;
	uint32_t rights = 0;
	CHECK_EQ(handle_take(&src, (handle_t)h, &o, &rights), ERR_ACCESS);
	CHECK_EQ(handle_count(&src), 1); /* refused: still there */
	int g = handle_duplicate(&src, (handle_t)h, HANDLE_RIGHT_READ);
	CHECK(g > 0);
	CHECK_EQ(handle_close(&src, (handle_t)g), 0);
	h = handle_duplicate(&src, (handle_t)h, HANDLE_RIGHT_READ); /* subset: no GRANT either */
	CHECK_EQ(handle_take(&src, (handle_t)h, &o, &rights), ERR_ACCESS);

	struct tobj b = { 0 };
	kobject_init(&b.obj, &tsvc_ops);
	int hg = handle_install(&src, &b.obj, HANDLE_RIGHT_GRANT | HANDLE_RIGHT_WRITE);
	CHECK_EQ(handle_take(&src, (handle_t)hg, &o, &rights), 0);
	CHECK(o == &b.obj);
	CHECK_EQ(rights, HANDLE_RIGHT_GRANT | HANDLE_RIGHT_WRITE);
	CHECK_EQ(kobject_refcount(&b.obj), 1); /* moved, not copied */
	CHECK_EQ(handle_take(&src, (handle_t)hg, &o, &rights), ERR_BADHANDLE);
	int hd = handle_install(&dst, o, rights);
	CHECK(hd > 0);
	CHECK_EQ(handle_get(&dst, (handle_t)hd, KOBJ_SERVICE, HANDLE_RIGHT_WRITE, &o), 0);
	kobject_put(o);
	handle_table_destroy(&src);
	CHECK_EQ(a.destroyed, 1);
	CHECK_EQ(b.destroyed, 0);
	handle_table_destroy(&dst);
	CHECK_EQ(b.destroyed, 1);
	CHECK_EQ(kmalloc_in_use(), 0);
}

TEST(handle_table_full_is_an_error)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj a = { 0 };
	kobject_init(&a.obj, &tsvc_ops);
	int last = 0;
	for (unsigned i = 0; i < HANDLE_TABLE_MAX; i++) {
		kobject_get(&a.obj);
		last = handle_install(&t, &a.obj, HANDLE_RIGHT_DUPLICATE);
		if (last <= 0) {
			CHECK(last > 0);
			break;
		}
	}
	CHECK_EQ(handle_count(&t), HANDLE_TABLE_MAX);
	CHECK_EQ(handle_install(&t, &a.obj, 0), ERR_FULL);
	CHECK_EQ(handle_duplicate(&t, (handle_t)last, 0), ERR_FULL);
	CHECK_EQ(kobject_refcount(&a.obj), HANDLE_TABLE_MAX + 1); /* the failures kept nothing */
	CHECK_EQ(handle_close(&t, (handle_t)last), 0);
	int again = handle_duplicate(&t, (handle_t)(last - 1), 0);
	CHECK(again > 0); /* a closed slot makes room */
	handle_table_destroy(&t);
	CHECK_EQ(kobject_refcount(&a.obj), 1);
	CHECK_EQ(a.destroyed, 0);
	kobject_put(&a.obj);
	CHECK_EQ(a.destroyed, 1);
	CHECK_EQ(kmalloc_in_use(), 0);
}

static void put_dead(void *arg)
{
	kobject_put(arg);
}

static void get_dead(void *arg)
{
	kobject_get(arg);
}

TEST(kobject_put_too_often_panics)
{
	struct tobj a = { 0 };
	kobject_init(&a.obj, &tsvc_ops);
	kobject_put(&a.obj);
	CHECK_EQ(a.destroyed, 1);
	CHECK_EQ(kstubs_expect_panic(get_dead, &a.obj), 1);
	a.obj.refcount = 0;
	CHECK_EQ(kstubs_expect_panic(put_dead, &a.obj), 1);
	CHECK_EQ(a.destroyed, 1);
	struct tobj b = { 0 };
	kobject_init(&b.obj, &tsvc_ops);
	CHECK(b.obj.koid > a.obj.koid);
	CHECK_STR(kobject_type_name(KOBJ_NS), "ns");
	CHECK_STR(kobject_type_name((enum kobject_type)99), "?");
}
