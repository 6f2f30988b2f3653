/*
 * riscv_m: the riscv32 machine-mode port's mstatus/mie bits and its one per-CPU area (the riscv64 S-mode port has riscv.h; CSR access and what else both share is in
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

#ifndef __ASSEMBLY__
/* The boot hart's per-CPU area (entry_m.S: valid from the first instruction). */
extern struct riscv_cpu riscv_mcpu0;

static inline struct riscv_cpu *riscv_cpu_this(void)
{
	return &riscv_mcpu0;
}
#endif

#endif
