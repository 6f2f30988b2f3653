/*
 * riscv_m: the riscv32 machine-mode port's mstatus/mie bits and the per-CPU area the trap entry
 * uses (the riscv64 S-mode port has riscv.h; CSR access and what else both share is in
 * riscv_common.h). Private to kernel/arch/riscv. Included by assembly too, so everything above
 * the C section is plain #defines.
 */
#ifndef RISCV_RISCV_M_H
#define RISCV_RISCV_M_H

#include "riscv_common.h"

#define MSTATUS_MIE (1 << 3)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP (3 << 11)
#define MSTATUS_MPRV (1 << 17)

/* mie / mip bits, which are also the interrupt cause numbers. */
#define IRQ_M_SOFT 3
#define IRQ_M_TIMER 7
#define IRQ_M_EXT 11
#define MIE_MSIE (1 << IRQ_M_SOFT)
#define MIE_MTIE (1 << IRQ_M_TIMER)
#define MIE_MEIE (1 << IRQ_M_EXT)

/* The per-CPU area mscratch points at whenever the hart runs in machine mode or user mode (offsets
 * for trap_m.S). */
#define MCPU_SAVE_T0 0
#define MCPU_SAVE_T1 4
#define MCPU_STACK_LO 8   /* lowest valid address of the current kernel stack */
#define MCPU_STACK_HI 12  /* one past its highest */
#define MCPU_EMERG_TOP 16 /* top of the stack the overflow handler runs on */
#define MCPU_USER_SP 20   /* where a trap from user mode puts its frame (top of a kernel stack) */

#ifndef __ASSEMBLY__
#include <stdint.h>

struct riscv_mcpu {
	uint32_t save_t0, save_t1;
	uint32_t stack_lo, stack_hi;
	uint32_t emerg_top;
	uint32_t user_sp;
};

extern struct riscv_mcpu riscv_mcpu0;

#endif

#endif
