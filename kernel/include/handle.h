/*
 * handle: per-process handle tables, the only way a process names a kernel object. A handle is a
 * 32-bit value meaning "slot i of my table, generation g"; the slot holds a reference to the object
 * and the rights this handle grants on it. The table owns those references. It does not own the
 * objects, know what any right means for a given type (the syscall layer decides which right each
 * call needs), or move handles between processes by itself (the channel layer does, with
 * handle_take on the sender and handle_install on the receiver).
 *
 * handle_get is THE rights check: every syscall that takes a handle turns it into an object with
 * handle_get(table, h, type, rights, &obj), naming the type and the rights the call needs, and
 * nowhere else does a syscall look at rights. Refusals, in the order they are checked:
 * ERR_BADHANDLE (not a live handle: never issued, closed, or a stale value whose slot has been
 * reused), ERR_WRONGTYPE, ERR_ACCESS (a needed right is missing).
 *
 * Rights only shrink: duplicate takes a subset, and nothing adds a right to an existing handle.
 *
 * Encoding: bits 0..9 the slot index, bits 10..25 the slot's generation (1..65535, bumped on every
 * close, skipping 0), bits 26..31 zero. So a handle is never 0 (HANDLE_INVALID) and is a positive
 * int32, which lets calls return "handle or negative error" in one int. A stale handle can only
 * be accepted again after its slot has been closed 65535 times; freed slots are reused oldest
 * first to spread that out.
 *
 * Limit: HANDLE_TABLE_MAX (1024) handles per table. The table starts empty and grows in chunks of
 * 64 slots (one 1 KiB kmalloc each) as handles are installed; it does not shrink until destroyed.
 * Installing into a full table fails with ERR_FULL; nothing is dropped silently.
 *
 * Locking: table->lock (a spinlock) protects the slots, the chunk array and the free list. It is
 * never held while calling kmalloc or kobject_put (a destroy hook may take other locks), so it is
 * a leaf lock. handle_table_destroy needs the table to be out of use (its process is dead).
 */
#ifndef HANDLE_H
#define HANDLE_H

#include <kobject.h>
#include <spinlock.h>
#include <stdint.h>

typedef uint32_t handle_t;

#define HANDLE_INVALID 0u

/*
 * Rights. Each names what a holder may do through this handle; what it means in detail is the
 * object type's (see docs/capabilities.md).
 */
/* Read the object's state or contents: receive on a channel, read a Mem, resolve in an Ns. */
#define HANDLE_RIGHT_READ (1u << 0)
/* Change the object's state or contents: send on a channel, write a Mem, mount/bind/unmount in
 * an Ns. */
#define HANDLE_RIGHT_WRITE (1u << 1)
/* Map a Mem executable (with MAP); run a Vcpu. */
#define HANDLE_RIGHT_EXECUTE (1u << 2)
/* Map a Mem into a Space (readable with READ, writable with WRITE), or map into a Space. */
#define HANDLE_RIGHT_MAP (1u << 3)
/* Move the handle out of this table (send it over a channel, give it to a child): handle_take. */
#define HANDLE_RIGHT_GRANT (1u << 4)
/* Make another handle to the same object, with a subset of these rights: handle_duplicate. */
#define HANDLE_RIGHT_DUPLICATE (1u << 5)
/* Wait on the object's signals (channel readable, irq fired, thread exited). */
#define HANDLE_RIGHT_WAIT (1u << 6)
/* Raise the object's user signals; acknowledge an Irq. */
#define HANDLE_RIGHT_SIGNAL (1u << 7)
/* Control the object itself: kill or reprioritise a thread, bind an Irq, accept on a service,
 * start a Vcpu's configuration. */
#define HANDLE_RIGHT_MANAGE (1u << 8)

#define HANDLE_RIGHTS_ALL ((1u << 9) - 1)

#define HANDLE_INDEX_BITS 10
#define HANDLE_GEN_BITS 16
#define HANDLE_TABLE_MAX (1u << HANDLE_INDEX_BITS)
#define HANDLE_CHUNK_SLOTS 64
#define HANDLE_CHUNKS (HANDLE_TABLE_MAX / HANDLE_CHUNK_SLOTS)
#define HANDLE_NO_SLOT 0xffffu

/* One slot. obj == NULL means free; next links the free list then. */
struct handle_slot {
	struct kobject *obj;
	uint32_t rights;
	uint16_t gen;
	uint16_t next;
};

struct handle_table {
	struct spinlock lock;
	struct handle_slot *chunks[HANDLE_CHUNKS]; /* [0, nchunks) allocated */
	unsigned nchunks;
	unsigned used;                 /* slots holding a handle */
	uint16_t free_head, free_tail; /* FIFO of free slots; HANDLE_NO_SLOT when empty */
};

/* What handle_inspect reports (the future "inspect" syscall). */
struct handle_info {
	enum kobject_type type;
	uint32_t rights;
	uint64_t koid;
};

/* An empty table; allocates nothing until the first install. */
void handle_table_init(struct handle_table *t);
/* Closes every handle (dropping its reference, so destroy hooks may run) and frees the slots.
 * The table is empty and reusable afterwards. */
void handle_table_destroy(struct handle_table *t);
/* Handles currently in the table. */
unsigned handle_count(struct handle_table *t);

/*
 * Puts obj in a free slot with the given rights and returns the new handle (> 0). On success the
 * table takes over the caller's reference to obj; on failure the caller keeps it. Errors: ERR_INVAL
 * (obj NULL or unknown right bits), ERR_FULL (HANDLE_TABLE_MAX handles), ERR_NOMEM.
 */
int handle_install(struct handle_table *t, struct kobject *obj, uint32_t rights);

/*
 * The rights check (see above). type KOBJ_ANY accepts any type. On success stores the object in
 * *out with a new reference the caller must kobject_put, and returns 0.
 */
int handle_get(struct handle_table *t, handle_t h, enum kobject_type type, uint32_t rights,
	       struct kobject **out);

/* A new handle to h's object with rights, which must be a subset of h's. Needs DUPLICATE on h.
 * Returns the handle, or ERR_BADHANDLE, ERR_ACCESS (no DUPLICATE, or rights not a subset),
 * ERR_INVAL (unknown right bits), ERR_FULL, ERR_NOMEM. */
int handle_duplicate(struct handle_table *t, handle_t h, uint32_t rights);

/* Removes h and drops its reference. 0 or ERR_BADHANDLE. */
int handle_close(struct handle_table *t, handle_t h);

/*
 * Removes h to move it elsewhere: needs GRANT. On success stores the object (the caller now owns
 * the reference the slot held) and the handle's rights, and returns 0; the receiver installs them
 * with handle_install. Errors: ERR_BADHANDLE, ERR_ACCESS (no GRANT); then h is untouched.
 */
int handle_take(struct handle_table *t, handle_t h, struct kobject **obj, uint32_t *rights);

/*
 * handle_take for n handles at once, all or nothing: every handle is checked first (live, GRANT,
 * no handle named twice: ERR_INVAL), and only if all pass are they all removed, objs[i] and
 * rights[i] receiving each one's reference and rights. Takes only the table lock, so it may be
 * called with the scheduler lock held (the channel send path does).
 */
int handle_take_n(struct handle_table *t, const handle_t *hs, unsigned n, struct kobject **objs,
		  uint32_t *rights);

/* Type, rights and koid of h's object; needs no right. 0 or ERR_BADHANDLE. */
int handle_inspect(struct handle_table *t, handle_t h, struct handle_info *info);

#endif
