/*
 * riscv entry: OpenSBI jumps here in S-mode with the MMU off, a0 = hart id, a1 = physical address
 * of the device tree. Only the boot hart arrives (the others wait in OpenSBI until started).
 */
#if __riscv_xlen == 64
#define STORE sd
#define REGBYTES 8
#else
#define STORE sw
#define REGBYTES 4
#endif

	.section .text.boot, "ax"
	.global _start
_start:
	csrw	sie, zero
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	la	sp, boot_stack_top
	mv	s0, a0			/* hart id */
	mv	s1, a1			/* device tree */

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	STORE	zero, 0(t0)
	addi	t0, t0, REGBYTES
	j	1b
2:
	mv	a0, s1
	mv	a1, s0
	call	kmain
3:	wfi
	j	3b

	.section .bss.stack, "aw", @nobits
	.balign 16
	.space 16384
	.global boot_stack_top
boot_stack_top:
