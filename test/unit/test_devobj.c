/* The device objects' portable logic: the Irq state machine (fire masks and hands over the
 * waiter, wait takes, ack unmasks, misuse refused) and Mem bounds, allocation and freeing. Frames
 * come from pmm on fake RAM; the interrupt controller is kstubs_irq. */
#include "test.h"
#include "kstubs.h"
#include "kstubs_irq.h"
#include <bootinfo.h>
#include <err.h>
#include <ferrite/dev.h>
#include <hal.h>
#include <irqobj.h>
#include <memobj.h>
#include <pmm.h>
#include <slab.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (8u << 20)

static void setup(void)
{
	static struct bootinfo bi;
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, RAM_SIZE);
	CHECK_OK(pmm_init(&bi));
	slab_init();
}

static int destroyed;
static void irq_test_destroy(struct kobject *o)
{
	(void)o;
	destroyed++;
}
static const struct kobject_ops irq_test_ops = { KOBJ_IRQ, irq_test_destroy };

TEST(irqobj_fire_take_ack)
{
	struct irq_obj o;
	irq_obj_init(&o, &irq_test_ops, 5);
	kstubs_irq_masked[5] = false;
	CHECK_EQ(irq_obj_take(&o), ERR_TIMEOUT); /* nothing yet */
	CHECK_EQ(irq_obj_ack(&o), ERR_STATE);    /* nothing to acknowledge */
	CHECK(!kstubs_irq_masked[5]);
	CHECK(irq_obj_fire(&o) == NULL); /* nobody waits: remembered */
	CHECK(kstubs_irq_masked[5]);
	CHECK_EQ(o.state, IRQ_FIRED);
	CHECK_EQ(irq_obj_take(&o), 0);
	CHECK_EQ(irq_obj_take(&o), ERR_STATE); /* waiting again before ack would never end */
	CHECK(kstubs_irq_masked[5]);           /* masked until the driver says it is done */
	CHECK_EQ(irq_obj_ack(&o), 0);
	CHECK(!kstubs_irq_masked[5]);
	CHECK_EQ(o.state, IRQ_ARMED);
	CHECK_EQ(irq_obj_ack(&o), ERR_STATE);
	CHECK_EQ(o.fired, 1);
}

TEST(irqobj_waiter_handed_to_waker)
{
	struct irq_obj o;
	irq_obj_init(&o, &irq_test_ops, 7);
	struct thread *a = (struct thread *)0x1000, *b = (struct thread *)0x2000;
	CHECK_EQ(irq_obj_set_waiter(&o, a), 0);
	CHECK_EQ(irq_obj_set_waiter(&o, b), ERR_STATE); /* one waiter at a time */
	CHECK(irq_obj_fire(&o) == a);                   /* the handler wakes a */
	CHECK(o.waiter == NULL);
	/* A second fire before the mask took effect only counts: no second wake, no state change. */
	CHECK(irq_obj_fire(&o) == NULL);
	CHECK_EQ(o.fired, 2);
	CHECK_EQ(o.state, IRQ_FIRED);
	unsigned masks = kstubs_irq_mask_calls;
	CHECK_EQ(irq_obj_take(&o), 0);
	CHECK_EQ(kstubs_irq_mask_calls, masks);
	CHECK_EQ(irq_obj_ack(&o), 0);
}

TEST(irqobj_timeout_clears_waiter)
{
	struct irq_obj o;
	irq_obj_init(&o, &irq_test_ops, 9);
	struct thread *a = (struct thread *)0x1000, *b = (struct thread *)0x2000;
	CHECK_EQ(irq_obj_set_waiter(&o, a), 0);
	irq_obj_clear_waiter(&o, b); /* not b's to clear */
	CHECK(o.waiter == a);
	irq_obj_clear_waiter(&o, a); /* a's deadline passed */
	CHECK(o.waiter == NULL);
	CHECK(irq_obj_fire(&o) == NULL); /* nobody to wake; the next wait takes it at once */
	CHECK_EQ(irq_obj_take(&o), 0);
	/* Acknowledging without a wait is allowed too (FIRED -> ARMED). */
	irq_obj_fire(&o);
	CHECK_EQ(irq_obj_ack(&o), 0);
	CHECK_EQ(irq_obj_ack(&o), ERR_STATE);
	kobject_put(&o.obj);
	CHECK_EQ(destroyed, 1);
}

TEST(memobj_anon_bounds_and_free)
{
	setup();
	size_t before = pmm_free_pages();
	struct mem_obj *m;
	CHECK_EQ(mem_obj_create_anon(0, &m), ERR_INVAL);
	CHECK_EQ(mem_obj_create_anon(100, &m), ERR_INVAL);
	CHECK_EQ(mem_obj_create_anon((MEM_ANON_MAX_PAGES + 1) * PAGE_SIZE, &m), ERR_INVAL);
	CHECK_EQ(pmm_free_pages(), before);
	CHECK_EQ(mem_obj_create_anon(3 * PAGE_SIZE, &m), 0);
	CHECK(pmm_free_pages() <= before - 3); /* and the slab pages of the records */
	for (unsigned i = 0; i < 3; i++) {
		const uint8_t *p = hal_phys_to_virt(mem_obj_page(m, i * PAGE_SIZE));
		unsigned nonzero = 0;
		for (size_t j = 0; j < PAGE_SIZE; j++)
			nonzero += p[j] != 0;
		CHECK_EQ(nonzero, 0);
	}
	CHECK_EQ(mem_obj_check_range(m, 0, 3 * PAGE_SIZE), 0);
	CHECK_EQ(mem_obj_check_range(m, PAGE_SIZE, 2 * PAGE_SIZE), 0);
	CHECK_EQ(mem_obj_check_range(m, 0, 0), ERR_INVAL);
	CHECK_EQ(mem_obj_check_range(m, 1, PAGE_SIZE), ERR_INVAL);
	CHECK_EQ(mem_obj_check_range(m, 0, PAGE_SIZE + 1), ERR_INVAL);
	CHECK_EQ(mem_obj_check_range(m, PAGE_SIZE, 3 * PAGE_SIZE), ERR_INVAL);
	CHECK_EQ(mem_obj_check_range(m, 3 * PAGE_SIZE, PAGE_SIZE), ERR_INVAL);
	/* Sums that would wrap around must not pass. */
	CHECK_EQ(mem_obj_check_range(m, UINT64_MAX & ~(uint64_t)(PAGE_SIZE - 1), 2 * PAGE_SIZE),
		 ERR_INVAL);
	CHECK_EQ(mem_obj_check_range(m, PAGE_SIZE, UINT64_MAX & ~(uint64_t)(PAGE_SIZE - 1)),
		 ERR_INVAL);
	kobject_put(&m->obj);
	CHECK_EQ(pmm_free_pages(), before); /* every frame back */
}

TEST(memobj_phys_range)
{
	setup();
	size_t before = pmm_free_pages();
	struct mem_obj *m;
	CHECK_EQ(mem_obj_create_phys(0x9000000, 0, &m), ERR_INVAL);
	CHECK_EQ(mem_obj_create_phys(0x9000010, PAGE_SIZE, &m), ERR_INVAL);
	CHECK_EQ(mem_obj_create_phys(0x9000000, 100, &m), ERR_INVAL);
	CHECK_EQ(mem_obj_create_phys(UINT64_MAX & ~(uint64_t)(PAGE_SIZE - 1), 2 * PAGE_SIZE, &m),
		 ERR_INVAL);
	CHECK_EQ(mem_obj_create_phys(0x9000000, 2 * PAGE_SIZE, &m), 0);
	CHECK_EQ(mem_obj_page(m, PAGE_SIZE), 0x9001000);
	CHECK(mem_obj_contiguous(m, 0, 2 * PAGE_SIZE));
	CHECK_EQ(mem_obj_check_range(m, PAGE_SIZE, PAGE_SIZE), 0);
	CHECK_EQ(mem_obj_check_range(m, PAGE_SIZE, 2 * PAGE_SIZE), ERR_INVAL);
	kobject_put(&m->obj);
	CHECK_EQ(pmm_free_pages(), before); /* a device range is never given to the allocator */
}
