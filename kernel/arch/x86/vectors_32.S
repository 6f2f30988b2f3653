/*
 * i386 interrupt and exception entry. Each of the 256 vectors has a 16-byte stub (so trap.c finds
 * stub n at x86_vectors + 16 * n) that pushes a zero where the CPU pushes no error code, then the
 * vector number, and joins trap_common, which saves the general registers into a struct
 * trap_frame (trap.c) and calls x86_trap(frame). #DF is not among them at run time: its IDT entry
 * is a task gate to x86_df_entry, which runs on the double-fault task's own stack. Also the
 * fault-catching probes for hal_probe_read/hal_probe_write.
 *
 * The data segment registers are saved and the kernel's loaded: a user program may leave any
 * selector (even null) in them. From ring 3 the CPU has already switched to TSS.ESP0, the running
 * thread's kernel stack.
 */
#include "x86_asm.h"
	.text
	x86_vector_stubs

trap_common:
	push	%ds
	push	%es
	push	%fs
	push	%gs
	pusha
	mov	$SEL_KDATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %fs
	mov	%eax, %gs
	mov	%esp, %eax
	cld
	push	%eax
	call	x86_trap
	add	$4, %esp
	popa
	pop	%gs
	pop	%fs
	pop	%es
	pop	%ds
	add	$8, %esp		/* vector and error code */
	iret

/* The double-fault task: entered by a task switch with the error code on its fresh stack. */
	.global x86_df_entry
x86_df_entry:
	call	x86_double_fault_task
1:	cli
	hlt
	jmp	1b

/* bool x86_probe_read(uintptr_t va, uint8_t *out) */
	.global x86_probe_read, x86_probe_read_insn
x86_probe_read:
	mov	4(%esp), %ecx
	mov	8(%esp), %edx
x86_probe_read_insn:
	movb	(%ecx), %al
	movb	%al, (%edx)
	mov	$1, %eax
	ret

/* bool x86_probe_write(uintptr_t va, uint8_t value) */
	.global x86_probe_write, x86_probe_write_insn
x86_probe_write:
	mov	4(%esp), %ecx
	mov	8(%esp), %eax
x86_probe_write_insn:
	movb	%al, (%ecx)
	mov	$1, %eax
	ret

	.global x86_probe_fixup
x86_probe_fixup:
	xor	%eax, %eax
	ret
