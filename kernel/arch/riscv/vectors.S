/*
 * riscv64 S-mode trap entry (stvec, direct mode) and the fault probes.
 *
 * sscratch always holds this CPU's struct riscv_cpu while in S-mode. Entry swaps it into tp, parks
 * t0/t1 there and decides where the trap frame goes: a kernel trap continues on the interrupted
 * stack when the frame fits inside [stack_lo, stack_hi]; otherwise the stack has overflowed (or sp
 * is garbage), and pushing the frame would fault again forever, so the frame goes on the
 * emergency stack and is flagged. Traps from U-mode start at the top of the running thread's
 * kernel stack (kstack_top, set by hal_set_kernel_stack at every switch). riscv_trap() returns
 * with interrupts masked, after the scheduler's preemption point, so the frame restored here may
 * belong to a thread that was switched away from and back to in between.
 */
#include "riscv.h"

	.section .text
	.balign 4
	.global riscv_trap_vector
riscv_trap_vector:
	csrrw	tp, sscratch, tp
	sd	t0, CPU_SAVE_T0(tp)
	sd	t1, CPU_SAVE_T1(tp)
	csrr	t0, sstatus
	andi	t0, t0, SSTATUS_SPP
	bnez	t0, .Lfrom_kernel
	ld	t0, CPU_KSTACK_TOP(tp)	/* the running thread's kernel stack, empty in U-mode */
	addi	t0, t0, -TF_SIZE
	li	t1, 0
	j	.Lsave
.Lfrom_kernel:
	addi	t0, sp, -TF_SIZE
	ld	t1, CPU_STACK_LO(tp)
	bltu	t0, t1, .Lbad_stack
	ld	t1, CPU_STACK_HI(tp)
	bgtu	sp, t1, .Lbad_stack
	li	t1, 0
	j	.Lsave
.Lbad_stack:
	ld	t0, CPU_EMERG_TOP(tp)
	addi	t0, t0, -TF_SIZE
	li	t1, 1
.Lsave:
	sd	t1, TF_OVERFLOW(t0)
	sd	sp, 2*8(t0)
	mv	sp, t0
	sd	ra, 1*8(sp)
	sd	gp, 3*8(sp)
	sd	t2, 7*8(sp)
	sd	s0, 8*8(sp)
	sd	s1, 9*8(sp)
	sd	a0, 10*8(sp)
	sd	a1, 11*8(sp)
	sd	a2, 12*8(sp)
	sd	a3, 13*8(sp)
	sd	a4, 14*8(sp)
	sd	a5, 15*8(sp)
	sd	a6, 16*8(sp)
	sd	a7, 17*8(sp)
	sd	s2, 18*8(sp)
	sd	s3, 19*8(sp)
	sd	s4, 20*8(sp)
	sd	s5, 21*8(sp)
	sd	s6, 22*8(sp)
	sd	s7, 23*8(sp)
	sd	s8, 24*8(sp)
	sd	s9, 25*8(sp)
	sd	s10, 26*8(sp)
	sd	s11, 27*8(sp)
	sd	t3, 28*8(sp)
	sd	t4, 29*8(sp)
	sd	t5, 30*8(sp)
	sd	t6, 31*8(sp)
	ld	t0, CPU_SAVE_T0(tp)
	sd	t0, 5*8(sp)
	ld	t0, CPU_SAVE_T1(tp)
	sd	t0, 6*8(sp)
	csrr	t0, sscratch		/* the interrupted tp */
	sd	t0, 4*8(sp)
	csrw	sscratch, tp		/* back to the invariant before anything can trap again */
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	li	t1, SSTATUS_SUM		/* a trap inside a user copy must not lend SUM to the handler */
	csrc	sstatus, t1
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop

	mv	a0, sp
	call	riscv_trap

	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	ld	ra, 1*8(sp)
	ld	gp, 3*8(sp)
	ld	tp, 4*8(sp)
	ld	t0, 5*8(sp)
	ld	t1, 6*8(sp)
	ld	t2, 7*8(sp)
	ld	s0, 8*8(sp)
	ld	s1, 9*8(sp)
	ld	a0, 10*8(sp)
	ld	a1, 11*8(sp)
	ld	a2, 12*8(sp)
	ld	a3, 13*8(sp)
	ld	a4, 14*8(sp)
	ld	a5, 15*8(sp)
	ld	a6, 16*8(sp)
	ld	a7, 17*8(sp)
	ld	s2, 18*8(sp)
	ld	s3, 19*8(sp)
	ld	s4, 20*8(sp)
	ld	s5, 21*8(sp)
	ld	s6, 22*8(sp)
	ld	s7, 23*8(sp)
	ld	s8, 24*8(sp)
	ld	s9, 25*8(sp)
	ld	s10, 26*8(sp)
	ld	s11, 27*8(sp)
	ld	t3, 28*8(sp)
	ld	t4, 29*8(sp)
	ld	t5, 30*8(sp)
	ld	t6, 31*8(sp)
	ld	sp, 2*8(sp)
	sret

/*
 * Probes: the first instruction of each is the one that may fault. riscv_trap() recognises a
 * fault whose sepc is one of them and resumes at riscv_probe_fixup, which returns 1.
 *   int riscv_probe_read(uintptr_t va, uint8_t *out);  int riscv_probe_write(uintptr_t va, uint8_t v);
 */
	.balign 4
	.global riscv_probe_read
riscv_probe_read:
	lbu	t0, 0(a0)
	sb	t0, 0(a1)
	li	a0, 0
	ret

	.global riscv_probe_write
riscv_probe_write:
	sb	a1, 0(a0)
	li	a0, 0
	ret

	.global riscv_probe_fixup
riscv_probe_fixup:
	li	a0, 1
	ret
