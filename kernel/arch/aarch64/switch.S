/*
 * aarch64 thread switching, the way into user mode and the user-memory copy loops (hal.h, "CPUs,
 * threads and user mode"). The C half is thread.c.
 *
 * A switch frame sits on the stack of a thread that is not running; hal_stack_init builds the
 * same layout for a thread that has never run:
 *   [sp + 0]   x19 .. x28   callee-saved registers (AAPCS64)
 *   [sp + 80]  x29, x30     frame pointer and where hal_switch returns to
 *   [sp + 96]  kstack_limit the lowest byte the thread's kernel stack may use (vectors.S checks
 *                           it on every exception from EL1, so it must follow the stack)
 *   [sp + 104] DAIF         the masks the thread had (an exception handler runs with A masked
 *                           too; a thread resumed elsewhere must get its own masks back)
 */
#define SW_SIZE 112

/* void hal_switch(uintptr_t *save_sp, uintptr_t next_sp), interrupts masked. */
	.text
	.global hal_switch
hal_switch:
	sub	sp, sp, #SW_SIZE
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	adrp	x2, kstack_limit
	ldr	x3, [x2, :lo12:kstack_limit]
	mrs	x4, daif
	stp	x3, x4, [sp, #96]
	mov	x5, sp
	str	x5, [x0]
	/* Until the new limit is stored the old one is lower or unrelated, but nothing can trap
	 * here: interrupts are masked and these accesses are to mapped memory. */
	mov	sp, x1
	ldp	x3, x4, [sp, #96]
	str	x3, [x2, :lo12:kstack_limit]
	msr	daif, x4
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #SW_SIZE
	ret

/* A new thread's first hal_switch returns here with entry in x19 and arg in x20 (hal_stack_init);
 * interrupts are still masked, as the scheduler lock is still held. */
	.global thread_first_run
thread_first_run:
	mov	x0, x20
	blr	x19
	/* entry must not return; if it does, stop rather than run off into whatever follows. */
	bl	hal_halt

/*
 * void hal_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg): the thread leaves its kernel
 * stack for good, so sp is reset to its top; the next exception from EL0 then lands on an empty
 * kernel stack (SP_EL1 keeps the value it has at the eret). SPSR = EL0t with D, A, I, F clear.
 * Every other register is cleared so no kernel value reaches user mode.
 */
	.global hal_user_enter
hal_user_enter:
	msr	daifset, #0xf
	adrp	x3, kstack_top_current
	ldr	x3, [x3, :lo12:kstack_top_current]
	mov	sp, x3
	msr	elr_el1, x0
	msr	sp_el0, x1
	msr	spsr_el1, xzr
	mov	x0, x2
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	mov	x5, #0
	mov	x6, #0
	mov	x7, #0
	mov	x8, #0
	mov	x9, #0
	mov	x10, #0
	mov	x11, #0
	mov	x12, #0
	mov	x13, #0
	mov	x14, #0
	mov	x15, #0
	mov	x16, #0
	mov	x17, #0
	mov	x18, #0
	mov	x19, #0
	mov	x20, #0
	mov	x21, #0
	mov	x22, #0
	mov	x23, #0
	mov	x24, #0
	mov	x25, #0
	mov	x26, #0
	mov	x27, #0
	mov	x28, #0
	mov	x29, #0
	mov	x30, #0
	eret

/*
 * int user_copy_in(void *dst, uintptr_t user_src, size_t len) and
 * int user_copy_out(uintptr_t user_dst, const void *src, size_t len): 0, or ERR_FAULT (-5, checked
 * in thread.c) when a user access faults, so the C wrappers end in a tail call. Eight bytes at a
 * time, then the tail byte by byte. The user accesses are LDTR/STTR, the unprivileged forms, so
 * the MMU checks them with EL0's rights (a read-only or kernel-only page faults as it would for
 * the program itself); unaligned doublewords are fine on normal memory (SCTLR_EL1.A is clear).
 * Each user access has a .fixup entry: a fault resumes at the label that returns ERR_FAULT. The
 * caller has checked that the range lies in the user half.
 */
	.global user_copy_in
user_copy_in:
	subs	x2, x2, #8
	b.lo	2f
1:	ldtr	x3, [x1]
	str	x3, [x0], #8
	add	x1, x1, #8
	subs	x2, x2, #8
	b.hs	1b
2:	adds	x2, x2, #8
	b.eq	4f
3:	ldtrb	w3, [x1]
	strb	w3, [x0], #1
	add	x1, x1, #1
	subs	x2, x2, #1
	b.ne	3b
4:	mov	w0, #0
	ret
5:	mov	w0, #-5
	ret
	.pushsection .fixup, "a"
	.quad	1b, 5b
	.quad	3b, 5b
	.popsection

	.global user_copy_out
user_copy_out:
	subs	x2, x2, #8
	b.lo	2f
1:	ldr	x3, [x1], #8
6:	sttr	x3, [x0]
	add	x0, x0, #8
	subs	x2, x2, #8
	b.hs	1b
2:	adds	x2, x2, #8
	b.eq	4f
3:	ldrb	w3, [x1], #1
7:	sttrb	w3, [x0]
	add	x0, x0, #1
	subs	x2, x2, #1
	b.ne	3b
4:	mov	w0, #0
	ret
5:	mov	w0, #-5
	ret
	.pushsection .fixup, "a"
	.quad	6b, 5b
	.quad	7b, 5b
	.popsection
