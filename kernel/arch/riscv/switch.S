/*
 * riscv thread contexts and the user boundary, for both ports: hal_switch, the first code a new
 * thread runs, the drop to user mode and the fault-catching user copy loop. riscv64 runs the kernel
 * in S-mode (sscratch, sret, SUM); riscv32 in M-mode without an MMU (mscratch, mret, MPRV): the few
 * instructions that differ are chosen below, everything else is written once for both widths.
 *
 * A switched-out thread's context is a small frame on its own kernel stack (layout SW_* in
 * riscv_common.h): ra and s0-s11, which the calling convention obliges us to keep, plus the bounds
 * of that stack as the per-CPU area held them. The trap entry checks a kernel-mode sp against those
 * bounds to tell a stack overflow from an ordinary trap, so they must follow the stack across a
 * switch (the boot thread's stack is not a thread stack, so they cannot be derived from the thread).
 *
 * Without an MMU there is no guard page below a thread's stack. The trap entry's bounds check
 * still catches an overflow when a trap or interrupt arrives with sp below the stack; in between,
 * a canary word at the stack's lowest address (hal_stack_init) is checked each time the thread is
 * switched away from, so an overflow that ran past the bottom and came back is caught at its next
 * switch (riscv_stack_smashed). What a canary cannot promise: the overwritten memory below was
 * already damaged by then, and an overflow that skips the canary word unchanged goes unseen.
 */
#if __riscv_xlen == 64
#include "riscv.h"
#define SCRATCH sscratch
#else
#include "riscv_m.h"
#define SCRATCH mscratch
#endif

	.section .text
	.balign 4

/* void hal_switch(uintptr_t *save_sp, uintptr_t next_sp); interrupts are masked. */
	.global hal_switch
hal_switch:
	addi	sp, sp, -SW_SIZE
	REG_S	ra, SW_RA(sp)
	REG_S	s0, SW_S0 + 0*REGBYTES(sp)
	REG_S	s1, SW_S0 + 1*REGBYTES(sp)
	REG_S	s2, SW_S0 + 2*REGBYTES(sp)
	REG_S	s3, SW_S0 + 3*REGBYTES(sp)
	REG_S	s4, SW_S0 + 4*REGBYTES(sp)
	REG_S	s5, SW_S0 + 5*REGBYTES(sp)
	REG_S	s6, SW_S0 + 6*REGBYTES(sp)
	REG_S	s7, SW_S0 + 7*REGBYTES(sp)
	REG_S	s8, SW_S0 + 8*REGBYTES(sp)
	REG_S	s9, SW_S0 + 9*REGBYTES(sp)
	REG_S	s10, SW_S0 + 10*REGBYTES(sp)
	REG_S	s11, SW_S0 + 11*REGBYTES(sp)
	csrr	t2, SCRATCH		/* this CPU's area */
	REG_L	t0, CPU_STACK_LO(t2)
	REG_S	t0, SW_STACK_LO(sp)
#if __riscv_xlen == 32
	lw	t1, 0(t0)		/* the outgoing stack's canary */
	li	t3, KSTACK_CANARY
	bne	t1, t3, .Lsmashed
#endif
	REG_L	t0, CPU_STACK_HI(t2)
	REG_S	t0, SW_STACK_HI(sp)
	REG_S	sp, 0(a0)

	mv	sp, a1
	REG_L	t0, SW_STACK_LO(sp)
	REG_S	t0, CPU_STACK_LO(t2)
	REG_L	t0, SW_STACK_HI(sp)
	REG_S	t0, CPU_STACK_HI(t2)
	REG_L	ra, SW_RA(sp)
	REG_L	s0, SW_S0 + 0*REGBYTES(sp)
	REG_L	s1, SW_S0 + 1*REGBYTES(sp)
	REG_L	s2, SW_S0 + 2*REGBYTES(sp)
	REG_L	s3, SW_S0 + 3*REGBYTES(sp)
	REG_L	s4, SW_S0 + 4*REGBYTES(sp)
	REG_L	s5, SW_S0 + 5*REGBYTES(sp)
	REG_L	s6, SW_S0 + 6*REGBYTES(sp)
	REG_L	s7, SW_S0 + 7*REGBYTES(sp)
	REG_L	s8, SW_S0 + 8*REGBYTES(sp)
	REG_L	s9, SW_S0 + 9*REGBYTES(sp)
	REG_L	s10, SW_S0 + 10*REGBYTES(sp)
	REG_L	s11, SW_S0 + 11*REGBYTES(sp)
	addi	sp, sp, SW_SIZE
	ret
#if __riscv_xlen == 32
.Lsmashed:
	mv	a0, t0			/* the stack's lowest address */
	mv	a1, t1			/* what the canary word holds now */
	call	riscv_stack_smashed	/* panics */
#endif

/*
 * Where a new thread's first hal_switch returns to (hal_stack_init put it in ra): s0 holds the
 * entry function, s1 its argument. Interrupts stay masked; entry unmasks them itself.
 */
	.global riscv_thread_start
riscv_thread_start:
	mv	a0, s1
	jalr	s0
	call	riscv_thread_returned	/* entry must not return: report it */
1:	j	1b

#if __riscv_xlen == 64
/*
 * void riscv_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg, unsigned long status);
 * Leaves for U-mode. The caller masked interrupts and computed sstatus (SPP=0, SPIE=1, FS and SUM
 * clear). Every other register is cleared so nothing of the kernel's leaks to the program.
 */
	.global riscv_user_enter
riscv_user_enter:
	csrw	sepc, a0
	csrw	sstatus, a3
	mv	sp, a1
	mv	a0, a2
	riscv_scrub_user_regs
	sret

/*
 * int riscv_user_copy(void *dst, const void *src, size_t len); returns 0, or ERR_FAULT (-5) when
 * an access faulted. The caller has checked that the user side lies in the lower half. SUM is open only
 * between the two csr instructions; a fault between riscv_user_copy_start and riscv_user_copy_end
 * is resumed at riscv_user_copy_fixup by riscv_trap(). (The trap entry closes SUM for the handler
 * and its exit restores the value saved here, so a preempted copy does not lend it to others.)
 */
	.global riscv_user_copy
	.global riscv_user_copy_start
	.global riscv_user_copy_end
	.global riscv_user_copy_fixup
riscv_user_copy:
	li	t1, SSTATUS_SUM
	csrs	sstatus, t1
riscv_user_copy_start:
	/* Eight bytes at a time while both pointers are aligned alike (t2: where the doublewords
	 * end in src), bytes otherwise and for the tail. */
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 2f
	andi	t2, a2, -8
	beqz	t2, 2f
	add	t2, a1, t2
	andi	a2, a2, 7
1:	ld	t0, 0(a1)
	sd	t0, 0(a0)
	addi	a1, a1, 8
	addi	a0, a0, 8
	bltu	a1, t2, 1b
2:	beqz	a2, 3f
	add	t2, a1, a2
4:	lbu	t0, 0(a1)
	sb	t0, 0(a0)
	addi	a1, a1, 1
	addi	a0, a0, 1
	bltu	a1, t2, 4b
riscv_user_copy_end:
3:	csrc	sstatus, t1
	li	a0, 0
	ret
riscv_user_copy_fixup:
	li	t1, SSTATUS_SUM
	csrc	sstatus, t1
	li	a0, -5		/* ERR_FAULT (checked in thread.c) */
	ret
#else
/*
 * void riscv_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg, unsigned long status);
 * Leaves for U-mode: as on riscv64, with mret; the caller computed mstatus (MPP=U, MPIE=1, MPRV
 * clear).
 */
	.global riscv_user_enter
riscv_user_enter:
	csrw	mepc, a0
	csrw	mstatus, a3
	mv	sp, a1
	mv	a0, a2
	riscv_scrub_user_regs
	mret

/*
 * int riscv_user_copy(void *dst, const void *src, size_t len, unsigned long load_mprv,
 *                     unsigned long store_mprv); returns 0, or ERR_FAULT (-5) when an access
 * faulted.
 * Machine mode reaches all memory, so the user side is accessed with mstatus.MPRV set and MPP = U:
 * those loads or stores are checked against the PMP exactly as the program's own would be (the
 * current space's grants). MPRV would check the kernel side too, so it is set around the user-side
 * access alone: load_mprv is MSTATUS_MPRV when src is the user's (else 0), store_mprv when dst is.
 * An interrupt in between is harmless: the trap entry clears MPRV for the handler, and its mret
 * back here restores it with MPP = U again. A fault between riscv_user_copy_start and
 * riscv_user_copy_end is resumed at riscv_user_copy_fixup by m_trap().
 */
	.global riscv_user_copy
	.global riscv_user_copy_start
	.global riscv_user_copy_end
	.global riscv_user_copy_fixup
riscv_user_copy:
	li	t1, MSTATUS_MPP
	csrc	mstatus, t1		/* MPP = U: what MPRV checks against */
riscv_user_copy_start:
	/* Four bytes at a time while both pointers are aligned alike, bytes otherwise. */
	or	t0, a0, a1
	andi	t0, t0, 3
	bnez	t0, 2f
1:	li	t0, 4
	bltu	a2, t0, 2f
	csrs	mstatus, a3
	lw	t0, 0(a1)
	csrc	mstatus, a3
	csrs	mstatus, a4
	sw	t0, 0(a0)
	csrc	mstatus, a4
	addi	a0, a0, 4
	addi	a1, a1, 4
	addi	a2, a2, -4
	j	1b
2:	beqz	a2, 3f
	csrs	mstatus, a3
	lbu	t0, 0(a1)
	csrc	mstatus, a3
	csrs	mstatus, a4
	sb	t0, 0(a0)
	csrc	mstatus, a4
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	2b
riscv_user_copy_end:
3:	li	a0, 0
	ret
riscv_user_copy_fixup:
	li	t1, MSTATUS_MPRV
	csrc	mstatus, t1
	li	a0, -5		/* ERR_FAULT (checked in thread.c) */
	ret
#endif
