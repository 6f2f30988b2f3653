/* The kernel object header; see kobject.h. */
#include <kobject.h>
#include <panic.h>
#include <spinlock.h>

/* Next koid. Starting at 1 keeps 0 free to mean "no object". A lock rather than a 64-bit atomic:
 * riscv32 has no 64-bit atomic add, and 32 bits could wrap in a long-running system. */
static uint64_t next_koid = 1;
static struct spinlock koid_lock = SPINLOCK_INIT("koid");

void kobject_init(struct kobject *obj, const struct kobject_ops *ops)
{
	assert(ops && ops->destroy && ops->type > KOBJ_ANY && ops->type < KOBJ_TYPES);
	obj->ops = ops;
	bool irq = spin_lock_irqsave(&koid_lock);
	obj->koid = next_koid++;
	spin_unlock_irqrestore(&koid_lock, irq);
	obj->refcount = 1;
	obj->observers = NULL;
}

void kobject_get(struct kobject *obj)
{
	/* Relaxed is enough to take a reference: the caller already holds one (or a lock that keeps
	 * one alive), so the object cannot be freed under it. */
	uint32_t old = __atomic_fetch_add(&obj->refcount, 1, __ATOMIC_RELAXED);
	if (old == 0 || old == UINT32_MAX)
		panic("kobject_get: %s %llu has count %u", kobject_type_name(obj->ops->type),
		      (unsigned long long)obj->koid, old);
}

void kobject_put(struct kobject *obj)
{
	if (!obj)
		return;
	/* Release on every put, acquire on the last: the destroy hook must see every write made
	 * through the other references before they were dropped. */
	uint32_t old = __atomic_fetch_sub(&obj->refcount, 1, __ATOMIC_ACQ_REL);
	if (old == 0)
		panic("kobject_put: %s %llu put once too often", kobject_type_name(obj->ops->type),
		      (unsigned long long)obj->koid);
	if (old == 1)
		obj->ops->destroy(obj);
}

uint32_t kobject_refcount(const struct kobject *obj)
{
	return __atomic_load_n(&obj->refcount, __ATOMIC_RELAXED);
}

const char *kobject_type_name(enum kobject_type type)
{
	static const char *const names[KOBJ_TYPES] = {
		[KOBJ_ANY] = "any",	    [KOBJ_PROCESS] = "process", [KOBJ_THREAD] = "thread",
		[KOBJ_CHANNEL] = "channel", [KOBJ_MEM] = "mem",	    [KOBJ_IRQ] = "irq",
		[KOBJ_NS] = "ns",	    [KOBJ_SERVICE] = "service", [KOBJ_VCPU] = "vcpu",
		[KOBJ_RESOURCE] = "resource", [KOBJ_IOPORT] = "ioport",
	};
	return (unsigned)type < KOBJ_TYPES ? names[type] : "?";
}
