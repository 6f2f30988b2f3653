/*
 * riscv64 traps for hal.h: installs the S-mode vector (vectors.S), decodes scause/stval/sepc into
 * struct trap_info, sends interrupts to the timer and the PLIC, runs system calls, resumes fault
 * probes and user copies, and offers the scheduler its preemption point on the way out.
 */
#include <hal.h>
#include <console.h>
#include <irq.h>
#include <stddef.h>
#include "riscv.h"

#define SCAUSE_INTERRUPT (1ul << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define EXC_ECALL_U 8

_Static_assert(offsetof(struct riscv_cpu, save_t0) == CPU_SAVE_T0, "vectors.S offsets");
_Static_assert(offsetof(struct riscv_cpu, save_t1) == CPU_SAVE_T1, "vectors.S offsets");
_Static_assert(offsetof(struct riscv_cpu, stack_lo) == CPU_STACK_LO, "vectors.S offsets");
_Static_assert(offsetof(struct riscv_cpu, stack_hi) == CPU_STACK_HI, "vectors.S offsets");
_Static_assert(offsetof(struct riscv_cpu, emerg_top) == CPU_EMERG_TOP, "vectors.S offsets");
_Static_assert(offsetof(struct trap_frame, sepc) == TF_SEPC, "vectors.S offsets");
_Static_assert(offsetof(struct trap_frame, stval) == TF_STVAL, "vectors.S offsets");
_Static_assert(offsetof(struct trap_frame, overflow) == TF_OVERFLOW, "vectors.S offsets");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE && TF_SIZE % 16 == 0, "vectors.S frame");

extern char riscv_trap_vector[];
int riscv_probe_read(uintptr_t va, uint8_t *out);
int riscv_probe_write(uintptr_t va, uint8_t value);
extern char riscv_probe_fixup[];
extern char riscv_user_copy_start[], riscv_user_copy_end[], riscv_user_copy_fixup[];
void riscv_trap(struct trap_frame *tf);

/* One CPU for now; SMP gives each hart its own, found through sscratch. */
static struct riscv_cpu cpu0;
/* Where a trap runs when the kernel stack is gone: big enough for trap_fault() and panic(). */
static uint8_t emergency_stack[8192] __attribute__((aligned(16)));
/* The fault the last probe took (one CPU, probes do not nest). */
static struct trap_info probe_fault;

void hal_trap_init(void)
{
	cpu0.stack_lo = (uintptr_t)__boot_stack_bottom;
	cpu0.stack_hi = (uintptr_t)__boot_stack_top;
	cpu0.emerg_top = (uintptr_t)(emergency_stack + sizeof emergency_stack);
	csr_write(sscratch, &cpu0);
	/* The kernel is integer-only and saves no FP state: FS stays Off everywhere, so a user FP
	 * instruction is an illegal instruction. SUM opens only inside the user copy loop. */
	csr_clear(sstatus, SSTATUS_FS | SSTATUS_SUM);
	/* The vector is 4-byte aligned, so the low bits (the mode) read as "direct". */
	csr_write(stvec, riscv_trap_vector);
}

static const char *exception_name(uint64_t code)
{
	switch (code) {
	case 0:
	case 4:
	case 6:
		return "alignment fault";
	case 1:
		return "instruction access fault";
	case 2:
		return "undefined instruction";
	case 3:
		return "breakpoint";
	case 5:
	case 7:
		return "access fault";
	case 8:
	case 9:
		return "environment call";
	case 12:
		return "instruction page fault";
	case 13:
	case 15:
		return "page fault";
	default:
		return "unknown exception";
	}
}

static void interrupt(uint64_t code)
{
	switch (code) {
	case IRQ_S_TIMER:
		riscv_timer_interrupt();
		break;
	case IRQ_S_EXT:
		riscv_plic_interrupt();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		irq_spurious(); /* no IPIs are sent yet */
		break;
	default:
		irq_spurious();
		break;
	}
}

/* ecall from U-mode: a7 is the number, a0-a5 the arguments, a0 the result (ferrite/syscall.h).
 * The handler may sleep or switch, so interrupts are on while it runs. */
static void user_syscall(struct trap_frame *tf)
{
	struct syscall_frame f = { .num = tf->x[17] };
	for (unsigned i = 0; i < 6; i++)
		f.arg[i] = tf->x[10 + i];
	tf->sepc += 4; /* resume after the ecall, which has no compressed form */
	csr_set(sstatus, SSTATUS_SIE); /* hal_irq_enable/disable, inline on this path */
	syscall_entry(&f);
	csr_clear(sstatus, SSTATUS_SIE);
	tf->x[10] = (uint64_t)f.ret;
}

static void trap(struct trap_frame *tf)
{
	uint64_t cause = tf->scause;
	if (cause & SCAUSE_INTERRUPT) {
		interrupt(cause & ~SCAUSE_INTERRUPT);
		return;
	}
	bool user = !(tf->sstatus & SSTATUS_SPP);
	if (user && cause == EXC_ECALL_U) {
		user_syscall(tf);
		return;
	}
	/* stval holds the address for misaligned, access and page faults (data and fetch). */
	bool addr = cause <= 7 ? cause != 2 && cause != 3 : cause == 12 || cause == 13 || cause == 15;
	struct trap_info ti = {
		.what = tf->overflow ? "kernel stack overflow" : exception_name(cause),
		.pc = tf->sepc,
		.addr = addr ? tf->stval : 0,
		.has_addr = addr,
		.write = cause == 6 || cause == 7 || cause == 15,
		.user = user,
		.code = cause,
	};
	if (!user && !tf->overflow &&
	    (tf->sepc == (uintptr_t)riscv_probe_read || tf->sepc == (uintptr_t)riscv_probe_write)) {
		probe_fault = ti;
		tf->sepc = (uintptr_t)riscv_probe_fixup;
		return;
	}
	/* A user copy touching a bad user address fails the copy, not the kernel. */
	if (!user && !tf->overflow && addr && tf->stval < USER_VA_END &&
	    tf->sepc >= (uintptr_t)riscv_user_copy_start && tf->sepc < (uintptr_t)riscv_user_copy_end) {
		tf->sepc = (uintptr_t)riscv_user_copy_fixup;
		return;
	}
	/* For a user fault this ends the process and does not return. */
	trap_fault(&ti, tf);
}

void riscv_trap(struct trap_frame *tf)
{
	trap(tf);
	/* Interrupts are masked again here whatever the trap did; the interrupted context, kernel
	 * or user, resumes only when the scheduler gives this thread the CPU back. A context that
	 * had interrupts masked (SPIE clear: a probe inside a critical section, perhaps under the
	 * scheduler lock) is not one the scheduler may switch away from; interrupts and traps from
	 * U-mode always have SPIE set. */
	if (tf->sstatus & SSTATUS_SPIE)
		sched_preempt_point();
}

bool hal_probe_read(uintptr_t va, uint8_t *value, struct trap_info *fault)
{
	uint8_t v;
	if (riscv_probe_read(va, &v) == 0) {
		*value = v;
		return true;
	}
	*fault = probe_fault;
	return false;
}

bool hal_probe_write(uintptr_t va, uint8_t value, struct trap_info *fault)
{
	if (riscv_probe_write(va, value) == 0)
		return true;
	*fault = probe_fault;
	return false;
}

void hal_trap_dump(const struct trap_frame *tf)
{
	static const char *const names[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
		"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
		"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};
	kprintf("  sepc    %016llx  sstatus %016llx  scause  %016llx  stval   %016llx\n",
		(unsigned long long)tf->sepc, (unsigned long long)tf->sstatus,
		(unsigned long long)tf->scause, (unsigned long long)tf->stval);
	for (int i = 1; i < 32; i++)
		kprintf("  %-4s %016llx%s", names[i], (unsigned long long)tf->x[i],
			i % 4 == 3 || i == 31 ? "\n" : "");
}
