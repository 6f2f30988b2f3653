/*
 * aarch64 Limine entry (BOOT=limine; the ELF entry point of that build, arch.mk). Limine jumps
 * here at EL1t (SP_EL0 on its stack, in loader memory) with the MMU and caches on, on its own
 * tables: TTBR1 maps the image at its link address and the HHDM, TTBR0 is unspecified; MAIR
 * index 0 is normal write-back memory, as in the kernel's own MAIR. limine_move_image copies the
 * image to KERNEL_PHYS and fills the kernel's boot tables there (limine_a64.c); this makes the
 * copy visible to instruction fetch, loads entry.S's MAIR, TCR and SCTLR with those tables (the
 * same virtual addresses now reach the copy, byte for byte the code running), moves to SP_EL1 on
 * the boot stack and calls kmain(hhdm offset, LIMINE_ENTRY_MOVED). If the image cannot move,
 * kmain runs on Limine's tables with (reason, LIMINE_ENTRY_FAILED), the console's identity
 * mapping installed as TTBR0 by limine_arch_fallback (limine_a64.c).
 */
#include <limine_proto.h>
#include "boot_regs.h"

	.text
	.global limine_entry
limine_entry:
	msr	daifset, #0xf
	sub	sp, sp, #16
	mov	x0, sp
	bl	limine_move_image
	cbnz	x0, 3f
	ldr	x19, [sp]		/* hhdm: callee-saved, survives the switch */

	/* Clean the copy (written through the data cache at its direct-map address) to the point
	 * of unification, then drop every instruction cache line: the copy's physical addresses
	 * may have held other code before. */
	ldr	x1, =KERNEL_PHYS
	add	x1, x1, x19
	ldr	x2, =__kernel_end
	ldr	x3, =__kernel_start
	sub	x2, x2, x3
	add	x2, x2, x1
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2 of the line size in words */
	mov	x4, #4
	lsl	x4, x4, x3
	sub	x5, x4, #1
	bic	x1, x1, x5
1:	dc	cvau, x1
	add	x1, x1, x4
	cmp	x1, x2
	b.lo	1b
	dsb	ish
	ic	iallu
	dsb	ish
	isb

	/* MAIR index 0 is unchanged: Limine's mappings keep their meaning. */
	adrp	x3, limine_ttbr0
	ldr	x3, [x3, :lo12:limine_ttbr0]
	adrp	x4, limine_ttbr1
	ldr	x4, [x4, :lo12:limine_ttbr1]
	boot_mmu_enable

	msr	spsel, #1		/* EL1h, as after entry.S */
	boot_stack_and_vectors
	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	adrp	x2, boot_el
	str	x1, [x2, :lo12:boot_el]
	mov	x0, x19
	ldr	x1, =LIMINE_ENTRY_MOVED
	mov	x29, #0
	bl	kmain
	b	4f

3:	ldr	x1, =LIMINE_ENTRY_FAILED	/* x0: why it could not move */
	mov	x29, #0
	bl	kmain
4:	wfe
	b	4b
