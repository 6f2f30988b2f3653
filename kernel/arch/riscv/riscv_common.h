/*
 * riscv_common: what the riscv64 S-mode port (riscv.h) and the riscv32 M-mode port (riscv_m.h)
 * share: CSR access from C, the register scrub before entering user mode (assembly), and the
 * symbols both ports define the same way. Private to kernel/arch/riscv; include riscv.h or
 * riscv_m.h, which include this.
 */
#ifndef RISCV_RISCV_COMMON_H
#define RISCV_RISCV_COMMON_H

#ifdef __ASSEMBLY__
/*
 * Zeroes every register a user program could read kernel values from, except sp and a0 (which
 * the caller has just set to the user stack and argument) and x0: used right before sret / mret.
 */
.macro riscv_scrub_user_regs
	.irp	r, ra, gp, tp, t0, t1, t2, s0, s1, a1, a2, a3, a4, a5, a6, a7, \
		s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6
	li	\r, 0
	.endr
.endm
#else
#include <stdint.h>

#define csr_read(csr)                                              \
	({                                                         \
		unsigned long v_;                                  \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_));     \
		v_;                                                \
	})
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"((unsigned long)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"r"((unsigned long)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"r"((unsigned long)(v)) : "memory")

/* The hart the kernel runs on: the one OpenSBI started us on (riscv64, saved by entry.S), or the
 * one entry_m.S did not park (riscv32). The PLIC context and the timer comparator are its. */
extern uint64_t riscv_boot_hart;

/* Boot stack bounds and the guard below it (the board's linker script). */
extern char __boot_stack_bottom[], __boot_stack_top[], __stack_guard[];

void riscv_timer_interrupt(void);
void riscv_plic_interrupt(void);
#endif

#endif
