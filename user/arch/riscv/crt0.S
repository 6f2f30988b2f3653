/* riscv program entry: the kernel enters here with sp at the top of the stack. */
	.section .text.start, "ax"
	.global _start
_start:
	li	ra, 0
	li	s0, 0		/* end of the frame-pointer chain */
	call	ulib_start	/* never returns */
1:	j	1b
