/*
 * riscv32 machine-mode trap handling. A trap from user mode ends the running user snippet (there
 * are no processes to signal yet); a trap from machine mode is a kernel bug and panics with the
 * cause spelled out, so a bad pointer shows up as a readable report rather than a silent hang.
 */
#include <panic.h>
#include <stdbool.h>
#include <stddef.h>
#include "trap_m.h"

#define MSTATUS_MPP_MASK (3u << 11)

struct m_user_run *m_user_current;

const char *m_trap_cause_name(uint32_t mcause)
{
	if (mcause & MCAUSE_INTERRUPT)
		return "interrupt";
	switch (mcause) {
	case 0: return "instruction address misaligned";
	case MCAUSE_FETCH_ACCESS: return "instruction access fault";
	case MCAUSE_ILLEGAL: return "illegal instruction";
	case MCAUSE_BREAKPOINT: return "breakpoint";
	case 4: return "load address misaligned";
	case MCAUSE_LOAD_ACCESS: return "load access fault";
	case 6: return "store address misaligned";
	case MCAUSE_STORE_ACCESS: return "store access fault";
	case MCAUSE_ECALL_U: return "ecall from user mode";
	case MCAUSE_ECALL_M: return "ecall from machine mode";
	default: return "unknown cause";
	}
}

void m_trap(struct m_trap_frame *tf)
{
	bool from_user = (tf->mstatus & MSTATUS_MPP_MASK) == 0;
	if (from_user && m_user_current) {
		struct m_user_run *run = m_user_current;
		m_user_current = NULL;
		run->last = *tf;
		m_user_leave(&run->ctx, 1);
	}
	panic("%s trap in %s mode: mcause 0x%08x (%s), mtval 0x%08x, mepc 0x%08x",
	      tf->mcause & MCAUSE_INTERRUPT ? "unexpected" : "fatal", from_user ? "user" : "machine",
	      (unsigned)tf->mcause, m_trap_cause_name(tf->mcause), (unsigned)tf->mtval,
	      (unsigned)tf->mepc);
}
