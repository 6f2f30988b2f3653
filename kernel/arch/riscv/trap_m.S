/*
 * riscv32 machine-mode trap entry, the fault probes and the drop to user mode. One vector for
 * everything: mtvec is in vectored mode (the only mode the ESP32-C6 has), so exceptions land on
 * slot 0 and interrupt n on slot n; every slot jumps to the same entry, which reads mcause.
 *
 * mscratch always holds this hart's struct riscv_mcpu (riscv_m.h). Entry swaps it into tp, parks
 * t0/t1 there and decides where the frame goes: a trap from user mode starts at user_sp (set by
 * m_user_enter); a trap from machine mode continues on the interrupted stack when the frame fits
 * inside [stack_lo, stack_hi]. Otherwise the kernel stack has overflowed into the locked PMP guard
 * below it (or sp is garbage): pushing the frame would fault again forever, so the frame goes on
 * the emergency stack and is flagged, and m_trap reports a kernel stack overflow.
 */
#include "riscv_m.h"

#define TF_SIZE 160
#define TF_MEPC 128
#define TF_MCAUSE 132
#define TF_MTVAL 136
#define TF_MSTATUS 140
#define TF_OVERFLOW 144

	.section .text.trap, "ax"
	.balign 256
	.global m_trap_vector
m_trap_vector:
	.option push
	.option norvc		/* each slot must be exactly 4 bytes */
	.rept 32
	j	m_trap_entry
	.endr
	.option pop

m_trap_entry:
	csrrw	tp, mscratch, tp
	sw	t0, CPU_SAVE_T0(tp)
	sw	t1, CPU_SAVE_T1(tp)
	csrr	t0, mstatus
	li	t1, MSTATUS_MPP
	and	t0, t0, t1
	bnez	t0, .Lfrom_machine	/* MPP is M or U: these harts have no S-mode */
	lw	t0, CPU_KSTACK_TOP(tp)
	addi	t0, t0, -TF_SIZE
	li	t1, 0
	j	.Lsave
.Lfrom_machine:
	addi	t0, sp, -TF_SIZE
	lw	t1, CPU_STACK_LO(tp)
	bltu	t0, t1, .Lbad_stack
	lw	t1, CPU_STACK_HI(tp)
	bgtu	sp, t1, .Lbad_stack
	li	t1, 0
	j	.Lsave
.Lbad_stack:
	lw	t0, CPU_EMERG_TOP(tp)
	addi	t0, t0, -TF_SIZE
	li	t1, 1
.Lsave:
	sw	t1, TF_OVERFLOW(t0)
	sw	sp, 8(t0)
	mv	sp, t0
	sw	x1, 4(sp)
	sw	x3, 12(sp)
	sw	x7, 28(sp)
	sw	x8, 32(sp)
	sw	x9, 36(sp)
	sw	x10, 40(sp)
	sw	x11, 44(sp)
	sw	x12, 48(sp)
	sw	x13, 52(sp)
	sw	x14, 56(sp)
	sw	x15, 60(sp)
	sw	x16, 64(sp)
	sw	x17, 68(sp)
	sw	x18, 72(sp)
	sw	x19, 76(sp)
	sw	x20, 80(sp)
	sw	x21, 84(sp)
	sw	x22, 88(sp)
	sw	x23, 92(sp)
	sw	x24, 96(sp)
	sw	x25, 100(sp)
	sw	x26, 104(sp)
	sw	x27, 108(sp)
	sw	x28, 112(sp)
	sw	x29, 116(sp)
	sw	x30, 120(sp)
	sw	x31, 124(sp)
	lw	t0, CPU_SAVE_T0(tp)
	sw	t0, 20(sp)
	lw	t0, CPU_SAVE_T1(tp)
	sw	t0, 24(sp)
	csrr	t0, mscratch		/* the interrupted tp */
	sw	t0, 16(sp)
	csrw	mscratch, tp		/* back to the invariant before anything can trap again */
	csrr	t0, mepc
	sw	t0, TF_MEPC(sp)
	csrr	t0, mcause
	sw	t0, TF_MCAUSE(sp)
	csrr	t0, mtval
	sw	t0, TF_MTVAL(sp)
	csrr	t0, mstatus
	sw	t0, TF_MSTATUS(sp)
	li	t1, MSTATUS_MPRV	/* a trap inside a user copy must not lend MPRV to the handler */
	csrc	mstatus, t1
	.option push
	.option norelax
	la	gp, __global_pointer$	/* user code may have clobbered it */
	.option pop
	mv	a0, sp
	call	m_trap
	/* Resume the interrupted code (a user snippet's end goes through m_user_leave instead). */
	lw	t0, TF_MEPC(sp)
	csrw	mepc, t0
	lw	t0, TF_MSTATUS(sp)
	csrw	mstatus, t0
	lw	x1, 4(sp)
	lw	x3, 12(sp)
	lw	x4, 16(sp)
	lw	x5, 20(sp)
	lw	x6, 24(sp)
	lw	x7, 28(sp)
	lw	x8, 32(sp)
	lw	x9, 36(sp)
	lw	x10, 40(sp)
	lw	x11, 44(sp)
	lw	x12, 48(sp)
	lw	x13, 52(sp)
	lw	x14, 56(sp)
	lw	x15, 60(sp)
	lw	x16, 64(sp)
	lw	x17, 68(sp)
	lw	x18, 72(sp)
	lw	x19, 76(sp)
	lw	x20, 80(sp)
	lw	x21, 84(sp)
	lw	x22, 88(sp)
	lw	x23, 92(sp)
	lw	x24, 96(sp)
	lw	x25, 100(sp)
	lw	x26, 104(sp)
	lw	x27, 108(sp)
	lw	x28, 112(sp)
	lw	x29, 116(sp)
	lw	x30, 120(sp)
	lw	x31, 124(sp)
	lw	sp, 8(sp)
	mret

/*
 * Fault probes: m_probe_read_at / m_probe_write_at label the one access that may fault; m_trap
 * resumes such a fault at m_probe_fixup, which returns 1. mprv is 0 for an access with the
 * kernel's own (machine-mode) rights, or MSTATUS_MPRV for one checked against the PMP entries as
 * user mode would be: with MPRV set and MPP = user, loads and stores (not instruction fetches)
 * take user-mode permissions while the hart stays in machine mode. No other load or store happens
 * while MPRV is set. The caller masks interrupts.
 *   int m_probe_read(uintptr_t va, uint8_t *out, uint32_t mprv);
 *   int m_probe_write(uintptr_t va, uint8_t value, uint32_t mprv);
 */
	.text
	.global m_probe_read
m_probe_read:
	li	t1, MSTATUS_MPP
	csrc	mstatus, t1		/* MPP = user */
	csrs	mstatus, a2
	.global m_probe_read_at
m_probe_read_at:
	lbu	t0, 0(a0)
	csrc	mstatus, a2
	sb	t0, 0(a1)
	li	a0, 0
	ret

	.global m_probe_write
m_probe_write:
	li	t1, MSTATUS_MPP
	csrc	mstatus, t1
	csrs	mstatus, a2
	.global m_probe_write_at
m_probe_write_at:
	sb	a1, 0(a0)
	csrc	mstatus, a2
	li	a0, 0
	ret

	.global m_probe_fixup
m_probe_fixup:
	li	t1, MSTATUS_MPRV
	csrc	mstatus, t1
	li	a0, 1
	ret

/*
 * int m_user_enter(struct m_user_ctx *ctx, uintptr_t fn, uintptr_t sp, uintptr_t arg)
 * Saves the callee-saved state and the thread's trap stack top in ctx (a setjmp), makes the
 * current kernel stack the one the trap
 * that will end the run lands on, clears every register the user code could read kernel values
 * from, and mret's into fn with MPP = user and interrupts off.
 */
	.text
	.global m_user_enter
m_user_enter:
	sw	ra, 0(a0)
	sw	sp, 4(a0)
	sw	s0, 8(a0)
	sw	s1, 12(a0)
	sw	s2, 16(a0)
	sw	s3, 20(a0)
	sw	s4, 24(a0)
	sw	s5, 28(a0)
	sw	s6, 32(a0)
	sw	s7, 36(a0)
	sw	s8, 40(a0)
	sw	s9, 44(a0)
	sw	s10, 48(a0)
	sw	s11, 52(a0)
	la	t1, riscv_mcpu0
	lw	t0, CPU_KSTACK_TOP(t1)
	sw	t0, 56(a0)		/* the running thread's, put back by m_user_leave */
	andi	t0, sp, -16
	sw	t0, CPU_KSTACK_TOP(t1)	/* trap stack: below everything this call still needs */
	csrw	mepc, a1
	li	t0, 0x1880		/* MPP (bits 12:11) = 0 (user), MPIE (bit 7) = 0 */
	csrc	mstatus, t0
	mv	sp, a2
	mv	a0, a3
	riscv_scrub_user_regs
	mret

/* void m_user_leave(struct m_user_ctx *ctx, int value): the longjmp back into m_user_enter's
 * caller, from the trap handler's stack. */
	.global m_user_leave
m_user_leave:
	lw	ra, 0(a0)
	lw	sp, 4(a0)
	lw	s0, 8(a0)
	lw	s1, 12(a0)
	lw	s2, 16(a0)
	lw	s3, 20(a0)
	lw	s4, 24(a0)
	lw	s5, 28(a0)
	lw	s6, 32(a0)
	lw	s7, 36(a0)
	lw	s8, 40(a0)
	lw	s9, 44(a0)
	lw	s10, 48(a0)
	lw	s11, 52(a0)
	lw	t0, 56(a0)
	la	t1, riscv_mcpu0
	sw	t0, CPU_KSTACK_TOP(t1)
	mv	a0, a1
	ret
