/*
 * x86_64 interrupt and exception entry. Each of the 256 vectors has a 16-byte stub (so trap.c
 * finds stub n at x86_vectors + 16 * n) that pushes a zero where the CPU pushes no error code,
 * then the vector number, and joins trap_common, which saves the general registers into a struct
 * trap_frame (trap.c) and calls x86_trap(frame). Also the fault-catching probes for
 * hal_probe_read/hal_probe_write: a fault on a *_insn label resumes at x86_probe_fixup.
 *
 * From ring 3 the CPU switches to TSS.RSP0, the running thread's kernel stack, except for the
 * vectors with an IST stack (#PF, #DF; cpu.c). A #PF from user mode is moved from its IST stack
 * to the thread's stack before anything else, so the fault may end the thread (or, later, sleep)
 * without leaving a context on a stack that the next #PF reuses.
 */
#include "x86_asm.h"

#define FRAME_SIZE (22 * 8)	/* struct trap_frame */
#define FRAME_VECTOR (15 * 8)
#define FRAME_CS (18 * 8)
	.text
	x86_vector_stubs

trap_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	cld
	testb	$3, FRAME_CS(%rsp)
	jz	1f
	cmpq	$14, FRAME_VECTOR(%rsp)
	jne	1f
	/* User #PF: the registers are saved, so rcx, rsi and rdi are free for the copy. */
	mov	%rsp, %rsi
	mov	x86_cpu0 + CPU_KERNEL_RSP(%rip), %rdi
	sub	$FRAME_SIZE, %rdi
	mov	%rdi, %rsp
	mov	$(FRAME_SIZE / 8), %ecx
	rep movsq
1:	mov	%rsp, %rdi
	call	x86_trap
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp		/* vector and error code */
	iretq

/* bool x86_probe_read(uintptr_t va, uint8_t *out) */
	.global x86_probe_read, x86_probe_read_insn
x86_probe_read:
x86_probe_read_insn:
	movb	(%rdi), %al
	movb	%al, (%rsi)
	mov	$1, %eax
	ret

/* bool x86_probe_write(uintptr_t va, uint8_t value) */
	.global x86_probe_write, x86_probe_write_insn
x86_probe_write:
x86_probe_write_insn:
	movb	%sil, (%rdi)
	mov	$1, %eax
	ret

	.global x86_probe_fixup
x86_probe_fixup:
	xor	%eax, %eax
	ret
