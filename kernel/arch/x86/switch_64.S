/*
 * x86_64 thread and user-mode entry points for thread.c: the kernel context switch, the first
 * code of a new thread, the way into user mode, the `syscall` entry, and the user-memory copy
 * whose faults trap.c turns into ERR_FAULT.
 */
#include "x86_asm.h"

	.text

/* void hal_switch(uintptr_t *save_sp, uintptr_t next_sp): the System V callee-saved registers
 * and the return address are the whole kernel context; interrupts are masked by the caller. */
	.global hal_switch
hal_switch:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

/* A new thread's first hal_switch returns here with r12 = entry, r13 = arg (hal_stack_init) and
 * rsp 16-byte aligned, so the call leaves entry the alignment a call gives. */
	.global x86_thread_start
x86_thread_start:
	mov	%r13, %rdi
	xor	%ebp, %ebp		/* ends frame-pointer walks */
	call	*%r12
	ud2				/* entry never returns */

/* void hal_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg): an iretq to ring 3 with IF set
 * and every other register cleared, so nothing of the kernel's leaks into the program. */
	.global hal_user_enter
hal_user_enter:
	cli
	pushq	$SEL_UDATA
	push	%rsi
	pushq	$RFLAGS_USER
	pushq	$SEL_UCODE
	push	%rdi
	mov	%rdx, %rdi
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	iretq

/*
 * `syscall` lands here (LSTAR) in ring 0 with rcx = user rip, r11 = user rflags, IF, DF, TF and AC
 * cleared by SFMASK, and rsp still the user's. swapgs reaches this CPU's struct x86_cpu (GS base
 * via MSR_KERNEL_GS_BASE) just long enough to swap stacks, then gives the user its GS base back,
 * so no other kernel path needs to know about GS. On the kernel stack: an iretq frame (user ss,
 * rsp, rflags, cs, rip), then struct syscall_frame (num, arg[6], ret) and a pad word.
 */
	.global x86_syscall_entry
x86_syscall_entry:
	swapgs
	mov	%rsp, %gs:CPU_USER_RSP
	mov	%gs:CPU_KERNEL_RSP, %rsp
	pushq	$SEL_UDATA
	pushq	%gs:CPU_USER_RSP
	swapgs
	push	%r11
	pushq	$SEL_UCODE
	push	%rcx
	sub	$8, %rsp		/* pad: keeps rsp 16-byte aligned at the call */
	pushq	$0			/* ret */
	push	%r9
	push	%r8
	push	%r10
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rax			/* num */
	mov	%rsp, %rdi
	cld
	sti
	call	syscall_entry
	cli
	call	sched_preempt_point
	mov	56(%rsp), %rax		/* ret */
	add	$8, %rsp		/* num */
	pop	%rdi			/* the user's argument registers come back unchanged */
	pop	%rsi
	pop	%rdx
	pop	%r10
	pop	%r8
	pop	%r9
	add	$16, %rsp		/* ret, pad */
	/* sysretq loads rip from rcx; with a non-canonical rcx it faults in ring 0 on the user's
	 * stack, so such a return (a syscall in the last bytes of the lower half) goes by iretq,
	 * which faults in ring 3 instead, as the program's own fault. */
	movabs	$USER_TOP_64, %rcx
	cmp	%rcx, (%rsp)
	jae	1f
	pop	%rcx			/* rip */
	add	$8, %rsp		/* cs */
	pop	%r11			/* rflags */
	pop	%rsp			/* user rsp: interrupts stay masked until sysretq */
	sysretq
1:	xor	%ecx, %ecx
	xor	%r11d, %r11d
	iretq

/* int x86_copy_user(void *dst, const void *src, size_t len): 0, or ERR_FAULT through
 * x86_copy_user_fixup when the copy faults (trap.c moves rip there). Quadwords first, then the
 * tail bytes: each iteration of a rep string instruction counts as one instruction. */
	.global x86_copy_user, x86_copy_user_insn, x86_copy_user_tail, x86_copy_user_fixup
x86_copy_user:
	mov	%rdx, %rcx
	shr	$3, %rcx
	and	$7, %edx
	cld
x86_copy_user_insn:
	rep movsq
	mov	%edx, %ecx
x86_copy_user_tail:
	rep movsb
	xor	%eax, %eax
	ret
x86_copy_user_fixup:
	mov	$X86_ERR_FAULT, %eax
	ret
