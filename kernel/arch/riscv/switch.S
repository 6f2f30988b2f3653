/*
 * riscv64 thread contexts and the user boundary: hal_switch, the first code a new thread runs,
 * hal_user_enter and the fault-catching user copy loop.
 *
 * A switched-out thread's context is a small frame on its own kernel stack (layout SW_* in
 * riscv.h): ra and s0-s11, which the calling convention obliges us to keep, plus the bounds of that
 * stack as the per-CPU area held them. The trap entry checks a kernel-mode sp against those bounds
 * to tell a stack overflow from an ordinary trap, so they must follow the stack across a switch
 * (the boot thread's stack is not a thread stack, so they cannot be derived from the thread).
 */
#include "riscv.h"

	.section .text
	.balign 4

/* void hal_switch(uintptr_t *save_sp, uintptr_t next_sp); interrupts are masked. */
	.global hal_switch
hal_switch:
	addi	sp, sp, -SW_SIZE
	sd	ra, SW_RA(sp)
	sd	s0, SW_S0 + 0*8(sp)
	sd	s1, SW_S0 + 1*8(sp)
	sd	s2, SW_S0 + 2*8(sp)
	sd	s3, SW_S0 + 3*8(sp)
	sd	s4, SW_S0 + 4*8(sp)
	sd	s5, SW_S0 + 5*8(sp)
	sd	s6, SW_S0 + 6*8(sp)
	sd	s7, SW_S0 + 7*8(sp)
	sd	s8, SW_S0 + 8*8(sp)
	sd	s9, SW_S0 + 9*8(sp)
	sd	s10, SW_S0 + 10*8(sp)
	sd	s11, SW_S0 + 11*8(sp)
	csrr	t2, sscratch		/* this CPU's area */
	ld	t0, CPU_STACK_LO(t2)
	sd	t0, SW_STACK_LO(sp)
	ld	t0, CPU_STACK_HI(t2)
	sd	t0, SW_STACK_HI(sp)
	sd	sp, 0(a0)

	mv	sp, a1
	ld	t0, SW_STACK_LO(sp)
	sd	t0, CPU_STACK_LO(t2)
	ld	t0, SW_STACK_HI(sp)
	sd	t0, CPU_STACK_HI(t2)
	ld	ra, SW_RA(sp)
	ld	s0, SW_S0 + 0*8(sp)
	ld	s1, SW_S0 + 1*8(sp)
	ld	s2, SW_S0 + 2*8(sp)
	ld	s3, SW_S0 + 3*8(sp)
	ld	s4, SW_S0 + 4*8(sp)
	ld	s5, SW_S0 + 5*8(sp)
	ld	s6, SW_S0 + 6*8(sp)
	ld	s7, SW_S0 + 7*8(sp)
	ld	s8, SW_S0 + 8*8(sp)
	ld	s9, SW_S0 + 9*8(sp)
	ld	s10, SW_S0 + 10*8(sp)
	ld	s11, SW_S0 + 11*8(sp)
	addi	sp, sp, SW_SIZE
	ret

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

/*
 * void riscv_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg, unsigned long sstatus);
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
 * int riscv_user_copy(void *dst, const void *src, size_t len); returns 0, or 1 when an access
 * faulted. The caller has checked that the user side lies in the lower half. SUM is open only
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
	/* Eight bytes at a time while both pointers are aligned alike, bytes otherwise. */
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 2f
1:	li	t0, 8
	bltu	a2, t0, 2f
	ld	t0, 0(a1)
	sd	t0, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
2:	beqz	a2, 3f
	lbu	t0, 0(a1)
	sb	t0, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	2b
riscv_user_copy_end:
3:	csrc	sstatus, t1
	li	a0, 0
	ret
riscv_user_copy_fixup:
	li	t1, SSTATUS_SUM
	csrc	sstatus, t1
	li	a0, 1
	ret
