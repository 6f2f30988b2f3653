/*
 * riscv64 entry: OpenSBI jumps here in S-mode with the MMU off, a0 = hart id, a1 = physical
 * address of the device tree. Only the boot hart arrives (the others wait in OpenSBI until
 * started).
 *
 * The kernel is linked at KERNEL_VIRT_OFFSET + its load address but starts at the load address.
 * With -mcmodel=medany every `la` is PC-relative, so until the jump below it yields physical
 * addresses. We build one Sv39 root table of 1 GiB leaves: an identity map of the whole lower
 * half (the boot adapters read loader structures through it, see hal_boot_phys_limit) and the
 * gigabyte holding the kernel at its high address; enable paging; jump high; call kmain.
 * hal_mmu_init() later replaces this table with the final one.
 */
#include "riscv.h"

#define PTE_BOOT_LEAF 0xcf /* V R W X A D: the boot map is coarse, W^X comes with hal_mmu_init */
#define GIB_SHIFT 30

	.section .text.boot, "ax"
	.global _start
_start:
	csrw	sie, zero
	csrw	satp, zero
	mv	s0, a0			/* hart id */
	mv	s1, a1			/* device tree */

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	la	t0, riscv_boot_hart
	sd	s0, 0(t0)

	/* Lower half: root entries 0..255 map gigabyte i to physical gigabyte i. */
	la	t0, boot_root_table
	li	t1, 0
	li	t2, 256
3:	slli	t3, t1, GIB_SHIFT - 12 + 10	/* PPN of gigabyte i, placed at PTE bit 10 */
	ori	t3, t3, PTE_BOOT_LEAF
	sd	t3, 0(t0)
	addi	t0, t0, 8
	addi	t1, t1, 1
	bltu	t1, t2, 3b

	/* The kernel's gigabyte at its link address. Physical and virtual must agree modulo 1 GiB,
	 * which holds for the fixed offset kernel.ld uses; anything else is a broken build. */
	la	t0, _start		/* physical */
	ld	t1, .Lstart_virt	/* virtual */
	sub	t2, t1, t0
	li	t3, KERNEL_VIRT_OFFSET
	bne	t2, t3, .Lbroken
	srli	t2, t1, GIB_SHIFT
	andi	t2, t2, 511		/* root index of the virtual address */
	slli	t2, t2, 3
	la	t3, boot_root_table
	add	t3, t3, t2
	srli	t4, t0, GIB_SHIFT
	slli	t4, t4, GIB_SHIFT - 12 + 10
	ori	t4, t4, PTE_BOOT_LEAF | 0x20	/* global */
	sd	t4, 0(t3)

	la	t0, boot_root_table
	srli	t0, t0, 12
	li	t1, SATP_MODE_SV39
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma

	ld	t0, .Lhigh_virt
	jr	t0

.Lhigh:
	/* From here `la` yields high addresses. */
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	la	sp, __boot_stack_top
	mv	a0, s1
	mv	a1, s0
	call	kmain
.Lbroken:
	wfi
	j	.Lbroken

	.balign 8
.Lstart_virt:
	.quad	_start
.Lhigh_virt:
	.quad	.Lhigh

	.section .bss.boot_root_table, "aw", @nobits
	.balign 4096
boot_root_table:
	.space 4096

	.section .boot_stack, "aw", @nobits
	.balign 16
	.space 16384
