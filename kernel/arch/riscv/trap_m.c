/*
 * riscv32 machine-mode trap handling. With the kernel core (qemu-virt-riscv32), interrupts go to
 * the CLINT timer and the PLIC; with threads, an ecall from user mode is a system call and every
 * other trap is decoded into struct trap_info for trap_fault(), which ends a faulting process and
 * panics for a kernel fault; fault probes and user copies are resumed; and the scheduler gets its
 * preemption point on the way out. A trap from a pmp-test user snippet ends the snippet. Without
 * the core (the ESP32-C6 build, whose timer and interrupt matrix are not written yet) any trap
 * from machine mode panics with the cause spelled out.
 */
#include <hal.h>
#include <console.h>
#include <panic.h>
#include <stdbool.h>
#include <sched.h>
#include <stddef.h>
#include "riscv_m.h"
#include "trap_m.h"

_Static_assert(offsetof(struct riscv_cpu, save_t0) == CPU_SAVE_T0, "trap_m.S offsets");
_Static_assert(offsetof(struct riscv_cpu, save_t1) == CPU_SAVE_T1, "trap_m.S offsets");
_Static_assert(offsetof(struct riscv_cpu, stack_lo) == CPU_STACK_LO, "trap_m.S offsets");
_Static_assert(offsetof(struct riscv_cpu, stack_hi) == CPU_STACK_HI, "trap_m.S offsets");
_Static_assert(offsetof(struct riscv_cpu, emerg_top) == CPU_EMERG_TOP, "trap_m.S offsets");
_Static_assert(offsetof(struct riscv_cpu, kstack_top) == CPU_KSTACK_TOP, "trap_m.S offsets");
_Static_assert(offsetof(struct trap_frame, mepc) == 128, "trap_m.S offsets");
_Static_assert(offsetof(struct trap_frame, overflow) == 144, "trap_m.S offsets");

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

#ifdef CONFIG_ARCH_CORE
int m_probe_read(uintptr_t va, uint8_t *out, uint32_t mprv);
int m_probe_write(uintptr_t va, uint8_t value, uint32_t mprv);
extern char m_probe_read_at[], m_probe_write_at[], m_probe_fixup[];

/* The fault the last probe took (one hart, probes do not nest). */
static struct trap_info probe_fault;

void hal_trap_init(void)
{
	/* entry_m.S installed the vector and the per-CPU area before any C ran; nothing is left but
	 * to say so. The guard below the stack is locked by hal_mmu_init (it needs the PMP). */
	kprintf("trap: M-mode vector at 0x%08lx (vectored), kernel stack 0x%08x-0x%08x, "
		"overflow stack ready\n", csr_read(mtvec) & ~3ul, (unsigned)riscv_mcpu0.stack_lo,
		(unsigned)riscv_mcpu0.stack_hi);
}

/* The names riscv64 uses, so reports read the same on both. */
static const char *exception_name(uint32_t code)
{
	switch (code) {
	case 0:
	case 4:
	case 6:
		return "alignment fault";
	case MCAUSE_FETCH_ACCESS:
		return "instruction access fault";
	case MCAUSE_ILLEGAL:
		return "undefined instruction";
	case MCAUSE_BREAKPOINT:
		return "breakpoint";
	case MCAUSE_LOAD_ACCESS:
	case MCAUSE_STORE_ACCESS:
		return "access fault";
	case MCAUSE_ECALL_U:
	case MCAUSE_ECALL_M:
		return "environment call";
	default:
		return "unknown exception";
	}
}

static void interrupt(uint32_t code)
{
	switch (code) {
	case IRQ_M_TIMER:
		riscv_timer_interrupt();
		break;
	case IRQ_M_EXT:
		riscv_plic_interrupt();
		break;
	default:
		/* No software interrupts are sent, and nothing else is enabled in mie: count it,
		 * and take the source out of mie so a stuck one cannot stop the kernel. */
		if (code < 32)
			csr_clear(mie, 1ul << code);
		irq_spurious();
		break;
	}
}

#ifdef CONFIG_ARCH_THREADS
extern char riscv_user_copy_start[], riscv_user_copy_end[], riscv_user_copy_fixup[];

/* ecall from U-mode: a7 is the number, a0-a5 the arguments, a0 the result (ferrite/syscall.h).
 * The handler may sleep or switch, so interrupts are on while it runs. */
static void user_syscall(struct trap_frame *tf)
{
	struct syscall_frame f = { .num = tf->x[17] };
	for (unsigned i = 0; i < 6; i++)
		f.arg[i] = tf->x[10 + i];
	tf->mepc += 4; /* resume after the ecall, which has no compressed form */
	hal_irq_enable();
	syscall_entry(&f);
	hal_irq_disable();
	tf->x[10] = (uint32_t)f.ret;
}

/* A user copy (switch.S) that touched memory the current space does not grant: the copy fails
 * with ERR_FAULT instead of the kernel. */
static bool user_copy_fault(struct trap_frame *tf)
{
	if (tf->mcause != MCAUSE_LOAD_ACCESS && tf->mcause != MCAUSE_STORE_ACCESS)
		return false;
	if (tf->mepc < (uintptr_t)riscv_user_copy_start || tf->mepc >= (uintptr_t)riscv_user_copy_end)
		return false;
	tf->mepc = (uintptr_t)riscv_user_copy_fixup;
	tf->mstatus &= ~(uint32_t)MSTATUS_MPRV;
	return true;
}
#endif

static void fault(struct trap_frame *tf, bool from_user)
{
	uint32_t cause = tf->mcause;
	/* mtval holds the address for misaligned and access faults, data and fetch alike. */
	bool addr = cause <= 7 && cause != MCAUSE_ILLEGAL && cause != MCAUSE_BREAKPOINT;
	struct trap_info ti = {
		.what = tf->overflow ? "kernel stack overflow" : exception_name(cause),
		.pc = tf->mepc,
		.addr = addr ? tf->mtval : 0,
		.has_addr = addr,
		.write = cause == 6 || cause == MCAUSE_STORE_ACCESS,
		.user = from_user,
		.code = cause,
	};
	if (!from_user && !tf->overflow &&
	    (tf->mepc == (uintptr_t)m_probe_read_at || tf->mepc == (uintptr_t)m_probe_write_at)) {
		probe_fault = ti;
		tf->mepc = (uintptr_t)m_probe_fixup;
		tf->mstatus &= ~(uint32_t)MSTATUS_MPRV;
		return;
	}
#ifdef CONFIG_ARCH_THREADS
	if (!from_user && !tf->overflow && user_copy_fault(tf))
		return;
#endif
	/* For a user fault this ends the process and does not return. */
	trap_fault(&ti, tf);
}
#endif

void m_trap(struct trap_frame *tf)
{
	bool from_user = (tf->mstatus & MSTATUS_MPP) == 0;
	if (from_user && m_user_current) {
		struct m_user_run *run = m_user_current;
		m_user_current = NULL;
		run->last = *tf;
		m_user_leave(&run->ctx, 1);
	}
#ifdef CONFIG_ARCH_CORE
	if (tf->mcause & MCAUSE_INTERRUPT)
		interrupt(tf->mcause & ~MCAUSE_INTERRUPT);
#ifdef CONFIG_ARCH_THREADS
	else if (from_user && tf->mcause == MCAUSE_ECALL_U)
		user_syscall(tf);
#endif
	else
		fault(tf, from_user);
#ifdef CONFIG_ARCH_THREADS
	/* Interrupts are masked again here whatever the trap did; the interrupted context resumes
	 * only when the scheduler gives this thread the CPU back. A context that had interrupts
	 * masked (MPIE clear: a probe inside a critical section, perhaps under the scheduler lock)
	 * is not one the scheduler may switch away from; user mode always runs with them on. */
	if (tf->mstatus & MSTATUS_MPIE)
		sched_preempt_point();
#endif
#else
	panic("%s trap in %s mode: mcause 0x%08x (%s), mtval 0x%08x, mepc 0x%08x%s",
	      tf->mcause & MCAUSE_INTERRUPT ? "unexpected" : "fatal", from_user ? "user" : "machine",
	      (unsigned)tf->mcause, m_trap_cause_name(tf->mcause), (unsigned)tf->mtval,
	      (unsigned)tf->mepc, tf->overflow ? " (kernel stack overflow)" : "");
#endif
}

#ifdef CONFIG_ARCH_CORE
/* Whether a user space is current: then a probe checks that space's PMP grants (mmu_m.c). */
bool riscv_probe_as_user(void);

static bool probe(uintptr_t va, uint8_t *value, bool write, struct trap_info *fault)
{
	uint32_t mprv = riscv_probe_as_user() ? MSTATUS_MPRV : 0;
	/* No interrupt handler may run with MPRV set: its loads and stores would be checked as
	 * user mode's. */
	unsigned long was = csr_read(mstatus) & MSTATUS_MIE;
	csr_clear(mstatus, MSTATUS_MIE);
	int r = write ? m_probe_write(va, *value, mprv) : m_probe_read(va, value, mprv);
	csr_set(mstatus, was);
	if (r == 0)
		return true;
	*fault = probe_fault;
	return false;
}

bool hal_probe_read(uintptr_t va, uint8_t *value, struct trap_info *fault)
{
	uint8_t v = 0;
	if (!probe(va, &v, false, fault))
		return false;
	*value = v;
	return true;
}

bool hal_probe_write(uintptr_t va, uint8_t value, struct trap_info *fault)
{
	return probe(va, &value, true, fault);
}

void hal_trap_dump(const struct trap_frame *tf)
{
	static const char *const names[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
		"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
		"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};
	kprintf("  mepc %08x  mstatus %08x  mcause %08x (%s)  mtval %08x\n", (unsigned)tf->mepc,
		(unsigned)tf->mstatus, (unsigned)tf->mcause, m_trap_cause_name(tf->mcause),
		(unsigned)tf->mtval);
	for (int i = 1; i < 32; i++)
		kprintf("  %-4s %08x%s", names[i], (unsigned)tf->x[i],
			i % 6 == 0 || i == 31 ? "\n" : "");
}
#endif
