/* aarch64 program entry: the kernel enters here with sp at the top of the stack. */
	.section .text.start, "ax"
	.global _start
_start:
	mov	x29, #0		/* end of the frame-pointer chain */
	mov	x30, #0
	bl	ulib_start	/* never returns */
1:	b	1b
