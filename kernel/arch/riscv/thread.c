/*
 * riscv threads and the user boundary for hal.h, for both ports: new kernel stacks, where U-mode
 * traps land, entering U-mode, and copies to and from user memory. The assembly half is switch.S.
 * riscv64 leaves for U-mode with sret and reaches user pages with sstatus.SUM; riscv32 (M-mode,
 * no MMU) with mret, reaching user memory with mstatus.MPRV so the PMP checks it as the program's.
 */
#include <hal.h>
#include <err.h>
#include <panic.h>
#include <thread.h>
#if __riscv_xlen == 64
#include "riscv.h"
#else
#include "riscv_m.h"
#endif

void riscv_thread_start(void);
void riscv_thread_returned(void) __attribute__((noreturn));
void riscv_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg, unsigned long status)
	__attribute__((noreturn));

_Static_assert(offsetof(struct riscv_cpu, kstack_top) == CPU_KSTACK_TOP, "trap entry offsets");
_Static_assert(SW_SIZE % 16 == 0 && SW_STACK_HI < SW_SIZE, "switch.S frame");

#if __riscv_xlen == 64
#define USER_LIMIT ((uint64_t)USER_VA_END)
#else
/* No translation: a user space is a set of PMP grants, which may lie anywhere below 4 GiB. */
#define USER_LIMIT (1ull << 32)
#endif

uintptr_t hal_stack_init(uintptr_t stack_top, void (*entry)(void *), void *arg)
{
	unsigned long *f = (unsigned long *)(stack_top - SW_SIZE);
	for (unsigned i = 0; i < SW_SIZE / REGBYTES; i++)
		f[i] = 0;
	uintptr_t stack_lo = stack_top - THREAD_STACK_PAGES * PAGE_SIZE;
	f[SW_RA / REGBYTES] = (uintptr_t)riscv_thread_start;
	f[SW_S0 / REGBYTES] = (uintptr_t)entry;
	f[SW_S0 / REGBYTES + 1] = (uintptr_t)arg;
	/* The bounds the trap entry holds a kernel-mode sp to while this thread runs. */
	f[SW_STACK_LO / REGBYTES] = stack_lo;
	f[SW_STACK_HI / REGBYTES] = stack_top;
#if __riscv_xlen == 32
	*(volatile uint32_t *)stack_lo = KSTACK_CANARY; /* switch.S checks it */
#endif
	return (uintptr_t)f;
}

void riscv_thread_returned(void)
{
	panic("a thread's entry function returned");
}

#if __riscv_xlen == 32
void riscv_stack_smashed(uintptr_t stack_lo, uint32_t found) __attribute__((noreturn));
void riscv_stack_smashed(uintptr_t stack_lo, uint32_t found)
{
	panic("kernel stack overflow: the canary at the bottom of the stack at 0x%08x holds "
	      "0x%08x, not 0x%08x", (unsigned)stack_lo, (unsigned)found, (unsigned)KSTACK_CANARY);
}
#endif

void hal_set_kernel_stack(uintptr_t stack_top)
{
	riscv_cpu_this()->kstack_top = stack_top;
}

uint64_t hal_user_limit(void)
{
	return USER_LIMIT;
}

void hal_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg)
{
	hal_irq_disable(); /* the exception PC and status must not be overwritten meanwhile */
#if __riscv_xlen == 64
	/* sret drops to U-mode (SPP=0) with interrupts on (SPIE=1). FS Off: the kernel keeps no FP
	 * state yet, so FP use must trap rather than leak between programs. */
	unsigned long s = csr_read(sstatus);
	s &= ~(unsigned long)(SSTATUS_SPP | SSTATUS_FS | SSTATUS_SUM | SSTATUS_SIE);
	s |= SSTATUS_SPIE;
#else
	/* mret drops to U-mode (MPP=0) with interrupts on (MPIE=1); rv32imac has no FP state. */
	unsigned long s = csr_read(mstatus);
	s &= ~(unsigned long)(MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_MIE);
	s |= MSTATUS_MPIE;
#endif
	riscv_user_enter(pc, sp, arg, s);
}

/* switch.S: 0, or ERR_FAULT (the literal -5 there) when a user access faults. */
_Static_assert(ERR_FAULT == -5, "switch.S returns ERR_FAULT as -5");
#if __riscv_xlen == 64
int riscv_user_copy(void *dst, const void *src, size_t len);
#define USER_COPY_FROM(dst, src, len) riscv_user_copy(dst, src, len)
#define USER_COPY_TO(dst, src, len) riscv_user_copy(dst, src, len)
#else
int riscv_user_copy(void *dst, const void *src, size_t len, unsigned long load_mprv,
		    unsigned long store_mprv);
#define USER_COPY_FROM(dst, src, len) riscv_user_copy(dst, src, len, MSTATUS_MPRV, 0)
#define USER_COPY_TO(dst, src, len) riscv_user_copy(dst, src, len, 0, MSTATUS_MPRV)
#endif

static bool user_range(uintptr_t va, size_t len)
{
	return va >= PAGE_SIZE && (uint64_t)va + len <= USER_LIMIT && va + len >= va;
}

int hal_copy_from_user(void *dst, uintptr_t user_src, size_t len)
{
	if (!user_range(user_src, len))
		return ERR_FAULT;
	if (len == 0)
		return 0;
	return USER_COPY_FROM(dst, (const void *)user_src, len);
}

int hal_copy_to_user(uintptr_t user_dst, const void *src, size_t len)
{
	if (!user_range(user_dst, len))
		return ERR_FAULT;
	if (len == 0)
		return 0;
	return USER_COPY_TO((void *)user_dst, src, len);
}
