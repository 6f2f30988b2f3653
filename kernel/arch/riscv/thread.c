/*
 * riscv64 threads and the user boundary for hal.h: new kernel stacks, where U-mode traps land,
 * entering U-mode, and copies to and from user memory. The assembly half is switch.S.
 */
#include <hal.h>
#include <err.h>
#include <panic.h>
#include <thread.h>
#include "riscv.h"

void riscv_thread_start(void);
void riscv_thread_returned(void) __attribute__((noreturn));
void riscv_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg, unsigned long sstatus)
	__attribute__((noreturn));
int riscv_user_copy(void *dst, const void *src, size_t len);

_Static_assert(offsetof(struct riscv_cpu, kstack_top) == CPU_KSTACK_TOP, "vectors.S offsets");
_Static_assert(SW_SIZE % 16 == 0 && SW_STACK_HI < SW_SIZE, "switch.S frame");

uintptr_t hal_stack_init(uintptr_t stack_top, void (*entry)(void *), void *arg)
{
	uint64_t *f = (uint64_t *)(stack_top - SW_SIZE);
	for (unsigned i = 0; i < SW_SIZE / 8; i++)
		f[i] = 0;
	f[SW_RA / 8] = (uintptr_t)riscv_thread_start;
	f[SW_S0 / 8] = (uintptr_t)entry;
	f[SW_S0 / 8 + 1] = (uintptr_t)arg;
	/* The bounds the trap entry holds a kernel-mode sp to while this thread runs. */
	f[SW_STACK_LO / 8] = stack_top - THREAD_STACK_PAGES * PAGE_SIZE;
	f[SW_STACK_HI / 8] = stack_top;
	return (uintptr_t)f;
}

void riscv_thread_returned(void)
{
	panic("a thread's entry function returned");
}

void hal_set_kernel_stack(uintptr_t stack_top)
{
	riscv_cpu_this()->kstack_top = stack_top;
}

uint64_t hal_user_limit(void)
{
	return USER_VA_END;
}

void hal_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg)
{
	hal_irq_disable(); /* sepc and sstatus must not be overwritten by an interrupt meanwhile */
	/* sret drops to U-mode (SPP=0) with interrupts on (SPIE=1). FS Off: the kernel keeps no FP
	 * state yet, so FP use must trap rather than leak between programs. */
	unsigned long s = csr_read(sstatus);
	s &= ~(unsigned long)(SSTATUS_SPP | SSTATUS_FS | SSTATUS_SUM | SSTATUS_SIE);
	s |= SSTATUS_SPIE;
	riscv_user_enter(pc, sp, arg, s);
}

static bool user_range(uintptr_t va, size_t len)
{
	return va >= PAGE_SIZE && va + len >= va && va + len <= USER_VA_END;
}

int hal_copy_from_user(void *dst, uintptr_t user_src, size_t len)
{
	if (!user_range(user_src, len))
		return ERR_FAULT;
	if (len == 0)
		return 0;
	return riscv_user_copy(dst, (const void *)user_src, len) ? ERR_FAULT : 0;
}

int hal_copy_to_user(uintptr_t user_dst, const void *src, size_t len)
{
	if (!user_range(user_dst, len))
		return ERR_FAULT;
	if (len == 0)
		return 0;
	return riscv_user_copy((void *)user_dst, src, len) ? ERR_FAULT : 0;
}
