/*
 * i386 thread and user-mode entry points for thread.c: the kernel context switch, the first code
 * of a new thread, the way into user mode, and the user-memory copy whose faults trap.c turns
 * into ERR_FAULT. System calls arrive through the int $0x80 gate in vectors_32.S / trap.c.
 */
#include "x86_asm.h"

	.text

/* void hal_switch(uintptr_t *save_sp, uintptr_t next_sp): the cdecl callee-saved registers and
 * the return address are the whole kernel context; interrupts are masked by the caller. */
	.global hal_switch
hal_switch:
	mov	4(%esp), %eax
	mov	8(%esp), %edx
	push	%ebp
	push	%ebx
	push	%esi
	push	%edi
	mov	%esp, (%eax)
	mov	%edx, %esp
	pop	%edi
	pop	%esi
	pop	%ebx
	pop	%ebp
	ret

/* A new thread's first hal_switch returns here with ebx = entry, esi = arg (hal_stack_init). */
	.global x86_thread_start
x86_thread_start:
	xor	%ebp, %ebp		/* ends frame-pointer walks */
	push	%esi
	call	*%ebx
	ud2				/* entry never returns */

/* void hal_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg): an iret to ring 3 with IF set,
 * the user data selector in every data segment register, arg in eax and the other registers
 * cleared, so nothing of the kernel's leaks into the program. */
	.global hal_user_enter
hal_user_enter:
	cli
	mov	4(%esp), %ecx		/* pc */
	mov	8(%esp), %edx		/* sp */
	mov	12(%esp), %eax		/* arg */
	pushl	$SEL_UDATA
	push	%edx
	pushl	$RFLAGS_USER
	pushl	$SEL_UCODE
	push	%ecx
	mov	$SEL_UDATA, %ecx
	mov	%ecx, %ds
	mov	%ecx, %es
	mov	%ecx, %fs
	mov	%ecx, %gs
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	iret

/* int x86_copy_user(void *dst, const void *src, size_t len): 0, or ERR_FAULT through
 * x86_copy_user_fixup when the copy faults (trap.c moves eip there). Doublewords first, then the
 * tail bytes: each iteration of a rep string instruction counts as one instruction. */
	.global x86_copy_user, x86_copy_user_insn, x86_copy_user_tail, x86_copy_user_fixup
x86_copy_user:
	push	%esi
	push	%edi
	mov	12(%esp), %edi
	mov	16(%esp), %esi
	mov	20(%esp), %ecx
	mov	%ecx, %edx
	shr	$2, %ecx
	and	$3, %edx
	cld
x86_copy_user_insn:
	rep movsl
	mov	%edx, %ecx
x86_copy_user_tail:
	rep movsb
	xor	%eax, %eax
	pop	%edi
	pop	%esi
	ret
x86_copy_user_fixup:
	mov	$X86_ERR_FAULT, %eax
	pop	%edi
	pop	%esi
	ret
