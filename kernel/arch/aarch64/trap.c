/*
 * aarch64 traps: decodes what vectors.S saved into struct trap_info for the portable trap_fault(),
 * hands system calls (SVC from EL0) to syscall_entry(), routes interrupts to the GIC code, resumes
 * faulting probes and user copies at their fixups, and reports kernel stack overflows caught on the
 * emergency stack. Every exception that returns passes the scheduler's preemption point first.
 */
#include <console.h>
#include <err.h>
#include <hal.h>
#include <panic.h>
#include "arch.h"

/* What vectors.S passes as kind; the numbers match its KIND_* definitions. */
enum {
	KIND_EL1_SYNC,
	KIND_EL1_IRQ,
	KIND_EL1_FIQ,
	KIND_EL1_SERROR,
	KIND_EL0_SYNC,
	KIND_EL0_IRQ,
	KIND_EL0_FIQ,
	KIND_EL0_SERROR,
	KIND_UNEXPECTED,
};

/* vectors.S */
extern char vectors[];
bool probe_read8(uintptr_t va, uint8_t *out);
bool probe_write8(uintptr_t va, uint8_t value);
/* kernel.ld: pairs of (faulting instruction, where to resume). */
extern const uint64_t __fixup_start[], __fixup_end[];
extern char __boot_stack_bottom[];

void trap_entry(struct trap_frame *tf, unsigned kind);
void trap_stack_overflow(struct trap_frame *tf) __attribute__((noreturn));

/* The fault the last failed probe took; probes run one at a time on the boot CPU. */
static struct trap_info probe_fault;

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)
#define ISS_FSC(iss) ((iss) & 0x3f)
#define ISS_WNR (1u << 6)
#define ISS_FNV (1u << 10) /* FAR not valid */

void hal_trap_init(void)
{
	kstack_limit = (uint64_t)__boot_stack_bottom;
	sysreg_write(vbar_el1, (uint64_t)vectors);
	/* CPACR_EL1.FPEN = 0: FP/SIMD traps at EL0 and EL1. The kernel is built without FP and
	 * saves no FP state across switches, so a user FP instruction must fault (and be reported),
	 * never run on registers another thread may own. Firmware (UEFI) may have left it enabled. */
	sysreg_write(cpacr_el1, 0);
	isb();
	/* Let asynchronous aborts (SError) be reported instead of staying pending forever. */
	__asm__ volatile("msr daifclr, #0x4" ::: "memory");
}

/* Names an abort from its fault status code: the kind of failure, for data or instruction. */
static const char *abort_name(unsigned fsc, bool data)
{
	switch (fsc & 0x3c) {
	case 0x04:
		return data ? "page fault (data abort: translation fault)"
			    : "page fault (instruction abort: translation fault)";
	case 0x08:
		return data ? "data abort: access flag fault" : "instruction abort: access flag fault";
	case 0x0c:
		return data ? "page fault (data abort: permission fault)"
			    : "page fault (instruction abort: permission fault)";
	case 0x00:
		return data ? "data abort: address size fault" : "instruction abort: address size fault";
	}
	if (fsc == 0x10 || (fsc & 0x3c) == 0x14)
		return data ? "data abort: synchronous external abort"
			    : "instruction abort: synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	if (fsc == 0x30)
		return data ? "data abort: TLB conflict" : "instruction abort: TLB conflict";
	return data ? "data abort" : "instruction abort";
}

static void decode(const struct trap_frame *tf, bool user, struct trap_info *ti)
{
	uint64_t esr = tf->esr;
	unsigned ec = ESR_EC(esr), iss = ESR_ISS(esr);
	*ti = (struct trap_info){ .pc = tf->elr, .user = user, .code = esr };
	switch (ec) {
	case EC_DABT_LOWER:
	case EC_DABT_SAME:
		ti->what = abort_name(ISS_FSC(iss), true);
		ti->has_addr = !(iss & ISS_FNV);
		ti->addr = tf->far;
		/* Cache maintenance reports WnR = 1; it is not a store. */
		ti->write = (iss & ISS_WNR) && !(iss & (1u << 8));
		break;
	case EC_IABT_LOWER:
	case EC_IABT_SAME:
		ti->what = abort_name(ISS_FSC(iss), false);
		ti->has_addr = !(iss & ISS_FNV);
		ti->addr = tf->far;
		break;
	case EC_PC_ALIGN:
		ti->what = "misaligned pc";
		ti->has_addr = true;
		ti->addr = tf->far;
		break;
	case EC_SP_ALIGN:
		ti->what = "misaligned stack pointer";
		break;
	case EC_UNKNOWN:
		ti->what = "undefined instruction";
		break;
	case EC_FP:
		ti->what = "FP/SIMD instruction while the FP unit is off";
		break;
	case EC_ILLEGAL_STATE:
		ti->what = "illegal execution state";
		break;
	case EC_SVC64:
		ti->what = "system call from kernel mode";
		break;
	case EC_SYSREG:
		ti->what = "trapped system register access";
		break;
	case EC_WFX:
		ti->what = "trapped WFI/WFE";
		break;
	case EC_BRK:
		ti->what = "breakpoint instruction";
		break;
	default:
		ti->what = "unhandled synchronous exception";
		break;
	}
}

/* A faulting kernel access that has a fixup resumes there, the fault recorded for the probe. */
static bool fixup(struct trap_frame *tf, const struct trap_info *ti)
{
	for (const uint64_t *f = __fixup_start; f < __fixup_end; f += 2) {
		if (f[0] == tf->elr) {
			probe_fault = *ti;
			tf->elr = f[1];
			return true;
		}
	}
	return false;
}

/* The boot stack's guard page, or the unmapped page below the running thread's kernel stack. */
static bool in_stack_guard(uint64_t addr)
{
	uintptr_t guard = mmu_stack_guard();
	if (addr >= guard && addr - guard < PAGE_SIZE)
		return true;
	return addr < kstack_limit && kstack_limit - addr <= PAGE_SIZE;
}

/* SVC from EL0: x8 is the number, x0..x5 the arguments, x0 the result (ferrite/syscall.h).
 * The handler may sleep or switch, so it runs with interrupts enabled; SVC #0 only, other
 * immediates are reserved. */
static void syscall(struct trap_frame *tf)
{
	struct syscall_frame f = { .num = tf->x[8] };
	for (int i = 0; i < 6; i++)
		f.arg[i] = tf->x[i];
	if (ESR_ISS(tf->esr) & 0xffff) {
		f.ret = ERR_INVAL;
	} else {
		__asm__ volatile("msr daifclr, #2" ::: "memory");
		syscall_entry(&f);
		__asm__ volatile("msr daifset, #2" ::: "memory");
	}
	tf->x[0] = (uint64_t)f.ret;
}

static void sync_exception(struct trap_frame *tf, bool user)
{
	struct trap_info ti;
	decode(tf, user, &ti);
	unsigned ec = ESR_EC(tf->esr);
	if (!user && ec == EC_DABT_SAME && fixup(tf, &ti))
		return;
	/* A stack access into the guard page with the frame still fitting above the limit (a store
	 * below sp, say) reaches here rather than the emergency path; it is the same bug. */
	if (!user && ti.has_addr && in_stack_guard(ti.addr))
		ti.what = "kernel stack overflow";
	trap_fault(&ti, tf);
}

/* The report of an exception nobody handles (does not return for a user one). */
static void unhandled(struct trap_frame *tf, unsigned kind, const char *what)
{
	struct trap_info ti = { .pc = tf->elr, .code = tf->esr, .what = what,
				.user = kind >= KIND_EL0_SYNC && kind <= KIND_EL0_SERROR };
	trap_fault(&ti, tf);
}

void trap_entry(struct trap_frame *tf, unsigned kind)
{
	switch (kind) {
	case KIND_EL0_SYNC:
		if (ESR_EC(tf->esr) == EC_SVC64) {
			syscall(tf);
			break;
		}
		sync_exception(tf, true); /* a user fault: kills the process, does not return */
		break;
	case KIND_EL1_SYNC:
		sync_exception(tf, false);
		break;
	case KIND_EL1_IRQ:
	case KIND_EL0_IRQ:
		gic_handle_irq();
		break;
	case KIND_EL1_FIQ:
	case KIND_EL0_FIQ:
		unhandled(tf, kind, "FIQ (interrupts are configured as IRQs only)");
		break;
	case KIND_EL1_SERROR:
	case KIND_EL0_SERROR:
		unhandled(tf, kind, "SError (asynchronous external abort)");
		break;
	default:
		unhandled(tf, kind, "exception on SP_EL0 or from AArch32");
		break;
	}
	/* Interrupts are masked here (exception entry masked them; syscall() masks them again).
	 * A switch saves this handler's state on the thread's kernel stack; the frame's elr and
	 * spsr are reloaded from tf on the way out, so another thread's exceptions in between do
	 * not matter. */
	sched_preempt_point();
}

void trap_stack_overflow(struct trap_frame *tf)
{
	struct trap_info ti;
	decode(tf, false, &ti);
	ti.what = "kernel stack overflow";
	kprintf("\ntrap: kernel stack overflow (sp 0x%llx), now on the emergency stack\n",
		(unsigned long long)tf->sp);
	trap_fault(&ti, tf);
	panic("trap_fault returned from a kernel stack overflow");
}

void hal_trap_dump(const struct trap_frame *tf)
{
	for (int i = 0; i < 31; i += 4) {
		kprintf(" ");
		for (int j = i; j < i + 4 && j < 31; j++)
			kprintf(" x%-2d %016llx", j, (unsigned long long)tf->x[j]);
		kprintf("\n");
	}
	kprintf("  sp  %016llx elr %016llx spsr %08llx\n", (unsigned long long)tf->sp,
		(unsigned long long)tf->elr, (unsigned long long)tf->spsr);
	kprintf("  esr %08llx (EC 0x%02llx ISS 0x%07llx) far %016llx\n", (unsigned long long)tf->esr,
		(unsigned long long)ESR_EC(tf->esr), (unsigned long long)ESR_ISS(tf->esr),
		(unsigned long long)tf->far);
}

bool hal_probe_read(uintptr_t va, uint8_t *value, struct trap_info *fault)
{
	uint8_t v;
	if (probe_read8(va, &v)) {
		*value = v;
		return true;
	}
	*fault = probe_fault;
	return false;
}

bool hal_probe_write(uintptr_t va, uint8_t value, struct trap_info *fault)
{
	if (probe_write8(va, value))
		return true;
	*fault = probe_fault;
	return false;
}
