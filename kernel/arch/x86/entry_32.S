/*
 * i386 entry: a Multiboot 1 or 2 loader enters here in 32-bit protected mode with paging off,
 * eax = loader magic and ebx = physical address of its boot information.
 */
	.section .text.boot, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	mov	$boot_stack_top, %esp
	mov	%eax, %esi		/* magic; rep stosb below clobbers eax, ecx, edi */

	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	push	%ebx			/* kmain(magic, info) */
	push	%esi
	call	kmain
1:	cli
	hlt
	jmp	1b

	.section .bss.stack, "aw", @nobits
	.balign 16
	.space 16384
	.global boot_stack_top
boot_stack_top:
