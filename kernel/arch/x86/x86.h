/*
 * x86 architecture internals shared by the i386 and x86_64 halves of kernel/arch/x86/: the
 * address-space layout, segment selectors, interrupt vectors, and the small CPU helpers every file
 * here uses. Nothing outside this folder includes it.
 *
 * Layout. x86_64: kernel image at KERNEL_BASE + phys (-mcmodel=kernel), direct map of RAM at
 * DIRECT_BASE + phys, kernel VA window (MMIO, hal_kernel_va_reserve) in its own 512 GiB slot.
 * i386 (PAE paging, 3/1 split): one linear map KERNEL_BASE + phys serves as both the image
 * mapping and the direct map (768 MiB of it), the VA window sits above it.
 */
#ifndef X86_H
#define X86_H

#include "x86_asm.h"
#include <hal.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __x86_64__
#define KERNEL_BASE 0xffffffff80000000ul
#define DIRECT_BASE 0xffff800000000000ul
#define DIRECT_SIZE (1ul << 39)
#define KVA_BASE 0xffffc00000000000ul
#define KVA_SIZE (1ul << 39)
#define USER_TOP 0x0000800000000000ul /* canonical lower half (USER_TOP_64) */
#define KERNEL_HALF 0xffff800000000000ul
#define PT_LEVELS 4
#else
#define KERNEL_BASE 0xc0000000ul
#define DIRECT_BASE 0xc0000000ul
#define DIRECT_SIZE 0x30000000ul
#define KVA_BASE 0xf0000000ul
#define KVA_SIZE 0x0fc00000ul
#define USER_TOP 0xc0000000ul
#define KERNEL_HALF 0xc0000000ul
#define PT_LEVELS 3 /* PAE: PDPT (4 entries), page directory, page table */
#endif

/* Physical memory the boot page tables identity-map (entry_32.S / entry_64.S). */
#ifdef __x86_64__
#define BOOT_IDENTITY_LIMIT (1ull << 32)
#else
#define BOOT_IDENTITY_LIMIT (1ull << 30)
#endif


/* Interrupt vectors. 0x20-0x2f: the 8259s after remapping (masked; only spurious ones arrive).
 * GSI n arrives at VEC_GSI_BASE + n. */
#define VEC_PIC_BASE 0x20
#define VEC_GSI_BASE 0x30
#define VEC_GSI_MAX 0xdf
#define VEC_TIMER 0xef
#define VEC_APIC_ERROR 0xfe
#define VEC_SPURIOUS 0xff

/* Kernel stack of the boot CPU and its guard page (entry_*.S). */
extern char boot_stack_guard[], boot_stack_top[];

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uintptr_t read_cr2(void)
{
	uintptr_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uintptr_t read_cr3(void)
{
	uintptr_t v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uintptr_t v)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

static inline void invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1u << 11)
#define MSR_APIC_BASE 0x1bu

#ifndef __x86_64__
/* The i386 task state segment: the main one, and the double-fault task's (cpu.c). The task
 * switch into #DF saves the faulting context into x86_tss. */
struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap;
};
_Static_assert(sizeof(struct tss) == 104, "i386 TSS is 104 bytes");
extern struct tss x86_tss, x86_df_tss;
#endif

/* Per-CPU data the entry code reaches (x86_64: through GS during `syscall`). Only the boot CPU
 * exists yet. */
struct x86_cpu {
	uintptr_t kernel_sp; /* top of the running thread's kernel stack (hal_set_kernel_stack) */
	uintptr_t user_sp;   /* x86_64 syscall entry: the user's rsp while it swaps stacks */
};
extern struct x86_cpu x86_cpu0;

/* cpu.c */
void x86_gdt_init(void);
/* thread.c: system call MSRs (x86_64), FPU trapping; called by hal_trap_init. */
void x86_thread_init(void);
/* cpu.c: the kernel stack ring-3 interrupts land on (TSS RSP0 / ESP0). */
void x86_tss_set_kernel_stack(uintptr_t top);
/* i386: tells the double-fault task which page tables to load. */
void x86_df_task_set_cr3(uintptr_t cr3);
bool x86_cpu_has_nx(void);

/* mmu.c: maps len bytes at phys read-only (cached) or as device registers into the VA window. */
const void *x86_map_phys(uint64_t phys, size_t len);
bool x86_in_stack_guard(uintptr_t va);

/* lapic.c */
void lapic_init(uint64_t phys);
bool lapic_present(void);
void lapic_eoi(void);
uint32_t lapic_id(void);
void lapic_timer_oneshot(uint32_t ticks);
void lapic_timer_stop(void);
uint32_t lapic_timer_current(void);
void lapic_timer_start_free(void);

/* ioapic.c, pic.c */
void pic_disable(void);
bool pic_spurious(unsigned vector);

/* timer.c: the LAPIC timer vector. */
void x86_timer_interrupt(void);

/* acpi.c: what the MADT says about the interrupt controllers. */
#define MADT_MAX_IOAPICS 8
#define MADT_MAX_OVERRIDES 16
struct madt_info {
	uint64_t lapic_phys;
	bool pcat_compat;     /* the 8259 pair is present */
	unsigned n_cpus;
	unsigned n_ioapics;
	struct {
		uint8_t id;
		uint32_t phys;
		uint32_t gsi_base;
	} ioapic[MADT_MAX_IOAPICS];
	unsigned n_overrides;
	struct {
		uint8_t source; /* ISA IRQ */
		uint32_t gsi;
		uint16_t flags; /* MPS INTI flags: polarity bits 0-1, trigger bits 2-3 */
	} override[MADT_MAX_OVERRIDES];
};
/* Finds and checks RSDP, RSDT/XSDT and MADT; NULL or why it refused. */
const char *acpi_read_madt(uint64_t rsdp_hint, struct madt_info *out);

#endif
