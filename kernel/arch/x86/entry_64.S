/*
 * x86_64 entry. Every loader here enters in 32-bit protected mode with paging off: Multiboot 1/2
 * (GRUB) at _start with eax = magic, ebx = info; PVH (QEMU -kernel) at pvh_entry with ebx =
 * hvm_start_info. This code runs at its physical address; it builds boot page tables that map the
 * first 4 GiB twice, identity (for itself and for the loader's structures) and at KERNEL_BASE
 * (the first 1 GiB, where the kernel is linked), enables long mode, jumps to the higher half and
 * calls kmain(magic, info). hal_mmu_init() later replaces these tables and drops the identity map.
 */
#include "x86_asm.h"
#define KERNEL_BASE 0xffffffff80000000
#define PHYS(x) ((x) - KERNEL_BASE)
#define PVH_START_MAGIC 0x336ec578
#define CR0_PG (1 << 31)
#define CR0_WP (1 << 16)
#define CR4_PAE (1 << 5)
#define CR4_PGE (1 << 7)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

/*
 * Fills the boot page tables (zeroed with .bss) at their physical addresses. Only 32-bit registers
 * and absolute physical addresses below 2 GiB, so the same bytes of source assemble for the
 * 32-bit path (Multiboot, PVH) and the 64-bit one (UEFI); the high dword of every entry stays 0.
 */
.macro BUILD_BOOT_TABLES
	/* PML4[0] -> boot_pdpt: PDPT[0..3] -> four directories of 2 MiB pages (identity 4 GiB).
	 * PML4[511] -> boot_pdpt_high: PDPT[510] -> the first of them (KERNEL_BASE -> phys 0). */
	mov	$PHYS(boot_pdpt), %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, PHYS(boot_pml4)
	mov	$PHYS(boot_pdpt_high), %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, PHYS(boot_pml4) + 511 * 8
	mov	$PHYS(boot_pd), %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, PHYS(boot_pdpt_high) + 510 * 8
	mov	$PHYS(boot_pdpt), %edi
	mov	$4, %ecx
1:	mov	%eax, (%edi)
	add	$4096, %eax
	add	$8, %edi
	loop	1b
	mov	$PHYS(boot_pd), %edi
	mov	$(PTE_P | PTE_W | PTE_PS), %eax
	xor	%edx, %edx		/* high half of each entry: physical >= 4 GiB never here */
	mov	$2048, %ecx
2:	mov	%eax, (%edi)
	mov	%edx, 4(%edi)
	add	$0x200000, %eax
	add	$8, %edi
	loop	2b
.endm

	.section .text.boot, "ax"
	.code32
	.global pvh_entry
pvh_entry:
	mov	$PVH_START_MAGIC, %eax

	.global _start
_start:
	cli
	cld
	mov	%eax, %esi		/* magic */
	mov	%ebx, %ebp		/* info */

	/* .bss is linked high; until paging is on it is reached at its physical address. */
	mov	$PHYS(__bss_start), %edi
	mov	$PHYS(__bss_end), %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	/* Long mode is CPUID 0x80000001 EDX bit 29; without it there is nothing to do. */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode

	BUILD_BOOT_TABLES

	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$PHYS(boot_pml4), %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP), %eax
	mov	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $long_mode

no_long_mode:
	hlt
	jmp	no_long_mode

	.code64
long_mode:
	movabs	$higher_half, %rax
	jmp	*%rax

	.balign 8
boot_gdt:
	.quad	0			/* null */
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
boot_gdt_ptr:
	.short	boot_gdt_ptr - boot_gdt - 1
	.long	boot_gdt

	.text
higher_half:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%ax, %ax
	mov	%ax, %fs
	mov	%ax, %gs
	movabs	$boot_stack_top, %rsp
	mov	%esi, %edi		/* kmain(magic, info), zero-extended */
	mov	%ebp, %esi
	xor	%ebp, %ebp		/* ends frame-pointer walks */
	call	kmain
3:	cli
	hlt
	jmp	3b

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
boot_pml4:
	.space	4096
boot_pdpt:
	.space	4096
boot_pdpt_high:
	.space	4096
boot_pd:
	.space	4 * 4096

	x86_boot_stack

/*
 * UEFI entry (BOOT=uefi; named by the .note.ferrite note, kernel/boot/uefi_note.S). Ferrite's UEFI
 * loader jumps here at its physical address in 64-bit long mode on the firmware's identity map,
 * interrupts off, rdi = handoff physical address (below 4 GiB), rsi = UEFI_HANDOFF_MAGIC. The
 * firmware's page tables, GDT and stack sit in memory the kernel will reuse, so this builds the
 * same boot tables as the 32-bit path (identity 4 GiB + KERNEL_BASE), loads them, the boot stack
 * and the boot GDT, reloads CS and joins long_mode: kmain(esi, ebp) = kmain(handoff, magic).
 * Everything it touches is reached at its physical address, which the firmware's identity map
 * and then the boot tables both cover.
 */
	.section .text.boot, "ax"
	.code64
	.global uefi_entry
uefi_entry:
	cli
	cld
	mov	%edi, %r8d		/* handoff (below 4 GiB) */
	mov	%esi, %r9d		/* magic */

	mov	$PHYS(__bss_start), %edi
	mov	$PHYS(__bss_end), %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	mov	$PHYS(boot_stack_top), %esp	/* the firmware's stack is about to be given away */

	BUILD_BOOT_TABLES

	mov	$PHYS(boot_pml4), %eax
	mov	%rax, %cr3
	/* Clearing CR4.PGE flushes any global TLB entries the firmware made, so none outlives its
	 * tables (the kernel's own tables never set G yet). */
	mov	%cr4, %rax
	and	$~CR4_PGE, %eax
	mov	%rax, %cr4
	lgdt	uefi_gdt_ptr(%rip)
	mov	%r8d, %esi
	mov	%r9d, %ebp
	pushq	$0x08			/* the boot GDT's 64-bit code selector */
	lea	long_mode(%rip), %rax
	push	%rax
	lretq

	.balign 8
uefi_gdt_ptr:				/* lgdt in long mode reads a 64-bit base */
	.short	boot_gdt_ptr - boot_gdt - 1
	.quad	boot_gdt
