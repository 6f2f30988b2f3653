/* x86_64 program entry: the kernel enters here with rsp 16-byte aligned at the top of the stack. */
	.section .text.start, "ax"
	.global _start
_start:
	xor	%ebp, %ebp	/* end of the frame-pointer chain */
	call	ulib_start	/* never returns; the call leaves rsp as the ABI expects */
1:	jmp	1b
