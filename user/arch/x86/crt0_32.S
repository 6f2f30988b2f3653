/* i386 program entry: the kernel enters here with esp 16-byte aligned at the top of the stack. */
	.section .text.start, "ax"
	.global _start
_start:
	xor	%ebp, %ebp	/* end of the frame-pointer chain */
	sub	$12, %esp	/* keep 16-byte alignment at the call */
	call	ulib_start	/* never returns */
1:	jmp	1b
