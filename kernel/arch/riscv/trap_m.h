/*
 * trap_m: machine-mode traps on riscv32 (no S-mode, no MMU). Owns the vector, the trap frame, the
 * fault probes and the minimal drop to user mode that the PMP self-test uses; processes enter
 * user mode through hal_user_enter (thread.c, switch.S, shared with riscv64). It does not own the
 * interrupt controllers (plic.c, timer_m.c). Private to kernel/arch/riscv.
 */
#ifndef RISCV_TRAP_M_H
#define RISCV_TRAP_M_H

#include <stdint.h>

/* What m_trap_vector saves (hal.h's struct trap_frame); the offsets are fixed by trap_m.S. */
struct trap_frame {
	uint32_t x[32]; /* x[0] unused; x[2] is the interrupted sp */
	uint32_t mepc, mcause, mtval, mstatus;
	uint32_t overflow; /* sp was outside the kernel stack: the frame is on the emergency stack */
	uint32_t pad[3];
};
_Static_assert(sizeof(struct trap_frame) == 160, "trap_m.S hard-codes the frame layout");

/* Kernel state saved by m_user_enter and restored by m_user_leave: ra, sp, s0-s11, and the
 * running thread's trap stack top (CPU_KSTACK_TOP), which the snippet borrows. */
struct m_user_ctx {
	uint32_t regs[14];
	uint32_t kstack_top;
};

/*
 * Runs fn(arg) in user mode on stack sp until it traps: the next trap from user mode ends up in
 * m_user_leave, which makes this call return the value handed to it. The caller sets up PMP first
 * (without a matching PMP entry, user mode can touch nothing at all).
 */
int m_user_enter(struct m_user_ctx *ctx, uintptr_t fn, uintptr_t sp, uintptr_t arg);
void m_user_leave(struct m_user_ctx *ctx, int value) __attribute__((noreturn));

/* Called by m_trap_vector. Returns to resume the interrupted code (with the frame's mepc). */
void m_trap(struct trap_frame *tf);

/* Set while a user-mode snippet runs: where a trap from user mode returns to, and what the
 * trap handler reports through. NULL otherwise. */
struct m_user_run {
	struct m_user_ctx ctx;
	struct trap_frame last; /* copy of the trap that ended the run */
};
extern struct m_user_run *m_user_current;

/* mcause values (privileged spec, table 3.6) the kernel names in reports. */
#define MCAUSE_INTERRUPT 0x80000000u
#define MCAUSE_FETCH_ACCESS 1u
#define MCAUSE_ILLEGAL 2u
#define MCAUSE_BREAKPOINT 3u
#define MCAUSE_LOAD_ACCESS 5u
#define MCAUSE_STORE_ACCESS 7u
#define MCAUSE_ECALL_U 8u
#define MCAUSE_ECALL_M 11u

const char *m_trap_cause_name(uint32_t mcause);

#endif
