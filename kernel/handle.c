/*
 * Handle tables; see handle.h. Slots live in chunks of HANDLE_CHUNK_SLOTS so a small process pays
 * for one chunk only; free slots form a FIFO list through handle_slot.next so install is O(1) and a
 * just-closed slot is the last to be reused.
 */
#include <handle.h>
#include <err.h>
#include <mem.h>
#include <slab.h>

_Static_assert(HANDLE_INDEX_BITS + HANDLE_GEN_BITS < 32, "handles must be positive int32s");
_Static_assert(sizeof(struct handle_slot) * HANDLE_CHUNK_SLOTS <= KMALLOC_MAX,
	       "a chunk of slots must fit one kmalloc");
_Static_assert(HANDLE_TABLE_MAX <= HANDLE_NO_SLOT, "slot indexes must fit the free list links");

/* handle_install_locked's "no free slot, but the table may grow" (never returned to callers). */
#define NEED_CHUNK 1

static struct handle_slot *slot_at(struct handle_table *t, unsigned index)
{
	return &t->chunks[index / HANDLE_CHUNK_SLOTS][index % HANDLE_CHUNK_SLOTS];
}

static handle_t encode(unsigned index, uint16_t gen)
{
	return (handle_t)gen << HANDLE_INDEX_BITS | index;
}

/* The live slot h names, or NULL. Caller holds t->lock. */
static struct handle_slot *lookup(struct handle_table *t, handle_t h)
{
	unsigned index = h & (HANDLE_TABLE_MAX - 1);
	uint32_t gen = h >> HANDLE_INDEX_BITS;
	if (gen == 0 || gen >> HANDLE_GEN_BITS || index / HANDLE_CHUNK_SLOTS >= t->nchunks)
		return NULL;
	struct handle_slot *s = slot_at(t, index);
	return s->obj && s->gen == gen ? s : NULL;
}

static void free_list_append(struct handle_table *t, unsigned index)
{
	slot_at(t, index)->next = HANDLE_NO_SLOT;
	if (t->free_tail == HANDLE_NO_SLOT)
		t->free_head = (uint16_t)index;
	else
		slot_at(t, t->free_tail)->next = (uint16_t)index;
	t->free_tail = (uint16_t)index;
}

/* Empties a live slot and queues it for reuse under a new generation. Caller holds t->lock. */
static void release_slot(struct handle_table *t, struct handle_slot *s, unsigned index)
{
	s->obj = NULL;
	s->rights = 0;
	s->gen = s->gen == UINT16_MAX ? 1 : s->gen + 1;
	t->used--;
	free_list_append(t, index);
}

/* Everything but the lock: an empty table with no chunks. */
static void reset(struct handle_table *t)
{
	memset(t->chunks, 0, sizeof t->chunks);
	t->nchunks = 0;
	t->used = 0;
	t->free_head = t->free_tail = HANDLE_NO_SLOT;
}

void handle_table_init(struct handle_table *t)
{
	t->lock = (struct spinlock)SPINLOCK_INIT("handle table");
	reset(t);
}

unsigned handle_count(struct handle_table *t)
{
	bool irq = spin_lock_irqsave(&t->lock);
	unsigned n = t->used;
	spin_unlock_irqrestore(&t->lock, irq);
	return n;
}

static int install_locked(struct handle_table *t, struct kobject *obj, uint32_t rights)
{
	if (t->free_head == HANDLE_NO_SLOT)
		return t->nchunks == HANDLE_CHUNKS ? ERR_FULL : NEED_CHUNK;
	unsigned index = t->free_head;
	struct handle_slot *s = slot_at(t, index);
	t->free_head = s->next;
	if (t->free_head == HANDLE_NO_SLOT)
		t->free_tail = HANDLE_NO_SLOT;
	s->obj = obj;
	s->rights = rights;
	t->used++;
	return (int)encode(index, s->gen);
}

/* Adds one chunk of free slots. The allocation happens unlocked; if another CPU filled the last
 * chunk position meanwhile, ours is given back and the caller simply retries. */
static int grow(struct handle_table *t)
{
	struct handle_slot *chunk = kmalloc(sizeof *chunk * HANDLE_CHUNK_SLOTS);
	if (!chunk)
		return ERR_NOMEM;
	for (unsigned i = 0; i < HANDLE_CHUNK_SLOTS; i++)
		chunk[i] = (struct handle_slot){ .gen = 1 };
	bool irq = spin_lock_irqsave(&t->lock);
	bool added = t->nchunks < HANDLE_CHUNKS;
	if (added) {
		unsigned base = t->nchunks * HANDLE_CHUNK_SLOTS;
		t->chunks[t->nchunks++] = chunk;
		for (unsigned i = 0; i < HANDLE_CHUNK_SLOTS; i++)
			free_list_append(t, base + i);
	}
	spin_unlock_irqrestore(&t->lock, irq);
	if (!added)
		kfree(chunk);
	return 0;
}

int handle_install(struct handle_table *t, struct kobject *obj, uint32_t rights)
{
	if (!obj || (rights & ~HANDLE_RIGHTS_ALL))
		return ERR_INVAL;
	for (;;) {
		bool irq = spin_lock_irqsave(&t->lock);
		int r = install_locked(t, obj, rights);
		spin_unlock_irqrestore(&t->lock, irq);
		if (r != NEED_CHUNK)
			return r;
		int e = grow(t);
		if (e)
			return e;
	}
}

/* The checks of handle_get, in its documented order. Caller holds t->lock. */
static int check(struct handle_slot *s, enum kobject_type type, uint32_t rights)
{
	if (!s)
		return ERR_BADHANDLE;
	if (type != KOBJ_ANY && kobject_type(s->obj) != type)
		return ERR_WRONGTYPE;
	if ((s->rights & rights) != rights)
		return ERR_ACCESS;
	return 0;
}

int handle_get(struct handle_table *t, handle_t h, enum kobject_type type, uint32_t rights,
	       struct kobject **out)
{
	bool irq = spin_lock_irqsave(&t->lock);
	struct handle_slot *s = lookup(t, h);
	int e = check(s, type, rights);
	if (!e) {
		kobject_get(s->obj); /* under the lock: the slot's reference keeps it alive */
		*out = s->obj;
	}
	spin_unlock_irqrestore(&t->lock, irq);
	return e;
}

int handle_duplicate(struct handle_table *t, handle_t h, uint32_t rights)
{
	if (rights & ~HANDLE_RIGHTS_ALL)
		return ERR_INVAL;
	struct kobject *obj;
	bool irq = spin_lock_irqsave(&t->lock);
	struct handle_slot *s = lookup(t, h);
	int e = check(s, KOBJ_ANY, HANDLE_RIGHT_DUPLICATE);
	if (!e && (rights & ~s->rights))
		e = ERR_ACCESS;
	if (!e) {
		obj = s->obj;
		kobject_get(obj);
	}
	spin_unlock_irqrestore(&t->lock, irq);
	if (e)
		return e;
	int nh = handle_install(t, obj, rights);
	if (nh < 0)
		kobject_put(obj);
	return nh;
}

int handle_close(struct handle_table *t, handle_t h)
{
	bool irq = spin_lock_irqsave(&t->lock);
	struct handle_slot *s = lookup(t, h);
	struct kobject *obj = s ? s->obj : NULL;
	if (s)
		release_slot(t, s, h & (HANDLE_TABLE_MAX - 1));
	spin_unlock_irqrestore(&t->lock, irq);
	if (!obj)
		return ERR_BADHANDLE;
	kobject_put(obj); /* unlocked: this may be the last reference */
	return 0;
}

int handle_take(struct handle_table *t, handle_t h, struct kobject **obj, uint32_t *rights)
{
	bool irq = spin_lock_irqsave(&t->lock);
	struct handle_slot *s = lookup(t, h);
	int e = check(s, KOBJ_ANY, HANDLE_RIGHT_GRANT);
	if (!e) {
		*obj = s->obj;
		*rights = s->rights;
		release_slot(t, s, h & (HANDLE_TABLE_MAX - 1));
	}
	spin_unlock_irqrestore(&t->lock, irq);
	return e;
}

int handle_take_n(struct handle_table *t, const handle_t *hs, unsigned n, struct kobject **objs,
		  uint32_t *rights)
{
	bool irq = spin_lock_irqsave(&t->lock);
	int e = 0;
	for (unsigned i = 0; i < n && !e; i++) {
		e = check(lookup(t, hs[i]), KOBJ_ANY, HANDLE_RIGHT_GRANT);
		for (unsigned j = 0; j < i && !e; j++)
			if (hs[j] == hs[i])
				e = ERR_INVAL;
	}
	for (unsigned i = 0; i < n && !e; i++) {
		struct handle_slot *s = lookup(t, hs[i]);
		objs[i] = s->obj;
		rights[i] = s->rights;
		release_slot(t, s, hs[i] & (HANDLE_TABLE_MAX - 1));
	}
	spin_unlock_irqrestore(&t->lock, irq);
	return e;
}

int handle_inspect(struct handle_table *t, handle_t h, struct handle_info *info)
{
	bool irq = spin_lock_irqsave(&t->lock);
	struct handle_slot *s = lookup(t, h);
	if (s)
		*info = (struct handle_info){ kobject_type(s->obj), s->rights, s->obj->koid };
	spin_unlock_irqrestore(&t->lock, irq);
	return s ? 0 : ERR_BADHANDLE;
}

void handle_table_destroy(struct handle_table *t)
{
	struct handle_slot *chunks[HANDLE_CHUNKS];
	bool irq = spin_lock_irqsave(&t->lock);
	unsigned n = t->nchunks;
	memcpy(chunks, t->chunks, sizeof chunks);
	reset(t);
	spin_unlock_irqrestore(&t->lock, irq);
	/* Detached: the references are dropped with no lock held, as kobject_put requires. */
	for (unsigned c = 0; c < n; c++) {
		for (unsigned i = 0; i < HANDLE_CHUNK_SLOTS; i++)
			kobject_put(chunks[c][i].obj);
		kfree(chunks[c]);
	}
}
