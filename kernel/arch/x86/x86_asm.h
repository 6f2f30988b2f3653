/*
 * x86 constants that assembly files need as well as C (plain numbers, no C syntax). thread.c
 * checks at build time that the copies of C values here (user limit, error code, struct
 * offsets) agree with the originals.
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

#endif
