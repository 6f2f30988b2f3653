/*
 * aarch64 exception vectors (VBAR_EL1: 16 entries of 0x80 bytes in a 2 KiB-aligned table) and the
 * fault-tolerant probes. Every entry saves a struct trap_frame (arch.h) and calls
 * trap_entry(frame, kind) in trap.c; the frame's elr/spsr are written back on return, so C can
 * resume elsewhere (probe fixups).
 *
 * Kernel stack overflow: an exception taken from EL1 runs on the stack that was in use, and if
 * that stack has run into its guard page, storing the frame would fault again, forever. So before
 * storing anything the EL1 entries check that a frame fits above kstack_limit, the lowest address
 * the current stack may use; if it does not, they move to the emergency stack and report the
 * overflow. The check needs one register, which is parked in SP_EL0: SP_EL0 holds the user stack
 * pointer only while user code runs, and the EL0 entries save it in the frame and restore it on
 * return, so between those points the kernel may use it as scratch.
 */
#define TF 288 /* sizeof(struct trap_frame) */

#define KIND_EL1_SYNC 0
#define KIND_EL1_IRQ 1
#define KIND_EL1_FIQ 2
#define KIND_EL1_SERROR 3
#define KIND_EL0_SYNC 4
#define KIND_EL0_IRQ 5
#define KIND_EL0_FIQ 6
#define KIND_EL0_SERROR 7
#define KIND_UNEXPECTED 8

/* Stores x2..x29 and the system registers into the frame at sp; x0, x1 are stored already and
 * x30 / the interrupted sp go in by the caller. */
.macro save_x2_x29
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
.endm

.macro save_sysregs
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #256]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #272]
.endm

/* Reloads elr/spsr (C may have changed elr) and x0..x30 from the frame at sp. */
.macro restore_regs
	ldp	x2, x3, [sp, #256]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
.endm

/* An exception from EL1 on SP_EL1: overflow check, then the common path. */
.macro vector_el1 kind
	.balign 0x80
	msr	sp_el0, x0
	adrp	x0, kstack_limit
	ldr	x0, [x0, :lo12:kstack_limit]
	add	x0, x0, #TF
	cmp	sp, x0
	b.lo	stack_overflow
	mrs	x0, sp_el0
	sub	sp, sp, #TF
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	el1_common
.endm

/* An exception from EL0: SP_EL1 is the thread's kernel stack, empty on entry from user mode. */
.macro vector_el0 kind
	.balign 0x80
	sub	sp, sp, #TF
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	el0_common
.endm

.macro vector_unexpected
	.balign 0x80
	sub	sp, sp, #TF
	stp	x0, x1, [sp, #0]
	mov	x1, #KIND_UNEXPECTED
	b	el1_common
.endm

	.section .text.vectors, "ax"
	.balign 2048
	.global vectors
vectors:
	/* Current EL with SP_EL0: the kernel never runs on SP_EL0. */
	vector_unexpected
	vector_unexpected
	vector_unexpected
	vector_unexpected
	/* Current EL with SP_EL1. */
	vector_el1 KIND_EL1_SYNC
	vector_el1 KIND_EL1_IRQ
	vector_el1 KIND_EL1_FIQ
	vector_el1 KIND_EL1_SERROR
	/* Lower EL, AArch64. */
	vector_el0 KIND_EL0_SYNC
	vector_el0 KIND_EL0_IRQ
	vector_el0 KIND_EL0_FIQ
	vector_el0 KIND_EL0_SERROR
	/* Lower EL, AArch32: not supported. */
	vector_unexpected
	vector_unexpected
	vector_unexpected
	vector_unexpected

el1_common:
	save_x2_x29
	add	x2, sp, #TF
	stp	x30, x2, [sp, #240]
	save_sysregs
	mov	x0, sp
	bl	trap_entry
	restore_regs
	add	sp, sp, #TF
	eret

el0_common:
	save_x2_x29
	mrs	x2, sp_el0
	stp	x30, x2, [sp, #240]
	save_sysregs
	mov	x0, sp
	bl	trap_entry
	ldr	x2, [sp, #248]
	msr	sp_el0, x2
	restore_regs
	add	sp, sp, #TF
	eret

/* The stack overflowed (x0 is parked in SP_EL0). Move to the emergency stack without a spare
 * register: with top in x0, sp - top leaves in x0 what lets sp become top and x0 the old sp. */
stack_overflow:
	adrp	x0, emergency_stack_top
	add	x0, x0, :lo12:emergency_stack_top
	sub	x0, sp, x0
	sub	sp, sp, x0
	add	x0, sp, x0
	sub	sp, sp, #TF
	str	x0, [sp, #248]
	mrs	x0, sp_el0
	stp	x0, x1, [sp, #0]
	save_x2_x29
	str	x30, [sp, #240]
	save_sysregs
	/* From now on the emergency stack is the current one: a fault in the report is checked
	 * against its own bottom. */
	adrp	x1, emergency_stack
	add	x1, x1, :lo12:emergency_stack
	adrp	x2, kstack_limit
	str	x1, [x2, :lo12:kstack_limit]
	mov	x0, sp
	bl	trap_stack_overflow
1:	wfi
	b	1b

/*
 * bool probe_read8(uintptr_t va, uint8_t *out) / bool probe_write8(uintptr_t va, uint8_t value):
 * one access that may fault. The .fixup table pairs each access with where to resume; trap.c
 * looks a faulting kernel pc up there, records the fault and resumes at the fixup, which returns
 * false.
 */
	.section .text
	.global probe_read8
probe_read8:
1:	ldrb	w2, [x0]
	strb	w2, [x1]
	mov	w0, #1
	ret
2:	mov	w0, #0
	ret
	.pushsection .fixup, "a"
	.quad	1b, 2b
	.popsection

	.global probe_write8
probe_write8:
1:	strb	w1, [x0]
	mov	w0, #1
	ret
2:	mov	w0, #0
	ret
	.pushsection .fixup, "a"
	.quad	1b, 2b
	.popsection

/*
 * void mmu_switch_ttbr1(uint64_t root): called at its identity-mapped (physical) address by
 * hal_mmu_init, so that no upper-half address is translated between installing the new kernel
 * tables and invalidating the TLB: the boot tables' 1 GiB block and the new 4 KiB pages for the
 * same addresses are never both in the TLB.
 */
	.global mmu_switch_ttbr1
mmu_switch_ttbr1:
	dsb	ish
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	ret

	.section .data
	.balign 8
	.global kstack_limit
kstack_limit:
	.quad	0

	.section .bss
	.balign 16
emergency_stack:
	.space	8192
emergency_stack_top:
