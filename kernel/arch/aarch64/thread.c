/*
 * aarch64 threads and user mode, the C half (switch.S holds the assembly): new kernel stacks, where
 * traps from EL0 land, the user address limit and the checked copies to and from user memory.
 *
 * Kernel stacks: the kernel always runs on SP_EL1, and an exception from EL0 switches to SP_EL1 as
 * it was at the eret that entered user mode. hal_user_enter erets with sp at the top of the
 * thread's kernel stack, and every return to EL0 pops the whole trap frame first, so each user
 * thread's traps land on an empty kernel stack of its own without SP_EL1 being reloaded per switch.
 * hal_set_kernel_stack only records the top for hal_user_enter.
 */
#include <err.h>
#include <hal.h>
#include <thread.h>
#include "arch.h"

/* switch.S */
void thread_first_run(void);
/* switch.S: 0, or ERR_FAULT (the literal -5 there) when a user access faults. */
int user_copy_in(void *dst, uintptr_t user_src, size_t len);
int user_copy_out(uintptr_t user_dst, const void *src, size_t len);
_Static_assert(ERR_FAULT == -5, "switch.S returns ERR_FAULT as -5");

/* The kernel stack top of the thread running on this (the only) CPU; read by hal_user_enter. */
uintptr_t kstack_top_current;

/* Must match the layout switch.S documents. */
struct switch_frame {
	uint64_t x19_x28[10];
	uint64_t x29, x30;
	uint64_t kstack_limit;
	uint64_t daif;
};
_Static_assert(sizeof(struct switch_frame) == 112, "switch.S's SW_SIZE");

#define DAIF_D (1u << 9)
#define DAIF_I (1u << 7)
#define DAIF_F (1u << 6)

unsigned hal_cpu_id(void)
{
	/* entry.S parks every CPU whose Aff0 is not 0, and QEMU virt numbers CPUs in Aff0. */
	return (unsigned)(sysreg_read(mpidr_el1) & 0xff);
}

bool hal_irq_save(void)
{
	uint64_t daif = sysreg_read(daif);
	__asm__ volatile("msr daifset, #2" ::: "memory");
	return !(daif & DAIF_I);
}

void hal_irq_restore(bool enabled)
{
	if (enabled)
		__asm__ volatile("msr daifclr, #2" ::: "memory");
}

uintptr_t hal_stack_init(uintptr_t stack_top, void (*entry)(void *), void *arg)
{
	struct switch_frame *f = (struct switch_frame *)(stack_top - sizeof *f);
	*f = (struct switch_frame){
		.x30 = (uint64_t)thread_first_run,
		/* thread.c allocates every thread stack with THREAD_STACK_PAGES pages. */
		.kstack_limit = stack_top - THREAD_STACK_PAGES * PAGE_SIZE,
		/* Interrupts masked as the contract asks; SError unmasked as everywhere in the kernel
		 * (hal_trap_init), debug and FIQ masked as at boot. */
		.daif = DAIF_D | DAIF_I | DAIF_F,
	};
	f->x19_x28[0] = (uint64_t)entry;
	f->x19_x28[1] = (uint64_t)arg;
	return (uintptr_t)f;
}

void hal_set_kernel_stack(uintptr_t stack_top)
{
	kstack_top_current = stack_top;
}

uint64_t hal_user_limit(void)
{
	return USER_END;
}

/* The range must lie wholly in [PAGE_SIZE, USER_END): the null page is never user memory, and an
 * address in the upper half must not reach LDTR/STTR (EL0 cannot touch it either, but a fault
 * there must be an error code, not something to diagnose). */
static bool user_range_ok(uintptr_t addr, size_t len)
{
	return addr >= PAGE_SIZE && addr <= USER_END && len <= USER_END - addr;
}

int hal_copy_from_user(void *dst, uintptr_t user_src, size_t len)
{
	if (!user_range_ok(user_src, len))
		return ERR_FAULT;
	return user_copy_in(dst, user_src, len);
}

int hal_copy_to_user(uintptr_t user_dst, const void *src, size_t len)
{
	if (!user_range_ok(user_dst, len))
		return ERR_FAULT;
	return user_copy_out(user_dst, src, len);
}
