/*
 * Slab caches; see slab.h. A slab is one frame: header, a bitmap of allocated objects, then the
 * objects. Free objects are chained through their first word. The bitmap, not the free list, is
 * the truth about what is allocated, so a double free or a pointer into the middle of an object is
 * detected before it can corrupt the list.
 */
#include <slab.h>
#include <err.h>
#include <hal.h>
#include <mem.h>
#include <panic.h>
#include <pmm.h>
#include <stdbool.h>

#define SLAB_MAGIC 0x51ab51abu
#define POISON_FREE 0x6b

struct slab {
	uint32_t magic;
	uint32_t nfree;
	struct slab_cache *cache;
	struct slab *next, *prev;
	void *free_list;
	uintptr_t objects; /* address of object 0 */
	uint64_t used[];   /* one bit per object */
};

static bool is_pow2(size_t v)
{
	return v && !(v & (v - 1));
}

static size_t round_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static size_t header_size(unsigned nobj, size_t align)
{
	return round_up(sizeof(struct slab) + ((nobj + 63) / 64) * sizeof(uint64_t), align);
}

int slab_cache_init(struct slab_cache *c, const char *name, size_t size, size_t align)
{
	if (!is_pow2(align) || align > 64 || size == 0 || size > SLAB_MAX_OBJECT)
		return ERR_INVAL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	memset(c, 0, sizeof *c);
	c->name = name;
	c->align = align;
	c->size = round_up(size, align);
	/* The largest count whose header and objects fit in one frame. */
	unsigned n = (unsigned)(PAGE_SIZE / c->size);
	while (n && header_size(n, align) + n * c->size > PAGE_SIZE)
		n--;
	if (n == 0)
		return ERR_INVAL;
	c->per_slab = n;
	return 0;
}

static void list_remove(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static void list_push(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static struct slab *slab_grow(struct slab_cache *c)
{
	uint64_t frame = pmm_alloc_page();
	if (!frame)
		return NULL;
	struct slab *s = hal_phys_to_virt(frame);
	memset(s, 0, header_size(c->per_slab, c->align));
	s->magic = SLAB_MAGIC;
	s->cache = c;
	s->nfree = c->per_slab;
	s->objects = (uintptr_t)s + header_size(c->per_slab, c->align);
	/* Chain in address order so consecutive allocations are adjacent. */
	for (unsigned i = c->per_slab; i-- > 0;) {
		void **obj = (void **)(s->objects + i * c->size);
#ifdef CONFIG_DEBUG
		memset(obj, POISON_FREE, c->size);
#endif
		*obj = s->free_list;
		s->free_list = obj;
	}
	c->slabs++;
	list_push(&c->partial, s);
	return s;
}

#ifdef CONFIG_DEBUG
static void check_poison(struct slab_cache *c, const void *obj)
{
	const uint8_t *b = obj;
	for (size_t i = sizeof(void *); i < c->size; i++)
		if (b[i] != POISON_FREE)
			panic("slab: cache %s object %p was written after it was freed (byte %zu)",
			      c->name, obj, i);
}
#endif

void *slab_alloc(struct slab_cache *c)
{
	struct slab *s = c->partial;
	if (!s && !(s = slab_grow(c)))
		return NULL;
	void **obj = s->free_list;
	assert(obj && s->nfree > 0);
#ifdef CONFIG_DEBUG
	check_poison(c, obj);
#endif
	s->free_list = *obj;
	unsigned idx = (unsigned)(((uintptr_t)obj - s->objects) / c->size);
	s->used[idx / 64] |= 1ull << (idx % 64);
	if (--s->nfree == 0) {
		list_remove(&c->partial, s);
		list_push(&c->full, s);
	}
	c->in_use++;
	return obj;
}

static struct slab *slab_of(const void *obj)
{
	return (struct slab *)((uintptr_t)obj & ~(uintptr_t)(PAGE_SIZE - 1));
}

void slab_free(struct slab_cache *c, void *obj)
{
	struct slab *s = slab_of(obj);
	if (s->magic != SLAB_MAGIC || s->cache != c)
		panic("slab: %p freed to cache %s, which does not own it (never allocated there, or "
		      "freed twice after its slab was released)", obj, c->name);
	uintptr_t off = (uintptr_t)obj - s->objects;
	if ((uintptr_t)obj < s->objects || off % c->size || off / c->size >= c->per_slab)
		panic("slab: %p is not the start of an object of cache %s", obj, c->name);
	unsigned idx = (unsigned)(off / c->size);
	if (!(s->used[idx / 64] & (1ull << (idx % 64))))
		panic("slab: double free of %p in cache %s", obj, c->name);
	s->used[idx / 64] &= ~(1ull << (idx % 64));
#ifdef CONFIG_DEBUG
	memset(obj, POISON_FREE, c->size);
#endif
	*(void **)obj = s->free_list;
	s->free_list = obj;
	if (s->nfree++ == 0) {
		list_remove(&c->full, s);
		list_push(&c->partial, s);
	}
	c->in_use--;
	if (s->nfree == c->per_slab) {
		list_remove(&c->partial, s);
		s->magic = 0;
		c->slabs--;
		int err = pmm_free_page(hal_virt_to_phys(s));
		assert(err == 0);
	}
}

/* kmalloc size classes: powers of two from 16 to KMALLOC_MAX. */
#define KMALLOC_MIN_SHIFT 4
#define KMALLOC_CLASSES 7

static struct slab_cache kmalloc_caches[KMALLOC_CLASSES];
static const char *const kmalloc_names[KMALLOC_CLASSES] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024",
};

void slab_init(void)
{
	for (unsigned i = 0; i < KMALLOC_CLASSES; i++) {
		int err = slab_cache_init(&kmalloc_caches[i], kmalloc_names[i],
					  (size_t)1 << (KMALLOC_MIN_SHIFT + i), 16);
		assert(err == 0);
	}
}

void *kmalloc(size_t size)
{
	if (size == 0 || size > KMALLOC_MAX)
		return NULL;
	unsigned i = 0;
	while (((size_t)1 << (KMALLOC_MIN_SHIFT + i)) < size)
		i++;
	return slab_alloc(&kmalloc_caches[i]);
}

void kfree(void *ptr)
{
	if (!ptr)
		return;
	struct slab *s = slab_of(ptr);
	if (s->magic != SLAB_MAGIC || s->cache < kmalloc_caches ||
	    s->cache >= kmalloc_caches + KMALLOC_CLASSES)
		panic("kfree: %p was not returned by kmalloc", ptr);
	slab_free(s->cache, ptr);
}

size_t kmalloc_in_use(void)
{
	size_t n = 0;
	for (unsigned i = 0; i < KMALLOC_CLASSES; i++)
		n += kmalloc_caches[i].in_use;
	return n;
}
