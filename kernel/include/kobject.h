/*
 * kobject: the header every kernel object starts with. It owns the object's type, its unique id
 * and its reference count, and calls the type's destroy hook when the last reference goes. It does
 * not own the object's memory or state: the destroy hook (in the object's own file) frees those.
 *
 * References: whoever creates an object holds the first reference. Every pointer kept beyond a
 * call (a handle table slot, a namespace mount, a message in flight) holds one of its own, taken
 * with kobject_get and given back with kobject_put. The count is atomic, so get and put need no
 * lock; kobject_put may run the destroy hook, so it must not be called with a lock held that the
 * hook could take (callers release their table/namespace lock first).
 */
#ifndef KOBJECT_H
#define KOBJECT_H

#include <stdint.h>

/* Object types. 0 is "no type": handle_get takes it to mean "any type". */
enum kobject_type {
	KOBJ_ANY = 0,
	KOBJ_PROCESS, /* a process (process.h): outlives the process so its status can be read */
	KOBJ_THREAD,
	KOBJ_CHANNEL, /* one endpoint of a channel pair */
	KOBJ_MEM,     /* anonymous pages or a physical range (MMIO, DMA) */
	KOBJ_IRQ,     /* an interrupt line bound for a driver */
	KOBJ_NS,      /* a namespace (ns.h) */
	KOBJ_SERVICE, /* a service: connecting through it makes a fresh channel to its server */
	KOBJ_VCPU,
	KOBJ_RESOURCE, /* the root resource: authority to reach devices (docs/devices.md) */
	KOBJ_IOPORT,   /* a window of the I/O port space (machines that have one) */
	KOBJ_TYPES,   /* count; not a type */
};

struct kobject;
struct obj_waiter;

/* What varies by type. One const instance per type lives in that type's file. */
struct kobject_ops {
	enum kobject_type type;
	/* Called once, when the count reaches zero, with no lock held; frees the object. */
	void (*destroy)(struct kobject *obj);
};

struct kobject {
	const struct kobject_ops *ops;
	uint64_t koid;     /* unique for the kernel's lifetime, never reused; never 0 */
	uint32_t refcount; /* accessed only with atomics */
	/* Threads in obj_wait watching this object (objwait.h); under sched_lock. Objects that
	 * can raise a signal test this one pointer before doing anything about observers. */
	struct obj_waiter *observers;
};

/* Sets the header of a new object: one reference (the creator's) and a fresh koid. */
void kobject_init(struct kobject *obj, const struct kobject_ops *ops);

/* Takes one more reference. Panics if the object is already dead (count 0): that is a
 * use-after-free in the caller. */
void kobject_get(struct kobject *obj);

/* Drops one reference; the last one runs ops->destroy. NULL is ignored. */
void kobject_put(struct kobject *obj);

static inline enum kobject_type kobject_type(const struct kobject *obj)
{
	return obj->ops->type;
}

/* The current count, for tests and debugging only: it may change as soon as it is read. */
uint32_t kobject_refcount(const struct kobject *obj);

/* "ns", "service", ... for a type; "?" for an unknown one. */
const char *kobject_type_name(enum kobject_type type);

#endif
