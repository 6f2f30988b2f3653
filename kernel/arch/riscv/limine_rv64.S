/*
 * riscv64 Limine entry (BOOT=limine; the ELF entry point of that build, arch.mk). Limine jumps
 * here in S-mode with paging on (its own Sv48 tables: the image at its link address and the
 * HHDM), sp on a stack in loader memory, gp = 0, sie = 0. limine_move_image copies the image to
 * its link physical address, takes the boot hart id from the SMP response and fills the Sv39
 * root entry.S would have built (limine_rv64.c); this loads that root (the same virtual
 * addresses now reach the copy, byte for byte the code running), synchronises instruction fetch
 * with the copy, moves to the boot stack and calls kmain(hhdm offset, LIMINE_ENTRY_MOVED). If
 * the image cannot move, kmain runs with (reason, LIMINE_ENTRY_FAILED) on a copy of Limine's
 * root that also maps the console (limine_arch_fallback, limine_rv64.c).
 */
#include <limine_proto.h>
#include "riscv.h"

	.text
	.global limine_entry
limine_entry:
	csrw	sie, zero
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	addi	sp, sp, -16
	mv	a0, sp
	call	limine_move_image
	bnez	a0, 1f
	ld	s1, 0(sp)		/* hhdm: callee-saved, survives the switch */

	la	t0, limine_satp
	ld	t0, 0(t0)
	sfence.vma
	csrw	satp, t0
	sfence.vma
	fence.i			/* the copy was written as data at its direct-map address */

	la	sp, __boot_stack_top
	mv	a0, s1
	li	a1, LIMINE_ENTRY_MOVED
	call	kmain
	j	2f

1:	li	a1, LIMINE_ENTRY_FAILED	/* a0: why it could not move */
	call	kmain
2:	wfi
	j	2b
