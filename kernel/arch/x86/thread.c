/*
 * x86 threads and user mode for hal.h: interrupt save/restore, a new thread's first stack frame,
 * the kernel stack that ring-3 traps land on, the system call MSRs (x86_64), user-memory copies,
 * and keeping user code off the FPU. The assembly halves are switch_32.S / switch_64.S; the i386
 * system call (int $0x80) and the copy fixups are decoded in trap.c.
 *
 * FPU and SSE: the kernel does not save their state yet, so CR0.EM and CR0.TS stay set: x87 and
 * AVX instructions raise #NM, SSE and MMX ones #UD, and the program is killed with that name.
 */
#include "x86.h"
#include <err.h>
#include <mem.h>

_Static_assert(X86_ERR_FAULT == ERR_FAULT, "x86_asm.h copies ERR_FAULT");
_Static_assert(__builtin_offsetof(struct x86_cpu, kernel_sp) == CPU_KERNEL_RSP, "x86_asm.h");
_Static_assert(__builtin_offsetof(struct x86_cpu, user_sp) == CPU_USER_RSP || sizeof(void *) == 4,
	       "x86_asm.h");
#ifdef __x86_64__
_Static_assert(USER_TOP == USER_TOP_64, "x86_asm.h copies USER_TOP");
#endif

#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)

#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_FMASK 0xc0000084u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define EFER_SCE (1u << 0)
/* RFLAGS bits `syscall` clears: IF (the entry runs masked until it is on the kernel stack), DF
 * (the ABI's direction), TF (no single-step into the kernel), AC. */
#define SYSCALL_FMASK ((1u << 9) | (1u << 10) | (1u << 8) | (1u << 18))

struct x86_cpu x86_cpu0;

void x86_syscall_entry(void);  /* switch_64.S */
void x86_thread_start(void);   /* switch_*.S */
int x86_copy_user(void *dst, const void *src, size_t len);

void x86_thread_init(void)
{
	uintptr_t cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 | CR0_EM | CR0_TS) & ~(uintptr_t)CR0_MP;
	__asm__ volatile("mov %0, %%cr0" ::"r"(cr0));
#ifdef __x86_64__
	wrmsr(MSR_STAR, (uint64_t)(SEL_KDATA) << 48 | (uint64_t)SEL_KCODE << 32);
	wrmsr(MSR_LSTAR, (uint64_t)x86_syscall_entry);
	wrmsr(MSR_FMASK, SYSCALL_FMASK);
	wrmsr(MSR_KERNEL_GS_BASE, (uint64_t)&x86_cpu0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
#endif
	x86_cpu0.kernel_sp = (uintptr_t)boot_stack_top;
}

unsigned hal_cpu_id(void)
{
	return 0;
}

bool hal_irq_save(void)
{
	uintptr_t flags;
	__asm__ volatile("pushf; pop %0; cli" : "=r"(flags)::"memory");
	return flags & 0x200;
}

void hal_irq_restore(bool enabled)
{
	if (enabled)
		__asm__ volatile("sti" ::: "memory");
}

/*
 * The new stack, from the top: the return address hal_switch's ret takes (x86_thread_start),
 * then the callee-saved registers hal_switch pops, with entry and arg in two of them.
 * x86_64: [top-8] ret, then r15 r14 r13=arg r12=entry rbx rbp; after the ret rsp = top.
 * i386:   [top-16] ret, then edi esi=arg ebx=entry ebp; after the ret esp = top - 12, so the
 * trampoline's push of arg leaves the call 16-byte aligned.
 */
uintptr_t hal_stack_init(uintptr_t stack_top, void (*entry)(void *), void *arg)
{
#ifdef __x86_64__
	uint64_t *sp = (uint64_t *)(stack_top - 8);
	*sp = (uintptr_t)x86_thread_start;
	uint64_t regs[6] = { 0, 0, (uintptr_t)arg, (uintptr_t)entry, 0, 0 }; /* r15 .. rbp */
#else
	uint32_t *sp = (uint32_t *)(stack_top - 16);
	*sp = (uintptr_t)x86_thread_start;
	uint32_t regs[4] = { 0, (uintptr_t)arg, (uintptr_t)entry, 0 }; /* edi esi ebx ebp */
#endif
	sp -= sizeof regs / sizeof regs[0];
	memcpy(sp, regs, sizeof regs);
	return (uintptr_t)sp;
}

void hal_set_kernel_stack(uintptr_t stack_top)
{
	x86_cpu0.kernel_sp = stack_top;
	x86_tss_set_kernel_stack(stack_top);
}

uint64_t hal_user_limit(void)
{
	return USER_TOP;
}

static bool user_range_ok(uintptr_t va, size_t len)
{
	return va >= PAGE_SIZE && va <= USER_TOP && len <= USER_TOP - va;
}

int hal_copy_from_user(void *dst, uintptr_t user_src, size_t len)
{
	if (!user_range_ok(user_src, len))
		return ERR_FAULT;
	return len ? x86_copy_user(dst, (const void *)user_src, len) : 0;
}

int hal_copy_to_user(uintptr_t user_dst, const void *src, size_t len)
{
	if (!user_range_ok(user_dst, len))
		return ERR_FAULT;
	return len ? x86_copy_user((void *)user_dst, src, len) : 0;
}
