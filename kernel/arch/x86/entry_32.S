/*
 * i386 entry: a Multiboot 1 or 2 loader enters here in 32-bit protected mode with paging off,
 * eax = loader magic and ebx = physical address of its boot information. This code runs at its
 * physical address; it turns on PAE paging with boot tables that map the first 1 GiB twice,
 * identity (for itself and the loader's structures) and at KERNEL_BASE (where the kernel is
 * linked), jumps to the higher half and calls kmain(magic, info). hal_mmu_init() later replaces
 * these tables and drops the identity map.
 */
#include "x86_asm.h"
#define KERNEL_BASE 0xc0000000
#define PHYS(x) ((x) - KERNEL_BASE)
#define CR0_PG (1 << 31)
#define CR0_WP (1 << 16)
#define CR4_PAE (1 << 5)
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

	.section .text.boot, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	mov	%eax, %esi		/* magic; rep stosb below clobbers eax, ecx, edi */

	/* .bss is linked high; until paging is on it is reached at its physical address. */
	mov	$PHYS(__bss_start), %edi
	mov	$PHYS(__bss_end), %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	/* PDPT[0] and PDPT[3] -> one directory of 512 2 MiB pages covering phys 0..1 GiB. PAE
	 * PDPT entries take only the present bit (R/W and U/S are reserved there). */
	mov	$PHYS(boot_pd), %eax
	or	$PTE_P, %eax
	mov	%eax, PHYS(boot_pdpt)
	mov	%eax, PHYS(boot_pdpt) + 3 * 8
	mov	$PHYS(boot_pd), %edi
	mov	$(PTE_P | PTE_W | PTE_PS), %eax
	mov	$512, %ecx
1:	mov	%eax, (%edi)
	movl	$0, 4(%edi)
	add	$0x200000, %eax
	add	$8, %edi
	loop	1b

	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$PHYS(boot_pdpt), %eax
	mov	%eax, %cr3
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP), %eax
	mov	%eax, %cr0
	mov	$higher_half, %eax
	jmp	*%eax

	.text
higher_half:
	mov	$boot_stack_top, %esp
	xor	%ebp, %ebp		/* ends frame-pointer walks */
	push	%ebx			/* kmain(magic, info) */
	push	%esi
	call	kmain
2:	cli
	hlt
	jmp	2b

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
boot_pdpt:
	.space	4096
boot_pd:
	.space	4096

	x86_boot_stack
