/* Ferrite ESP32-C6 second-stage bootloader entry. The ROM loaded this image's RAM segment and
 * jumps here in machine mode; everything it needs runs from SRAM at 0x40870000. */
	.section .text.entry, "ax"
	.global _start
_start:
	csrw	mie, zero
	csrci	mstatus, 0x8
	la	sp, loader_stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b
2:	call	loader_main
3:	wfi
	j	3b

	.section .bss.stack, "aw", @nobits
	.balign 16
	.space 4096
	.global loader_stack_top
loader_stack_top:
