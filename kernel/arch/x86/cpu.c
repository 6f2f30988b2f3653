/*
 * x86 (i386 and x86_64) CPU control for hal.h: interrupt flag, halt, port I/O, power-off, and the
 * GDT with its task state segment. x86_64's TSS names the IST stacks that #DF and #PF run on, so
 * a kernel stack overflow is handled on a good stack; i386 has no IST, so a second TSS runs the
 * double-fault handler as a separate task with its own stack (the IDT's #DF entry is a task gate).
 */
#include "x86.h"
#include <mem.h>

void hal_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

void hal_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

void hal_wait_for_interrupt(void)
{
	uintptr_t flags;
	__asm__ volatile("pushf; pop %0" : "=r"(flags));
	/* sti takes effect after the next instruction, so no interrupt slips in before hlt. */
	__asm__ volatile("sti; hlt" ::: "memory");
	if (!(flags & 0x200))
		__asm__ volatile("cli" ::: "memory");
}

void hal_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt" ::: "memory");
}

void hal_pio_write8(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

uint8_t hal_pio_read8(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void hal_poweroff(bool failure)
{
#ifdef CONFIG_DEBUG_EXIT_PORT
	/* QEMU's isa-debug-exit: the process exits with status (value << 1) | 1. */
	hal_pio_write8(CONFIG_DEBUG_EXIT_PORT, failure ? 1 : 0);
#endif
	hal_halt();
}

uint64_t hal_boot_phys_limit(void)
{
	/* What entry_32.S / entry_64.S identity-map; hal_mmu_init removes it, after boot. */
	return BOOT_IDENTITY_LIMIT;
}

bool x86_cpu_has_nx(void)
{
	uint32_t r[4];
	cpuid(0x80000000u, 0, r);
	if (r[0] < 0x80000001u)
		return false;
	cpuid(0x80000001u, 0, r);
	return r[3] & (1u << 20);
}

/* Segment descriptor: flat base 0, limit 4 GiB (ignored in long mode). */
#define SEG(access, flags) (0x000000000000ffffull | (uint64_t)(access) << 40 | \
			    (uint64_t)(flags) << 52 | 0xfull << 48)

#ifdef __x86_64__
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "x86_64 TSS is 104 bytes");

/* IST stacks: 1 for #DF, 2 for #PF (a stack overflow faults with no stack left to push on). */
static uint8_t ist_df_stack[8192] __attribute__((aligned(16)));
static uint8_t ist_pf_stack[8192] __attribute__((aligned(16)));
static struct tss tss;
static uint64_t gdt[7];

void x86_gdt_init(void)
{
	gdt[0] = 0;
	gdt[SEL_KCODE >> 3] = SEG(0x9a, 0xa);  /* present, ring 0, code; L=1 */
	gdt[SEL_KDATA >> 3] = SEG(0x92, 0xc);
	gdt[SEL_UDATA >> 3] = SEG(0xf2, 0xc);  /* ring 3 */
	gdt[SEL_UCODE >> 3] = SEG(0xfa, 0xa);
	memset(&tss, 0, sizeof tss);
	tss.ist[0] = (uint64_t)(ist_df_stack + sizeof ist_df_stack);
	tss.ist[1] = (uint64_t)(ist_pf_stack + sizeof ist_pf_stack);
	tss.rsp[0] = (uint64_t)boot_stack_top;
	tss.iomap = sizeof tss; /* no I/O bitmap: user port I/O faults */
	uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
	gdt[SEL_TSS >> 3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
			    ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[(SEL_TSS >> 3) + 1] = base >> 32;

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof gdt - 1, (uint64_t)gdt };
	/* Reload every segment register so none still refers to the loader's (low) GDT. */
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
			 : "rax", "memory");
}

void x86_df_task_set_cr3(uintptr_t cr3)
{
	(void)cr3;
}

void x86_tss_set_kernel_stack(uintptr_t top)
{
	tss.rsp[0] = top;
}
#else
struct tss x86_tss, x86_df_tss;
static uint8_t df_stack[8192] __attribute__((aligned(16)));
static uint64_t gdt[8];
void x86_df_entry(void); /* vectors_32.S */

static uint64_t tss_desc(const struct tss *t)
{
	uint64_t base = (uintptr_t)t, limit = sizeof *t - 1;
	return (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
	       ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
}

void x86_gdt_init(void)
{
	gdt[0] = 0;
	gdt[SEL_KCODE >> 3] = SEG(0x9a, 0xc); /* 32-bit, 4 KiB granularity */
	gdt[SEL_KDATA >> 3] = SEG(0x92, 0xc);
	gdt[SEL_UDATA >> 3] = SEG(0xf2, 0xc);
	gdt[SEL_UCODE >> 3] = SEG(0xfa, 0xc);
	memset(&x86_tss, 0, sizeof x86_tss);
	x86_tss.ss0 = SEL_KDATA;
	x86_tss.esp0 = (uint32_t)boot_stack_top;
	x86_tss.iomap = sizeof x86_tss;
	/* The double-fault task starts fresh each time at x86_df_entry on its own stack. */
	memset(&x86_df_tss, 0, sizeof x86_df_tss);
	x86_df_tss.eip = (uint32_t)x86_df_entry;
	x86_df_tss.esp = (uint32_t)(df_stack + sizeof df_stack);
	x86_df_tss.eflags = 0x2;
	x86_df_tss.cs = SEL_KCODE;
	x86_df_tss.ds = x86_df_tss.es = x86_df_tss.ss = SEL_KDATA;
	x86_df_tss.fs = x86_df_tss.gs = SEL_KDATA;
	x86_df_tss.cr3 = read_cr3();
	x86_df_tss.iomap = sizeof x86_df_tss;
	gdt[SEL_TSS >> 3] = tss_desc(&x86_tss);
	gdt[SEL_TSS_DF >> 3] = tss_desc(&x86_df_tss);

	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) ptr = { sizeof gdt - 1, (uint32_t)gdt };
	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%fs\n\t"
			 "mov %2, %%gs\n\t"
			 "mov %2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
			 : "memory");
}

void x86_df_task_set_cr3(uintptr_t cr3)
{
	x86_df_tss.cr3 = (uint32_t)cr3;
}

void x86_tss_set_kernel_stack(uintptr_t top)
{
	x86_tss.esp0 = (uint32_t)top;
}
#endif
