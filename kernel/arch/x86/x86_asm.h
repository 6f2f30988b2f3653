/*
 * x86 constants that assembly files need as well as C (plain numbers, no C syntax). thread.c
 * checks at build time that the copies of C values here (user limit, error code, struct
 * offsets) agree with the originals. At the end, for assembly only, the macros that i386 and
 * x86_64 share instruction for instruction.
 */
#ifndef X86_ASM_H
#define X86_ASM_H

/* GDT selectors (cpu.c). The user pair is ordered data, code after SEL_KDATA, as sysretq loads
 * SS and CS from STAR[63:48] + 8 and + 16. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1b
#define SEL_UCODE 0x23
#define SEL_TSS 0x28
#define SEL_TSS_DF 0x38 /* i386 only: the double-fault task */

/* RFLAGS a user program starts with: IF and the always-one bit 1. */
#define RFLAGS_USER 0x202

/* struct x86_cpu (x86.h): offsets used by the syscall entry. */
#define CPU_KERNEL_RSP 0
#define CPU_USER_RSP 8

/* The lower half ends here on x86_64 (48-bit virtual addresses): hal_user_limit. */
#define USER_TOP_64 0x0000800000000000

/* ERR_FAULT from err.h, for the user-copy fixups. */
#define X86_ERR_FAULT (-5)

/* Vector of the i386 system call gate (int $0x80). */
#define VEC_SYSCALL 0x80

#ifdef __ASSEMBLY__
/*
 * The 256 interrupt stubs at x86_vectors, 16 bytes each (trap.c finds stub n at x86_vectors +
 * 16 * n): push a zero where the CPU pushes no error code, then the vector number, and jump to
 * trap_common. `push $imm` takes the mode's operand size, so the bytes are the same on both.
 */
.macro x86_vector_stubs
	.balign 16
	.global x86_vectors
x86_vectors:
	.set vec, 0
	.rept 256
	.balign 16
	.if !(vec == 8 || vec == 10 || vec == 11 || vec == 12 || vec == 13 || vec == 14 || vec == 17 || vec == 21 || vec == 29 || vec == 30)
	push	$0
	.endif
	push	$vec
	jmp	trap_common
	.set vec, vec + 1
	.endr
.endm

/* The boot CPU's kernel stack, 16 KiB with a guard page below it that hal_mmu_init unmaps. */
.macro x86_boot_stack
	.section .bss.stack, "aw", @nobits
	.balign 4096
	.global boot_stack_guard
boot_stack_guard:
	.space	4096
	.space	16384
	.global boot_stack_top
boot_stack_top:
.endm
#endif

#endif
