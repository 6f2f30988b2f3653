/*
 * x86_64 Limine entry (BOOT=limine; e_entry of kernel_64_limine.ld). Limine jumps here in long
 * mode at the kernel's virtual address, on its own page tables (image + HHDM), its own GDT and a
 * stack in loader memory, interrupts off. limine_move_image (limine_64.c) copies the image to its
 * link physical address and fills the kernel's boot tables there; this then loads them (the same
 * virtual addresses now reach the copy, byte for byte the code running), drops global TLB
 * entries (CR4.PGE), moves to the boot stack, loads a GDT inside the image, reloads CS and calls
 * kmain(hhdm offset, LIMINE_ENTRY_MOVED). If the image cannot move, kmain runs on Limine's
 * tables with (reason, LIMINE_ENTRY_FAILED) and panics with the reason.
 */
#include <limine_proto.h>

#define KERNEL_BASE 0xffffffff80000000
#define CR4_PGE (1 << 7)

	.text
	.code64
	.global limine_entry
limine_entry:
	cli
	cld
	/* Limine pushed a 0 return address: rsp is 8 mod 16. One slot for the HHDM offset keeps
	 * the call below 16-byte aligned. */
	sub	$24, %rsp
	mov	%rsp, %rdi
	call	limine_move_image
	test	%rax, %rax
	jnz	1f
	mov	(%rsp), %r12		/* hhdm: callee-saved, survives the switch */

	lea	limine_boot_tables(%rip), %rax	/* the PML4 is the first table */
	movabs	$KERNEL_BASE, %rcx
	sub	%rcx, %rax
	mov	%rax, %cr3
	mov	%cr4, %rax
	and	$~CR4_PGE, %rax
	mov	%rax, %cr4
	movabs	$boot_stack_top, %rsp
	lgdt	limine_gdt_ptr(%rip)
	pushq	$0x08
	lea	2f(%rip), %rax
	push	%rax
	lretq
2:	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%ax, %ax
	mov	%ax, %fs
	mov	%ax, %gs
	mov	%r12, %rdi
	mov	$LIMINE_ENTRY_MOVED, %esi
	xor	%ebp, %ebp
	call	kmain
	jmp	3f

1:	mov	%rax, %rdi		/* why it could not move */
	mov	$LIMINE_ENTRY_FAILED, %esi
	xor	%ebp, %ebp
	call	kmain
3:	cli
	hlt
	jmp	3b

	.section .rodata
	.balign 8
limine_gdt:
	.quad	0			/* null */
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
limine_gdt_ptr:
	.short	limine_gdt_ptr - limine_gdt - 1
	.quad	limine_gdt
