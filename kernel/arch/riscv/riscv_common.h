/*
 * riscv_common: what the riscv64 S-mode port (riscv.h) and the riscv32 M-mode port (riscv_m.h)
 * share: register width, the per-CPU area's layout, hal_switch's frame, CSR access from C, the
 * register scrub before entering user mode (assembly), and the symbols both ports define the
 * same way. Private to kernel/arch/riscv; include riscv.h or
 * riscv_m.h, which include this.
 */
#ifndef RISCV_RISCV_COMMON_H
#define RISCV_RISCV_COMMON_H

/*
 * Register width. Code that is the same on both ports but for the width of a register (the
 * per-CPU area, hal_switch's frame) is written once with these.
 */
#if __riscv_xlen == 64
#define REGBYTES 8
#define REG_S sd
#define REG_L ld
#else
#define REGBYTES 4
#define REG_S sw
#define REG_L lw
#endif

/*
 * The per-CPU area the trap entry uses, in the same layout on both ports: sscratch points at it
 * while the riscv64 hart runs in S-mode, mscratch always on the riscv32 hart (offsets for the
 * assembly; struct riscv_cpu below).
 */
#define CPU_SAVE_T0 (0 * REGBYTES)
#define CPU_SAVE_T1 (1 * REGBYTES)
#define CPU_STACK_LO (2 * REGBYTES)   /* lowest valid address of the current kernel stack */
#define CPU_STACK_HI (3 * REGBYTES)   /* one past its highest */
#define CPU_EMERG_TOP (4 * REGBYTES)  /* top of the stack the overflow handler runs on */
#define CPU_KSTACK_TOP (5 * REGBYTES) /* where traps from U-mode put their frame
				       * (hal_set_kernel_stack) */

/* hal_switch's frame on the outgoing stack (switch.S): ra, s0..s11, then the stack bounds the
 * per-CPU area held for that stack. */
#define SW_RA 0
#define SW_S0 REGBYTES
#define SW_STACK_LO (13 * REGBYTES)
#define SW_STACK_HI (14 * REGBYTES)
#define SW_SIZE (16 * REGBYTES) /* a multiple of 16 */

/* Written at the lowest word of every thread's kernel stack on the no-MMU port, where no guard
 * page can sit below a stack (switch.S checks it at every switch away from the stack). */
#define KSTACK_CANARY 0x57ac4ca2

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

struct riscv_cpu {
	unsigned long save_t0, save_t1;
	unsigned long stack_lo, stack_hi;
	unsigned long emerg_top;
	unsigned long kstack_top;
};

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
