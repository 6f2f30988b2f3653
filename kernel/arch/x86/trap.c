/*
 * x86 traps for hal.h: the IDT, decoding of the 32 exceptions into struct trap_info, the register
 * dump, the fault-catching probes, and interrupt dispatch (LAPIC timer, IOAPIC lines, spurious
 * vectors). The entry stubs are vectors_32.S / vectors_64.S.
 *
 * Kernel stack overflow: x86_64 runs #PF and #DF on IST stacks (cpu.c), so the handler has a stack
 * even when the faulting code had none; i386 gets there through the double-fault task. Either way
 * a fault address inside the guard page below the boot stack is reported as the overflow it is.
 */
#include "x86.h"
#include <console.h>
#include <mem.h>
#include <panic.h>
#ifdef CONFIG_ARCH_THREADS
#include <sched.h>
#endif

/* Saved by vectors_*.S; the field order is the reverse of the push order there. */
#ifdef __x86_64__
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t ip, cs, flags, sp, ss; /* pushed by the CPU */
};
#define IST_DF 1
#define IST_PF 2
#else
struct trap_frame {
	uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	uint32_t gs, fs, es, ds; /* the interrupted code's (user programs may load their own) */
	uint32_t vector, error;
	uint32_t ip, cs, flags; /* pushed by the CPU */
	uint32_t user_sp, user_ss; /* only when entered from ring 3 */
};
#endif

enum { VEC_DF = 8, VEC_GP = 13, VEC_PF = 14 };

/* #PF error code bits (Intel SDM vol. 3, 4.7). */
#define PF_P (1u << 0)
#define PF_W (1u << 1)
#define PF_U (1u << 2)
#define PF_RSVD (1u << 3)
#define PF_I (1u << 4)

static const char *const exception_names[32] = {
	"divide error", "debug exception", "non-maskable interrupt", "breakpoint",
	"overflow", "bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack-segment fault", "general protection fault", "page fault", "reserved exception 15",
	"x87 floating-point error", "alignment check", "machine check", "SIMD floating-point error",
	"virtualization exception", "control protection exception", "reserved exception 22",
	"reserved exception 23", "reserved exception 24", "reserved exception 25",
	"reserved exception 26", "reserved exception 27", "hypervisor injection exception",
	"VMM communication exception", "security exception", "reserved exception 31",
};

extern char x86_vectors[];
extern char x86_probe_read_insn[], x86_probe_write_insn[], x86_probe_fixup[];
extern char x86_copy_user_insn[], x86_copy_user_tail[], x86_copy_user_fixup[];
bool x86_probe_read(uintptr_t va, uint8_t *out);
bool x86_probe_write(uintptr_t va, uint8_t value);
void x86_trap(struct trap_frame *tf);
void x86_double_fault_task(void);

#ifdef __x86_64__
struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
};
#else
struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
};
#endif
static struct idt_gate idt[256];

#define GATE_INTR 0x8e /* present, ring 0, interrupt gate (IF cleared on entry) */
#define GATE_TASK 0x85 /* present, ring 0, task gate */
#define GATE_USER_INTR 0xee /* present, ring 3 may `int` to it, interrupt gate */

static void set_gate(unsigned vec, uintptr_t handler, uint16_t sel, uint8_t type, unsigned ist)
{
	struct idt_gate *g = &idt[vec];
	memset(g, 0, sizeof *g);
	g->off_lo = (uint16_t)handler;
	g->sel = sel;
	g->type = type;
#ifdef __x86_64__
	g->ist = (uint8_t)ist;
	g->off_mid = (uint16_t)(handler >> 16);
	g->off_hi = (uint32_t)(handler >> 32);
#else
	(void)ist;
	g->off_hi = (uint16_t)(handler >> 16);
#endif
}

void hal_trap_init(void)
{
	x86_gdt_init();
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, (uintptr_t)x86_vectors + 16 * v, SEL_KCODE, GATE_INTR, 0);
#ifdef __x86_64__
	set_gate(VEC_DF, (uintptr_t)x86_vectors + 16 * VEC_DF, SEL_KCODE, GATE_INTR, IST_DF);
	set_gate(VEC_PF, (uintptr_t)x86_vectors + 16 * VEC_PF, SEL_KCODE, GATE_INTR, IST_PF);
#else
	set_gate(VEC_DF, 0, SEL_TSS_DF, GATE_TASK, 0);
	set_gate(VEC_SYSCALL, (uintptr_t)x86_vectors + 16 * VEC_SYSCALL, SEL_KCODE, GATE_USER_INTR,
		 0);
#endif
	x86_thread_init();
	struct {
		uint16_t limit;
		uintptr_t base;
	} __attribute__((packed)) ptr = { sizeof idt - 1, (uintptr_t)idt };
	__asm__ volatile("lidt %0" ::"m"(ptr));
}

static const char *page_fault_what(uint32_t err, uintptr_t addr)
{
	if (!(err & PF_U) && x86_in_stack_guard(addr))
		return "kernel stack overflow";
	if (err & PF_RSVD)
		return "page fault (reserved bit set in a page table)";
	if (err & PF_I)
		return err & PF_P ? "page fault (instruction fetch from a non-executable page)"
				  : "page fault (instruction fetch from an unmapped page)";
	if (err & PF_P)
		return err & PF_W ? "page fault (write to a read-only page)"
				  : "page fault (protection violation)";
	return "page fault (page not mapped)";
}

static void decode(const struct trap_frame *tf, struct trap_info *ti)
{
	unsigned vec = (unsigned)tf->vector;
	memset(ti, 0, sizeof *ti);
	ti->what = exception_names[vec & 31];
	ti->pc = tf->ip;
	ti->user = (tf->cs & 3) != 0;
	ti->code = vec | (uint64_t)tf->error << 8;
	if (vec == VEC_PF) {
		ti->addr = read_cr2();
		ti->has_addr = true;
		ti->write = tf->error & PF_W;
		ti->what = page_fault_what((uint32_t)tf->error, ti->addr);
	} else if (vec == VEC_DF && x86_in_stack_guard(read_cr2())) {
		/* #PF could not push its frame onto the exhausted stack, so it became #DF. */
		ti->what = "kernel stack overflow";
		ti->addr = read_cr2();
		ti->has_addr = true;
		ti->write = true;
	}
}

/* Where a faulting probe is redirected, and what it faulted on. */
static struct trap_info probe_fault;

static bool probe_fixup(struct trap_frame *tf)
{
	if ((tf->cs & 3) || (tf->ip != (uintptr_t)x86_probe_read_insn &&
			     tf->ip != (uintptr_t)x86_probe_write_insn))
		return false;
	decode(tf, &probe_fault);
	if (tf->vector == VEC_GP) {
		/* A non-canonical address faults as #GP, which carries no address. */
		probe_fault.write = tf->ip == (uintptr_t)x86_probe_write_insn;
	}
	tf->ip = (uintptr_t)x86_probe_fixup;
	return true;
}

/* A fault inside x86_copy_user (a bad user address) makes the copy return ERR_FAULT. */
static bool copy_user_fixup(struct trap_frame *tf)
{
	if ((tf->cs & 3) ||
	    (tf->ip != (uintptr_t)x86_copy_user_insn && tf->ip != (uintptr_t)x86_copy_user_tail))
		return false;
	tf->ip = (uintptr_t)x86_copy_user_fixup;
	return true;
}

bool hal_probe_read(uintptr_t va, uint8_t *value, struct trap_info *fault)
{
	uint8_t v;
	if (x86_probe_read(va, &v)) {
		*value = v;
		return true;
	}
	*fault = probe_fault;
	return false;
}

bool hal_probe_write(uintptr_t va, uint8_t value, struct trap_info *fault)
{
	if (x86_probe_write(va, value))
		return true;
	*fault = probe_fault;
	return false;
}

static void dump_error_code(unsigned vec, uint64_t err)
{
	if (vec == VEC_PF)
		kprintf("  #PF error 0x%llx: P=%d W=%d U=%d RSVD=%d I=%d (%s, %s, %s mode)\n",
			(unsigned long long)err, !!(err & PF_P), !!(err & PF_W), !!(err & PF_U),
			!!(err & PF_RSVD), !!(err & PF_I),
			err & PF_P ? "protection" : "not present",
			err & PF_I ? "fetch" : err & PF_W ? "write" : "read",
			err & PF_U ? "user" : "kernel");
	else if ((vec == VEC_GP || vec == 10 || vec == 11 || vec == 12) && err)
		kprintf("  error 0x%llx: %s selector index %llu%s\n", (unsigned long long)err,
			(err & 6) == 2 ? "IDT" : (err & 4) ? "LDT" : "GDT",
			(unsigned long long)(err >> 3), err & 1 ? " (external event)" : "");
}

void hal_trap_dump(const struct trap_frame *tf)
{
	unsigned vec = (unsigned)tf->vector;
	kprintf("  vector %u (%s), error code 0x%llx\n", vec, vec < 32 ? exception_names[vec] : "irq",
		(unsigned long long)tf->error);
	dump_error_code(vec, tf->error);
#ifdef __x86_64__
	kprintf("  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n", (unsigned long long)tf->rax,
		(unsigned long long)tf->rbx, (unsigned long long)tf->rcx, (unsigned long long)tf->rdx);
	kprintf("  rsi %016llx rdi %016llx rbp %016llx rsp %016llx\n", (unsigned long long)tf->rsi,
		(unsigned long long)tf->rdi, (unsigned long long)tf->rbp, (unsigned long long)tf->sp);
	kprintf("  r8  %016llx r9  %016llx r10 %016llx r11 %016llx\n", (unsigned long long)tf->r8,
		(unsigned long long)tf->r9, (unsigned long long)tf->r10, (unsigned long long)tf->r11);
	kprintf("  r12 %016llx r13 %016llx r14 %016llx r15 %016llx\n", (unsigned long long)tf->r12,
		(unsigned long long)tf->r13, (unsigned long long)tf->r14, (unsigned long long)tf->r15);
	kprintf("  rip %016llx rflags %08llx cs %04llx ss %04llx cr2 %016llx cr3 %016llx\n",
		(unsigned long long)tf->ip, (unsigned long long)tf->flags, (unsigned long long)tf->cs,
		(unsigned long long)tf->ss, (unsigned long long)read_cr2(),
		(unsigned long long)read_cr3());
#else
	/* From ring 0 the CPU pushes no esp: the interrupted stack ends where the frame does. The
	 * double-fault task's frame is built from the TSS and holds esp itself. */
	uint32_t sp = (tf->cs & 3) || vec == VEC_DF ? tf->user_sp : (uint32_t)(uintptr_t)&tf->user_sp;
	kprintf("  eax %08x ebx %08x ecx %08x edx %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
	kprintf("  esi %08x edi %08x ebp %08x esp %08x\n", tf->esi, tf->edi, tf->ebp, sp);
	kprintf("  eip %08x eflags %08x cs %04x cr2 %08x cr3 %08x\n", tf->ip, tf->flags, tf->cs,
		(unsigned)read_cr2(), (unsigned)read_cr3());
#endif
}

#if defined(CONFIG_ARCH_THREADS) && !defined(__x86_64__)
/* i386 system call: int $0x80 with eax = number, ebx ecx edx esi edi ebp = arguments; the result
 * goes back in eax. Runs with interrupts enabled, on the thread's kernel stack (ESP0). */
static void syscall_from_user(struct trap_frame *tf)
{
	struct syscall_frame f = {
		.num = tf->eax,
		.arg = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp },
	};
	__asm__ volatile("sti" ::: "memory"); /* hal_irq_enable/disable, inline on this path */
	syscall_entry(&f);
	__asm__ volatile("cli" ::: "memory");
	tf->eax = (uint32_t)f.ret;
}
#endif

static void dispatch(struct trap_frame *tf)
{
	unsigned vec = (unsigned)tf->vector;
	if (vec < 32) {
		if ((vec == VEC_PF || vec == VEC_GP) && (probe_fixup(tf) || copy_user_fixup(tf)))
			return;
		struct trap_info ti;
		decode(tf, &ti);
		trap_fault(&ti, tf); /* returns for nothing yet: user faults end the process */
		return;
	}
#if defined(CONFIG_ARCH_THREADS) && !defined(__x86_64__)
	if (vec == VEC_SYSCALL && (tf->cs & 3)) {
		syscall_from_user(tf);
		return;
	}
#endif
	if (vec == VEC_TIMER) {
		x86_timer_interrupt();
		lapic_eoi();
	} else if (vec == VEC_SPURIOUS) {
		irq_spurious(); /* the LAPIC sets no in-service bit for it: no EOI */
	} else if (vec >= VEC_PIC_BASE && vec < VEC_PIC_BASE + 16) {
		/* The 8259s are masked; what still arrives is their spurious IRQ 7 / 15. */
		pic_spurious(vec - VEC_PIC_BASE);
		irq_spurious();
	} else if (vec >= VEC_GSI_BASE && vec <= VEC_GSI_MAX) {
		irq_dispatch(vec - VEC_GSI_BASE);
		lapic_eoi();
	} else {
		/* APIC error or a vector nothing programs: count it, never die of it. */
		irq_spurious();
		lapic_eoi();
	}
}

void x86_trap(struct trap_frame *tf)
{
	dispatch(tf);
#ifdef CONFIG_ARCH_THREADS
#ifdef __x86_64__
	/* A kernel-mode #PF (a probe or user copy that faulted) still runs on its IST stack, which
	 * the next #PF reuses: no thread may be switched away there. It returns to the faulting
	 * code at once, which meets the next preemption point soon enough. (#PF from user mode has
	 * moved to the thread's stack, vectors_64.S; #DF never returns.) */
	if (tf->vector == VEC_PF && !(tf->cs & 3))
		return;
#endif
	sched_preempt_point();
#endif
}

#ifndef __x86_64__
/* The i386 double-fault task (vectors_32.S): the faulting context was saved into the main TSS
 * by the task switch, so that is where its registers come from. */

void x86_double_fault_task(void)
{
	struct trap_frame tf;
	memset(&tf, 0, sizeof tf);
	tf.eax = x86_tss.eax, tf.ebx = x86_tss.ebx, tf.ecx = x86_tss.ecx, tf.edx = x86_tss.edx;
	tf.esi = x86_tss.esi, tf.edi = x86_tss.edi, tf.ebp = x86_tss.ebp;
	tf.ip = x86_tss.eip, tf.cs = x86_tss.cs, tf.flags = x86_tss.eflags;
	tf.user_sp = x86_tss.esp, tf.user_ss = x86_tss.ss;
	tf.vector = VEC_DF;
	struct trap_info ti;
	decode(&tf, &ti);
	if (!ti.has_addr && x86_in_stack_guard(x86_tss.esp)) {
		ti.what = "kernel stack overflow";
		ti.addr = x86_tss.esp;
		ti.has_addr = true;
	}
	kprintf("\n(double-fault task; interrupted esp %08x)", x86_tss.esp);
	trap_fault(&ti, &tf);
}
#endif
